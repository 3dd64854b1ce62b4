"""Omtanke's web application: the factory is the table of contents."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

from survey_app.config import build_config

MIGRATIONS = Path(__file__).parent / "migrations"


def create_app(test_config: dict | None = None) -> Flask:
    """The Omtanke app: settings from the environment and instance folder (``test_config`` last), then every
    extension, area and command."""
    instance = os.environ.get("OMTANKE_INSTANCE_PATH")
    app = Flask(__name__, instance_path=str(Path(instance).resolve()) if instance else None)
    app.config.update(build_config(Path(app.instance_path)))
    app.config.update(test_config or {})
    app.jinja_env.trim_blocks = app.jinja_env.lstrip_blocks = True  # lighter pages for phones on slow networks
    _init_extensions(app)
    _register_areas(app)
    _register_commands(app)
    return app


def _init_extensions(app: Flask) -> None:
    from survey_app.auth.login import init_login
    from survey_app.cache import init_cache
    from survey_app.db import db, init_db
    from survey_app.errors import register_error_handlers
    from survey_app.extensions import babel, csrf, limiter, login_manager, migrate
    from survey_app.i18n import init_i18n
    from survey_app.input import init_input
    from survey_app.logs import init_logging
    from survey_app.org.trees import init_trees
    from survey_app.security import init_security

    init_logging(app)
    init_input(app)
    init_db(app)
    init_trees()  # a closed round keeps the unit tree it closed with
    migrate.init_app(app, db, directory=str(MIGRATIONS), render_as_batch=True, compare_type=True)
    init_login(app, login_manager)
    csrf.init_app(app)
    init_i18n(app, babel)
    limiter.init_app(app)
    register_error_handlers(app)
    init_security(app)
    init_cache(app)


def _register_areas(app: Flask) -> None:
    from survey_app.absence.views import bp as absence_bp
    from survey_app.admin.views import bp as admin_bp
    from survey_app.api.views import bp as api_bp
    from survey_app.auth.views import bp as auth_bp
    from survey_app.exporting.views import bp as exporting_bp
    from survey_app.home.views import bp as home_bp
    from survey_app.indicators.views import bp as indicators_bp
    from survey_app.interviews.views import bp as interviews_bp
    from survey_app.jobs.views import bp as jobs_bp
    from survey_app.mail.views import bp as mail_bp
    from survey_app.ops.views import bp as ops_bp
    from survey_app.org.views import bp as org_bp
    from survey_app.person.views import bp as person_bp
    from survey_app.plans.views import bp as plans_bp
    from survey_app.privacy.views import bp as privacy_bp
    from survey_app.respond.short_address import bp as short_bp
    from survey_app.respond.views import bp as respond_bp
    from survey_app.results.views import bp as results_bp
    from survey_app.support.views import bp as support_bp
    from survey_app.surveys.content import register_template_helpers
    from survey_app.surveys.posters import bp as posters_bp
    from survey_app.surveys.views import bp as surveys_bp

    for blueprint in (
        home_bp,
        auth_bp,
        org_bp,
        surveys_bp,
        posters_bp,
        respond_bp,
        short_bp,
        results_bp,
        interviews_bp,
        plans_bp,
        support_bp,
        indicators_bp,
        absence_bp,
        privacy_bp,
        admin_bp,
        api_bp,
        ops_bp,
        jobs_bp,
        exporting_bp,
        mail_bp,
        person_bp,
    ):
        app.register_blueprint(blueprint)
    register_template_helpers(app)


def _register_commands(app: Flask) -> None:
    from survey_app.absence.commands import absence_cli
    from survey_app.admin.commands import units_cli, users_cli
    from survey_app.api.commands import api_token_cli
    from survey_app.demo.commands import demo_command
    from survey_app.exporting.commands import export_command
    from survey_app.interviews.commands import interviews_cli
    from survey_app.jobs.commands import jobs_cli, worker_command
    from survey_app.notify.commands import notify_cli
    from survey_app.ops.commands import backup_command, fingerprint_command, restore_command
    from survey_app.ops.serve import serve_command
    from survey_app.plans.commands import plans_cli
    from survey_app.privacy.commands import names_cli, privacy_cli, purge_command
    from survey_app.results.commands import warm_results_command
    from survey_app.surveys.commands import rounds_cli
    from survey_app.themes.commands import themes_command
    from survey_app.themes.redact_command import redact_command

    app.cli.add_command(users_cli)
    app.cli.add_command(units_cli)
    app.cli.add_command(rounds_cli)
    rounds_cli.add_command(warm_results_command)  # results' own, where the operators' cron calls it
    app.cli.add_command(interviews_cli)
    app.cli.add_command(plans_cli)
    app.cli.add_command(absence_cli)
    app.cli.add_command(privacy_cli)
    app.cli.add_command(names_cli)
    app.cli.add_command(purge_command)
    app.cli.add_command(themes_command)
    app.cli.add_command(redact_command)
    app.cli.add_command(api_token_cli)
    app.cli.add_command(demo_command)
    app.cli.add_command(export_command)
    app.cli.add_command(jobs_cli)
    app.cli.add_command(worker_command)
    app.cli.add_command(notify_cli)
    for command in (backup_command, restore_command, fingerprint_command, serve_command):
        app.cli.add_command(command)
