"""Mutation testing of the rule-bearing core with mutmut 3: ``make mutants`` (``python -m tests.mutation``).

The configuration is the ``[tool.mutmut]`` section of pyproject.toml; docs/testing.md explains the
run, the scores and every surviving mutant. Not part of the suite and never run in CI.
"""
