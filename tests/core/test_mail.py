"""The one SMTP sender (``survey_app.core.mail``), as the configuration sets it up."""

from __future__ import annotations

from email.message import EmailMessage

import pytest

from survey_app.complaints.notify import SmtpEmailBackend, backends_from_config
from survey_app.core.mail import MailNotConfiguredError, SmtpSender
from tests.fake_smtp import FakeSmtp

CONFIG = {
    "MAIL_SERVER": "smtp.example.vn",
    "MAIL_PORT": "2525",
    "MAIL_USERNAME": "hailong",
    "MAIL_PASSWORD": "mật-khẩu",
    "MAIL_SENDER": "hailong@example.vn",
    "OUTBOUND_TIMEOUT_SECONDS": 4,
}


def _message() -> EmailMessage:
    message = EmailMessage()
    message["To"] = "quanly@example.vn"
    message["Subject"] = "Tuần qua"
    message.set_content("Nội dung")
    return message


@pytest.mark.parametrize(("use_tls", "starttls"), [(True, [("starttls",)]), (False, [])])
def test_starttls_only_when_mail_use_tls_is_true(use_tls: bool, starttls: list[tuple[str]]) -> None:
    smtp = FakeSmtp()
    sender = SmtpSender.from_config({**CONFIG, "MAIL_USE_TLS": use_tls}, smtp_factory=smtp)
    sender.send(_message())
    assert smtp.calls[0] == ("connect", "smtp.example.vn", 2525, 15.0)
    assert smtp.calls[1:-2] == [*starttls, ("login", "hailong", "mật-khẩu")]
    assert smtp.calls[-2][:3] == ("send", "quanly@example.vn", "Tuần qua")


def test_login_only_with_a_username() -> None:
    smtp = FakeSmtp()
    sender = SmtpSender("smtp.example.vn", use_tls=False, smtp_factory=smtp)  # type: ignore[arg-type]
    sender.send(_message())
    assert [call[0] for call in smtp.calls] == ["connect", "send", "quit"]


def test_without_mail_server_there_is_no_sender() -> None:
    with pytest.raises(MailNotConfiguredError):
        SmtpSender.from_config({**CONFIG, "MAIL_SERVER": None})


def test_the_citizens_backend_is_the_same_sender_with_the_outbound_timeout() -> None:
    email = backends_from_config({**CONFIG, "MAIL_USE_TLS": False}).email
    assert isinstance(email, SmtpEmailBackend)
    assert (email.host, email.port, email.use_tls, email.timeout) == (
        "smtp.example.vn",
        2525,
        False,
        4.0,
    )
    assert email.sender == "hailong@example.vn"
