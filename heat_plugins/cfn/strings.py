"""CloudFormation functions that build strings: ``Fn::Base64``,
``Fn::Join``, ``Fn::Split``, ``Fn::Sub``, Heat's ``Fn::Replace`` and
(with AWS::LanguageExtensions) ``Fn::ToJsonString``."""

from __future__ import annotations

import base64
import json
import re

from heat_core.errors import did_you_mean
from heat_core.template.functions import Function, resolve, validate_tree
from heat_plugins.cfn.functions import (
    AWS_FORMAT,
    LANGUAGE_EXTENSIONS,
    CfnFunction,
    attribute_value,
    kind,
    scalar_text,
)


class Base64(CfnFunction):
    """The Base64 encoding of a string (as UTF-8)."""
    name = 'Fn::Base64'
    description = 'The Base64 encoding of a string.'
    usage = 'a string'

    def check(self, ctx):
        return self.literal_string(ctx, self.args, 'the value')

    def result(self, scope):
        text = self.string_arg(scope, self.args, 'the value')
        return base64.b64encode(text.encode('utf-8')).decode('ascii')


class Join(CfnFunction):
    """``[delimiter, [value, ...]]``: the values joined by the delimiter."""
    name = 'Fn::Join'
    description = 'Values joined into one string with a delimiter.'
    usage = '[delimiter, [value, ...]]'

    def check(self, ctx):
        if not self.list_args(ctx, 2):
            return False
        delim, values = self.args
        ok = self.literal_string(ctx, delim, 'the delimiter', (0,))
        if not isinstance(values, (list, Function)):
            self.error(ctx, 'the values to join must be a list, not %s' % kind(values), (1,))
            ok = False
        return ok

    def result(self, scope):
        if not isinstance(self.args, list) or len(self.args) != 2:
            raise self.fail('the arguments must be %s' % self.usage)
        delim = self.string_arg(scope, self.args[0], 'the delimiter', (0,))
        values = resolve(self.args[1], scope)
        if not isinstance(values, list):
            raise self.fail('the values to join must be a list, not %s' % kind(values), (1,))
        texts = []
        for i, value in enumerate(values):
            text = scalar_text(value)
            if text is None:
                raise self.fail('item %d of the values to join must be a string, not %s' % (
                    i, kind(value)), (1, i) if isinstance(self.args[1], list) else (1,))
            texts.append(text)
        return delim.join(texts)


class Split(CfnFunction):
    """``[delimiter, string]``: the list of the parts of the string."""
    name = 'Fn::Split'
    description = 'A string split into a list at a delimiter.'
    usage = '[delimiter, string]'

    def check(self, ctx):
        if not self.list_args(ctx, 2):
            return False
        ok = self.literal_string(ctx, self.args[0], 'the delimiter', (0,))
        return self.literal_string(ctx, self.args[1], 'the string to split', (1,)) and ok

    def result(self, scope):
        if not isinstance(self.args, list) or len(self.args) != 2:
            raise self.fail('the arguments must be %s' % self.usage)
        delim = self.string_arg(scope, self.args[0], 'the delimiter', (0,))
        if not delim:
            raise self.fail('the delimiter must not be empty', (0,))
        return self.string_arg(scope, self.args[1], 'the string to split', (1,)).split(delim)


# ${Name}, ${Resource.Attribute}, ${AWS::Region}; ${!Text} is the literal ${Text}
_VARIABLE = re.compile(r'\$\{([^}]*)\}')


