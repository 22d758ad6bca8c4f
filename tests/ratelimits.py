"""Rate limits switched on for one test, with a clock the test can move forward.

The same clock drives the lock-outs kept in the database (survey_app.core.lockouts).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from types import SimpleNamespace

import limits.storage.memory
import pytest
from flask import Flask

import survey_app.core.lockouts
from survey_app.extensions import limiter


class LimiterClock:
    """The time the in-memory rate-limit counters see; starts at now, moves on request."""

    def __init__(self, start: float) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def utcnow(self) -> datetime:
        """The same moment, as the lock-outs read it."""
        return datetime.fromtimestamp(self.now, UTC)

    def advance(self, seconds: float) -> None:
        """Let ``seconds`` pass for the counters, and for nothing else."""
        self.now += seconds


@contextmanager
def rate_limits_on(
    app: Flask, monkeypatch: pytest.MonkeyPatch, **limits_: str
) -> Iterator[LimiterClock]:
    """Turn rate limiting on with ``limits_`` (e.g. LOGIN_RATE_LIMIT="3 per minute")."""
    clock = LimiterClock(limits.storage.memory.time.time())
    monkeypatch.setattr(limits.storage.memory, "time", SimpleNamespace(time=clock))
    monkeypatch.setattr(survey_app.core.lockouts, "utcnow", clock.utcnow)
    app.config.update(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://", **limits_)
    limiter.init_app(app)
    try:
        yield clock
    finally:
        limiter.reset()
