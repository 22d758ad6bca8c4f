"""Sending e-mail through the SMTP server the configuration names: the one SMTP sender.

The Monday digest (``manage/digest.py``) and the messages to citizens
(``complaints/notify.py``) both send through :class:`SmtpSender`.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any, Self

# What a failed send raises: the connection (OSError, timeouts included) or the server.
SEND_ERRORS = (OSError, smtplib.SMTPException)


class MailNotConfiguredError(RuntimeError):
    """MAIL_SERVER is not set: there is nowhere to send e-mail."""


@dataclass(frozen=True, slots=True)
class SmtpSender:
    """One SMTP server: STARTTLS only when ``use_tls``, login only when a username is set.

    STARTTLS checks the server's certificate and name against the system's authorities,
    or against ``ca_file`` (a province relay with its own certificate authority):
    ``smtplib``'s default would accept any certificate, and a password sent after it
    could go to whoever sits on the path. ``smtp_factory`` is what opens the connection
    (``smtplib.SMTP``; a fake in tests).
    """

    host: str
    port: int = 587
    username: str | None = None
    password: str | None = None
    use_tls: bool = True
    ca_file: str | None = None
    timeout: float = 15.0
    smtp_factory: Callable[..., smtplib.SMTP] = smtplib.SMTP

    @classmethod
    def from_config(cls, config: Mapping[str, Any], **fields: Any) -> Self:
        """The server ``MAIL_*`` names; ``fields`` set the rest (timeout, sender, ...)."""
        host = config.get("MAIL_SERVER")
        if not host:
            raise MailNotConfiguredError("set MAIL_SERVER (and MAIL_PORT, MAIL_USERNAME, ...)")
        return cls(
            host=host,
            port=int(config.get("MAIL_PORT", 587)),
            username=config.get("MAIL_USERNAME"),
            password=config.get("MAIL_PASSWORD"),
            use_tls=bool(config.get("MAIL_USE_TLS", True)),
            ca_file=config.get("MAIL_TLS_CA_FILE") or None,
            **fields,
        )

    def send(self, message: EmailMessage) -> None:
        """Send ``message``; raises one of ``SEND_ERRORS`` when it cannot."""
        with self.smtp_factory(self.host, self.port, timeout=self.timeout) as smtp:
            if self.use_tls:
                smtp.starttls(context=ssl.create_default_context(cafile=self.ca_file))
            if self.username:
                smtp.login(self.username, self.password or "")
            smtp.send_message(message)


def send_message(config: Mapping[str, Any], message: EmailMessage) -> None:
    """Send ``message`` through the configured server (MailNotConfiguredError without one)."""
    SmtpSender.from_config(config).send(message)
