"""CloudFormation intrinsic functions: the shared base class, references
(``Ref``, ``Fn::GetAtt``), mappings and what comes from outside the
template (``Fn::GetAZs``, ``Fn::ImportValue``, ``Fn::ResourceFacade``).

Every function validates its arguments statically and, once their shape is
right, tries to compute its value with the validation scope: parameter
values and defaults are known then, so a ``Fn::Select`` index out of range
or a ``Fn::FindInMap`` key that is missing is reported before any stack
exists.
"""

from __future__ import annotations

from typing import Any

from heat_core.errors import HeatError, Unresolved, did_you_mean
from heat_core.template.functions import NO_VALUE, Function, resolve, validate_tree

AWS_FORMAT = ('AWSTemplateFormatVersion',)
LANGUAGE_EXTENSIONS = 'AWS::LanguageExtensions'


class FunctionError(HeatError):
    """A function cannot compute its value from the arguments it was given.

    ``origin`` is the function that found the problem and ``sub`` the path
    of the faulty argument inside its arguments, so validation can show the
    problem exactly where it is (and only once, by the function at fault).
    """
    code = 'InvalidTemplateFunction'

    def __init__(self, message: str, origin: Function | None = None, sub: tuple = ()):
        super().__init__(message)
        self.origin = origin
        self.sub = tuple(sub)


class CfnFunction(Function):
    """Base class of the CloudFormation functions.

    Subclasses check the shape of their arguments in :meth:`check` and
    compute their value in :meth:`result`, raising :meth:`fail` errors for
    values that cannot work; :meth:`validate` runs both.
    """
    dialect = 'cfn'
    #: version keys of the formats that have it (None: all CFN formats)
    formats: tuple | None = None
    #: the argument shape, shown when the arguments are malformed
    usage: str = ''

    def validate(self, ctx) -> None:
        validate_tree(self.args, ctx)
        if self.check(ctx):
            self.check_value(ctx)

    def check(self, ctx) -> bool:
        """Record problems with the form of the arguments; return whether
        the call is well-formed enough to be evaluated."""
        return True

    def check_value(self, ctx) -> None:
        """Evaluate the call with the validation scope and record what the
        call itself finds wrong (nested calls report their own problems;
        unknown values are no problem yet)."""
        try:
            self.result(ctx.scope)
        except FunctionError as exc:
            if exc.origin is self:
                ctx.issues.error(self.args_path + exc.sub, exc.message)
        except Unresolved:
            pass
        except Exception:  # noqa: BLE001 - a nested call with bad arguments reports itself
            pass

    def fail(self, message: str, sub: tuple = ()) -> FunctionError:
        """The error to raise from :meth:`result` for an unusable value."""
        return FunctionError('%s: %s' % (self.fn_name, message), self, sub)

    def bad_usage(self, ctx, sub: tuple = ()) -> bool:
        """Record that the arguments do not have the expected shape."""
        self.error(ctx, 'the arguments must be %s' % self.usage, sub)
        return False

    def list_args(self, ctx, low: int, high: int | None = None) -> bool:
        """Whether the arguments are a list of ``low`` (to ``high``) items;
        records the problem if not."""
        high = low if high is None else high
        args = self.args
        if not isinstance(args, list) or not low <= len(args) <= high:
            return self.bad_usage(ctx)
        return True

    def literal_string(self, ctx, value: Any, what: str, sub: tuple = ()) -> bool:
        """Whether ``value`` is a string (numbers and booleans are read as
        their text) or a function (whose value is checked later); records
        the problem if not."""
        if isinstance(value, Function) or scalar_text(value) is not None:
            return True
        self.error(ctx, '%s must be a string, not %s' % (what, kind(value)), sub)
        return False

    def arg(self, scope, value: Any) -> Any:
        """The resolved value of one argument."""
        return resolve(value, scope)

    def string_arg(self, scope, value: Any, what: str, sub: tuple = ()) -> str:
        """The resolved value of an argument that must be a string (numbers
        are written as strings, as CloudFormation reads them)."""
        value = resolve(value, scope)
        text = scalar_text(value)
        if text is None:
            raise self.fail('%s must be a string, not %s' % (what, kind(value)), sub)
        return text


def kind(value: Any) -> str:
    """How a value is described in messages."""
    if isinstance(value, Function):
        return 'a call to %s' % value.fn_name
    if value is None:
        return 'null'
    if value is NO_VALUE:
        return 'AWS::NoValue'
    return {dict: 'a map', list: 'a list', str: 'a string', bool: 'a boolean',
            int: 'a number', float: 'a number'}.get(type(value), type(value).__name__)


