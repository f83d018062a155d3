"""The HOT ``yaql`` function: a yaql expression evaluated on given data.

Expressions come from template authors, so they are bounded: the text
length is limited, and yaql itself limits the size of the collections an
expression may build and the memory it may use.

yaql is imported when an expression is first parsed (it costs ~30 ms, paid
otherwise by every template validation).
"""

from __future__ import annotations

from heat_core.template import functions as fn
from heat_core.template.functions import Function
from heat_plugins.hot import versions as v
from heat_plugins.hot.functions_base import HotFunction

#: longest expression accepted (characters)
MAX_EXPRESSION_LENGTH = 10000
#: most items a collection built by an expression may have
LIMIT_ITERATORS = 200
#: most memory (bytes) an expression may use
MEMORY_QUOTA = 10000


class Yaql(HotFunction):
    """``yaql: {expression: ..., data: ...}``; the data is ``$.data`` in the
    expression (2016-10-14 and 2017-02-24: not usable in conditions)."""

    name = 'yaql'
    description = 'The result of a yaql expression evaluated on the given data.'
    usage = '{expression: <yaql expression>, data: <data>}'
    since = v.V2016_10_14
    until = v.V2017_02_24

    _parser = None
    _context = None

    @classmethod
    def parser(cls):
        """The yaql parser (built once, with the limits)."""
        if Yaql._parser is None:
            # yaql 3.x needs collections.abc imported before it (see DEPENDENCY-NOTES)
            import collections.abc  # noqa: F401

            import yaql
            options = {'yaql.limitIterators': LIMIT_ITERATORS,
                       'yaql.memoryQuota': MEMORY_QUOTA}
            Yaql._parser = yaql.YaqlFactory().create(options)
            Yaql._context = yaql.create_context()
        return Yaql._parser

    def check(self, ctx):
        if not self.check_keys(ctx, ('expression', 'data'), ('expression',)):
            return False
        expression = self.args['expression']
        if isinstance(expression, Function):
            return True
        try:
            self.parse(expression)
        except Exception as exc:  # noqa: BLE001 - FunctionError, reported below
            self.error(ctx, getattr(exc, 'message', str(exc)), ('expression',))
            return False
        return True

    def parse(self, expression):
        """The parsed expression; FunctionError if it is not valid yaql."""
        if not isinstance(expression, str):
            self.fail('the expression must be a string', ('expression',))
        if len(expression) > MAX_EXPRESSION_LENGTH:
            self.fail('the expression is %d characters long, more than the limit of %d'
                      % (len(expression), MAX_EXPRESSION_LENGTH), ('expression',))
        parser = self.parser()
        try:
            return parser(expression)
        except Exception as exc:  # noqa: BLE001 - yaql's errors; the lexer raises plain ones too
            self.fail('bad expression: %s' % exc, ('expression',))

    def result(self, scope):
        args = self.args
        if not isinstance(args, dict) or 'expression' not in args:
            self.fail_usage()
        statement = self.parse(fn.resolve(args['expression'], scope))
        data = fn.resolve(args.get('data', {}), scope)
        self.parser()
        try:
            return statement.evaluate({'data': data}, Yaql._context.create_child_context())
        except Exception as exc:  # noqa: BLE001 - yaql's errors and its functions' (1/0, ...)
            from yaql.language import exceptions as yaql_errors
            if isinstance(exc, yaql_errors.YaqlException):
                self.fail('evaluation failed: %s' % exc, ('expression',))
            self.fail('evaluation failed: %s: %s' % (type(exc).__name__, exc),
                      ('expression',))


class YaqlCondition(Yaql):
    """``yaql`` from 2017-09-01: also usable in conditions."""

    since = v.V2017_09_01
    until = None
    condition_function = True
