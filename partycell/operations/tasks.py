"""Celery tasks of operations: thin, one service call each. Scheduled in ``partycell/celery.py``."""

from celery import shared_task

from partycell.operations.health import heartbeat_record


@shared_task(name="operations.heartbeat", soft_time_limit=30, time_limit=60, acks_late=True, ignore_result=True)
def task_heartbeat() -> None:
    """Record that beat sent this and a worker ran it: ``/healthz`` reports its age."""
    heartbeat_record()
