"""The codebook model: a tree of codes with stable GUIDs.

Pure data; storage lives in ``qda.storage``. A ``Codebook`` keeps its codes
in tree order (every parent before its children, siblings in display order).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field


def new_guid() -> str:
    return str(uuid.uuid4())


@dataclass
class Code:
    name: str
    guid: str = field(default_factory=new_guid)
    parent: str | None = None  # GUID of the parent code, None at the top
    definition: str = ""
    inclusion: str = ""
    exclusion: str = ""
    example: str = ""
    colour: str = "#9e9e9e"  # '#rrggbb'
    codable: bool = True  # folders are not codable
    keywords: list[str] = field(default_factory=list)
    framework: str = ""
    meta: dict = field(default_factory=dict)  # e.g. {"grid": "high", "group": "low"}


@dataclass
class Codebook:
    name: str = ""
    description: str = ""
    codes: list[Code] = field(default_factory=list)
