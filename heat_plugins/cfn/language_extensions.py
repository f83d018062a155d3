"""The ``AWS::LanguageExtensions`` transform: ``Fn::ForEach`` loops.

A loop is a map key whose value is ``[Identifier, Collection, {OutputKey:
OutputValue}]``::

    Resources:
      Fn::ForEach::Topics:
        - TopicName
        - [Success, Failure]
        - SnsTopic${TopicName}:
            Type: AWS::SNS::Topic
            Properties: {TopicName: !Ref TopicName}

The transform replaces the key by a copy of the fragment for every item of
the collection, with ``${Identifier}`` (the item) and ``&{Identifier}`` (the
item without its non-alphanumeric characters) substituted in keys and
strings and ``{Ref: Identifier}`` replaced by the item.  Loops may be
nested and may appear in any map of the Resources, Outputs and Conditions
sections.  The collection is a list or a ``Ref`` to a list parameter whose
value is known when the template is read (the environment's parameters or
parameter_defaults, or the declared Default).

After the loops, ``Fn::Sub`` calls left without variables become plain
strings, so that ``!Ref {Fn::Sub: Subnet${Name}}`` is a reference to a
resource, as the transform makes it in AWS CloudFormation.  Problems found
while expanding are reported at the loop's key; later problems in generated
definitions are shown at the line of the fragment they were made from.

The transform's functions (``Fn::Length``, ``Fn::ToJsonString``,
``Fn::FindInMap`` with ``DefaultValue``) are ordinary function plugins.
"""

from __future__ import annotations

import re
from typing import Any

from heat_core.errors import Issues, Unresolved
from heat_core.template import functions as fn
from heat_core.template import parameters as p

PREFIX = 'Fn::ForEach::'
LOOP_SECTIONS = ('Conditions', 'Resources', 'Outputs')
USAGE = '[Identifier, Collection, {OutputKey: OutputValue}]'
#: the most map entries the loops of one template may generate
MAX_ENTRIES = 10000

_NOT_ALNUM = re.compile(r'[^A-Za-z0-9]')
_VARIABLE = re.compile(r'\$\{([^}]*)\}')


def is_loop(key: Any) -> bool:
    return isinstance(key, str) and key.startswith(PREFIX)


def expand(template) -> dict:
    """The template's data with every ``Fn::ForEach`` loop expanded (and
    variable-free ``Fn::Sub`` calls folded); problems go to
    ``template.issues``."""
    expander = _Expander(template)
    data = dict(template.data)
    for section, value in template.data.items():
        if not isinstance(value, (dict, list)):
            continue
        if section in LOOP_SECTIONS and isinstance(value, dict):
            data[section] = _fold(expander.expand_map(value, (section,), (section,), {}))
        else:
            data[section] = _drop_loops(value, (section,), template.issues, '%s cannot be used '
                                        'in the %s section' % ('Fn::ForEach', section))
    resources = data.get('Resources')
    if isinstance(resources, dict):
        for name, path in expander.loop_names.items():
            if name in resources:
                template.issues.error(path, 'The loop name "%s" is also the name of a '
                                      'resource' % name)
    template.loop_parameters = expander.parameters
    if expander.origins and hasattr(template.issues.source, 'locate'):
        template.issues.source = ExpandedSource(template.issues.source, expander.origins)
    return data


def strip_loops(template) -> dict:
    """Without the transform, every ``Fn::ForEach`` key is an error: the
    template's data without them."""
    text = getattr(template.doc, 'text', None)
    if text is not None and 'ForEach' not in text:
        return template.data   # a substring test is far cheaper than a walk
    if not _has_loop(template.data):
        return template.data
    return _drop_loops(template.data, (), template.issues,
                       'Fn::ForEach requires "Transform: AWS::LanguageExtensions"')


def static_value(template, value: Any, path: tuple) -> Any:
    """The value of a resource attribute that the transform resolves (a
    resource's Condition may be e.g. a ``Fn::FindInMap``); ``NO_VALUE``
    removes the attribute, None means it could not be resolved (recorded)."""
    from heat_core.template.scope import StaticScope
    from heat_core.template.validation import parameter_values
    from heat_plugins.cfn.functions import FunctionError

    tree = template.parse_tree(value, path)
    values = parameter_values(template, None, Issues(), check_values=False)
    try:
        return fn.resolve(tree, StaticScope(template, values))
    except FunctionError as exc:
        where = exc.origin.args_path + exc.sub if exc.origin is not None else path
        template.issues.error(where, exc.message)
    except Unresolved:
        template.issues.error(path, 'The value must be known when the template is transformed '
                                    '(use mappings, conditions and parameters with values)')
    except Exception:  # noqa: BLE001 - malformed arguments
        template.issues.error(path, 'The value cannot be resolved when the template is '
                                    'transformed')
    return None


