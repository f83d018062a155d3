"""Value constraints shared by resource property schemas and parameters.

``length``, ``range``, ``modulo``, ``allowed_values``, ``allowed_pattern``
and ``custom_constraint`` (a :class:`ConstraintPlugin` in the
``heat.constraints`` namespace, e.g. ``nova.flavor`` which asks the cloud,
or ``ip_addr`` which does not).  ``check`` returns None when the value is
acceptable, else a message.
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


class ConstraintPlugin:
    """The interface of a custom constraint (a ``heat.constraints`` plugin).

    ``validate`` gets one value (a list is checked item by item) and the
    cloud, and returns None when the value is acceptable or a sentence
    saying what is wrong, e.g. ``The Flavor (m1.huge) could not be
    found.``; the caller adds which value it was.  Plugins that ask the
    cloud set ``needs_cloud``: without a cloud they are skipped.
    """
    #: one line shown by ``heat template constraint list``
    description: str = ''
    #: whether ``validate`` needs a cloud (skipped when there is none)
    needs_cloud: bool = False

    def validate(self, value, cloud) -> str | None:
        raise NotImplementedError


@dataclass
class CustomConstraint(Constraint):
    """Checks a value with a ``heat.constraints`` plugin (e.g. ``nova.flavor``).

    ``path`` is where the template declares it, so that an unknown name can
    be reported there (see :meth:`exists`).
    """
    name: str
    description: str | None = None
    path: tuple = ()

    def plugin(self):
        """The plugin class, or None if no plugin has this name."""
        from heat_core.plugins import constraint_plugin
        return constraint_plugin(self.name)

    def exists(self) -> bool:
        """Whether a plugin of this name is installed."""
        return self.plugin() is not None

    def check(self, value, cloud=None):
        plugin = self.plugin()
        if plugin is None:
            return None  # reported where the constraint is declared
        if plugin.needs_cloud and cloud is None:
            return None
        checker = plugin()
        for item in (value if isinstance(value, list) else [value]):
            if item is None or item == '':
                continue
            try:
                problem = checker.validate(item, cloud)
            except Exception as exc:  # noqa: BLE001 - a cloud error is a finding, not a crash
                problem = str(exc) or type(exc).__name__
            if problem:
                return "Error validating value '%s': %s" % (item, problem)
        return None

    def to_dict(self):
        return {'custom_constraint': self.name}


def constraint_names() -> list[str]:
    """Names of the installed custom constraints, sorted."""
    from heat_core.plugins import CONSTRAINTS, load
    return sorted(load(CONSTRAINTS))


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
