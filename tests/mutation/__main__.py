"""Run mutmut over the modules named in ``[tool.mutmut]`` and print a score per module.

    python -m tests.mutation              # fresh run: delete mutants/, mutate, test, report
    python -m tests.mutation --resume     # keep mutmut's cache: test only new or changed mutants
    python -m tests.mutation --report     # no run: report the last results
    python -m tests.mutation --diffs      # ... and print the diff of every surviving mutant

mutmut copies ``source_paths`` to mutants/, rewrites the functions of the ``only_mutate`` files
into trampolines and runs, for each mutant, only the tests (from the focused selection in
``pytest_add_cli_args_test_selection``) that called the mutated function. The exit status is 0
whatever survives: the score is information for a reviewer, not a gate.
"""

from __future__ import annotations

import argparse
import collections
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MUTMUT = [sys.executable, "-m", "mutmut"]


def mutmut(*args: str, capture: bool = False) -> subprocess.CompletedProcess:
    """mutmut from this interpreter, in the repository root (fixed arguments: no shell, no user input)."""
    return subprocess.run([*MUTMUT, *args], cwd=ROOT, capture_output=capture, text=True, check=False)  # noqa: S603


def configured_files() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["mutmut"]
    return list(config["only_mutate"])


def module_of(mutant: str) -> str:
    """``workflows.rules.x_vote_passes__mutmut_3`` -> ``workflows/rules.py``."""
    dotted = mutant.split("__mutmut_")[0].rsplit(".", 1)[0]
    # Methods are named module.xǁClassǁmethod: the module is what precedes the first "xǁ" part.
    dotted = dotted.split(".xǁ")[0]
    return dotted.replace(".", "/") + ".py"


def results() -> dict[str, str]:
    """Mutant name -> status, from ``mutmut results --all true``."""
    output = mutmut("results", "--all", "true", capture=True).stdout
    statuses = {}
    for line in output.splitlines():
        name, sep, status = line.strip().rpartition(": ")
        if sep and "__mutmut_" in name:
            statuses[name] = status.strip()
    return statuses


def report(statuses: dict[str, str], *, diffs: bool) -> None:
    by_module: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    survivors: dict[str, list[str]] = collections.defaultdict(list)
    for name, status in sorted(statuses.items()):
        module = module_of(name)
        by_module[module][status] += 1
        if status not in {"killed", "timeout"}:
            survivors[module].append(f"{name}: {status}")
    print()
    print("Score: killed or timed out (a mutant that hangs the tests is caught too) over all mutants.")
    print(f"{'module':34} {'mutants':>7} {'killed':>7} {'timeout':>7} {'survived':>8} {'no tests':>8} {'score':>6}")
    for path in configured_files():
        counts = by_module.get(path)
        if not (ROOT / path).exists():
            print(f"{path:34} (not present: nothing to mutate yet)")
            continue
        if not counts:
            print(f"{path:34} (no results)")
            continue
        total = sum(counts.values())
        caught = counts["killed"] + counts["timeout"]
        print(f"{path:34} {total:7} {counts['killed']:7} {counts['timeout']:7} {counts['survived']:8} "
              f"{counts['no tests']:8} {caught / total * 100:5.1f}%")  # fmt: skip
    for path, names in survivors.items():
        print(f"\nNot killed in {path}:")
        for line in names:
            print(f"  {line}")
            if diffs:
                name = line.split(": ")[0]
                shown = mutmut("show", name, capture=True).stdout
                print("\n".join(f"      {row}" for row in shown.splitlines()[1:]))


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.mutation", description=__doc__.split("\n")[0])
    parser.add_argument("--resume", action="store_true", help="keep mutants/ and mutmut's cached results")
    parser.add_argument("--report", action="store_true", help="only report the last run")
    parser.add_argument("--diffs", action="store_true", help="print the diff of each mutant not killed")
    parser.add_argument("--max-children", type=int, default=None, help="parallel workers (default: CPU count)")
    parser.add_argument("mutants", nargs="*", help="mutmut names or globs to (re)run, e.g. 'workflows.rules.*'")
    args = parser.parse_args()

    if not args.report:
        if not (args.resume or args.mutants):
            shutil.rmtree(ROOT / "mutants", ignore_errors=True)
        workers = ["--max-children", str(args.max_children)] if args.max_children else []
        started = time.monotonic()
        run = mutmut("run", *workers, *args.mutants)
        print(f"\nmutmut finished in {time.monotonic() - started:.0f} s (exit {run.returncode})")
        if run.returncode != 0:
            return run.returncode
    report(results(), diffs=args.diffs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
