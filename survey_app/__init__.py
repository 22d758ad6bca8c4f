"""HàiLòng: citizen feedback, the SIPAS survey and complaint handling.

``create_app`` only assembles the application; migrating, seeding and anything slow
are ``flask`` commands (see ``survey_app.cli``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask
from flask_babel import lazy_gettext
from werkzeug.middleware.proxy_fix import ProxyFix

from survey_app import (
    admin,
    api,
    auth,
    complaints,
    database,
    errors,
    feedback,
    i18n,
    legacy_urls,
    main,
    manage,
    navigation,
    public,
    reports,
    request_guard,
    security,
    staff,
    survey,
    tracker,
)
from survey_app.backup.cli import backup_command, restore_command
from survey_app.cli import digest_cli, seed_cli, users_cli
from survey_app.complaints.cli import complaints_cli
from survey_app.config import PROJECT_ROOT, BaseConfig, config_for
from survey_app.core import assets, formatting, web_forms
from survey_app.core.accounts import load_user
from survey_app.core.qr.cli import posters_cli, receipts_cli
from survey_app.core.responses import places
from survey_app.extensions import babel, compress, csrf, db, limiter, login_manager, migrate
from survey_app.survey.cli import communes_cli, report_cli, seed_survey_demo_command, survey_cli
from survey_app.tracker.cli import tracker_cli


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
    web_forms.init_app(app)
    errors.init_app(app)
    request_guard.init_app(app)
    legacy_urls.init_app(app)
    navigation.init_app(app)
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
    login_manager.init_app(app)
    login_manager.login_view = "auth.log_in"
    login_manager.login_message = lazy_gettext("Xin đăng nhập để xem trang này.")
    login_manager.session_protection = "strong"
    login_manager.user_loader(lambda user_id: load_user(db.session(), user_id))


def register_blueprints(app: Flask) -> None:
    """Attach every feature's blueprint."""
    app.register_blueprint(main.bp)
    # The feedback form checks its CSRF token itself, so that a failed check re-renders
    # the form with the citizen's answers instead of an error page that loses them.
    csrf.exempt(feedback.bp)
    app.register_blueprint(feedback.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(staff.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(survey.bp)
    app.register_blueprint(manage.bp)
    app.register_blueprint(public.bp)
    app.register_blueprint(complaints.bp)
    app.register_blueprint(tracker.bp)
    app.register_blueprint(reports.bp)
    # The API authenticates by key, never by cookie: nothing for CSRF to protect.
    csrf.exempt(api.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(api.keys_bp)


def register_cli(app: Flask) -> None:
    """Attach the ``flask`` command groups."""
    for command in (seed_cli, users_cli, digest_cli, posters_cli, receipts_cli, complaints_cli):
        app.cli.add_command(command)
    app.cli.add_command(tracker_cli)
    for single in (communes_cli, report_cli, survey_cli, backup_command, restore_command):
        app.cli.add_command(single)
    seed_cli.add_command(seed_survey_demo_command)