class Sub(CfnFunction):
    """``string`` or ``[string, {Var: value}]``: the string with every
    ``${Var}`` replaced by the variable's value, a parameter's value
    (``${Param}``, ``${AWS::Region}``), a resource's reference
    (``${Resource}``) or attribute (``${Resource.Attribute}``); ``${!X}`` is
    written as ``${X}``."""
    name = 'Fn::Sub'
    description = 'A string with ${Variables} replaced by values.'
    usage = 'a string or [string, {Variable: value, ...}]'
    formats = AWS_FORMAT

    # -- the arguments ------------------------------------------------------------
    def _parts(self):
        """``(string, variables, path of the string)`` or None if malformed."""
        args = self.args
        if isinstance(args, str):
            return args, {}, ()
        if isinstance(args, list) and len(args) == 2 and isinstance(args[0], str) \
                and isinstance(args[1], dict):
            return args[0], args[1], (0,)
        return None

    def names(self) -> list:
        """The variables the string uses, in order."""
        parts = self._parts()
        if parts is None:
            return []
        return [m.group(1) for m in _VARIABLE.finditer(parts[0])
                if not m.group(1).startswith('!')]

    def _target(self, name: str, variables: dict):
        """What a variable stands for: ('var'|'param'|'resource'|'attr', ...)
        or None if unknown."""
        tmpl = self.template
        if name in variables:
            return ('var', name)
        if tmpl.has_parameter(name):
            return ('param', name)
        if name in tmpl.resources:
            return ('resource', name)
        res, dot, attr = name.partition('.')
        if dot and res in tmpl.resources and attr:
            return ('attr', res, attr)
        return None

    # -- static -------------------------------------------------------------------
    def check(self, ctx):
        args = self.args
        if isinstance(args, list) and len(args) == 2:
            ok = True
            if not isinstance(args[0], str):
                self.error(ctx, 'the string must be a literal string, not %s' % kind(args[0]),
                           (0,))
                ok = False
            if not isinstance(args[1], dict):
                self.error(ctx, 'the variables must be a map, not %s' % kind(args[1]), (1,))
                ok = False
            if not ok:
                return False
        elif not isinstance(args, str):
            return self.bad_usage(ctx)
        string, variables, where = self._parts()
        ok = True
        used = set()
        for name in self.names():
            used.add(name)
            target = self._target(name, variables)
            if target is None:
                choices = list(variables) + list(self.template.parameters) + \
                    list(self.template.resources) + list(self.template.pseudo_parameters)
                self.error(ctx, 'unknown variable "${%s}"%s' % (name, did_you_mean(
                    name, choices)), where)
                ok = False
            elif target[0] == 'attr':
                ctx.check_attribute(target[1], target[2], self.args_path + where)
        for name in variables:
            if name not in used:
                ctx.issues.warning(self.args_path + (1, name), '%s: variable "%s" is not '
                                   'used in the string' % (self.fn_name, name))
        return ok

    def dependencies(self):
        parts = self._parts()
        if parts is None:
            yield from super().dependencies()
            return
        yield from super().dependencies()   # those of the variables' values
        for name in self.names():
            target = self._target(name, parts[1])
            if target is not None and target[0] in ('resource', 'attr'):
                yield target[1]

    def parameter_reference(self):
        parts = self._parts()
        if parts is None:
            return
        for name in self.names():
            target = self._target(name, parts[1])
            if target is not None and target[0] == 'param' and \
                    name in self.template.parameters:
                yield name

    # -- runtime ------------------------------------------------------------------
    def result(self, scope):
        parts = self._parts()
        if parts is None:
            raise self.fail('the arguments must be %s' % self.usage)
        string, variables, where = parts
        values = {}

        def value_of(name):
            if name in values:
                return values[name]
            target = self._target(name, variables)
            if target is None:
                raise self.fail('unknown variable "${%s}"' % name, where)
            if target[0] == 'var':
                value = resolve(variables[name], scope)
            elif target[0] == 'param':
                value = scope.parameter(name)
            elif target[0] == 'resource':
                value = scope.resource(name).reference()
            else:
                value = attribute_value(scope, target[1], target[2])
            text = scalar_text(value)
            if text is None:
                raise self.fail('variable "${%s}" must be a string, not %s' % (
                    name, kind(value)), where)
            values[name] = text
            return text

        def substitute(match):
            name = match.group(1)
            if name.startswith('!'):
                return '${%s}' % name[1:]
            return value_of(name)

        return _VARIABLE.sub(substitute, string)


class Replace(CfnFunction):
    """Heat's ``[{search: replacement, ...}, string]``: every occurrence of
    each search text replaced (longer search texts first, and replacements
    are not searched again)."""
    name = 'Fn::Replace'
    description = 'A string with texts replaced (Heat).'
    usage = '[{search: replacement, ...}, string]'

    def check(self, ctx):
        if not self.list_args(ctx, 2):
            return False
        changes, string = self.args
        ok = self.literal_string(ctx, string, 'the string', (1,))
        if not isinstance(changes, (dict, Function)):
            self.error(ctx, 'the replacements must be a map, not %s' % kind(changes), (0,))
            ok = False
        return ok

    def result(self, scope):
        if not isinstance(self.args, list) or len(self.args) != 2:
            raise self.fail('the arguments must be %s' % self.usage)
        changes = resolve(self.args[0], scope)
        if not isinstance(changes, dict):
            raise self.fail('the replacements must be a map, not %s' % kind(changes), (0,))
        string = self.string_arg(scope, self.args[1], 'the string', (1,))
        table = {}
        for search, replacement in changes.items():
            text = '' if replacement is None else scalar_text(replacement)
            if text is None:
                raise self.fail('the replacement of "%s" must be a string, not %s' % (
                    search, kind(replacement)), (0, search))
            if search != '':
                table[str(search)] = text
        if not table:
            return string
        pattern = re.compile('|'.join(re.escape(s) for s in sorted(table, key=len,
                                                                    reverse=True)))
        return pattern.sub(lambda m: table[m.group(0)], string)


class ToJsonString(CfnFunction):
    """A map or list as compact JSON text (AWS::LanguageExtensions)."""
    name = 'Fn::ToJsonString'
    description = 'A map or list as a JSON string (AWS::LanguageExtensions).'
    usage = 'a map or a list'
    formats = AWS_FORMAT
    requires_transform = LANGUAGE_EXTENSIONS

    def validate(self, ctx):
        validate_tree(self.args, ctx)
        if not isinstance(self.args, (dict, list, Function)):
            self.error(ctx, 'the argument must be a map or a list, not %s' % kind(self.args))
            return
        self.check_value(ctx)

    def result(self, scope):
        value = resolve(self.args, scope)
        if not isinstance(value, (dict, list)):
            raise self.fail('the argument must be a map or a list, not %s' % kind(value))
        return json.dumps(value, separators=(',', ':'), ensure_ascii=False)