class ExpandedSource:
    """The template's document as seen through the expansion: positions of
    generated paths are those of the fragments they were made from."""

    def __init__(self, doc, origins: dict):
        self.doc = doc
        self.origins = origins

    def __getattr__(self, name):
        return getattr(self.doc, name)

    def original_path(self, path: tuple) -> tuple:
        path = tuple(path)
        for i in range(len(path), 0, -1):
            origin = self.origins.get(path[:i])
            if origin is not None:
                return origin + path[i:]
        return path

    def locate(self, path) -> tuple:
        return self.doc.locate(self.original_path(path))


class _Expander:
    def __init__(self, template):
        self.template = template
        self.issues = template.issues
        self.origins: dict = {}          # generated path -> path in the document
        self.loop_names: dict = {}       # loop name -> path of its key
        self.parameters: set = set()     # parameters used as collections
        self.generated = 0
        self.too_many = False

    # -- walking -------------------------------------------------------------
    def expand_map(self, data: dict, src: tuple, out: tuple, bindings: dict) -> dict:
        """``data`` (found at ``src`` in the document, going to ``out``)
        with its loops expanded and ``bindings`` substituted."""
        literal = {_substitute(k, bindings) for k in data if not is_loop(k)}
        result: dict = {}
        for key, value in data.items():
            kpath = src + (key,)
            if is_loop(key):
                for new_key, new_value in self.loop(key, value, kpath, out, bindings):
                    if new_key in literal:
                        self.issues.error(kpath, '%s: the key "%s" it makes is already '
                                                 'defined' % (key, new_key))
                    elif new_key in result:
                        self.issues.error(kpath, '%s: the key "%s" is made more than once' % (
                            key, new_key))
                    else:
                        result[new_key] = new_value
                continue
            new_key = _substitute(key, bindings)
            if new_key in result:
                self.issues.error(kpath, 'The key "%s" appears more than once after '
                                         'substitution' % new_key)
                continue
            if bindings and new_key != key:
                self.origins[out + (new_key,)] = kpath
            result[new_key] = self.value(value, kpath, out + (new_key,), bindings)
        return result

    def value(self, value: Any, src: tuple, out: tuple, bindings: dict) -> Any:
        if isinstance(value, dict):
            if bindings and len(value) == 1 and 'Ref' in value:
                target = value['Ref']
                if isinstance(target, str) and target in bindings:
                    return bindings[target]
            return self.expand_map(value, src, out, bindings)
        if isinstance(value, list):
            return [self.value(v, src + (i,), out + (i,), bindings)
                    for i, v in enumerate(value)]
        return _substitute(value, bindings)

    # -- one loop --------------------------------------------------------------
    def loop(self, key: str, args: Any, kpath: tuple, out: tuple, bindings: dict):
        """``(key, value)`` pairs made by the loop at ``kpath``."""
        name = key[len(PREFIX):]
        if not name or '::' in name:
            self.issues.error(kpath, 'A loop key must be Fn::ForEach::<UniqueLoopName>')
            return
        if name in self.loop_names and self.loop_names[name] != kpath:
            self.issues.error(kpath, '%s: the loop name "%s" is already used' % (key, name))
            return
        self.loop_names[name] = kpath
        if not isinstance(args, list) or len(args) != 3:
            self.issues.error(kpath, '%s: the value must be %s' % (key, USAGE))
            return
        ident, collection, fragment = args
        if not isinstance(ident, str) or not ident:
            self.issues.error(kpath + (0,), '%s: the identifier must be a string' % key)
            return
        if ident in bindings:
            self.issues.error(kpath + (0,), '%s: the identifier "%s" is already used by an '
                                            'enclosing loop' % (key, ident))
            return
        if not isinstance(fragment, dict):
            self.issues.error(kpath + (2,), '%s: the output must be a map {OutputKey: '
                                            'OutputValue}' % key)
            return
        items = self.collection(key, self.value(collection, kpath + (1,), out, bindings),
                                kpath + (1,))
        if items is None:
            return
        for item in items:
            inner = dict(bindings)
            inner[ident] = item
            expanded = self.expand_map(fragment, kpath + (2,), out, inner)
            self.generated += len(expanded)
            if self.generated > MAX_ENTRIES:
                if not self.too_many:
                    self.too_many = True
                    self.issues.error(kpath, '%s: the loops make more than %d entries' % (
                        key, MAX_ENTRIES))
                return
            for new_key, new_value in expanded.items():
                # keys made by loops inside the fragment already have an origin
                if out + (new_key,) not in self.origins:
                    self.origins[out + (new_key,)] = kpath + (2, _find_source_key(
                        fragment, new_key, inner))
                yield new_key, new_value

    def collection(self, key: str, value: Any, path: tuple) -> list | None:
        """The items of a loop's collection (strings), or None (recorded)."""
        if isinstance(value, dict) and list(value) == ['Ref'] and isinstance(value['Ref'], str):
            value = self.parameter_list(key, value['Ref'], path)
            if value is None:
                return None
        if not isinstance(value, list):
            self.issues.error(path, '%s: the collection must be a list or a Ref to a '
                                    'CommaDelimitedList parameter' % key)
            return None
        items = []
        for i, item in enumerate(value):
            if isinstance(item, bool) or not isinstance(item, (str, int, float)):
                self.issues.error(path + (i,), '%s: the items of the collection must be '
                                               'strings' % key)
                return None
            items.append(str(item))
        return items

    def parameter_list(self, key: str, name: str, path: tuple) -> list | None:
        section = self.template.data.get('Parameters')
        decl = section.get(name) if isinstance(section, dict) else None
        if not isinstance(decl, dict):
            self.issues.error(path, '%s: the collection refers to "%s", which is no '
                                    'parameter' % (key, name))
            return None
        type_name = decl.get('Type')
        if not isinstance(type_name, str) or not (
                type_name == p.LIST or type_name.startswith('List<')):
            self.issues.error(path, '%s: parameter "%s" is of type %s: the collection must be '
                                    'a CommaDelimitedList or List<...> parameter' % (
                                        key, name, type_name))
            return None
        self.parameters.add(name)
        env = self.template.env
        if name in env.parameters:
            raw = env.parameters[name]
        elif name in env.parameter_defaults:
            raw = env.parameter_defaults[name]
        elif 'Default' in decl:
            raw = decl['Default']
        else:
            self.issues.error(path, '%s: parameter "%s" has no value when the template is '
                                    'transformed (give it a Default or a value in the '
                                    'environment)' % (key, name))
            return None
        try:
            return p.to_list(raw)
        except ValueError as exc:
            self.issues.error(path, '%s: parameter "%s": %s' % (key, name, exc))
            return None


