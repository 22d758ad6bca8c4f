"""HàiLòng: citizen feedback, the SIPAS survey and complaint handling.

``create_app`` only assembles the application; migrating, seeding and anything slow
are ``flask`` commands (see ``survey_app.cli``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from survey_app.config import BaseConfig, config_for
from survey_app.extensions import babel, compress, csrf, db, limiter, login_manager, migrate

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(config: str | BaseConfig | None = None, **overrides: Any) -> Flask:
    """Build the application for ``config`` (a name or a config object).

    ``overrides`` win over the configuration; tests use them to point at their own
    database.
    """
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
    )
    chosen = config if isinstance(config, BaseConfig) else config_for(config)
    app.config.from_mapping(chosen.load(Path(app.instance_path)))
    app.config["CONFIG_NAME"] = chosen.NAME
    app.config.from_mapping(overrides)

    from survey_app import (  # noqa: PLC0415
        assets,
        database,
        errors,
        formatting,
        i18n,
        request_guard,
        security,
    )
    from survey_app.feedback import places  # noqa: PLC0415

    db.init_app(app)
    database.configure_engines(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"))
    csrf.init_app(app)
    compress.init_app(app)
    limiter.init_app(app)
    init_login(app)
    i18n.init_app(app, babel)
    security.init_app(app)
    assets.init_app(app)
    formatting.init_app(app)
    errors.init_app(app)
    request_guard.init_app(app)
    register_blueprints(app)
    places.init_app(app)
    register_cli(app)
    trust_proxies(app)
    return app


def trust_proxies(app: Flask) -> None:
    """Take the client's address and scheme from the ``TRUSTED_PROXIES`` proxies in front."""
    hops = int(app.config.get("TRUSTED_PROXIES") or 0)
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]


def init_login(app: Flask) -> None:
    """Staff sessions: loaded from the signed cookie, checked against the user's token."""
    from flask_babel import lazy_gettext  # noqa: PLC0415

    from survey_app.auth.service import load_user  # noqa: PLC0415

    login_manager.init_app(app)
    login_manager.login_view = "auth.log_in"
    login_manager.login_message = lazy_gettext("Xin đăng nhập để xem trang này.")
    login_manager.session_protection = "strong"
    login_manager.user_loader(lambda user_id: load_user(db.session, user_id))


def register_blueprints(app: Flask) -> None:
    """Attach every feature's blueprint."""
    from survey_app.admin import bp as admin_bp  # noqa: PLC0415
    from survey_app.auth import bp as auth_bp  # noqa: PLC0415
    from survey_app.complaints import bp as complaints_bp  # noqa: PLC0415
    from survey_app.feedback import bp as feedback_bp  # noqa: PLC0415
    from survey_app.main import bp as main_bp  # noqa: PLC0415
    from survey_app.manage import bp as manage_bp  # noqa: PLC0415
    from survey_app.public import bp as public_bp  # noqa: PLC0415
    from survey_app.staff import bp as staff_bp  # noqa: PLC0415
    from survey_app.survey import bp as survey_bp  # noqa: PLC0415

    app.register_blueprint(main_bp)
    # The feedback form checks its CSRF token itself, so that a failed check re-renders
    # the form with the citizen's answers instead of an error page that loses them.
    csrf.exempt(feedback_bp)
    app.register_blueprint(feedback_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(staff_bp, url_prefix="/staff")
    app.register_blueprint(admin_bp)
    app.register_blueprint(survey_bp, url_prefix="/khao-sat")
    app.register_blueprint(manage_bp, url_prefix="/quan-ly")
    app.register_blueprint(public_bp)
    app.register_blueprint(complaints_bp)


def register_cli(app: Flask) -> None:
    """Attach the ``flask`` command groups."""
    from survey_app.backup.cli import backup_command, restore_command  # noqa: PLC0415
    from survey_app.cli import digest_cli, seed_cli, users_cli  # noqa: PLC0415
    from survey_app.complaints.cli import complaints_cli  # noqa: PLC0415
    from survey_app.qr.cli import posters_cli, receipts_cli  # noqa: PLC0415

    for command in (seed_cli, users_cli, digest_cli, posters_cli, receipts_cli, complaints_cli):
        app.cli.add_command(command)
    from survey_app.survey.cli import (  # noqa: PLC0415
        communes_cli,
        report_cli,
        seed_survey_demo_command,
        survey_cli,
    )

    for command in (communes_cli, report_cli, survey_cli, backup_command, restore_command):
        app.cli.add_command(command)
    seed_cli.add_command(seed_survey_demo_command)
