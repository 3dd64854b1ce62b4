"""``omtanke purge`` (nightly, from cron), ``omtanke privacy``: one employee id's data, shown or erased, and
``omtanke names``: the organisation's names redaction catches, imported or cleared (only keyed hashes are kept).

The command line is trusted like an administrator at the server: it acts as the system (audit entries say
"system"), never as a person.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

import click
from flask import current_app
from flask_babel import force_locale

from survey_app import clock
from survey_app.db import utcnow
from survey_app.errors import DomainError
from survey_app.importing import ImportRejectedError, exit_rejected
from survey_app.privacy import known_names, person_subject, services, subjects, workbooks


@click.command("purge", help="Delete personal data past its retention, then seal stored responses (run nightly).")
@click.option("--dry-run", is_flag=True, help="Only count what would be deleted.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def purge_command(dry_run: bool, as_json: bool) -> None:
    """Purge what is past its retention and seal stored responses (``--dry-run`` only counts); a failure exits 1."""
    today, now = clock.today(), utcnow()  # the organisation's day for retention; the hour for uploaded files
    report = services.purge(None, today, now, dry_run=dry_run)
    if as_json:
        data = {"dry_run": report.dry_run, "day": today.isoformat(), "counts": report.counts,
                "failed": report.failed, "sealed": report.sealed}  # fmt: skip
        json.dump(data, sys.stdout, indent=2)
        click.echo()
    else:
        verb = "would delete" if dry_run else "deleted"
        for name, count in report.counts.items():
            click.echo(f"{name}: {verb} {count}")
        if not dry_run:
            click.echo(f"responses sealed: {report.sealed}")
    if report.failed:
        click.echo(f"Failed, nothing of it deleted: {', '.join(report.failed)} (see the log).", err=True)
        sys.exit(1)


@click.group("privacy", help="One pseudonymous employee id as a data subject: show everything held, or erase it.")
def privacy_cli() -> None:
    """One employee id as a data subject on the command line: ``omtanke privacy``."""
    pass


@privacy_cli.command("subject")
@click.argument("employee_id")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help="Also write it to FILE.xlsx.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def subject_command(employee_id: str, output: Path | None, as_json: bool) -> None:
    """Everything held about EMPLOYEE_ID: the register entry, absence spells, signal talks, sick reports, tasks done,
    talks, meetings and plans with their steps, and audit entries (the read is logged)."""
    try:
        found = person_subject.person_access(None, employee_id, "cli")
    except DomainError as error:
        raise click.ClickException(str(error.message)) from None
    absence = found.absence
    if output is not None:
        with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]), output.open("wb") as target:
            workbooks.write_person(found, target, clock.today())
    if as_json:
        data = {
            "employee_id": found.employee_id,
            "register": _plain(asdict(found.register)) if found.register else None,
            "spells": [_plain(spell.__dict__) for spell in absence.spells],
            "signal_talks": [_plain(talk.__dict__) for talk in absence.talks],
            "sick_reports": [_plain(asdict(report)) for report in found.reports],
            "tasks": [_plain(asdict(task)) for task in found.tasks],
            "cases": [_plain(asdict(case)) for case in found.cases],
            "audit": [_plain(entry.__dict__) for entry in absence.audit],
        }
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        click.echo()
        return
    if found.register is not None:
        click.echo(f"name   {found.register.name}  {found.register.unit_code}")
    for spell in absence.spells:
        click.echo(f"spell  {spell.unit_code}  {spell.first_day}–{spell.last_day or ''}  {spell.extent} %")
    for talk in absence.talks:
        click.echo(f"talk   {talk.rule}  {talk.held_on}")
    for report in found.reports:
        click.echo(f"report {report.unit_code}  {report.first_day}  {report.extent} %  {report.source}")
    for task in found.tasks:
        click.echo(f"task   {task.kind}  {task.anchor}  done {task.done_on}  {task.outcome}")
    for case in found.cases:
        closed = f"  closed {case.closed_on}" if case.closed_on else ""
        click.echo(f"case   {case.kind}  {case.unit_code}  {len(case.steps)} steps{closed}")
    for entry in absence.audit:
        click.echo(f"audit  {entry.at:%Y-%m-%d %H:%M}  {entry.actor}  {entry.action}")
    if output is not None:
        click.echo(f"Wrote {output}.")


def _plain(values: dict):
    """Dates and times as ISO text, through nested lists and dictionaries (a case's participants and steps)."""
    if isinstance(values, dict):
        return {key: _plain(value) for key, value in values.items()}
    if isinstance(values, list):
        return [_plain(value) for value in values]
    return values.isoformat() if hasattr(values, "isoformat") else values


@privacy_cli.command("erase")
@click.argument("employee_id")
@click.option("--yes", is_flag=True, help="Confirm: the erasure cannot be undone.")
def erase_command(employee_id: str, yes: bool) -> None:
    """Delete every absence spell, signal talk and record of the person track of EMPLOYEE_ID; the audit log keeps a
    keyed hash of it only."""
    if not yes:
        raise click.UsageError("Erasure cannot be undone: add --yes to confirm.")
    try:
        done = subjects.erase_subject(None, employee_id, employee_id)
    except DomainError as error:
        raise click.ClickException(str(error.message)) from None
    click.echo(f"Erased {done.spells} spells and {done.talks} signal talks, and {done.track} records of the person "
               f"track; {done.audit_entries} audit entries now name the id only as {done.label}.")  # fmt: skip


@click.group("names", help="Staff and manager names that redaction removes from free text (kept as keyed hashes only).")
def names_cli() -> None:
    """The organisation's names for redaction on the command line: ``omtanke names``."""
    pass


@names_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Only check the file and say what importing would replace.")
def import_names_command(file: Path, dry_run: bool) -> None:
    """Replace the stored names with those in FILE (CSV or XLSX: one column of full names, or first name and
    surname); a file with any bad row imports nothing and lists its rows."""
    data = file.read_bytes()
    if len(data) > known_names.NAMES_FILE_MAX_BYTES:
        raise click.ClickException(f"{file} is larger than {known_names.NAMES_FILE_MAX_BYTES // 2**20} MB.")
    held = known_names.held_list().people
    try:
        if dry_run:
            people = known_names.check_names(data, file.name, known_names.names_key()).people
        else:
            held, people = known_names.import_names(None, data, file.name)
    except ImportRejectedError as error:
        exit_rejected(error)
    verb = "would replace" if dry_run else "replaced"
    click.echo(f"{verb} the names of {held} people with the names of {people} people.")


@names_cli.command("clear")
@click.option("--yes", is_flag=True, help="Confirm: free text is then redacted without the organisation's names.")
def clear_names_command(yes: bool) -> None:
    """Delete every stored name hash."""
    if not yes:
        raise click.UsageError("This removes every stored name: add --yes to confirm.")
    click.echo(f"Removed the names of {known_names.clear_names(None)} people.")
