"""The intrinsic-function plugin interface and the function tree.

A template's data is parsed once into a tree in which every function call
(``{"Fn::Join": [...]}``, ``{get_attr: [...]}``) is a :class:`Function`
object.  The tree is then

* validated statically (:meth:`Function.validate`), recording every problem;
* asked for the resources it refers to (:meth:`Function.dependencies`), which
  gives the dependency graph;
* resolved against a :class:`~heat_core.template.scope.Scope`
  (:func:`resolve`) when the engine needs a value.

Function classes are plugins: entry points in the ``heat.functions``
namespace (see :mod:`heat_core.template.plugins`).
"""

from __future__ import annotations

from typing import Any, ClassVar, Iterator

from heat_core.errors import Unresolved


class _NoValue:
    """Result that removes the enclosing map key or list item
    (``AWS::NoValue``, HOT's two-argument ``if``)."""
    _instance = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self):
        return 'NO_VALUE'


NO_VALUE = _NoValue()


class Function:
    """An intrinsic function call in a template.

    Subclasses set :attr:`name` (as written in templates) and implement
    :meth:`result`; most also override :meth:`validate`.  ``args`` is the
    already-parsed argument tree (it may hold other functions).  ``path`` is
    where the call is in the document (the path of the one-key map), so
    problems can be shown at the right line.
    """

    #: the key that calls this function, e.g. ``Fn::Join`` or ``list_join``
    name: ClassVar[str] = ''
    #: one line shown by ``heat template function list``
    description: ClassVar[str] = ''
    #: template dialect: ``'cfn'`` or ``'hot'``
    dialect: ClassVar[str] = ''
    #: HOT: first and last template versions (inclusive) that have it.
    #: CFN: the format versions that have it (None = every one).
    since: ClassVar[str | None] = None
    until: ClassVar[str | None] = None
    #: CFN: a Transform the template must declare, e.g. AWS::LanguageExtensions
    requires_transform: ClassVar[str | None] = None
    #: usable in the Conditions section (and in Fn::If conditions)
    condition_function: ClassVar[bool] = False
    #: usable outside the Conditions section
    value_function: ClassVar[bool] = True
    #: parse args into functions (False: keep the raw data)
    parse_args: ClassVar[bool] = True

    def __init__(self, template, fn_name: str, args: Any, path: tuple):
        self.template = template
        self.fn_name = fn_name
        self.args = args
        self.path = path

    # -- static ------------------------------------------------------------
    @property
    def args_path(self) -> tuple:
        return self.path + (self.fn_name,)

    def validate(self, ctx) -> None:
        """Record problems with the arguments in ``ctx`` (a
        :class:`~heat_core.template.validation.ValidationContext`).
        The default validates nested functions only."""
        validate_tree(self.args, ctx)

    def dependencies(self) -> Iterator[str]:
        """Names of the resources this call refers to (directly or in its
        arguments)."""
        yield from dependencies(self.args)

    def parameter_reference(self) -> Iterator[str]:
        """Names of the parameters this call itself reads (not its
        arguments): used to warn about unused parameters."""
        return iter(())

    def error(self, ctx, message: str, sub: tuple = ()) -> None:
        ctx.issues.error(self.args_path + tuple(sub), '%s: %s' % (self.fn_name, message))

    # -- runtime -----------------------------------------------------------
    def result(self, scope) -> Any:
        """The value of this call in ``scope``; raises
        :class:`~heat_core.errors.Unresolved` when it cannot be known yet."""
        raise NotImplementedError

    def __repr__(self):
        return '%s(%r)' % (self.fn_name, self.args)

    def __eq__(self, other):
        return (type(self) is type(other) and self.fn_name == other.fn_name
                and self.args == other.args)

    def __hash__(self):
        return hash((self.fn_name, repr(self.args)))


