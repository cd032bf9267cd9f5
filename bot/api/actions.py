"""The custom-action endpoint the engine calls: rasa-sdk's ActionExecutor behind a route.

Only the engine may call it: `prospect run` writes `Authorization: Bearer <token>` into the
engine's endpoints.yml, the token derived from SECRET_KEY for this purpose alone. Without it
(or with any body but JSON, which a cross-site form or `text/plain` request would send) the
call is refused before anything is read.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from rasa_sdk.interfaces import (
    ActionExecutionRejection,
    ActionMissingDomainException,
    ActionNotFoundException,
)

from bot.api.action_call import BadActionCall, checked_action_call
from bot.api.deps import ServicesDep, bearer_matches
from bot.api.schemas.service import ActionNameOut, ActionResultOut
from bot.services import services_of

log = logging.getLogger(__name__)

router = APIRouter(tags=["engine"])


def refused(request: Request) -> JSONResponse | None:
    """A 401 unless the request carries the engine's token (compared in constant time)."""
    if bearer_matches(request, services_of(request.app.state).engine_action_token):
        return None
    return JSONResponse(
        {"error": "only the engine calls this endpoint (Authorization: Bearer <its token>)"},
        status_code=401,
        headers={"WWW-Authenticate": "Bearer"},
    )


def is_json(request: Request) -> bool:
    media_type = request.headers.get("content-type", "").partition(";")[0]
    return media_type.strip().lower() == "application/json"


ENGINE_ONLY: dict[int | str, dict[str, Any]] = {
    401: {"description": "not the engine: no token, or a wrong one"}
}


@router.post(
    "/webhook",
    summary="Run a custom action (called by the Rasa engine)",
    response_model=ActionResultOut | None,
    responses=ENGINE_ONLY,
)
async def run_action(
    request: Request, services: ServicesDep
) -> ActionResultOut | JSONResponse | None:
    if (refusal := refused(request)) is not None:
        return refusal
    if not is_json(request):
        return JSONResponse({"error": "the action call must be application/json"}, 415)
    try:
        body: Any = await request.json()
    except ValueError:
        return JSONResponse({"error": "request body is not valid JSON"}, status_code=400)
    try:
        action_call = checked_action_call(body, max_text_chars=services.settings.max_message_chars)
    except BadActionCall as exc:
        return JSONResponse({"error": str(exc)}, status_code=400)
    executor = services.action_executor
    try:
        result = await executor.run(action_call)
    except ActionExecutionRejection as exc:
        return JSONResponse({"error": exc.message, "action_name": exc.action_name}, 400)
    except ActionNotFoundException as exc:
        log.error("unknown action %r requested by the engine", exc.action_name)
        return JSONResponse({"error": exc.message, "action_name": exc.action_name}, 404)
    except ActionMissingDomainException as exc:
        return JSONResponse({"error": exc.message, "action_name": exc.action_name}, 449)
    return ActionResultOut.model_validate(result.model_dump()) if result else None


@router.get(
    "/webhook/actions",
    summary="List the registered custom actions (engine only)",
    response_model=list[ActionNameOut],
    responses=ENGINE_ONLY,
)
async def list_actions(
    request: Request, services: ServicesDep
) -> list[ActionNameOut] | JSONResponse:
    if (refusal := refused(request)) is not None:
        return refusal
    return [ActionNameOut(name=a.name) for a in services.action_executor.list_actions()]
