"""HOT functions that build or take apart strings: str_replace (and its
strict variants), list_join, str_split, digest and make_url."""

from __future__ import annotations

import hashlib
from urllib import parse as urlparse

from heat_core.template import functions as fn
from heat_core.template.functions import Function
from heat_plugins.hot import versions as v
from heat_plugins.hot.functions_base import HotFunction, describe_value, to_json


def replace_all(func, template: str, mapping: dict, strict: bool) -> str:
    """Substitute every key of ``mapping`` in ``template``.

    Longer keys win over shorter ones they contain (then the
    alphabetically smaller one), and replaced text is never searched again:
    the template is split on a key, the pieces are searched for the
    remaining keys, and then joined with the value.
    """
    keys = sorted(sorted(mapping), key=len, reverse=True)
    found = set()

    def substitute(pieces, remaining):
        if not remaining:
            return pieces
        key, rest = remaining[0], remaining[1:]
        out = []
        for piece in pieces:
            parts = piece.split(key)
            if len(parts) > 1:
                found.add(key)
            out.append(mapping[key].join(substitute(parts, rest)))
        return out

    result = substitute([template], keys)[0]
    if strict:
        missing = [k for k in keys if k not in found]
        if missing:
            func.fail('the following params were not found in the template: %s'
                      % ','.join(missing), ('params',))
    return result


class Replace(HotFunction):
    """``str_replace: {template: ..., params: {placeholder: value}}``
    (until 2015-04-30: values must be strings or numbers)."""

    name = 'str_replace'
    description = 'A string with placeholders replaced by values.'
    usage = '{template: <string>, params: {<placeholder>: <value>, ...}}'
    until = v.V2015_04_30
    #: params that do not occur in the template are an error
    strict = False
    #: empty (None, "", [], {}) values are an error
    allow_empty = True
    #: lists and maps are serialised as JSON (else an error)
    json_values = False

    def check(self, ctx):
        if not self.check_keys(ctx, ('template', 'params'), ('template', 'params'),
                               unknown_is_error=False):
            return False
        params = self.args['params']
        if not isinstance(params, (dict, Function)):
            self.error(ctx, 'params must be a map', ('params',))
            return False
        return True

    def _text(self, placeholder, value):
        if value is None or (not self.allow_empty and value in ('', [], {})):
            if not self.allow_empty:
                self.fail('the value of param "%s" is undefined or empty; it must be a '
                          'defined, non-empty value' % placeholder, ('params', placeholder))
            return ''
        if isinstance(value, bool):
            return str(value)
        if isinstance(value, (str, int, float)):
            return str(value)
        if self.json_values and isinstance(value, (dict, list)):
            return to_json(value)
        kinds = 'strings, numbers, lists or maps' if self.json_values else 'strings or numbers'
        self.fail('params must be %s; param "%s" is %s' % (
            kinds, placeholder, describe_value(value)), ('params', placeholder))

    def result(self, scope):
        args = self.args
        if not isinstance(args, dict) or 'template' not in args or 'params' not in args:
            self.fail_usage()
        template = fn.resolve(args['template'], scope)
        params = fn.resolve(args['params'], scope)
        if not isinstance(template, str):
            self.fail('the template must be a string', ('template',))
        if not isinstance(params, dict):
            self.fail('params must be a map', ('params',))
        mapping = {}
        for key, value in params.items():
            if not isinstance(key, str):
                self.fail('param placeholders must be strings, not %s' % describe_value(key),
                          ('params',))
            mapping[key] = self._text(key, value)
        return replace_all(self, template, mapping, self.strict)


class ReplaceJson(Replace):
    """``str_replace`` from 2015-10-15: list and map values are serialised
    as JSON."""

    description = ('A string with placeholders replaced by values (lists and maps '
                   'become JSON).')
    since = v.V2015_10_15
    until = None
    json_values = True


class ReplaceStrict(ReplaceJson):
    """``str_replace_strict``: like str_replace, but every param must occur
    in the template."""

    name = 'str_replace_strict'
    description = ('A string with placeholders replaced by values; every placeholder '
                   'must occur in the template.')
    since = v.V2017_02_24
    strict = True


class ReplaceVeryStrict(ReplaceStrict):
    """``str_replace_vstrict``: like str_replace_strict, and no value may be
    empty."""

    name = 'str_replace_vstrict'
    description = ('A string with placeholders replaced by values; every placeholder '
                   'must occur in the template and no value may be empty.')
    since = v.V2017_09_01
    allow_empty = False


class Join(HotFunction):
    """``list_join: [delimiter, [string, ...]]`` (until 2015-04-30)."""

    name = 'list_join'
    description = 'The strings of a list joined with a delimiter.'
    usage = '[<delimiter>, [<string>, ...]]'
    until = v.V2015_04_30

    def _lists(self):
        args = self.args
        if not isinstance(args, list) or len(args) != 2:
            self.fail_usage()
        return args[0], args[1:]

    def _skip(self, items) -> bool:
        return items is None

    def _item(self, item, sub):
        if item is None:
            return ''
        if isinstance(item, str):
            return item
        self.fail('the items to join must be strings, not %s' % describe_value(item), sub)

    def result(self, scope):
        delim_tree, lists = self._lists()
        delim = fn.resolve(delim_tree, scope)
        if not isinstance(delim, str):
            self.fail('the delimiter must be a string', (0,))
        strings = []
        for i, tree in enumerate(lists, start=1):
            items = fn.resolve(tree, scope)
            if self._skip(items):
                continue
            if not isinstance(items, list):
                self.fail('must join a list, not %s' % describe_value(items), (i,))
            strings += [self._item(item, (i,)) for item in items]
        return delim.join(strings)


