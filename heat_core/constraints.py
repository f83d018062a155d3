"""Value constraints shared by resource property schemas and parameters.

``length``, ``range``, ``modulo``, ``allowed_values``, ``allowed_pattern``
and ``custom_constraint`` (a plugin in the ``heat.constraints`` namespace
that asks the cloud, e.g. ``nova.flavor``).  ``check`` returns None when the
value is acceptable, else a message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _as_number(value):
    if _is_number(value):
        return value
    try:
        f = float(value)
        return int(f) if f.is_integer() and 'e' not in str(value).lower() else f
    except (TypeError, ValueError):
        return None


class Constraint:
    """A constraint on a value; ``description`` overrides the message."""
    description: str | None = None

    def check(self, value, cloud=None) -> str | None:
        raise NotImplementedError

    def to_dict(self) -> dict:
        raise NotImplementedError


@dataclass
class Length(Constraint):
    min: int | None = None
    max: int | None = None
    description: str | None = None

    def check(self, value, cloud=None):
        try:
            n = len(value)
        except TypeError:
            return None
        if self.min is not None and n < self.min:
            return 'length (%d) is less than %d' % (n, self.min) if self.max is None else \
                'length (%d) is out of range (min: %s, max: %s)' % (n, self.min, self.max)
        if self.max is not None and n > self.max:
            return 'length (%d) is more than %d' % (n, self.max) if self.min is None else \
                'length (%d) is out of range (min: %s, max: %s)' % (n, self.min, self.max)
        return None

    def to_dict(self):
        return {'length': {k: v for k, v in (('min', self.min), ('max', self.max))
                           if v is not None}}


@dataclass
class Range(Constraint):
    min: float | None = None
    max: float | None = None
    description: str | None = None

    def check(self, value, cloud=None):
        n = _as_number(value)
        if n is None:
            return None
        if self.min is not None and self.max is not None:
            if not self.min <= n <= self.max:
                return '%s is out of range (min: %s, max: %s)' % (value, self.min, self.max)
        elif self.min is not None and n < self.min:
            return '%s is less than the minimum %s' % (value, self.min)
        elif self.max is not None and n > self.max:
            return '%s is more than the maximum %s' % (value, self.max)
        return None

    def to_dict(self):
        return {'range': {k: v for k, v in (('min', self.min), ('max', self.max))
                          if v is not None}}


@dataclass
class Modulo(Constraint):
    step: int = 1
    offset: int = 0
    description: str | None = None

    def check(self, value, cloud=None):
        n = _as_number(value)
        if n is None or not self.step:
            return None
        if (n - self.offset) % self.step != 0:
            return '%s is not a multiple of %s with an offset of %s' % (
                value, self.step, self.offset)
        return None

    def to_dict(self):
        return {'modulo': {'step': self.step, 'offset': self.offset}}


@dataclass
class AllowedValues(Constraint):
    values: list
    description: str | None = None

    def check(self, value, cloud=None):
        items = value if isinstance(value, list) else [value]
        allowed = [str(v) for v in self.values]
        for item in items:
            if item not in self.values and str(item) not in allowed:
                return '"%s" is not an allowed value %s' % (item, self.values)
        return None

    def to_dict(self):
        return {'allowed_values': list(self.values)}


@dataclass
class AllowedPattern(Constraint):
    pattern: str
    description: str | None = None

    def __post_init__(self):
        self._regex = re.compile(self.pattern)

    def check(self, value, cloud=None):
        items = value if isinstance(value, list) else [value]
        for item in items:
            m = self._regex.match(str(item))
            if m is None or m.end() != len(str(item)):
                return '"%s" does not match pattern "%s"' % (item, self.pattern)
        return None

    def to_dict(self):
        return {'allowed_pattern': self.pattern}


@dataclass
class CustomConstraint(Constraint):
    """Checks a value against the cloud with a ``heat.constraints`` plugin."""
    name: str
    description: str | None = None

    def check(self, value, cloud=None):
        from heat_core.plugins import constraint_plugin
        plugin = constraint_plugin(self.name)
        if plugin is None:
            return None  # reported by schema validation
        if cloud is None or value in (None, ''):
            return None
        return plugin().validate(value, cloud)

    def to_dict(self):
        return {'custom_constraint': self.name}


def describe(constraint: Constraint, message: str) -> str:
    return constraint.description or message


def check_all(constraints, value, cloud=None) -> list[str]:
    """Messages for every constraint ``value`` fails."""
    out = []
    for c in constraints:
        msg = c.check(value, cloud)
        if msg:
            out.append(describe(c, msg))
    return out


def check_any_type(value: Any) -> str:
    return type(value).__name__
