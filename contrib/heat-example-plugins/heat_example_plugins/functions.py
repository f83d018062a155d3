"""Template functions that upper-case a string.

``str_upper`` (HOT, from ``heat_template_version: 2015-04-30``) and
``Fn::ExampleUpper`` (CloudFormation templates) take one string, or a call
that gives one::

    name: {str_upper: {get_param: name}}
    Name: {"Fn::ExampleUpper": {Ref: Name}}
"""

from __future__ import annotations

from heat_core.errors import Unresolved
from heat_core.template import functions as fn
from heat_core.template.functions import Function


class _Upper(Function):
    """The argument, upper-cased."""

    description = 'The argument (a string) in upper case.'

    def validate(self, ctx) -> None:
        fn.validate_tree(self.args, ctx)
        if isinstance(self.args, Function):
            # known only if its value is (parameters are; attributes are not)
            value = fn.try_resolve(self.args, ctx.scope)
            if value is Unresolved:
                return
        else:
            value = self.args
        if not isinstance(value, str):
            self.error(ctx, 'the argument must be a string, not %s' % _kind(value))

    def result(self, scope):
        value = fn.resolve(self.args, scope)
        if not isinstance(value, str):
            raise ValueError('%s: the argument must be a string, not %s' % (
                self.fn_name, _kind(value)))
        return value.upper()


def _kind(value) -> str:
    if isinstance(value, bool):
        return 'a boolean'
    if isinstance(value, (int, float)):
        return 'a number'
    return {dict: 'a map', list: 'a list'}.get(type(value), type(value).__name__)


class HotUpper(_Upper):
    """``str_upper``: the argument in upper case (HOT)."""
    name = 'str_upper'
    dialect = 'hot'
    since = '2015-04-30'


class CfnUpper(_Upper):
    """``Fn::ExampleUpper``: the argument in upper case (CloudFormation)."""
    name = 'Fn::ExampleUpper'
    dialect = 'cfn'
