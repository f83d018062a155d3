"""CloudFormation intrinsic functions: references."""

from __future__ import annotations

from heat_core.errors import Unresolved, did_you_mean
from heat_core.template.functions import Function


class CfnFunction(Function):
    dialect = 'cfn'
    #: version keys of the formats that have it (None: all CFN formats)
    formats: tuple | None = None


class Ref(CfnFunction):
    """The value of a parameter, or the physical ID of a resource."""
    name = 'Ref'
    description = 'A reference to a parameter, pseudo parameter or resource.'
    condition_function = True   # parameters may be referred to in Conditions

    def validate(self, ctx):
        target = self.args
        tmpl = self.template
        if not isinstance(target, str):
            self.error(ctx, 'the argument must be the name of a parameter or resource')
            return
        if tmpl.has_parameter(target):
            return
        if target in tmpl.resources:
            if ctx.in_conditions:
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
        if self.template.has_parameter(self.args):
            return scope.parameter(self.args)
        if self.args in self.template.resources:
            return scope.resource(self.args).reference()
        raise Unresolved(self.args)


class GetAtt(CfnFunction):
    """An attribute of a resource: ``[Resource, Attribute]`` (the attribute
    may be a dotted path, e.g. ``Outputs.Name``)."""
    name = 'Fn::GetAtt'
    description = 'An attribute of a resource.'

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
            self.error(ctx, 'the argument must be [ResourceName, AttributeName]')
            return
        res, attr = parts
        super().validate(ctx)
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
        from heat_core.template.functions import resolve
        res, attr = self._parts()
        attr = resolve(attr, scope)
        name, _, rest = attr.partition('.')
        path = [rest] if rest else []
        return scope.resource(res).attribute(name, *path)
