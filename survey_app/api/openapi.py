"""The OpenAPI 3.1 description of /api/v1, served at /api/v1/openapi.json. Each operation names the token scope it
needs (``api.scopes``) in its security requirement, as OpenAPI 3.1 allows for an HTTP bearer scheme."""

from __future__ import annotations

from survey_app.api.scopes import READ, SCOPES, SICK_REPORTS_WRITE
from survey_app.person.reports import DAYS_AHEAD, DAYS_BACK, MAX_EXPECTED_DAYS

_NUMBER_OR_NULL = {"type": ["number", "null"]}
_ERROR = {"description": "Error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
_SCOPE_LIST = "; ".join(f"`{name}`: {meaning}" for name, meaning in SCOPES.items())
_REPORT_JSON = {"application/json": {"schema": {"$ref": "#/components/schemas/SickReport"}}}

OPENAPI = {
    "openapi": "3.1.0",
    "info": {
        "title": "Omtanke API",
        "version": "1",
        "description": "Aggregated survey results (read), and sick reports from an HR system or a nurse line "
        "(sick-reports:write). Groups under the round's anonymity threshold, and the groups that would let them be "
        "computed, are returned with suppressed=true and null figures.",
    },
    "servers": [{"url": "/api/v1"}],
    "security": [{"bearer": [READ]}],
    "components": {
        "securitySchemes": {
            "bearer": {
                "type": "http",
                "scheme": "bearer",
                "description": "Created with `omtanke api-token create --user EMAIL --scope SCOPE` (repeatable; "
                "default read). The token acts as its user, with that role and unit scope, narrowed to its scopes: "
                f"{_SCOPE_LIST}",
                "x-scopes": SCOPES,
            }
        },
        "schemas": {
            "Error": {
                "type": "object",
                "required": ["error", "status"],
                "properties": {
                    "error": {"type": "string"},
                    "status": {"type": "integer"},
                    "field": {"type": ["string", "null"], "description": "the field that is wrong"},
                    "unknown_fields": {"type": "array", "items": {"type": "string"}},
                    "missing_scope": {"type": "string", "description": "the scope the token lacks (403)"},
                },
            },
            "SickReportInput": {
                "type": "object",
                "additionalProperties": False,
                "description": "Exactly these fields: no diagnosis, no reason, no free text. Any other field refuses "
                "the report (422, unknown_fields).",
                "required": ["employee_id", "unit_code", "first_day"],
                "properties": {
                    "employee_id": {
                        "type": "string",
                        "pattern": "^[A-Za-z0-9._:-]{1,64}$",
                        "description": "the HR system's pseudonymous id (never a name or a personal identity number)",
                    },
                    "unit_code": {"type": "string", "description": "an active unit's code"},
                    "first_day": {
                        "type": "string",
                        "format": "date",
                        "description": f"at most {DAYS_AHEAD} days ahead and {DAYS_BACK} days back",
                    },
                    "expected_days": {
                        "type": ["integer", "null"],
                        "minimum": 1,
                        "maximum": MAX_EXPECTED_DAYS,
                        "description": "calendar days the absence is expected to last; null when unknown",
                    },
                    "extent": {"enum": [100, 75, 50, 25], "default": 100, "description": "per cent of working time"},
                },
            },
            "SickReport": {
                "type": "object",
                "required": ["id", "employee_id", "unit_code", "first_day", "expected_days", "extent"],
                "properties": {
                    "id": {"type": "integer"},
                    "employee_id": {"type": "string"},
                    "unit_code": {"type": "string"},
                    "first_day": {"type": "string", "format": "date"},
                    "expected_days": {"type": ["integer", "null"]},
                    "extent": {"enum": [100, 75, 50, 25]},
                },
            },
            "Round": {
                "type": "object",
                "required": ["id", "title", "opens_on", "closes_on", "status"],
                "properties": {
                    "id": {"type": "integer"},
                    "title": {"type": "string"},
                    "titles": {
                        "type": "object",
                        "description": "The title in each offered language (sv, fi, en).",
                        "additionalProperties": {"type": "string"},
                    },
                    "opens_on": {"type": "string", "format": "date"},
                    "closes_on": {"type": "string", "format": "date"},
                    "status": {"enum": ["scheduled", "open", "closed"]},
                    "anonymity_threshold": {"type": "integer", "minimum": 3},
                },
            },
            "UnitResult": {
                "type": "object",
                "required": [
                    "code",
                    "parent_code",
                    "moved_since_close",
                    "parent_code_now",
                    "headcount",
                    "responses",
                    "response_rate",
                    "suppressed",
                    "index",
                    "dimensions",
                ],
                "properties": {
                    "code": {"type": ["string", "null"]},
                    "parent_code": {
                        "type": ["string", "null"],
                        "description": "the unit above it when the round closed: figures follow that tree",
                    },
                    "moved_since_close": {"type": "boolean", "description": "under another unit today"},
                    "parent_code_now": {"type": ["string", "null"], "description": "the unit above it today"},
                    "name": {"type": ["string", "null"]},
                    "headcount": {"type": "integer", "description": "staff invited in the unit and below"},
                    "responses": {"type": ["integer", "null"], "description": "null when suppressed"},
                    "response_rate": {**_NUMBER_OR_NULL, "description": "per cent; null when suppressed"},
                    "suppressed": {"type": "boolean"},
                    "index": {**_NUMBER_OR_NULL, "description": "HME total, 0–100"},
                    "dimensions": {
                        "type": ["object", "null"],
                        "additionalProperties": _NUMBER_OR_NULL,
                        "description": "0–100 per dimension, keyed instrument.dimension: the HME sub-indices "
                        "(hme.motivation, hme.leadership, hme.steering), then OSA, ergonomics and work ability "
                        "dimensions the round asked about (e.g. osa.workload); null when suppressed",
                    },
                },
            },
        },
    },
    "paths": {
        "/rounds": {
            "get": {
                "summary": "Survey rounds",
                "security": [{"bearer": [READ]}],
                "responses": {
                    "200": {
                        "description": "The rounds the token's owner may open (all for admin and HR), newest first",
                        "content": {
                            "application/json": {
                                "schema": {"type": "array", "items": {"$ref": "#/components/schemas/Round"}}
                            }
                        },
                    },
                    "401": _ERROR,
                    "403": {**_ERROR, "description": "The token lacks the read scope."},
                },
            }
        },
        "/rounds/{round_id}/results": {
            "get": {
                "summary": "Results of every unit the token's owner may see",
                "security": [{"bearer": [READ]}],
                "parameters": [{"name": "round_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                "responses": {
                    "200": {
                        "description": "Aggregated results",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["round", "units"],
                                    "properties": {
                                        "round": {"type": "object"},
                                        "units": {
                                            "type": "array",
                                            "items": {"$ref": "#/components/schemas/UnitResult"},
                                        },
                                        "organisation": {"$ref": "#/components/schemas/UnitResult"},
                                    },
                                }
                            }
                        },
                    },
                    "401": _ERROR,
                    "403": {**_ERROR, "description": "The token lacks the read scope."},
                    "404": _ERROR,
                    "409": {**_ERROR, "description": "The round has not closed yet: no results until it has."},
                },
            }
        },
        "/sick-reports": {
            "post": {
                "summary": "Report sickness: starts the person's spell at once",
                "description": "For HR (any unit) or a manager (their units). The same employee and first day sent "
                "again updates the first report (200); it never makes a second report or spell. A later absence import "
                "of the same spell completes it with its last day.",
                "security": [{"bearer": [SICK_REPORTS_WRITE]}],
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SickReportInput"}}},
                },
                "responses": {
                    "201": {"description": "Reported: the report, and an open spell started", "content": _REPORT_JSON},
                    "200": {"description": "Reported before: the same report, updated", "content": _REPORT_JSON},
                    "400": {**_ERROR, "description": "The body is not a JSON object."},
                    "401": _ERROR,
                    "403": {
                        **_ERROR,
                        "description": "The token lacks sick-reports:write, or its owner may not report for the unit.",
                    },
                    "422": {**_ERROR, "description": "An unknown field, or a value out of range (field names it)."},
                },
            }
        },
    },
}
