"""A local fake of HubSpot's CRM API for the official client (`HUBSPOT_API_URL`).

A stdlib HTTP server on 127.0.0.1 that keeps contacts (by email), companies, notes, deals and
associations, answers the calls our sender makes in the shapes the client validates, and can
answer the next calls with errors (`fail_next`: 429 with Retry-After, 500) for the fault tests.
"""

from __future__ import annotations

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

NOW = "2026-12-05T08:00:00.000Z"


def _object(object_id: str, properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": object_id,
        "properties": properties,
        "createdAt": NOW,
        "updatedAt": NOW,
        "archived": False,
    }


class FakeHubSpot:
    def __init__(self) -> None:
        self.contacts: dict[str, dict[str, Any]] = {}  # by email
        self.objects: dict[str, dict[str, dict[str, Any]]] = {
            "companies": {},
            "notes": {},
            "deals": {},
        }
        self.associations: list[tuple[str, str, str, str]] = []
        self.calls: list[tuple[str, str, int, float]] = []  # method, path, status, when
        self.fail_next: list[tuple[int, str | None]] = []  # (status, Retry-After)
        self.tokens: set[str] = set()
        self._lock = threading.Lock()
        self._ids = 100
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _handle(self, method: str) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                fake.tokens.add(self.headers.get("authorization", ""))
                status, answer, headers = fake.handle(method, self.path, body)
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                for k, v in headers.items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self) -> None:
                self._handle("POST")

            def do_PUT(self) -> None:
                self._handle("PUT")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeHubSpot:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _new_id(self) -> str:
        self._ids += 1
        return str(self._ids)

    def handle(
        self, method: str, path: str, body: dict[str, Any]
    ) -> tuple[int, Any, dict[str, str]]:
        with self._lock:
            if self.fail_next:
                status, retry_after = self.fail_next.pop(0)
                self.calls.append((method, path, status, time.monotonic()))
                headers = {"Retry-After": retry_after} if retry_after else {}
                return status, {"status": "error", "message": "fake failure"}, headers
            created = method == "POST" and not path.endswith(("/search", "/upsert"))
            status = 201 if created or method == "PUT" else 200  # as HubSpot answers
            self.calls.append((method, path, status, time.monotonic()))
            return status, self._route(method, path, body), {}

    def _route(self, method: str, path: str, body: dict[str, Any]) -> Any:
        if path == "/crm/v3/objects/contacts/batch/upsert":
            results = []
            for item in body["inputs"]:
                email = item["id"]
                known = self.contacts.get(email)
                contact = known or _object(self._new_id(), {})
                contact["properties"].update(item["properties"])
                self.contacts[email] = contact
                results.append({**contact, "new": known is None})
            return {"status": "COMPLETE", "results": results, "startedAt": NOW, "completedAt": NOW}
        if found := re.fullmatch(r"/crm/v3/objects/(companies|deals)/search", path):
            (rule,) = body["filterGroups"][0]["filters"]
            hits = [
                o
                for o in self.objects[found[1]].values()
                if o["properties"].get(rule["propertyName"]) == rule["value"]
            ]
            return {"total": len(hits), "results": hits}
        if found := re.fullmatch(r"/crm/v3/objects/(companies|notes|deals)", path):
            created = _object(self._new_id(), dict(body["properties"]))
            created["associations"] = body.get("associations") or []
            self.objects[found[1]][created["id"]] = created
            return {k: v for k, v in created.items() if k != "associations"}
        if found := re.fullmatch(
            r"/crm/v4/objects/(\w+)/(\d+)/associations/default/(\w+)/(\d+)", path
        ):
            self.associations.append((found[1], found[2], found[3], found[4]))
            spec = {"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 279}
            result = {"associationSpec": spec, "from": {"id": found[2]}, "to": {"id": found[4]}}
            return {"status": "COMPLETE", "results": [result], "startedAt": NOW, "completedAt": NOW}
        raise AssertionError(f"the fake does not know {method} {path}")

    def wait_for(self, predicate: Any, timeout: float = 15.0) -> None:
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out; calls so far: {self.calls}")
            time.sleep(0.02)
