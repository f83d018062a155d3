"""HOT condition functions (equals, not, and, or, contains) and ``if``.

A condition operand is a condition name from the ``conditions`` section, a
boolean, or a condition function.  ``if`` picks one of two values by a
condition; from 2021-04-16 (wallaby) the false value may be left out, and
then the enclosing map key or list item disappears.
"""

from __future__ import annotations

from heat_core.errors import did_you_mean
from heat_core.template import functions as fn
from heat_core.template.functions import NO_VALUE, Function
from heat_plugins.hot import versions as v
from heat_plugins.hot.functions_base import HotFunction, describe_value


class ConditionFunction(HotFunction):
    """Base of the functions usable in the ``conditions`` section."""

    since = v.V2016_10_14
    condition_function = True
    value_function = False

    def _unknown(self, name: str) -> str:
        return 'unknown condition "%s"%s' % (name, did_you_mean(name, self.template.conditions))

    def check_operand(self, ctx, operand, sub: tuple) -> None:
        """Record a problem with a condition operand written in place."""
        if isinstance(operand, (bool, Function)):
            return
        if isinstance(operand, str):
            if operand not in self.template.conditions:
                self.error(ctx, self._unknown(operand), sub)
            return
        self.error(ctx, 'a condition must be a condition name, a boolean or a condition '
                   'function, not %s' % describe_value(operand), sub)

    def operand_value(self, scope, operand, sub: tuple) -> bool:
        """The truth of a condition operand."""
        value = fn.resolve(operand, scope)
        if isinstance(value, bool):
            return value
        if isinstance(value, str):
            if value not in self.template.conditions:
                self.fail(self._unknown(value), sub)
            return scope.condition(value)
        self.fail('a condition must be a condition name, a boolean or a condition '
                  'function, not %s' % describe_value(value), sub)


class Equals(ConditionFunction):
    """``equals: [value_1, value_2]``."""

    name = 'equals'
    description = 'Whether two values are equal.'
    usage = '[<value_1>, <value_2>]'

    def check(self, ctx):
        if not isinstance(self.args, list) or len(self.args) != 2:
            self.error(ctx, 'the arguments must have the form %s' % self.usage)
            return False
        return True

    def result(self, scope):
        if not isinstance(self.args, list) or len(self.args) != 2:
            self.fail_usage()
        return fn.resolve(self.args[0], scope) == fn.resolve(self.args[1], scope)


class Not(ConditionFunction):
    """``not: condition``."""

    name = 'not'
    description = 'The negation of a condition.'
    usage = '<condition>'

    def check(self, ctx):
        self.check_operand(ctx, self.args, ())
        return True

    def result(self, scope):
        return not self.operand_value(scope, self.args, ())


class And(ConditionFunction):
    """``and: [condition, condition, ...]`` (at least two)."""

    name = 'and'
    description = 'Whether all of two or more conditions are true.'
    usage = '[<condition_1>, <condition_2>, ...]'

    def check(self, ctx):
        if not isinstance(self.args, list) or len(self.args) < 2:
            self.error(ctx, 'the argument must be a list of at least two conditions: %s'
                       % self.usage)
            return False
        for i, operand in enumerate(self.args):
            self.check_operand(ctx, operand, (i,))
        return True

    def _truths(self, scope):
        if not isinstance(self.args, list) or len(self.args) < 2:
            self.fail('the argument must be a list of at least two conditions')
        return (self.operand_value(scope, operand, (i,)) for i, operand in enumerate(self.args))

    def result(self, scope):
        return all(self._truths(scope))


class Or(And):
    """``or: [condition, condition, ...]`` (at least two)."""

    name = 'or'
    description = 'Whether any of two or more conditions is true.'

    def result(self, scope):
        return any(self._truths(scope))


class Contains(HotFunction):
    """``contains: [value, sequence]``."""

    name = 'contains'
    description = 'Whether a value is in a list.'
    usage = '[<value>, <list>]'
    since = v.V2017_09_01
    condition_function = True

    def check(self, ctx):
        if not isinstance(self.args, list) or len(self.args) != 2:
            self.error(ctx, 'the arguments must have the form %s' % self.usage)
            return False
        return True

    def result(self, scope):
        if not isinstance(self.args, list) or len(self.args) != 2:
            self.fail_usage()
        value = fn.resolve(self.args[0], scope)
        sequence = fn.resolve(self.args[1], scope)
        if not isinstance(sequence, (list, str)):
            self.fail('the second argument must be a list, not %s' % describe_value(sequence),
                      (1,))
        if isinstance(sequence, str) and not isinstance(value, str):
            return False
        return value in sequence


class If(ConditionFunction):
    """``if: [condition, value_if_true, value_if_false]``."""

    name = 'if'
    description = 'One of two values, chosen by a condition.'
    usage = '[<condition>, <value_if_true>, <value_if_false>]'
    condition_function = False
    value_function = True
    until = v.V2018_08_31
    #: accepted numbers of arguments
    lengths = (3,)

    def _args_ok(self) -> bool:
        return isinstance(self.args, list) and len(self.args) in self.lengths

    def validate(self, ctx):
        if not self._args_ok():
            self.error(ctx, 'the arguments must have the form %s' % self.usage)
            fn.validate_tree(self.args, ctx)
            return
        condition = self.args[0]
        # the first argument is a condition: only condition functions there
        saved = ctx.in_conditions
        ctx.in_conditions = True
        try:
            fn.validate_tree(condition, ctx)
        finally:
            ctx.in_conditions = saved
        self.check_operand(ctx, condition, (0,))
        for value in self.args[1:]:
            fn.validate_tree(value, ctx)
        self.check_value(ctx)

    def dependencies(self):
        # both values may be chosen at run time (a literal boolean aside)
        if self._args_ok() and isinstance(self.args[0], bool):
            if self.args[0]:
                yield from fn.dependencies(self.args[1])
            elif len(self.args) == 3:
                yield from fn.dependencies(self.args[2])
            return
        yield from fn.dependencies(self.args)

    def result(self, scope):
        if not self._args_ok():
            self.fail_usage()
        if self.operand_value(scope, self.args[0], (0,)):
            return self.args[1]
        return self.args[2] if len(self.args) == 3 else NO_VALUE


class IfNullable(If):
    """``if`` from 2021-04-16: ``[condition, value_if_true]`` leaves the
    enclosing key or item out when the condition is false."""

    description = ('One of two values, chosen by a condition; without a false value the '
                   'item is left out when the condition is false.')
    usage = '[<condition>, <value_if_true>] or [<condition>, <value_if_true>, <value_if_false>]'
    since = v.V2021_04_16
    until = None
    lengths = (2, 3)
