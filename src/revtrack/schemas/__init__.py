"""JSON Schemas (draft 2020-12) of the shapes that ``--json`` prints.

Each shape has one self-contained file in this package, ``<shape>.schema.json``::

    import json
    from revtrack import schemas

    output = json.loads(text)
    schema = schemas.load(output["schema"])  # or schemas.load("report")
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

#: The shapes, by the name of their schema file.
SHAPES = (
    "add",
    "log",
    "version",
    "list",
    "report",
    "notes",
    "refresh",
    "ignore",
    "copy",
    "check",
    "blame",
    "search",
    "capture",
    "config",
    "alerts",
    "import",
    "feeds",
)

#: The version of every shape these files describe.
VERSION = 1


def shape_name(shape: str) -> str:
    """``"report"`` for ``"report"`` or ``"revtrack.report/1"``; ``ValueError`` otherwise."""
    name = shape
    if shape.startswith("revtrack.") and shape.endswith(f"/{VERSION}"):
        name = shape.removeprefix("revtrack.").removesuffix(f"/{VERSION}")
    if name not in SHAPES:
        raise ValueError(f"no schema for {shape!r}: one of {', '.join(SHAPES)}")
    return name


def filename(shape: str) -> str:
    """The file of a shape in this package: ``report.schema.json``."""
    return f"{shape_name(shape)}.schema.json"


def load(shape: str) -> dict[str, Any]:
    """The schema of a shape, named as in ``SHAPES`` or by its ``"schema"`` value
    (``"revtrack.report/1"``)."""
    text = resources.files(__name__).joinpath(filename(shape)).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema
