"""The README's configuration table names exactly the environment variables the code reads.

The variables are found in the code itself (``tests/environment.py``), so a new setting that is not documented, or a
documented one that nothing reads, fails here.
"""

from __future__ import annotations

import re

from tests.environment import ROOT, variables_read


def variables_documented() -> set[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([A-Z][A-Z0-9_]+)` \|", section, re.M))


def test_the_readme_lists_every_variable_the_code_reads_and_no_other():
    read, documented = variables_read(), variables_documented()
    assert {"DATABASE_URL", "OMTANKE_INSTANCE_PATH", "OMTANKE_BIND", "WEB_CONCURRENCY"} <= read  # the scan works
    assert read - documented == set(), "read by the code but missing from README's configuration table"
    assert documented - read == set(), "in README's configuration table but read by no code"
