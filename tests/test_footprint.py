"""Every app process and ``omtanke`` command starts without the libraries only some work needs (issue 25).

scikit-learn, scipy, pandas and spaCy with the language tables, Redis' client, the password word lists and the
holiday calendars together took an app process from about 140 MB to 330 MB before it answered anything: memory
each worker held. They are loaded when the work that needs them first runs. Checked in a fresh interpreter, since
this one has loaded everything the other tests used.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: Loaded only by the work that needs them: themes, language detection, lemmas, a password being chosen, a job
#: handed to Redis, a due date moved past a holiday.
LAZY = (
    "sklearn", "scipy", "pandas", "spacy", "thinc", "lingua", "simplemma", "nlp.themes", "nlp.clustering",
    "nlp.language", "nlp.lemmas", "zxcvbn", "redis", "rq", "holidays",
)  # fmt: skip


def _fresh(code: str, tmp_path: Path) -> dict:
    """Run ``code`` in a fresh interpreter (instance folder in ``tmp_path``); the JSON it prints last."""
    env = {**os.environ, "OMTANKE_INSTANCE_PATH": str(tmp_path), "PYTHONPATH": str(ROOT)}
    env.pop("REDIS_URL", None)
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_an_app_process_starts_without_the_libraries_of_themes_passwords_and_queues(tmp_path):
    loaded = _fresh(
        "import json, sys\n"
        "from survey_app import create_app\n"
        "create_app()\n"
        f"print(json.dumps([name for name in {LAZY!r} if name in sys.modules]))\n",
        tmp_path,
    )
    assert loaded == []


def test_omtanke_help_starts_without_them_too(tmp_path):
    loaded = _fresh(
        "import contextlib, io, json, sys\n"
        "from survey_app.cli import main\n"
        "sys.argv = ['omtanke', '--help']\n"
        "with contextlib.redirect_stdout(io.StringIO()) as shown, contextlib.suppress(SystemExit):\n"
        "    main()\n"
        "assert 'themes' in shown.getvalue()\n"
        f"print(json.dumps([name for name in {LAZY!r} if name in sys.modules]))\n",
        tmp_path,
    )
    assert loaded == []


def test_an_unknown_email_costs_the_same_password_work_from_the_first_login(tmp_path):
    """The dummy hash is written out (not hashed at import) at the production hasher's cost: the first unknown
    e-mail of a process costs what a known one costs, with no hash to compute first."""
    checked = _fresh(
        "import json\n"
        "from survey_app.auth import services\n"
        "written = services._DUMMY_HASH\n"
        "print(json.dumps({'same_cost': not services._hasher.check_needs_rehash(written),\n"
        "                  'matches': services.hash_matches(written, 'omtanke-dummy-password'),\n"
        "                  'kept': services._dummy_hash() == written}))\n",
        tmp_path,
    )
    assert checked == {"same_cost": True, "matches": True, "kept": True}
