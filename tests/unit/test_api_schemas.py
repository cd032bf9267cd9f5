"""The OpenAPI document describes every answer: each 2xx JSON body of /api, /health and the
engine's /webhook has a schema with named properties down to the leaves, except the few
values that are free-form by nature (a lead's profile, an event's properties...). So the
schema fuzzing (test_api_fuzz.py) checks real shapes, and a client can rely on them."""

from __future__ import annotations

from typing import Any, get_args

import pytest

from bot.api.schemas.leads import LeadStage
from bot.app import create_app
from bot.handoffs.service import VERDICT_STAGES
from bot.leads.scoring import MANUAL_STAGES
from bot.settings import Settings
from channels.web import plugin as web
from scoring.score import Stage

# "Model.field": values that are open by nature, documented as free-form objects.
FREE_FORM = {
    "LeadDetail.profile",
    "LeadEventOut.properties",
    "TranscriptMessage.custom",
    "MessageOut.custom",  # the widget's custom payloads (channels/web/chat.py)
    "ActionResultOut.events",  # the engine's own event format
    "ActionResultOut.responses",
    *(
        f"LeadExport.{key}"
        for key in (
            "lead",
            "merged_leads",
            "identities",
            "conversations",
            "messages",
            "events",
            "score_history",
            "consents",
            "handoffs",
            "outcomes",
            "content_questions",
            "meetings",
            "meeting_offers",
            "nurture_enrolments",
            "nurture_sends",
            "nurture_opt_outs",
            "outbox",
            "engine_tracker_events",
        )
    ),
}


def openapi() -> dict[str, Any]:
    return create_app(Settings(environment="test", _env_file=None), [web]).openapi()  # type: ignore[call-arg]


def success_bodies(doc: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    found = []
    for path, operations in doc["paths"].items():
        if not (path.startswith(("/api/", "/webhook")) or path == "/health"):
            continue
        for method, operation in operations.items():
            for code, response in operation["responses"].items():
                if code.startswith("2"):
                    schema = response.get("content", {}).get("application/json", {}).get("schema")
                    found.append((f"{method.upper()} {path} {code}", schema or {}))
    return found


def undocumented(doc: dict[str, Any], schema: dict[str, Any], where: str) -> list[str]:
    """Where `schema` lets an object through without saying what it holds."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return undocumented(doc, doc["components"]["schemas"][name], name)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            return [p for s in schema[key] for p in undocumented(doc, s, where)]
    if schema.get("type") == "array":
        return undocumented(doc, schema.get("items", {}), where)
    if schema.get("type") == "null" or "enum" in schema or "const" in schema:
        return []
    if schema.get("type") in {"string", "integer", "number", "boolean"}:
        return []
    properties = schema.get("properties")
    if properties:
        return [
            p for field, s in properties.items() for p in undocumented(doc, s, f"{where}.{field}")
        ]
    extra = schema.get("additionalProperties")
    if isinstance(extra, dict) and extra:  # a map (e.g. table -> count): its values typed
        return undocumented(doc, extra, f"{where}[*]")
    if where in FREE_FORM:
        return []
    return [where]


DOC = openapi()
BODIES = success_bodies(DOC)


def test_the_routes_are_all_found() -> None:
    names = {name for name, _ in BODIES}
    for expected in (
        "GET /api/leads/{lead_id} 200",
        "GET /api/handoffs 200",
        "GET /health 200",
        "GET /api/leads/{lead_id}/export 200",
        "POST /api/nlu/extract 200",
    ):
        assert expected in names


@pytest.mark.parametrize(("operation", "schema"), BODIES, ids=[name for name, _ in BODIES])
def test_every_answer_has_a_schema_with_properties(operation: str, schema: dict[str, Any]) -> None:
    assert schema, f"{operation}: no schema for its body"
    assert undocumented(DOC, schema, operation) == [], "objects without documented properties"


def test_the_documented_stages_are_every_stage_a_lead_can_reach() -> None:
    reachable = set(get_args(Stage)) | MANUAL_STAGES | set(VERDICT_STAGES.values())
    assert set(get_args(LeadStage)) == reachable
