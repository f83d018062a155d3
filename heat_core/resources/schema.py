"""Declarative schemas for resource properties and attributes.

A resource type lists its properties as ``{name: Schema(...)}`` and its
attributes as ``{name: Attribute(...)}``; the framework validates templates
against them and renders them for ``heat resource type show``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from heat_core import constraints as c
from heat_core.errors import Unresolved, did_you_mean
from heat_core.template import functions as fn

STRING, INTEGER, NUMBER, BOOLEAN, MAP, LIST, ANY = (
    'string', 'integer', 'number', 'boolean', 'map', 'list', 'any')
TYPES = (STRING, INTEGER, NUMBER, BOOLEAN, MAP, LIST, ANY)


@dataclass
class Schema:
    """Schema of one property.

    ``schema`` describes members: for a MAP a ``{key: Schema}`` dict, for a
    LIST a single ``Schema`` for every item (or a dict, meaning each item is
    a map with those keys).
    """
    type: str
    description: str = ''
    required: bool = False
    default: Any = None
    constraints: list = field(default_factory=list)
    update_allowed: bool = False
    immutable: bool = False
    schema: Any = None
    implemented: bool = True

    def to_dict(self) -> dict:
        d = {'type': self.type, 'description': self.description,
             'required': self.required, 'update_allowed': self.update_allowed,
             'immutable': self.immutable}
        if self.default is not None:
            d['default'] = self.default
        if self.constraints:
            d['constraints'] = [k.to_dict() for k in self.constraints]
        if isinstance(self.schema, dict):
            d['schema'] = {k: v.to_dict() for k, v in self.schema.items()}
        elif isinstance(self.schema, Schema):
            d['schema'] = {'*': self.schema.to_dict()}
        return d


@dataclass
class Attribute:
    """Schema of one attribute (``Fn::GetAtt`` / ``get_attr`` target)."""
    description: str = ''
    type: str = ANY

    def to_dict(self) -> dict:
        d = {'description': self.description}
        if self.type != ANY:
            d['type'] = self.type
        return d


_BOOL_STRINGS = {'true': True, 'false': False}


def coerce(schema: Schema, value: Any) -> tuple[Any, str | None]:
    """Convert ``value`` to the schema's type as Heat does (numbers from
    strings, 'true'/'false', a comma string as a list).  Returns
    ``(value, None)`` or ``(value, message)``."""
    t = schema.type
    if value is None or t == ANY:
        return value, None
    if t == STRING:
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            return str(value), None
        if isinstance(value, bool):
            return str(value).lower(), None
        return value, 'Value must be a string, not %s' % _kind(value)
    if t in (INTEGER, NUMBER):
        if isinstance(value, bool):
            return value, 'Value must be a number, not a boolean'
        if isinstance(value, int) or (isinstance(value, float) and t == NUMBER):
            return value, None
        if isinstance(value, float) and value.is_integer():
            return int(value), None
        if isinstance(value, str):
            try:
                return (int(value) if t == INTEGER else float(value) if '.' in value or 'e' in
                        value.lower() else int(value)), None
            except ValueError:
                pass
        return value, 'Value "%s" is not %s' % (value, 'an integer' if t == INTEGER else 'a number')
    if t == BOOLEAN:
        if isinstance(value, bool):
            return value, None
        if isinstance(value, str) and value.lower() in _BOOL_STRINGS:
            return _BOOL_STRINGS[value.lower()], None
        return value, 'Value "%s" is not a boolean' % (value,)
    if t == MAP:
        if isinstance(value, dict):
            return value, None
        return value, 'Value must be a map, not %s' % _kind(value)
    if t == LIST:
        if isinstance(value, list):
            return value, None
        if isinstance(value, str):
            return [v.strip() for v in value.split(',')] if value else [], None
        return value, 'Value must be a list, not %s' % _kind(value)
    return value, None


def _kind(value) -> str:
    return {dict: 'a map', list: 'a list', str: 'a string', bool: 'a boolean',
            int: 'a number', float: 'a number'}.get(type(value), type(value).__name__)


def validate_properties(schemas: dict, props: Any, path: tuple, ctx,
                        check_required: bool = True) -> None:
    """Check a property map (a parsed tree) against ``schemas``, recording
    every problem in ``ctx.issues``.  Values that are function calls are
    checked when they can be resolved statically (parameters with values or
    defaults), otherwise only their arguments are validated."""
    issues = ctx.issues
    if props is None:
        props = {}
    if isinstance(props, fn.Function):
        props.validate(ctx)
        return
    if not isinstance(props, dict):
        issues.error(path, 'Properties must be a map, not %s' % _kind(props))
        return
    for key, value in props.items():
        sub = path + (key,)
        schema = schemas.get(key)
        if schema is None:
            issues.error(sub, 'Unknown property "%s"%s' % (key, did_you_mean(key, schemas)))
            fn.validate_tree(value, ctx)
            continue
        validate_value(schema, value, sub, ctx)
    if check_required:
        for key, schema in schemas.items():
            if schema.required and schema.default is None and key not in props:
                issues.error(path, 'Property "%s" is required' % key)


def validate_value(schema: Schema, value: Any, path: tuple, ctx) -> None:
    """Check one property value (possibly containing functions)."""
    fn.validate_tree(value, ctx)
    if isinstance(value, fn.Function):
        value = fn.try_resolve(value, ctx.scope)
        if value is fn.NO_VALUE or value is None or value is Unresolved:
            return
        static = True
    else:
        static = not fn.contains_function(value)
    if value is None:
        return
    converted, problem = coerce(schema, value)
    if problem:
        ctx.issues.error(path, problem)
        return
    if static or not fn.contains_function(converted):
        for msg in c.check_all(schema.constraints, converted, ctx.cloud):
            ctx.issues.error(path, msg)
    if schema.type == MAP and isinstance(schema.schema, dict) and isinstance(converted, dict):
        validate_properties(schema.schema, converted, path, ctx)
    elif schema.type == LIST and schema.schema is not None and isinstance(converted, list):
        for i, item in enumerate(converted):
            if isinstance(item, fn.Function):
                continue  # already validated above; its value is not known yet
            if isinstance(schema.schema, dict):
                validate_properties(schema.schema, item, path + (i,), ctx)
            else:
                validate_value(schema.schema, item, path + (i,), ctx)
