"""Declarative schemas for resource properties and attributes, and the
template-time checking of property values against them.

A resource type lists its properties as ``{name: Schema(...)}`` and its
attributes as ``{name: Attribute(...)}``, as in OpenStack Heat; the
framework validates templates against them and renders them for
``heat resource type show`` (:mod:`heat_core.resources.describe`).

Validation runs for every resource of every template, so the checks of one
value are kept to a few type tests: function calls are validated once,
resolved only when they are met, and the required properties of a schema
are computed once per schema map.
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


class SupportStatus:
    """How supported a resource type, property or attribute is (Heat's
    ``support.SupportStatus``): ``status`` is one of the constants below,
    ``version`` the Heat release that gave it that status, ``message``
    what to use instead, ``previous_status`` the status it had before.

    It compares equal to its status string, so
    ``cls.support_status == SupportStatus.HIDDEN`` works.
    """

    UNKNOWN = 'UNKNOWN'
    SUPPORTED = 'SUPPORTED'
    DEPRECATED = 'DEPRECATED'
    UNSUPPORTED = 'UNSUPPORTED'
    HIDDEN = 'HIDDEN'
    STATUSES = (UNKNOWN, SUPPORTED, DEPRECATED, UNSUPPORTED, HIDDEN)

    __slots__ = ('status', 'version', 'message', 'previous_status')

    def __init__(self, status: str = SUPPORTED, version: str | None = None,
                 message: str | None = None, previous_status: SupportStatus | None = None):
        if status not in self.STATUSES:
            raise ValueError('Unknown support status %r' % (status,))
        self.status = status
        self.version = version
        self.message = message
        self.previous_status = previous_status

    def to_dict(self) -> dict:
        """Heat's rendering (``resource_schema`` ``support_status``)."""
        prev = self.previous_status
        return {'status': self.status, 'message': self.message, 'version': self.version,
                'previous_status': prev.to_dict() if prev is not None else None}

    def deprecation(self) -> str | None:
        """The advice for a deprecated (or deprecated then hidden) item,
        '' when it has none, or None when it is not deprecated."""
        status = self
        while status is not None:
            if status.status == self.DEPRECATED:
                return status.message or ''
            status = status.previous_status
        return None

    def __eq__(self, other):
        if isinstance(other, str):
            return self.status == other
        if isinstance(other, SupportStatus):
            return self.to_dict() == other.to_dict()
        return NotImplemented

    def __hash__(self):
        return hash(self.status)

    def __repr__(self):
        return 'SupportStatus(%r, version=%r)' % (self.status, self.version)


SUPPORTED = SupportStatus()


def _status(status) -> SupportStatus:
    """A SupportStatus from a SupportStatus, a status string or None."""
    if isinstance(status, SupportStatus):
        return status
    return SUPPORTED if status in (None, SupportStatus.SUPPORTED) else SupportStatus(status)


@dataclass
class Schema:
    """Schema of one property.

    ``schema`` describes members: for a MAP a ``{key: Schema}`` dict, for a
    LIST a single ``Schema`` for every item (or a dict, meaning each item is
    a map with those keys).  ``support_status`` marks deprecated or hidden
    properties (using one gives a warning).
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
    support_status: SupportStatus = SUPPORTED

    def __post_init__(self):
        # Mistakes here are a plugin author's, found when the plugin loads.
        if self.type not in TYPES:
            raise ValueError('Invalid property type %r (one of %s)' % (self.type, TYPES))
        if self.schema is not None and self.type not in (MAP, LIST):
            raise ValueError('A member schema is only valid for a map or a list, not %s'
                             % self.type)
        if self.update_allowed and self.immutable:
            raise ValueError('update_allowed and immutable cannot both be true')
        self.constraints = list(self.constraints or ())
        self.support_status = _status(self.support_status)

    def to_dict(self) -> dict:
        """The property as Heat's ``resource_schema`` shows it."""
        d = {'type': self.type}
        if self.description:
            d['description'] = self.description
        if self.default is not None:
            d['default'] = self.default
        members = member_schemas(self)
        if members is not None:
            d['schema'] = {k: v.to_dict() for k, v in members.items()}
        d['required'] = self.required
        if self.constraints:
            d['constraints'] = [constraint_dict(k) for k in self.constraints]
        d['update_allowed'] = self.update_allowed
        d['immutable'] = self.immutable
        return d


