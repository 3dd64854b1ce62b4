"""The environment variables Omtanke reads, found in its code.

Every ``os.environ.get``/``os.getenv``/``os.environ[...]`` in the four packages and every helper in
``survey_app/config.py`` that reads a variable by name. The suite clears these before it builds an app (a developer's
``OMTANKE_DEMO_PASSWORD`` must not change a test's outcome), and ``tests/test_configuration.py`` compares them with
the README's configuration table.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("survey_app", "interventions", "nlp", "exports")


def _is_environ(node: ast.AST) -> bool:
    """``os.environ`` (not a WSGI request's ``environ``)."""
    return isinstance(node, ast.Attribute) and node.attr == "environ" and getattr(node.value, "id", "") == "os"


def _readers(config: ast.Module) -> set[str]:
    """Helpers in config.py that read the variable whose name is their first parameter (``_flag(name, ...)``)."""
    found = set()
    for node in config.body:
        if isinstance(node, ast.FunctionDef) and node.args.args and node.args.args[0].arg == "name":
            if any(isinstance(child, ast.Name) and child.id == "name" for child in ast.walk(node)):
                found.add(node.name)
    return found


def variables_read() -> set[str]:
    config = ast.parse((ROOT / "survey_app" / "config.py").read_text(encoding="utf-8"))
    readers = _readers(config)
    names: set[str] = set()
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                argument = None
                if isinstance(node, ast.Call) and node.args:
                    func = node.func
                    by_environ = isinstance(func, ast.Attribute) and (
                        (func.attr in {"get", "setdefault", "pop"} and _is_environ(func.value))
                        or (func.attr == "getenv" and getattr(func.value, "id", "") == "os")
                    )
                    by_helper = isinstance(func, ast.Name) and func.id in readers and path.name == "config.py"
                    if by_environ or by_helper:
                        argument = node.args[0]
                elif isinstance(node, ast.Subscript) and _is_environ(node.value):
                    argument = node.slice
                if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                    names.add(argument.value)
    return names
