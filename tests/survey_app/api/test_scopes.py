"""Token scopes: chosen when a token is made (``omtanke api-token create --scope``), shown in the token list, and
declared per operation in the OpenAPI document exactly as the routes enforce them."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from survey_app.api.commands import api_token_cli
from survey_app.api.openapi import OPENAPI
from survey_app.api.scopes import SCOPES, UnknownScopeError, normalised
from survey_app.db import db
from survey_app.models import ApiToken


def _cli(app, *arguments: str):
    return app.test_cli_runner().invoke(api_token_cli, list(arguments))


def test_a_token_is_made_with_the_scopes_asked_for_and_the_list_shows_them(app, world):
    made = _cli(app, "create", "--user", "hr@example.org", "--name", "HR system", "--scope", "sick-reports:write",
                "--scope", "read")  # fmt: skip
    assert made.exit_code == 0 and made.output.startswith("omt_")
    reader = _cli(app, "create", "--user", "chef@example.org", "--name", "BI")
    assert reader.exit_code == 0
    listed = _cli(app, "list")
    assert listed.exit_code == 0
    lines = {line.split("\t")[1]: line.split("\t") for line in listed.output.splitlines()}
    assert lines["HR system"][2:4] == ["hr@example.org", "read sick-reports:write"]
    assert lines["BI"][2:4] == ["chef@example.org", "read"]  # read is the default
    assert made.output.strip() not in listed.output  # the token itself is shown once, never listed


def test_an_unknown_scope_is_refused_and_no_token_made(app, world):
    result = _cli(app, "create", "--user", "hr@example.org", "--scope", "write")
    assert result.exit_code != 0 and "Unknown scope: write" in result.output and "sick-reports:write" in result.output
    assert db.session.scalar(select(ApiToken)) is None


def test_a_revoked_token_is_listed_as_revoked(app, world, api_token):
    api_token("hr@example.org")
    token_id = db.session.scalar(select(ApiToken.id))
    assert _cli(app, "revoke", str(token_id)).exit_code == 0
    assert _cli(app, "list").output.rstrip().endswith("revoked")


def test_scopes_are_stored_once_each_in_a_fixed_order():
    assert normalised(["sick-reports:write", "read", "read"]) == "read sick-reports:write"
    assert normalised([]) == "read"
    with pytest.raises(UnknownScopeError):
        normalised(["admin"])


def test_the_document_declares_each_operations_scope_as_the_route_enforces_it(app):
    scheme = OPENAPI["components"]["securitySchemes"]["bearer"]
    assert scheme["x-scopes"] == SCOPES and all(name in scheme["description"] for name in SCOPES)
    declared = {
        (method.upper(), path): tuple(operation["security"][0]["bearer"])
        for path, operations in OPENAPI["paths"].items()
        for method, operation in operations.items()
    }
    enforced = {}
    for rule in app.url_map.iter_rules():
        scope = getattr(app.view_functions[rule.endpoint], "omtanke_scope", None)
        if rule.endpoint.startswith("api.") and scope is not None:
            path = rule.rule.removeprefix("/api/v1").replace("<int:round_id>", "{round_id}")
            enforced.update({(method, path): (scope,) for method in rule.methods - {"HEAD", "OPTIONS"}})
    assert declared == enforced
    body = OPENAPI["paths"]["/sick-reports"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert OPENAPI["components"]["schemas"][body["$ref"].rsplit("/", 1)[1]]["additionalProperties"] is False
