"""Reads of the targets app. ``achievement.unit_achievements`` is the one source of achievement figures."""
