"""HubSpot's error body (§4.1) and the exception the handlers raise to send one."""

from __future__ import annotations

import json
import uuid
from typing import Any


class ApiError(Exception):
    """An error response: status code, HubSpot category, message and optional details."""

    def __init__(
        self,
        status: int,
        category: str,
        message: str,
        *,
        errors: list[dict[str, Any]] | None = None,
        context: dict[str, Any] | None = None,
        extra: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.category = category
        self.message = message
        self.errors = errors
        self.context = context
        self.extra = extra or {}
        self.headers = headers or {}

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "status": "error",
            "message": self.message,
            "correlationId": str(uuid.uuid4()),
            "category": self.category,
        }
        if self.errors is not None:
            body["errors"] = self.errors
        if self.context is not None:
            body["context"] = self.context
        body.update(self.extra)
        return body

    def batch_entry(self, trace_id: str | None) -> dict[str, Any]:
        """The form one failed input takes inside a 207 multi-status ``errors[]``."""
        entry: dict[str, Any] = {
            "status": "error",
            "category": self.category,
            "message": self.message,
            "context": dict(self.context or {}),
        }
        if trace_id is not None:
            entry["context"]["objectWriteTraceId"] = [trace_id]
        if self.errors is not None:
            entry["errors"] = self.errors
        return entry


class PropertyProblem:
    """One invalid property value, as listed inside a VALIDATION_ERROR message."""

    def __init__(self, name: str, code: str, message: str) -> None:
        self.name = name
        self.code = code
        self.message = message


def validation_error(problems: list[PropertyProblem]) -> ApiError:
    """HubSpot packs the per-property results as JSON inside the message string."""
    listed = [
        {"isValid": False, "message": p.message, "error": p.code, "name": p.name} for p in problems
    ]
    return ApiError(
        400,
        "VALIDATION_ERROR",
        "Property values were not valid: " + json.dumps(listed),
        errors=[
            {
                "message": p.message,
                "code": p.code,
                "in": p.name,
                "context": {"propertyName": [p.name]},
            }
            for p in problems
        ],
    )


def bad_request(message: str, **kwargs: Any) -> ApiError:
    return ApiError(400, "VALIDATION_ERROR", message, **kwargs)


def not_found(message: str, **kwargs: Any) -> ApiError:
    return ApiError(404, "OBJECT_NOT_FOUND", message, **kwargs)
