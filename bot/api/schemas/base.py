"""Shared pieces of the response models."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema


class Out(BaseModel):
    """A response body: exactly the declared keys, in the declared order."""

    model_config = ConfigDict(extra="forbid")


IsoTime = Annotated[
    str, Field(description="ISO 8601 date and time", examples=["2026-01-31T09:30:00+00:00"])
]
# A JSON number kept as computed: an int stays an int (`3`), a float a float (`3.0`).
Number = Annotated[int | float, WithJsonSchema({"type": "number"})]