def parse(table: dict, template, data: Any, path: tuple = (), unknown=None) -> Any:
    """Turn raw template data into a tree of plain values and functions.

    ``table`` maps function names to classes (the template's function
    table).  A map with exactly one key that names a function becomes that
    function; anything else is copied through.  ``unknown(key, path)`` is
    called for every other one-key map (a format may report keys that look
    like functions but are none).
    """
    if isinstance(data, dict):
        if len(data) == 1:
            key = next(iter(data))
            cls = table.get(key)
            if cls is not None:
                sub = path + (key,)
                raw = data[key]
                args = parse(table, template, raw, sub, unknown) if cls.parse_args else raw
                return cls(template, key, args, path)
            if unknown is not None:
                unknown(key, path)
        # scalar leaves (most of a template) are taken as they are, without
        # a call and a path each
        return {k: v if type(v) in _LEAVES else parse(table, template, v, path + (k,), unknown)
                for k, v in data.items()}
    if isinstance(data, list):
        return [v if type(v) in _LEAVES else parse(table, template, v, path + (i,), unknown)
                for i, v in enumerate(data)]
    return data


_LEAVES = frozenset((str, int, float, bool, type(None)))


def iter_functions(tree: Any) -> Iterator[Function]:
    """Every function call in ``tree``, outermost first."""
    if isinstance(tree, Function):
        yield tree
        yield from iter_functions(tree.args)
    elif isinstance(tree, dict):
        for v in tree.values():
            if type(v) not in _LEAVES:
                yield from iter_functions(v)
    elif isinstance(tree, list):
        for v in tree:
            if type(v) not in _LEAVES:
                yield from iter_functions(v)


def validate_tree(tree: Any, ctx) -> None:
    """Validate every outermost function call in ``tree`` (and that it is
    allowed where it is: condition functions only in conditions)."""
    if isinstance(tree, Function):
        if ctx.in_conditions and not tree.condition_function:
            ctx.issues.error(tree.path, '%s is not allowed in a condition' % tree.fn_name)
        elif not ctx.in_conditions and not tree.value_function:
            ctx.issues.error(tree.path, '%s is only allowed in a condition' % tree.fn_name)
        tree.validate(ctx)
    elif isinstance(tree, dict):
        for v in tree.values():
            if type(v) not in _LEAVES:
                validate_tree(v, ctx)
    elif isinstance(tree, list):
        for v in tree:
            if type(v) not in _LEAVES:
                validate_tree(v, ctx)


def dependencies(tree: Any) -> Iterator[str]:
    """Names of resources referred to anywhere in ``tree``."""
    if isinstance(tree, Function):
        yield from tree.dependencies()
    elif isinstance(tree, dict):
        for v in tree.values():
            if type(v) not in _LEAVES:
                yield from dependencies(v)
    elif isinstance(tree, list):
        for v in tree:
            if type(v) not in _LEAVES:
                yield from dependencies(v)


def resolve(tree: Any, scope) -> Any:
    """The plain value of ``tree`` in ``scope``; ``NO_VALUE`` results drop
    their map key or list item."""
    if isinstance(tree, Function):
        return resolve(tree.result(scope), scope)
    if isinstance(tree, dict):
        out = {}
        for k, v in tree.items():
            r = resolve(v, scope)
            if r is not NO_VALUE:
                out[k] = r
        return out
    if isinstance(tree, list):
        return [r for r in (resolve(v, scope) for v in tree) if r is not NO_VALUE]
    return tree


def try_resolve(tree: Any, scope, default: Any = Unresolved) -> Any:
    """Like :func:`resolve` but returns ``default`` when the value cannot be
    known yet (or is invalid: validation reports that elsewhere)."""
    try:
        return resolve(tree, scope)
    except Unresolved:
        return default
    except Exception:  # bad arguments: reported by validate()
        return default


def is_function(value: Any) -> bool:
    return isinstance(value, Function)


def contains_function(tree: Any) -> bool:
    return next(iter_functions(tree), None) is not None
