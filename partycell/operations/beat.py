"""RedBeat, made to survive Redis: the scheduler behind ``CELERY_BEAT_SCHEDULER``.

RedBeat keeps the schedule and a lock in Redis so that exactly one beat sends jobs. Out of the box a
Redis error in a tick (a stall past the socket timeout, a restart) ends the beat process, and a
restarted Redis without persistence has lost the lock, so the next ``extend`` raises
``LockNotOwnedError`` and ends it too. This subclass, on every tick:

1. holds the lock: extends it, or, if it was lost (Redis restarted, or it expired during a stall),
   takes it again at once if it is free; if another beat took it meanwhile, this one stands by and
   asks again every ``max_interval`` seconds (the standby's loop);
2. reinstalls the static schedule (``app.conf.beat_schedule``) if Redis lost it;
3. sends what is due, exactly as RedBeat does;

and on a Redis connection error or time-out logs a warning and tries again ``RETRY_SECONDS`` later
instead of raising. A standby takes over at most ``lock_timeout + max_interval`` seconds after the
active beat dies (``CELERY_REDBEAT_LOCK_TIMEOUT`` 30 s + ``CELERY_BEAT_MAX_LOOP_INTERVAL`` 10 s).
"""

import logging
from typing import Any

import redis
from redbeat.schedulers import LUA_EXTEND_TO_SCRIPT, RedBeatScheduler, get_redis
from redis.exceptions import LockError

logger = logging.getLogger("celery.beat")

REDIS_DOWN = (redis.ConnectionError, redis.TimeoutError)


class ResilientRedBeatScheduler(RedBeatScheduler):
    RETRY_SECONDS = 2.0

    lock: Any = None  # redis.lock.Lock once held or asked for
    _installed = False

    def __init__(self, app: Any, *args: Any, **kwargs: Any) -> None:
        # Django's CELERY_REDBEAT_* settings reach app.conf under their namespaced names, which RedBeat's
        # "is it configured?" test does not see: it would then fall back to the broker's URL and drop
        # CELERY_REDBEAT_REDIS_OPTIONS (our socket timeout). Name them as RedBeat looks for them.
        for name in ("redbeat_redis_url", "redbeat_redis_options", "redbeat_lock_timeout"):
            value = app.conf.first(name)
            if value is not None:
                app.conf[name] = value
        super().__init__(app, *args, **kwargs)

    def setup_schedule(self) -> None:
        try:
            super().setup_schedule()
        except REDIS_DOWN as exc:
            logger.warning("beat: Redis unreachable at start (%s); the schedule is installed when it answers.", exc)
            self._installed = False
        else:
            self._installed = True

    def _new_lock(self) -> Any:
        client = get_redis(self.app)
        lock = client.lock(self.lock_key, timeout=self.lock_timeout, sleep=self.max_interval)
        lock.lua_extend = client.register_script(LUA_EXTEND_TO_SCRIPT)
        return lock

    def _hold_lock(self) -> bool:
        """True when this beat holds the lock for another ``lock_timeout`` seconds."""
        if not self.lock_key:
            return True
        if self.lock is None:  # Redis was down when beat started (beat_init's acquire failed)
            self.lock = self._new_lock()
        try:
            self.lock.extend(int(self.lock_timeout))
            return True
        except LockError:
            pass
        if self.lock.acquire(blocking=False):
            logger.warning("beat: Lock was lost (Redis restarted, or a stall outlived it); acquired it again.")
            return True
        logger.info("beat: Another beat holds the lock; standing by.")
        return False

    def tick(self, min: Any = min, **kwargs: Any) -> float:
        try:
            if not self._hold_lock():
                return float(self.max_interval)
            client = get_redis(self.app)
            if not self._installed or not client.exists(self.app.redbeat_conf.statics_key):
                logger.warning("beat: Schedule missing from Redis; installing it again.")
                super().setup_schedule()
                self._installed = True
            remaining_times = []
            try:
                for entry in self.schedule.values():
                    next_time_to_run = self.maybe_due(entry, **self._maybe_due_kwargs)
                    if next_time_to_run:
                        remaining_times.append(next_time_to_run)
            except RuntimeError:
                logger.debug("beat: RuntimeError", exc_info=True)
            return min([*remaining_times, self.max_interval])
        except REDIS_DOWN as exc:
            logger.warning("beat: Redis unreachable (%s); trying again in %s s.", exc, self.RETRY_SECONDS)
            return self.RETRY_SECONDS

    def close(self) -> None:
        try:
            super().close()
        except REDIS_DOWN:  # shutting down while Redis is away: the lock simply expires
            self.lock = None
