"""What every HOT function shares: argument errors that are reported at
validation time when the values are already known, and raised at run time.

A function checks its arguments in :meth:`HotFunction.result`, on the
resolved values, raising :class:`FunctionError`.  Validation calls
``result`` with the static scope (parameter values and defaults, no
resources): whatever can be known is checked once, in one place, and what
depends on resources is left for run time (``Unresolved``).
"""

from __future__ import annotations

import json
from typing import Any

from heat_core.errors import Unresolved, did_you_mean
from heat_core.template import functions as fn
from heat_core.template.functions import Function


class FunctionError(ValueError):
    """The arguments of one function call are wrong.

    ``sub`` is the path below the function's key of the offending argument
    (e.g. ``(1,)`` for the second item), so the problem gets a position.
    """

    def __init__(self, function: Function, message: str, sub: tuple = ()):
        super().__init__('%s: %s' % (function.fn_name, message))
        self.function = function
        self.message = message
        self.sub = tuple(sub)


class HotFunction(Function):
    """Base of the HOT functions."""

    dialect = 'hot'
    #: the argument form, shown when the arguments have the wrong shape
    usage = ''

    def validate(self, ctx) -> None:
        """Validate nested calls, the static shape (:meth:`check`), then
        the values that are already known (:meth:`check_value`)."""
        fn.validate_tree(self.args, ctx)
        if self.check(ctx):
            self.check_value(ctx)

    def check(self, ctx) -> bool:
        """Record problems visible without resolving anything (references,
        argument keys); return False when resolving would be pointless."""
        return True

    def check_value(self, ctx) -> None:
        """Resolve this call with the validation scope and report the
        argument errors it raises (errors of nested calls are theirs)."""
        try:
            fn.resolve(self, ctx.scope)
        except FunctionError as exc:
            if exc.function is self:
                self.error(ctx, exc.message, exc.sub)
        except Unresolved:
            pass
        except Exception:  # noqa: BLE001 - bad data is reported by whoever owns it
            pass

    def fail(self, message: str, sub: tuple = ()):
        """Raise the argument error ``message`` (about argument ``sub``)."""
        raise FunctionError(self, message, sub)

    def fail_usage(self, sub: tuple = ()):
        self.fail('the arguments must have the form %s' % self.usage, sub)

    def container(self, scope) -> Any:
        """The argument list or map itself (resolved if it is a call)."""
        if isinstance(self.args, Function):
            return fn.resolve(self.args, scope)
        return self.args

    def warning(self, ctx, message: str, sub: tuple = ()) -> None:
        ctx.issues.warning(self.args_path + tuple(sub), '%s: %s' % (self.fn_name, message))

    def check_keys(self, ctx, allowed: tuple, required: tuple = (), unknown_is_error=True,
                   notes: dict | None = None) -> bool:
        """Check the keys of a map argument; False if it is not a map or a
        required key is missing."""
        args = self.args
        if not isinstance(args, dict):
            self.error(ctx, 'the arguments must be a map: %s' % self.usage)
            return False
        ok = True
        for key in args:
            if key in allowed:
                continue
            msg = 'unknown argument "%s"%s%s' % (key, did_you_mean(str(key), allowed),
                                                (notes or {}).get(key, ''))
            if unknown_is_error:
                self.error(ctx, msg, (key,))
                ok = False
            else:
                self.warning(ctx, msg + ' (ignored)', (key,))
        for key in required:
            if key not in args:
                self.error(ctx, 'the "%s" argument is missing: %s' % (key, self.usage))
                ok = False
        return ok


def is_list(value: Any) -> bool:
    return isinstance(value, list)


def is_map(value: Any) -> bool:
    return isinstance(value, dict)


def to_json(value: Any) -> str:
    """Maps and lists as HOT serialises them into strings (sorted keys)."""
    return json.dumps(value, sort_keys=True, default=str)


def select_path(value: Any, path: list) -> Any:
    """Follow map keys and list indexes (strings of digits too) into
    ``value``; raises KeyError/IndexError/TypeError/ValueError when the
    path does not exist."""
    for key in path:
        if isinstance(value, dict):
            value = value[key]
        elif isinstance(value, (list, tuple)) and not isinstance(key, bool):
            if isinstance(key, str):
                key = int(key)
            if not isinstance(key, int):
                raise TypeError('list index must be an integer')
            value = value[key]
        else:
            raise TypeError('cannot follow a path into %s' % type(value).__name__)
    return value


def describe_value(value: Any) -> str:
    """A short rendering of a value for messages."""
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + '...'
