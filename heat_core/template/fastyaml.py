"""A faster YAML reader for the common case, with PyYAML's meaning.

PyYAML's C parser is fast, but building Python objects through its
composer, resolver and constructor costs three times the parse.  This
module builds the data straight from the parser's events, resolving plain
scalars exactly as PyYAML's safe loader does (YAML 1.1: ``yes`` is true,
``0x1F`` is 31; timestamps stay strings, as Heat reads them) with a cache
per distinct scalar text.  Anything unusual — explicit tags other than the
CloudFormation short forms, merge keys, aliases to containers, duplicate
keys, syntax errors — raises :class:`Fallback`, and the caller uses the
full loader, which gives the same data or the proper error with its
position.
"""

from __future__ import annotations

import yaml

_CParser = getattr(yaml, 'CSafeLoader', yaml.SafeLoader)

_STR = 'tag:yaml.org,2002:str'
_TIMESTAMP = 'tag:yaml.org,2002:timestamp'
_MERGE = 'tag:yaml.org,2002:merge'


class Fallback(Exception):
    """The text needs the full loader."""


class _Resolver(yaml.resolver.Resolver):
    pass


class _Constructor(yaml.constructor.SafeConstructor):
    pass


_resolver = _Resolver()
_constructor = _Constructor()
_SCALAR_CACHE: dict = {}
_CACHE_LIMIT = 50000


def _plain(value: str):
    """The Python value of a plain (unquoted, untagged) scalar."""
    try:
        return _SCALAR_CACHE[value]
    except KeyError:
        pass
    tag = _resolver.resolve(yaml.ScalarNode, value, (True, False))
    if tag == _STR or tag == _TIMESTAMP:
        result = value
    elif tag == _MERGE:
        raise Fallback('merge key')
    else:
        result = _constructor.construct_object(yaml.ScalarNode(tag, value), deep=True)
    if len(_SCALAR_CACHE) < _CACHE_LIMIT:
        _SCALAR_CACHE[value] = result
    return result


def load(text: str, short_forms: dict):
    """The data of a one-document YAML text; raises Fallback."""
    scalar_ev, mstart, sstart, alias_ev = (yaml.ScalarEvent, yaml.MappingStartEvent,
                                           yaml.SequenceStartEvent, yaml.AliasEvent)
    mend, send, dstart = yaml.MappingEndEvent, yaml.SequenceEndEvent, yaml.DocumentStartEvent
    stream_end = yaml.StreamEndEvent
    anchors: dict = {}
    # each frame: [container, is_mapping, pending key or _NO_KEY, wrap function name, anchor]
    frames: list = []
    top = None          # frames[-1], kept in a local: read once per event
    root = _NOTHING = object()
    no_key = _NO_KEY
    documents = 0
    cached = _SCALAR_CACHE.get
    parser = _CParser(text)
    # the parser's own get_event, without yaml.parse's generator and
    # check_event round trip per event
    next_event = parser.get_event
    try:
        while True:
            ev = next_event()
            kind = type(ev)
            if kind is scalar_ev:
                tag = ev.tag
                if tag is None or tag == '!':
                    if not ev.style and ev.implicit[0]:
                        value = cached(ev.value, no_key)
                        if value is no_key:
                            value = _plain(ev.value)
                    else:
                        value = ev.value
                elif tag[0] == '!' and tag[1:] in short_forms:
                    value = ev.value
                    fn_name = short_forms[tag[1:]]
                    if fn_name == 'Fn::GetAtt':
                        value = value.split('.', 1) if '.' in value else [value]
                    value = {fn_name: value}
                else:
                    raise Fallback('tag %s' % tag)
                if ev.anchor is not None:
                    anchors[ev.anchor] = value
            elif kind is mstart or kind is sstart:
                tag = ev.tag
                wrap = None
                if tag is not None and tag != '!':
                    if tag[0] == '!' and tag[1:] in short_forms:
                        wrap = short_forms[tag[1:]]
                    elif tag not in ('tag:yaml.org,2002:map', 'tag:yaml.org,2002:seq'):
                        raise Fallback('tag %s' % tag)
                top = [{} if kind is mstart else [], kind is mstart, no_key, wrap, ev.anchor]
                frames.append(top)
                continue
            elif kind is mend or kind is send:
                container, _is_map, _key, wrap, anchor = frames.pop()
                top = frames[-1] if frames else None
                value = {wrap: container} if wrap is not None else container
                if anchor is not None:
                    anchors[anchor] = value
            elif kind is stream_end:
                break
            elif kind is alias_ev:
                if ev.anchor not in anchors:
                    raise Fallback('alias to a container being built')
                value = anchors[ev.anchor]
                if isinstance(value, (dict, list)):
                    raise Fallback('alias to a container')  # the full loader shares it
            elif kind is dstart:
                documents += 1
                if documents > 1:
                    raise Fallback('several documents')
                continue
            else:
                continue
            # place the value
            if top is None:
                root = value
            elif top[1]:
                key = top[2]
                if key is no_key:
                    if type(value) is not str:
                        try:
                            hash(value)
                        except TypeError:
                            raise Fallback('unhashable key') from None
                    if value in top[0]:
                        raise Fallback('duplicate key')
                    top[2] = value
                else:
                    top[0][key] = value
                    top[2] = no_key
            else:
                top[0].append(value)
    except yaml.YAMLError as exc:
        raise Fallback(str(exc)) from None
    finally:
        parser.dispose()
    return None if root is _NOTHING else root


_NO_KEY = object()