def member_schemas(schema: Schema) -> dict | None:
    """``{key: Schema}`` of a map's keys, or ``{'*': Schema}`` for a list's
    items (as Heat renders them), or None."""
    sub = schema.schema
    if sub is None:
        return None
    if schema.type == MAP:
        return sub
    if isinstance(sub, dict):
        return {'*': Schema(MAP, schema=sub)}
    return {'*': sub}


def constraint_dict(constraint) -> dict:
    """A constraint as Heat renders it: ``{kind: value, 'description': ...}``."""
    d = dict(constraint.to_dict())
    if getattr(constraint, 'description', None):
        d['description'] = constraint.description
    return d


@dataclass
class Attribute:
    """Schema of one attribute (``Fn::GetAtt`` / ``get_attr`` target)."""
    description: str = ''
    type: str = ANY
    support_status: SupportStatus = SUPPORTED

    def __post_init__(self):
        self.support_status = _status(self.support_status)

    def to_dict(self) -> dict:
        d = {}
        if self.description:
            d['description'] = self.description
        if self.type != ANY:
            d['type'] = self.type
        return d


# -- coercion ------------------------------------------------------------------

_BOOL_STRINGS = {'true': True, 'false': False}
_KINDS = {dict: 'a map', list: 'a list', str: 'a string', bool: 'a boolean',
          int: 'a number', float: 'a number'}


def _kind(value) -> str:
    return _KINDS.get(type(value), type(value).__name__)


def _string(value):
    t = type(value)
    if t is str:
        return value, None
    if t is bool:
        return str(value).lower(), None
    if t is int:
        return str(value), None
    # Heat refuses floats for strings too ('1.5' must be quoted).
    return value, 'Value must be a string, not %s' % _kind(value)


def _integer(value):
    t = type(value)
    if t is int:
        return value, None
    if t is float and value.is_integer():
        return int(value), None
    if t is str:
        try:
            return int(value), None
        except ValueError:
            pass
    elif t in (dict, list, bool):
        return value, 'Value must be an integer, not %s' % _kind(value)
    return value, 'Value "%s" is not an integer' % (value,)


def _number(value):
    t = type(value)
    if t is int or t is float:
        return value, None
    if t is str:
        try:
            return int(value), None
        except ValueError:
            try:
                return float(value), None
            except ValueError:
                pass
    elif t in (dict, list, bool):
        return value, 'Value must be a number, not %s' % _kind(value)
    return value, 'Value "%s" is not a number' % (value,)


def _boolean(value):
    if type(value) is bool:
        return value, None
    if type(value) is str:
        found = _BOOL_STRINGS.get(value.lower())
        if found is not None:
            return found, None
    return value, 'Value "%s" is not a boolean' % (value,)


def _map(value):
    if type(value) is dict or isinstance(value, dict):
        return value, None
    return value, 'Value must be a map, not %s' % _kind(value)


def _list(value):
    if type(value) is list or isinstance(value, list):
        return value, None
    # Heat refuses a string for a list property: use a list, Fn::Split or a
    # CommaDelimitedList parameter.
    return value, 'Value must be a list, not %s' % _kind(value)


def _any(value):
    return value, None


_COERCE = {STRING: _string, INTEGER: _integer, NUMBER: _number, BOOLEAN: _boolean,
           MAP: _map, LIST: _list, ANY: _any}


def coerce(schema: Schema, value: Any) -> tuple[Any, str | None]:
    """Convert ``value`` to the schema's type with Heat's coercions
    (numbers and 'true'/'false' from strings, integers and booleans as
    strings).  Returns ``(value, None)`` or ``(value, message)``."""
    if value is None:
        return value, None
    return _COERCE[schema.type](value)


# -- validation ----------------------------------------------------------------

_SHAPES: dict = {}


def _shape(schemas: dict) -> tuple:
    """``(required names, names needing a closer look)`` of a schema map,
    computed once (schema maps are class-level constants): required
    properties without default, and deprecated, hidden or unimplemented
    ones."""
    entry = _SHAPES.get(id(schemas))
    if entry is None or entry[0] is not schemas:
        required = tuple(k for k, s in schemas.items() if s.required and s.default is None)
        special = frozenset(k for k, s in schemas.items()
                            if not s.implemented or s.support_status.status != SUPPORTED.status
                            or s.support_status.previous_status is not None)
        entry = _SHAPES[id(schemas)] = (schemas, required, special)
    return entry[1], entry[2]


