"""``omtanke themes``: cluster a file of answers into themes, from the command line."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import click
from flask_babel import gettext

from interventions.areas import AREAS
from nlp.io import InputError, read_inputs, result_json
from survey_app.themes.services import find_themes  # imports nlp.themes (scikit-learn, spaCy) on first use

PROGRESS_FROM = 1000  # show a progress bar from this many answers


@click.command("themes", help="Group free-text answers into themes (JSON Lines or one answer per line in, JSON out).")
@click.option(
    "--input",
    "input_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    required=True,
    help="JSON Lines with id and text (optional lang), or plain text with one answer per line.",
)
@click.option(
    "--output",
    "output_path",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Where to write the JSON result.",
)
@click.option(
    "--k",
    type=click.IntRange(min=1),
    default=None,
    help="Number of themes, at most the number of answers (default: chosen automatically).",
)
@click.option(
    "--lang",
    type=click.Choice(["sv", "fi", "en"]),
    default=None,
    help="Treat every text as this language (default: detected per text).",
)
@click.option(
    "--seed", type=int, default=0, show_default=True, help="Random seed; the same seed gives the same themes."
)
def themes_command(input_path: Path, output_path: Path, k: int | None, lang: str | None, seed: int) -> None:
    """Group a file's answers into themes and write them as JSON; a progress bar from PROGRESS_FROM answers."""
    try:
        lines = input_path.read_text(encoding="utf-8-sig").splitlines()
    except UnicodeDecodeError as error:
        raise click.ClickException(f"{input_path} is not UTF-8 text (byte {error.start}).") from error
    try:
        inputs = read_inputs(lines)
    except InputError as error:
        raise click.ClickException(gettext(error.message, **error.params)) from error
    if k is not None and k > len(inputs):
        raise click.ClickException(
            gettext("--k is %(k)d but the file holds only %(count)d answers.", k=k, count=len(inputs))
        )
    if len(inputs) >= PROGRESS_FROM:
        with click.progressbar(length=100, label="Finding themes", file=sys.stderr) as bar:
            done = [0]

            def progress(_stage: str, share: float) -> None:
                step = int(share * 100) - done[0]
                if step > 0:
                    bar.update(step)
                    done[0] += step

            result = find_themes(inputs, k=k, lang=lang, seed=seed, progress=progress, areas=AREAS)
    else:
        result = find_themes(inputs, k=k, lang=lang, seed=seed, areas=AREAS)
    _write_atomically(output_path, result_json(result))
    other = sum(theme.size for theme in result.themes if theme.id < 0)
    click.echo(
        f"{len(inputs)} answers, {len(result.themes) - (1 if other else 0)} themes, {other} in 'other'; "
        f"written to {output_path}.",
        err=True,
    )


def _write_atomically(path: Path, text: str) -> None:
    """Write next to the target and rename, so a crash never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".themes-", suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text + "\n")
    os.replace(temporary, path)
