"""CloudFormation functions that make or read lists and maps:
``Fn::Select``, ``Fn::Cidr``, Heat's ``Fn::MemberListToMap`` and (with
AWS::LanguageExtensions) ``Fn::Length``."""

from __future__ import annotations

import ipaddress
import re

from heat_core.errors import did_you_mean
from heat_core.template.functions import Function, resolve, validate_tree
from heat_plugins.cfn.functions import (
    AWS_FORMAT,
    LANGUAGE_EXTENSIONS,
    CfnFunction,
    kind,
    scalar_text,
)


def to_int(value) -> int | None:
    """An integer written as a number or a string, or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            return None
    return None


class Select(CfnFunction):
    """``[index, list]``: the item at a (0-based) index; Heat also selects
    from a map by key."""
    name = 'Fn::Select'
    description = 'The item at an index of a list (or a key of a map).'
    usage = '[index, [value, ...]]'

    def check(self, ctx):
        if not self.list_args(ctx, 2):
            return False
        index, values = self.args
        ok = True
        if not isinstance(index, Function) and scalar_text(index) is None:
            self.error(ctx, 'the index must be a number, not %s' % kind(index), (0,))
            ok = False
        if not isinstance(values, (list, dict, Function)):
            self.error(ctx, 'the values must be a list, not %s' % kind(values), (1,))
            ok = False
        return ok

    def result(self, scope):
        if not isinstance(self.args, list) or len(self.args) != 2:
            raise self.fail('the arguments must be %s' % self.usage)
        index = resolve(self.args[0], scope)
        values = resolve(self.args[1], scope)
        if isinstance(values, dict):
            key = scalar_text(index)
            if key is None or key not in values:
                raise self.fail('the map has no key "%s"%s' % (key, did_you_mean(
                    str(key), [str(k) for k in values])), (0,))
            return values[key]
        if not isinstance(values, list):
            raise self.fail('the values must be a list, not %s' % kind(values), (1,))
        number = to_int(index)
        if number is None:
            raise self.fail('the index must be an integer, not "%s"' % (index,), (0,))
        if not 0 <= number < len(values):
            raise self.fail('index %d is out of range: the list has %d item%s' % (
                number, len(values), '' if len(values) == 1 else 's'), (0,))
        return values[number]


class Cidr(CfnFunction):
    """``[ipBlock, count, cidrBits]``: ``count`` consecutive subnets of
    ``ipBlock``, each with ``cidrBits`` host bits (IPv4 or IPv6)."""
    name = 'Fn::Cidr'
    description = 'A list of consecutive subnet CIDR blocks inside a CIDR block.'
    usage = '[ipBlock, count, cidrBits]'
    formats = AWS_FORMAT
    MAX_COUNT = 256

    def check(self, ctx):
        if not self.list_args(ctx, 3):
            return False
        ok = self.literal_string(ctx, self.args[0], 'the CIDR block', (0,))
        for i, what in ((1, 'the count'), (2, 'cidrBits')):
            value = self.args[i]
            if not isinstance(value, Function) and to_int(value) is None:
                self.error(ctx, '%s must be an integer, not %s' % (what, _shown(value)), (i,))
                ok = False
        return ok

    def result(self, scope):
        if not isinstance(self.args, list) or len(self.args) != 3:
            raise self.fail('the arguments must be %s' % self.usage)
        block = self.string_arg(scope, self.args[0], 'the CIDR block', (0,))
        try:
            network = ipaddress.ip_network(block.strip(), strict=False)
        except ValueError:
            raise self.fail('"%s" is not a CIDR block (e.g. 10.0.0.0/16)' % block, (0,)) \
                from None
        count = self._number(scope, 1, 'the count')
        bits = self._number(scope, 2, 'cidrBits')
        if not 1 <= count <= self.MAX_COUNT:
            raise self.fail('the count must be between 1 and %d, not %d' % (
                self.MAX_COUNT, count), (1,))
        host_bits = network.max_prefixlen - network.prefixlen
        if not 0 <= bits <= host_bits:
            raise self.fail('cidrBits must be between 0 and %d for %s, not %d' % (
                host_bits, network, bits), (2,))
        available = 2 ** (host_bits - bits)
        if count > available:
            raise self.fail('%s has room for %d subnet%s of /%d, not %d' % (
                network, available, '' if available == 1 else 's',
                network.max_prefixlen - bits, count), (1,))
        start = int(network.network_address)
        prefix = network.max_prefixlen - bits
        cls = type(network)
        return [str(cls((start + i * 2 ** bits, prefix))) for i in range(count)]

    def _number(self, scope, i, what):
        value = resolve(self.args[i], scope)
        number = to_int(value)
        if number is None:
            raise self.fail('%s must be an integer, not %s' % (what, _shown(value)), (i,))
        return number


def _shown(value):
    text = scalar_text(value)
    return '"%s"' % text if text is not None else kind(value)


# ".member.<N>.<Name>=value" items of an AWS query-style member list
_MEMBER = re.compile(r'^\.member\.([0-9]+)\.(.*)$')


class MemberListToMap(CfnFunction):
    """Heat's ``[keyName, valueName, [".member.N.<keyName>=k",
    ".member.N.<valueName>=v", ...]]``: the map ``{k: v}`` of an AWS
    query-style member list."""
    name = 'Fn::MemberListToMap'
    description = 'A map from an AWS style member list (Heat).'
    usage = '[keyName, valueName, [".member.0.keyName=key", ".member.0.valueName=value", ...]]'

    def check(self, ctx):
        if not self.list_args(ctx, 3):
            return False
        ok = True
        for i, what in ((0, 'the key name'), (1, 'the value name')):
            if not isinstance(self.args[i], str):
                self.error(ctx, '%s must be a string, not %s' % (what, kind(self.args[i])), (i,))
                ok = False
        if not isinstance(self.args[2], (list, Function)):
            self.error(ctx, 'the member list must be a list, not %s' % kind(self.args[2]),
                       (2,))
            ok = False
        return ok

    def result(self, scope):
        if not isinstance(self.args, list) or len(self.args) != 3:
            raise self.fail('the arguments must be %s' % self.usage)
        key_name = self.string_arg(scope, self.args[0], 'the key name', (0,))
        value_name = self.string_arg(scope, self.args[1], 'the value name', (1,))
        members = resolve(self.args[2], scope)
        if not isinstance(members, list):
            raise self.fail('the member list must be a list, not %s' % kind(members), (2,))
        # index -> {field: value}; items that are no member entries are ignored
        entries: dict = {}
        for i, item in enumerate(members):
            if not isinstance(item, str):
                raise self.fail('member %d must be a string, not %s' % (i, kind(item)), (2,))
            name, _, value = item.partition('=')
            match = _MEMBER.match(name)
            if match:
                entries.setdefault(int(match.group(1)), {})[match.group(2)] = value
        out = {}
        for index in sorted(entries):
            fields = entries[index]
            if key_name in fields and value_name in fields:
                out[fields[key_name]] = fields[value_name]
        return out


class Length(CfnFunction):
    """The number of items of a list (AWS::LanguageExtensions)."""
    name = 'Fn::Length'
    description = 'The number of items in a list (AWS::LanguageExtensions).'
    usage = 'a list'
    formats = AWS_FORMAT
    requires_transform = LANGUAGE_EXTENSIONS

    def validate(self, ctx):
        validate_tree(self.args, ctx)
        if not isinstance(self.args, (list, Function)):
            self.error(ctx, 'the argument must be a list, not %s' % kind(self.args))
            return
        self.check_value(ctx)

    def result(self, scope):
        value = resolve(self.args, scope)
        if not isinstance(value, list):
            raise self.fail('the argument must be a list, not %s' % kind(value))
        return len(value)
