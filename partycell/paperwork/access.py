"""The personal-data access log, as paperwork calls it: one line per download (issue 13's log)."""

from partycell.privacy.access import log_access

__all__ = ["log_access"]
