"""Rate limits that several features apply, read from the configuration per request."""

from __future__ import annotations

from flask import current_app


def feedback_rate_limit() -> str:
    """How often one address may send a rating or a survey page (``FEEDBACK_RATE_LIMIT``)."""
    return current_app.config["FEEDBACK_RATE_LIMIT"]