def _substitute(value: Any, bindings: dict) -> Any:
    if not bindings or not isinstance(value, str):
        return value
    for ident, item in bindings.items():
        value = value.replace('${%s}' % ident, item).replace(
            '&{%s}' % ident, _NOT_ALNUM.sub('', item))
    return value


def _find_source_key(fragment: dict, new_key: Any, bindings: dict) -> Any:
    """The fragment key a generated key was made from (for positions)."""
    for key in fragment:
        if not is_loop(key) and _substitute(key, bindings) == new_key:
            return key
    return next(iter(fragment), new_key)


def _has_loop(data: Any) -> bool:
    if isinstance(data, dict):
        return any(is_loop(k) or _has_loop(v) for k, v in data.items())
    if isinstance(data, list):
        return any(_has_loop(v) for v in data)
    return False


def _drop_loops(data: Any, path: tuple, issues: Issues, message: str) -> Any:
    """``data`` without its loop keys, each reported with ``message``."""
    if isinstance(data, dict):
        out = {}
        for key, value in data.items():
            if is_loop(key):
                issues.error(path + (key,), message)
            else:
                out[key] = _drop_loops(value, path + (key,), issues, message)
        return out
    if isinstance(data, list):
        return [_drop_loops(v, path + (i,), issues, message) for i, v in enumerate(data)]
    return data


def _fold(data: Any) -> Any:
    """``{Fn::Sub: text}`` without variables becomes the text."""
    if isinstance(data, dict):
        if len(data) == 1 and 'Fn::Sub' in data:
            text = _literal_sub(data['Fn::Sub'])
            if text is not None:
                return text
        return {k: _fold(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_fold(v) for v in data]
    return data


def _literal_sub(args: Any) -> str | None:
    if isinstance(args, list) and len(args) == 2 and args[1] == {}:
        args = args[0]
    if not isinstance(args, str):
        return None
    if any(not m.group(1).startswith('!') for m in _VARIABLE.finditer(args)):
        return None
    return _VARIABLE.sub(lambda m: '${%s}' % m.group(1)[1:], args)