def scalar_text(value: Any) -> str | None:
    """A scalar as CloudFormation's string form, or None for maps, lists
    and null."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return 'true' if value else 'false'
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return None


class Ref(CfnFunction):
    """The value of a parameter, or the physical ID of a resource."""
    name = 'Ref'
    description = 'A reference to a parameter, pseudo parameter or resource.'
    condition_function = True   # parameters may be referred to in Conditions and Rules

    def validate(self, ctx):
        target = self.args
        tmpl = self.template
        if not isinstance(target, str):
            self.error(ctx, 'the argument must be the name of a parameter or resource')
            return
        if tmpl.has_parameter(target):
            return
        if target in tmpl.resources:
            if getattr(ctx, 'in_rules', False):
                self.error(ctx, 'rules may only refer to parameters, not resource "%s"' % target)
            elif ctx.in_conditions:
                self.error(ctx, 'conditions may only refer to parameters, not resource '
                                '"%s"' % target)
            return
        self.error(ctx, 'unknown parameter or resource "%s"%s' % (target, did_you_mean(
            target, list(tmpl.parameters) + list(tmpl.resources) + list(tmpl.pseudo_parameters))))

    def dependencies(self):
        if isinstance(self.args, str) and self.args in self.template.resources \
                and not self.template.has_parameter(self.args):
            yield self.args

    def parameter_reference(self):
        if isinstance(self.args, str) and self.args in self.template.parameters:
            yield self.args

    def result(self, scope):
        if not isinstance(self.args, str):
            raise self.fail('the argument must be the name of a parameter or resource')
        if self.template.has_parameter(self.args):
            return scope.parameter(self.args)
        if self.args in self.template.resources:
            return scope.resource(self.args).reference()
        raise self.fail('unknown parameter or resource "%s"' % self.args)


def attribute_value(scope, resource: str, attribute: str) -> Any:
    """A resource attribute; ``Outputs.Name`` style names ask for a path
    inside the attribute."""
    name, _, rest = attribute.partition('.')
    path = [rest] if rest else []
    return scope.resource(resource).attribute(name, *path)


class GetAtt(CfnFunction):
    """An attribute of a resource: ``[Resource, Attribute]`` (the attribute
    may be a dotted path, e.g. ``Outputs.Name``)."""
    name = 'Fn::GetAtt'
    description = 'An attribute of a resource.'
    usage = '[ResourceName, AttributeName]'

    def _parts(self):
        args = self.args
        if isinstance(args, str) and '.' in args:
            args = args.split('.', 1)
        if not isinstance(args, list) or len(args) != 2:
            return None
        return args

    def validate(self, ctx):
        parts = self._parts()
        if parts is None:
            self.bad_usage(ctx)
            return
        res, attr = parts
        validate_tree(self.args, ctx)
        if not isinstance(res, str):
            self.error(ctx, 'the resource name must be a string', (0,))
            return
        if res not in self.template.resources:
            self.error(ctx, 'unknown resource "%s"%s' % (res, did_you_mean(
                res, self.template.resources)), (0,))
            return
        if isinstance(attr, str):
            ctx.check_attribute(res, attr, self.args_path + (1,))
        elif not isinstance(attr, Function):
            self.error(ctx, 'the attribute name must be a string', (1,))

    def dependencies(self):
        parts = self._parts()
        if parts and isinstance(parts[0], str) and parts[0] in self.template.resources:
            yield parts[0]

    def result(self, scope):
        parts = self._parts()
        if parts is None:
            raise self.fail('the arguments must be %s' % self.usage)
        res, attr = parts
        return attribute_value(scope, res, self.string_arg(scope, attr, 'the attribute name',
                                                            (1,)))


class FindInMap(CfnFunction):
    """A value from the Mappings section: ``[MapName, TopLevelKey,
    SecondLevelKey]``; with AWS::LanguageExtensions a fourth argument
    ``{DefaultValue: value}`` is used when a key is missing."""
    name = 'Fn::FindInMap'
    description = 'A value from a two-level map of the Mappings section.'
    usage = '[MapName, TopLevelKey, SecondLevelKey]'
    condition_function = True

    def check(self, ctx):
        if not self.list_args(ctx, 3, 4):
            return False
        ok = True
        for i, what in enumerate(('the map name', 'the top-level key', 'the second-level key')):
            ok = self.literal_string(ctx, self.args[i], what, (i,)) and ok
        if len(self.args) == 4:
            extra = self.args[3]
            if LANGUAGE_EXTENSIONS not in self.template.transforms:
                self.error(ctx, 'a fourth argument (DefaultValue) requires "Transform: %s"'
                           % LANGUAGE_EXTENSIONS, (3,))
                ok = False
            elif not isinstance(extra, dict) or list(extra) != ['DefaultValue']:
                self.error(ctx, 'the fourth argument must be {DefaultValue: value}', (3,))
                ok = False
        name = self.args[0]
        if isinstance(name, str) and name not in self.template.mappings:
            self.error(ctx, 'unknown mapping "%s"%s' % (name, did_you_mean(
                name, self.template.mappings)), (0,))
            ok = False
        return ok

    def result(self, scope):
        args = self.args
        if not isinstance(args, list) or len(args) not in (3, 4):
            raise self.fail('the arguments must be %s' % self.usage)
        has_default = len(args) == 4 and isinstance(args[3], dict) and 'DefaultValue' in args[3]
        map_name = self.string_arg(scope, args[0], 'the map name', (0,))
        mapping = self.template.mappings.get(map_name)
        if not isinstance(mapping, dict):
            if has_default:
                return args[3]['DefaultValue']
            raise self.fail('unknown mapping "%s"' % map_name, (0,))
        top = self.string_arg(scope, args[1], 'the top-level key', (1,))
        second = self.string_arg(scope, args[2], 'the second-level key', (2,))
        values = _lookup(mapping, top)
        if not isinstance(values, dict):
            if has_default:
                return args[3]['DefaultValue']
            raise self.fail('mapping "%s" has no key "%s"%s' % (
                map_name, top, did_you_mean(top, [str(k) for k in mapping])), (1,))
        value = _lookup(values, second)
        if value is _MISSING:
            if has_default:
                return args[3]['DefaultValue']
            raise self.fail('mapping "%s" key "%s" has no key "%s"%s' % (
                map_name, top, second, did_you_mean(second, [str(k) for k in values])), (2,))
        return value


_MISSING = object()


def _lookup(mapping: dict, key: str) -> Any:
    """``mapping[key]`` where YAML may have read the key as a number or
    boolean (CloudFormation keys are strings)."""
    if key in mapping:
        return mapping[key]
    for k, v in mapping.items():
        if scalar_text(k) == key:
            return v
    return _MISSING


class GetAZs(CfnFunction):
    """The availability zones of a region (``''``: the stack's region)."""
    name = 'Fn::GetAZs'
    description = 'The availability zones of a region.'
    usage = 'a region name ("" for the current region)'

    def check(self, ctx):
        if self.args is None or isinstance(self.args, (str, Function)):
            return True
        return self.bad_usage(ctx)

    def result(self, scope):
        region = '' if self.args is None else self.string_arg(scope, self.args, 'the region')
        return scope.availability_zones(region or None)


class ImportValue(CfnFunction):
    """The value of an output exported by another stack."""
    name = 'Fn::ImportValue'
    description = 'The value of an output another stack exports.'
    usage = 'the name of an export'
    formats = AWS_FORMAT

    def check(self, ctx):
        if not self.literal_string(ctx, self.args, 'the export name'):
            return False
        if isinstance(self.args, Function) and next(self.args.dependencies(), None):
            self.error(ctx, 'the export name cannot depend on a resource of this stack '
                            '(use parameters, pseudo parameters or mappings)')
            return False
        return True

    def result(self, scope):
        return scope.import_value(self.string_arg(scope, self.args, 'the export name'))


FACADE_ATTRIBUTES = ('Metadata', 'DeletionPolicy', 'UpdatePolicy')


class ResourceFacade(CfnFunction):
    """In a provider (nested) template, an attribute of the resource the
    template stands in for: ``Metadata``, ``DeletionPolicy`` or
    ``UpdatePolicy``."""
    name = 'Fn::ResourceFacade'
    description = 'Metadata, DeletionPolicy or UpdatePolicy of the facade resource ' \
                  '(in a provider template).'
    usage = 'one of %s' % ', '.join(FACADE_ATTRIBUTES)

    def check(self, ctx):
        if not isinstance(self.args, str):
            return self.bad_usage(ctx)
        if self.args not in FACADE_ATTRIBUTES:
            self.error(ctx, 'unknown attribute "%s": use one of %s%s' % (
                self.args, ', '.join(FACADE_ATTRIBUTES), did_you_mean(self.args,
                                                                      FACADE_ATTRIBUTES)))
            return False
        return True

    def result(self, scope):
        if self.args not in FACADE_ATTRIBUTES:
            raise self.fail('the argument must be %s' % self.usage)
        facade = getattr(scope, 'resource_facade', None)
        if facade is None:
            raise Unresolved('this template is not a nested stack')
        return facade(self.args)
