"""PartyCell: the member-development procedure of the Communist Party of Vietnam, end to end."""

from partycell.celery import app as celery_app

__all__ = ["celery_app"]
