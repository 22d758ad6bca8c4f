"""Sending e-mail through the SMTP server the configuration names."""

from __future__ import annotations

import smtplib
from collections.abc import Mapping
from email.message import EmailMessage
from typing import Any


class MailNotConfiguredError(RuntimeError):
    """MAIL_SERVER is not set: there is nowhere to send e-mail."""


def send_message(config: Mapping[str, Any], message: EmailMessage) -> None:
    """Send ``message`` with STARTTLS and login when the configuration asks for them."""
    host = config.get("MAIL_SERVER")
    if not host:
        raise MailNotConfiguredError("set MAIL_SERVER (and MAIL_PORT, MAIL_USERNAME, ...)")
    with smtplib.SMTP(host, int(config.get("MAIL_PORT", 587)), timeout=15) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
        smtp.send_message(message)
