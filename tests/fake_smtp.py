"""A stand-in for ``smtplib.SMTP``: pass an instance as ``smtp_factory``; it records the calls."""

from __future__ import annotations

from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any


@dataclass
class FakeSmtp:
    """Each connection, STARTTLS, login, message and quit, in order, in ``calls``."""

    calls: list[tuple[Any, ...]] = field(default_factory=list)

    def __call__(self, host: str, port: int, timeout: float) -> FakeSmtp:
        self.calls.append(("connect", host, port, timeout))
        return self

    def __enter__(self) -> FakeSmtp:
        return self

    def __exit__(self, *args: object) -> None:
        self.calls.append(("quit",))

    def starttls(self, context: object = None) -> None:
        self.calls.append(("starttls",))
        self.context = context

    def login(self, user: str, password: str) -> None:
        self.calls.append(("login", user, password))

    def send_message(self, message: EmailMessage) -> None:
        self.calls.append(("send", message["To"], message["Subject"], message.get_content()))