def validate_properties(schemas: dict, props: Any, path: tuple, ctx,
                        check_required: bool = True, functions: bool = True,
                        noun: str = 'property') -> None:
    """Check a property map (a parsed tree) against ``schemas``, recording
    every problem in ``ctx.issues`` at its path.

    Values that are function calls are checked when they can be resolved
    statically (``ctx.scope``: parameters with values or defaults),
    otherwise only their arguments are validated.  ``functions=False`` when
    the caller has already validated the function calls in ``props`` (they
    are then only resolved).  ``noun`` names the keys in messages.
    """
    issues = ctx.issues
    if props is None:
        props = {}
    elif isinstance(props, fn.Function):
        if functions:
            fn.validate_tree(props, ctx)
        props = fn.try_resolve(props, ctx.scope)
        if not isinstance(props, dict):
            return
        functions = False
    elif type(props) is not dict:
        issues.error(path, '%s must be a map, not %s' % (
            'Properties' if noun == 'property' else noun.capitalize(), _kind(props)))
        if functions:
            fn.validate_tree(props, ctx)
        return
    required, special = _shape(schemas)
    for key, value in props.items():
        schema = schemas.get(key)
        if schema is None:
            issues.error(path + (key,), 'Unknown %s "%s"%s' % (
                noun, key, did_you_mean(str(key), _visible(schemas))))
            if functions:
                fn.validate_tree(value, ctx)
            continue
        if key in special:
            _check_status(schema, key, path + (key,), ctx, noun)
        if value is None:
            continue
        t = schema.type
        # the commonest case, a plain string for a string, needs no more
        if t == STRING and type(value) is str and not schema.constraints:
            continue
        validate_value(schema, value, path + (key,), ctx, functions)
    if check_required:
        for key in required:
            if key not in props:
                issues.error(path, '%s "%s" is required' % (noun.capitalize(), key))


def _visible(schemas: dict) -> list:
    return [k for k, s in schemas.items() if s.support_status.status != SupportStatus.HIDDEN]


def _check_status(schema, key, path, ctx, noun):
    if not schema.implemented:
        ctx.issues.error(path, '%s "%s" is not implemented yet' % (noun.capitalize(), key))
    advice = schema.support_status.deprecation()
    if advice is not None:
        ctx.issues.warning(path, '%s "%s" is deprecated%s' % (
            noun.capitalize(), key, (': ' + advice) if advice else ''))


def validate_value(schema: Schema, value: Any, path: tuple, ctx, functions: bool = True) -> None:
    """Check one property value (possibly containing function calls)."""
    if isinstance(value, fn.Function):
        if functions:
            fn.validate_tree(value, ctx)
        value = fn.try_resolve(value, ctx.scope)
        if value is Unresolved or value is fn.NO_VALUE or value is None:
            return
        functions = False   # a resolved value is plain data
    elif value is None:
        return
    t = schema.type
    converted, problem = _COERCE[t](value)
    if problem:
        ctx.issues.error(path, problem)
        if functions and type(value) in (dict, list):
            fn.validate_tree(value, ctx)
        return
    if t == MAP or t == LIST or (t == ANY and type(converted) in (dict, list)):
        _validate_members(schema, converted, path, ctx, functions)
    elif schema.constraints:
        for msg in c.check_all(schema.constraints, converted, ctx.cloud):
            ctx.issues.error(path, msg)


def _validate_members(schema, value, path, ctx, functions):
    sub = schema.schema
    if sub is None or schema.type == ANY:
        if functions:
            fn.validate_tree(value, ctx)
    elif schema.type == MAP:
        validate_properties(sub, value, path, ctx, functions=functions)
    elif isinstance(sub, dict):
        for i, item in enumerate(value):
            validate_properties(sub, item, path + (i,), ctx, functions=functions)
    else:
        for i, item in enumerate(value):
            validate_value(sub, item, path + (i,), ctx, functions)
    if schema.constraints:
        if fn.contains_function(value):
            # Length of a list with calls (which may drop items) is known
            # only once they resolve.
            value = fn.try_resolve(value, ctx.scope)
            if value is Unresolved:
                return
        for msg in c.check_all(schema.constraints, value, ctx.cloud):
            ctx.issues.error(path, msg)
