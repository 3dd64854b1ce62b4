"""The suite's own shape: no test module imports another, nor a conftest.

What several modules share is a fixture in the nearest conftest.py, a builder in tests/factories.py, or a helper in
a module that is not a test (tests/helpers.py, tests/clock.py, tests/spreadsheet.py, …). Importing a test module
collects its tests a second time under another name and ties one area's tests to another's; importing a conftest
bypasses the fixtures pytest resolves per folder.
"""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def _imported(path: Path, tests: Path = TESTS) -> list[tuple[int, str]]:
    """Every module ``path`` imports (``from a import b`` counts a.b too: b may be a module), with its line."""
    package = ".".join(path.relative_to(tests.parent).parent.parts)
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            found.append((node.lineno, base))
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
    return found


def _is_test_or_conftest(module: str) -> bool:
    last = module.rsplit(".", 1)[-1]
    return module.startswith("tests.") and (last.startswith("test_") or last == "conftest")


def test_no_module_of_the_suite_imports_a_test_module_or_a_conftest():
    offences = [
        f"{path.relative_to(TESTS.parent)}:{line} imports {module}"
        for path in sorted(TESTS.rglob("*.py"))
        for line, module in _imported(path)
        if _is_test_or_conftest(module)
    ]
    assert not offences, "share through a conftest fixture, tests/factories.py or a helper module:\n" + "\n".join(
        offences
    )


def test_the_check_sees_every_way_of_importing_a_test_module(tmp_path):
    folder = tmp_path / "tests" / "area"
    folder.mkdir(parents=True)
    module = folder / "test_other.py"
    module.write_text(
        "import tests.area.test_one\n"
        "from tests.area import test_two\n"
        "from tests.area.test_three import world\n"
        "from .test_four import helper\n"
        "from . import conftest\n"
        "from tests.helpers import post_form\n",
        encoding="utf-8",
    )
    flagged = sorted({name for _, name in _imported(module, tmp_path / "tests") if _is_test_or_conftest(name)})
    assert flagged == [
        "tests.area.conftest",
        "tests.area.test_four",
        "tests.area.test_one",
        "tests.area.test_three",
        "tests.area.test_two",
    ]
