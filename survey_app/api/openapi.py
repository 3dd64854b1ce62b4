"""The OpenAPI 3.1 description of /api/v1, served at /api/v1/openapi.json."""

from __future__ import annotations

_NUMBER_OR_NULL = {"type": ["number", "null"]}
_ERROR = {"description": "Error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}

OPENAPI = {
    "openapi": "3.1.0",
    "info": {
        "title": "Omtanke results API",
        "version": "1",
        "description": "Read-only, aggregated survey results. Groups under the round's anonymity threshold, and the "
        "groups that would let them be computed, are returned with suppressed=true and null figures.",
    },
    "servers": [{"url": "/api/v1"}],
    "security": [{"bearer": []}],
    "components": {
        "securitySchemes": {
            "bearer": {
                "type": "http",
                "scheme": "bearer",
                "description": "Created with `omtanke api-token create --user EMAIL`.",
            }
        },
        "schemas": {
            "Error": {
                "type": "object",
                "required": ["error", "status"],
                "properties": {"error": {"type": "string"}, "status": {"type": "integer"}},
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
                },
            }
        },
        "/rounds/{round_id}/results": {
            "get": {
                "summary": "Results of every unit the token's owner may see",
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
                    "404": _ERROR,
                    "409": {**_ERROR, "description": "The round has not closed yet: no results until it has."},
                },
            }
        },
    },
}
