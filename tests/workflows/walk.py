"""Kept for modules that still import the walk from here: it lives in tests/walk.py, shared with the API tests."""

from tests.walk import D, perform, to_introduced, vote

__all__ = ["D", "perform", "to_introduced", "vote"]