class JoinMultiple(Join):
    """``list_join`` from 2015-10-15: several lists may be given, and list
    or map items are serialised as JSON."""

    description = ('The strings of one or more lists joined with a delimiter (lists and '
                   'maps become JSON).')
    usage = '[<delimiter>, [<string>, ...], ...]'
    since = v.V2015_10_15
    until = None

    def _lists(self):
        args = self.args
        if not isinstance(args, list) or len(args) < 2:
            self.fail_usage()
        return args[0], args[1:]

    def _skip(self, items) -> bool:
        # every empty value (None, '', []) adds nothing
        return not items

    def _item(self, item, sub):
        if isinstance(item, (dict, list)):
            return to_json(item)
        if item is None or isinstance(item, str):
            return super()._item(item, sub)
        self.fail('the items to join must be strings, maps or lists, not %s'
                  % describe_value(item), sub)


class StrSplit(HotFunction):
    """``str_split: [delimiter, string]`` or ``[delimiter, string, index]``."""

    name = 'str_split'
    description = 'A string split into a list at a delimiter, or one item of that list.'
    usage = '[<delimiter>, <string>] or [<delimiter>, <string>, <index>]'
    since = v.V2015_10_15

    def result(self, scope):
        args = self.container(scope)
        if not isinstance(args, list) or len(args) not in (2, 3):
            self.fail_usage()
        delim = fn.resolve(args[0], scope)
        text = fn.resolve(args[1], scope)
        if not isinstance(delim, str) or not delim:
            self.fail('the delimiter must be a non-empty string', (0,))
        if text is None:
            return None
        if not isinstance(text, str):
            self.fail('can only split a string, not %s' % describe_value(text), (1,))
        items = text.split(delim)
        if len(args) == 2:
            return items
        index = fn.resolve(args[2], scope)
        try:
            index = int(index)
        except (TypeError, ValueError):
            self.fail('the index must be an integer, not %s' % describe_value(index), (2,))
        if not -len(items) <= index < len(items):
            self.fail('the index %d is out of range: use 0 to %d' % (index, len(items) - 1),
                      (2,))
        return items[index]


class Digest(HotFunction):
    """``digest: [algorithm, value]``: the hex digest of a string."""

    name = 'digest'
    description = 'The hex digest of a string with a hashlib algorithm (e.g. sha256).'
    usage = '[<algorithm>, <value>]'
    since = v.V2015_04_30

    @staticmethod
    def algorithms() -> list:
        # shake_* need a length for hexdigest(): not usable here
        return sorted(a for a in hashlib.algorithms_available if not a.startswith('shake'))

    def result(self, scope):
        args = fn.resolve(self.container(scope), scope)
        if not isinstance(args, list) or len(args) != 2:
            self.fail_usage()
        algorithm, value = args
        if not isinstance(algorithm, str):
            self.fail('the algorithm must be a string', (0,))
        if not isinstance(value, str):
            self.fail('the value must be a string, not %s' % describe_value(value), (1,))
        name = algorithm.lower()
        if name not in self.algorithms():
            self.fail('unknown algorithm "%s": use one of %s' % (
                algorithm, ', '.join(self.algorithms())), (0,))
        try:
            digest = hashlib.new(name)
        except ValueError:
            self.fail('the algorithm "%s" is not available here' % algorithm, (0,))
        digest.update(value.encode('utf-8'))
        return digest.hexdigest()


class MakeUrl(HotFunction):
    """``make_url: {scheme, username, password, host, port, path, query,
    fragment}``: a correctly escaped URL."""

    name = 'make_url'
    description = 'A URL built, correctly escaped, from its parts.'
    KEYS = ('scheme', 'username', 'password', 'host', 'port', 'path', 'query', 'fragment')
    usage = '{%s}' % ', '.join('%s: ...' % k for k in KEYS)
    since = v.V2017_09_01

    def check(self, ctx):
        return self.check_keys(ctx, self.KEYS)

    def _string(self, args, key):
        value = args.get(key, '')
        if value is None:
            return ''
        if not isinstance(value, str):
            self.fail('%s must be a string, not %s' % (key, describe_value(value)), (key,))
        return value

    def _port(self, args):
        port = args.get('port')
        if port is None or port == '':
            return ''
        try:
            number = int(port) if not isinstance(port, bool) else None
        except (TypeError, ValueError):
            number = None
        if number is None or not 0 < number <= 65535:
            self.fail('invalid port %s: it must be a number from 1 to 65535'
                      % describe_value(port), ('port',))
        return str(number)

    def result(self, scope):
        if not isinstance(self.args, dict):
            self.fail_usage()
        args = fn.resolve(self.args, scope)
        scheme = self._string(args, 'scheme')
        if ':' in scheme:
            self.fail('the scheme must not contain ":"', ('scheme',))
        user = urlparse.quote(self._string(args, 'username'), safe='')
        password = urlparse.quote(self._string(args, 'password'), safe='')
        host = self._string(args, 'host')
        if host.startswith('[') and host.endswith(']'):
            host = host[1:-1]
        host = urlparse.quote(host, safe=':')
        if ':' in host:     # an IPv6 address
            host = '[%s]' % host
        netloc = ''
        if user or password:
            netloc = user + (':' + password if password else '') + '@'
        netloc += host
        port = self._port(args)
        if port:
            netloc += ':' + port
        query = args.get('query') or {}
        if not isinstance(query, dict):
            self.fail('query must be a map', ('query',))
        query_text = urlparse.urlencode(query).replace('%2F', '/')
        path = urlparse.quote(self._string(args, 'path'))
        fragment = urlparse.quote(self._string(args, 'fragment'))
        return urlparse.urlunsplit((scheme, netloc, path, query_text, fragment))
