"""CloudFormation condition functions: ``Fn::Equals``, ``Fn::And``,
``Fn::Or``, ``Fn::Not`` and ``Condition`` (used in the Conditions and Rules
sections), and ``Fn::If``, which picks a value by a named condition.

The HeatTemplateFormatVersion format has none of them.
"""

from __future__ import annotations

from typing import Any

from heat_core.errors import did_you_mean
from heat_core.template.functions import Function, resolve
from heat_plugins.cfn.functions import AWS_FORMAT, CfnFunction, kind, scalar_text


def truth(value: Any) -> bool | None:
    """A condition's value as a boolean (``"true"``/``"false"`` strings
    too), or None if it is no boolean."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ('true', 'false'):
        return value.lower() == 'true'
    return None


def comparable(value: Any) -> Any:
    """A value in the form in which CloudFormation compares it: scalars as
    strings (``1`` equals ``"1"``), lists and maps item by item."""
    if isinstance(value, list):
        return [comparable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): comparable(v) for k, v in value.items()}
    text = scalar_text(value)
    return text if text is not None else value


class ConditionFunction(CfnFunction):
    """Base of the functions whose value is a boolean condition."""
    condition_function = True
    value_function = False
    formats = AWS_FORMAT

    def check_condition(self, ctx, value: Any, sub: tuple) -> bool:
        """Whether an operand can be a condition (a condition function or a
        boolean); records the problem if not."""
        # a function that is no condition function was reported by validate_tree
        if isinstance(value, Function) or truth(value) is not None:
            return True
        self.error(ctx, 'condition %d must be a condition function (e.g. {"Condition": '
                        'Name} or Fn::Equals), not %s' % (sub[-1], kind(value)), sub)
        return False

    def condition_value(self, scope, value: Any, sub: tuple) -> bool:
        result = truth(resolve(value, scope))
        if result is None:
            raise self.fail('condition %d is not a boolean' % sub[-1], sub)
        return result


class Equals(ConditionFunction):
    """``[value_1, value_2]``: whether the two values are equal."""
    name = 'Fn::Equals'
    description = 'Whether two values are equal (a condition).'
    usage = '[value_1, value_2]'

    def check(self, ctx):
        return self.list_args(ctx, 2)

    def result(self, scope):
        if not isinstance(self.args, list) or len(self.args) != 2:
            raise self.fail('the arguments must be %s' % self.usage)
        return comparable(resolve(self.args[0], scope)) == \
            comparable(resolve(self.args[1], scope))


class _Junction(ConditionFunction):
    """Fn::And / Fn::Or: 2 to 10 conditions."""
    usage = '[condition, condition, ...] (2 to 10 conditions)'
    MIN, MAX = 2, 10

    def check(self, ctx):
        args = self.args
        if not isinstance(args, list):
            return self.bad_usage(ctx)
        if not self.MIN <= len(args) <= self.MAX:
            self.error(ctx, 'takes %d to %d conditions, not %d' % (self.MIN, self.MAX,
                                                                   len(args)))
            return False
        ok = True
        for i, value in enumerate(args):
            ok = self.check_condition(ctx, value, (i,)) and ok
        return ok

    def values(self, scope):
        if not isinstance(self.args, list):
            raise self.fail('the arguments must be %s' % self.usage)
        for i, value in enumerate(self.args):
            yield self.condition_value(scope, value, (i,))


class And(_Junction):
    """Whether every condition holds."""
    name = 'Fn::And'
    description = 'Whether all of 2 to 10 conditions hold.'

    def result(self, scope):
        return all(list(self.values(scope)))


class Or(_Junction):
    """Whether at least one condition holds."""
    name = 'Fn::Or'
    description = 'Whether any of 2 to 10 conditions holds.'

    def result(self, scope):
        return any(list(self.values(scope)))


class Not(ConditionFunction):
    """``[condition]``: whether the condition does not hold."""
    name = 'Fn::Not'
    description = 'Whether a condition does not hold.'
    usage = '[condition]'

    def check(self, ctx):
        if not self.list_args(ctx, 1):
            return False
        return self.check_condition(ctx, self.args[0], (0,))

    def result(self, scope):
        if not isinstance(self.args, list) or len(self.args) != 1:
            raise self.fail('the arguments must be %s' % self.usage)
        return not self.condition_value(scope, self.args[0], (0,))


def check_condition_name(func: CfnFunction, ctx, name: Any, sub: tuple) -> bool:
    """Whether ``name`` names a condition of the template; records the
    problem if not."""
    conditions = func.template.conditions
    if not isinstance(name, str):
        func.error(ctx, 'the condition name must be a string, not %s' % kind(name), sub)
        return False
    if name not in conditions:
        func.error(ctx, 'unknown condition "%s"%s' % (name, did_you_mean(name, conditions)),
                   sub)
        return False
    return True


class Condition(ConditionFunction):
    """``{"Condition": Name}``: the value of another named condition."""
    name = 'Condition'
    description = 'The value of a named condition (in conditions).'
    usage = 'the name of a condition'

    def check(self, ctx):
        return check_condition_name(self, ctx, self.args, ())

    def result(self, scope):
        if not isinstance(self.args, str):
            raise self.fail('the argument must be %s' % self.usage)
        return scope.condition(self.args)


class If(CfnFunction):
    """``[condition_name, value_if_true, value_if_false]``: one of two
    values by a named condition (``Ref: AWS::NoValue`` as the chosen value
    removes the property)."""
    name = 'Fn::If'
    description = 'One of two values, chosen by a named condition.'
    usage = '[condition_name, value_if_true, value_if_false]'
    formats = AWS_FORMAT
    # usable in the Rules section, which is validated as a condition; in the
    # Conditions section validate() refuses it
    condition_function = True

    def check(self, ctx):
        if ctx.in_conditions and not getattr(ctx, 'in_rules', False):
            ctx.issues.error(self.path, '%s is not allowed in a condition' % self.fn_name)
            return False
        if not self.list_args(ctx, 3):
            return False
        return check_condition_name(self, ctx, self.args[0], (0,))

    def check_value(self, ctx):
        pass    # the chosen value is validated as part of the tree

    def result(self, scope):
        if not isinstance(self.args, list) or len(self.args) != 3 \
                or not isinstance(self.args[0], str):
            raise self.fail('the arguments must be %s' % self.usage)
        if self.args[0] not in self.template.conditions:
            raise self.fail('unknown condition "%s"' % self.args[0], (0,))
        return self.args[1] if scope.condition(self.args[0]) else self.args[2]
