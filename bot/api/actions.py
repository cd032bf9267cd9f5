"""The custom-action endpoint the engine calls: rasa-sdk's ActionExecutor behind a route."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from rasa_sdk.executor import ActionExecutor
from rasa_sdk.interfaces import (
    ActionExecutionRejection,
    ActionMissingDomainException,
    ActionNotFoundException,
)

from actions import LeadFacts, create_actions
from nlu.content.search import ContentSearch

log = logging.getLogger(__name__)

router = APIRouter(tags=["engine"])


def create_executor(
    leads: LeadFacts | None = None, content: ContentSearch | None = None
) -> ActionExecutor:
    executor = ActionExecutor()
    for action in create_actions(leads, content):
        executor.register_action(action)
    return executor


@router.post("/webhook", summary="Run a custom action (called by the Rasa engine)")
async def run_action(request: Request) -> JSONResponse:
    try:
        action_call: Any = await request.json()
    except ValueError:
        return JSONResponse({"error": "request body is not valid JSON"}, status_code=400)
    if not isinstance(action_call, dict):
        return JSONResponse({"error": "expected a JSON object"}, status_code=400)
    executor: ActionExecutor = request.app.state.action_executor
    try:
        result = await executor.run(action_call)
    except ActionExecutionRejection as exc:
        return JSONResponse({"error": exc.message, "action_name": exc.action_name}, 400)
    except ActionNotFoundException as exc:
        log.error("unknown action %r requested by the engine", exc.action_name)
        return JSONResponse({"error": exc.message, "action_name": exc.action_name}, 404)
    except ActionMissingDomainException as exc:
        return JSONResponse({"error": exc.message, "action_name": exc.action_name}, 449)
    return JSONResponse(result.model_dump() if result else None)


@router.get("/webhook/actions", summary="List the registered custom actions")
async def list_actions(request: Request) -> list[dict[str, Any]]:
    executor: ActionExecutor = request.app.state.action_executor
    return [a.model_dump() for a in executor.list_actions()]
