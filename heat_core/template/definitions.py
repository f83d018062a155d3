"""Format-neutral definitions of what a template declares.

Each template format reads its own spelling (``Resources``/``resources``,
``DependsOn``/``depends_on``) into these, so the validator, the dependency
graph and the engine never look at format-specific keys.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class ResourceDefinition:
    """One entry of the Resources section, function calls already parsed."""
    name: str
    type: Any                      # normally a str; anything else is an error
    properties: Any = None         # parsed tree (a dict when valid)
    depends_on: list = field(default_factory=list)
    metadata: Any = None
    deletion_policy: Any = None
    update_replace_policy: Any = None
    update_policy: Any = None
    creation_policy: Any = None
    condition: Any = None
    description: Any = None
    external_id: Any = None
    path: tuple = ()               # where the definition is: ('Resources', name)
    keys: dict = field(default_factory=dict)   # field -> key as written

    def key_path(self, field_name: str) -> tuple:
        """Document path of one field, e.g. ``('Resources','A','Properties')``."""
        return self.path + (self.keys.get(field_name, field_name),)


@dataclass
class OutputDefinition:
    name: str
    value: Any
    description: Any = None
    condition: Any = None
    export_name: Any = None
    path: tuple = ()
    keys: dict = field(default_factory=dict)

    def key_path(self, field_name: str) -> tuple:
        return self.path + (self.keys.get(field_name, field_name),)
