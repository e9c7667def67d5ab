"""Signing in safely: the client's address behind proxies, lockout, throttles that survive a Redis
outage, the second factor, session lifetimes, expiring API tokens and the security headers.

See docs/security.md.
"""
