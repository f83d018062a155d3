"""HOT functions that transform lists and maps: repeat, map_merge,
map_replace, filter, list_concat and list_concat_unique."""

from __future__ import annotations

import itertools

from heat_core.template import functions as fn
from heat_core.template.functions import Function
from heat_plugins.hot import versions as v
from heat_plugins.hot.functions_base import HotFunction, describe_value, to_json


class Repeat(HotFunction):
    """``repeat: {template: ..., for_each: {placeholder: list}}``: the
    template rendered for every combination of the lists' items
    (2015-04-30 to 2016-04-08: lists only)."""

    name = 'repeat'
    description = ('A list made by rendering a template for every combination of the '
                   'items of one or more lists.')
    usage = '{template: <template>, for_each: {<placeholder>: <list>, ...}}'
    since = v.V2015_04_30
    until = v.V2016_04_08
    #: the for_each values may be maps (their keys are iterated)
    maps_allowed = False
    #: the ``permutations`` argument exists
    has_permutations = False

    def check(self, ctx):
        allowed = ('template', 'for_each') + (('permutations',) if self.has_permutations
                                              else ())
        notes = {} if self.has_permutations else {'permutations': v.since_note('permutations')}
        if not self.check_keys(ctx, allowed, ('template', 'for_each'), unknown_is_error=False,
                               notes=notes):
            return False
        for_each = self.args['for_each']
        if not isinstance(for_each, (dict, Function)):
            self.error(ctx, 'for_each must be a map of placeholders to lists', ('for_each',))
            return False
        if self.has_permutations and not isinstance(self.args.get('permutations', True), bool):
            self.error(ctx, 'permutations must be true or false', ('permutations',))
            return False
        return True

    def _nested(self) -> bool:
        if not self.has_permutations:
            return True
        return self.args.get('permutations', True)

    def _values(self, placeholder, value, nested):
        if value is None:
            return []
        if isinstance(value, list):
            return value
        if isinstance(value, dict) and self.maps_allowed and nested:
            return list(value)
        kinds = 'lists or maps' if self.maps_allowed and nested else 'lists'
        self.fail('the for_each values must be %s; "%s" is %s' % (
            kinds, placeholder, describe_value(value)), ('for_each', placeholder))

    def result(self, scope):
        args = self.args
        if not isinstance(args, dict) or 'template' not in args or 'for_each' not in args:
            self.fail_usage()
        nested = self._nested()
        if not isinstance(nested, bool):
            self.fail('permutations must be true or false', ('permutations',))
        for_each = fn.resolve(args['for_each'], scope)
        if not isinstance(for_each, dict):
            self.fail('for_each must be a map of placeholders to lists', ('for_each',))
        keys, lists, lengths = [], [], set()
        for key, value in for_each.items():
            if not isinstance(key, str):
                self.fail('the placeholders must be strings, not %s' % describe_value(key),
                          ('for_each',))
            keys.append(key)
            lists.append(self._values(key, value, nested))
            if value is not None:
                lengths.add(len(lists[-1]))
        if not nested and len(lengths) > 1:
            self.fail('without permutations the for_each lists must have the same length',
                      ('for_each',))
        template = fn.resolve(args['template'], scope)
        combine = itertools.product if nested else zip
        return [render(template, keys, values) for values in combine(*lists)]


def render(template, keys, values):
    """A copy of ``template`` with each placeholder in ``keys`` replaced by
    the matching item of ``values`` (in strings, map keys included)."""
    if isinstance(template, str):
        for key, value in zip(keys, values):
            if key in template:
                template = template.replace(key, _as_text(value))
        return template
    if isinstance(template, list):
        return [render(item, keys, values) for item in template]
    if isinstance(template, dict):
        return {render(k, keys, values): render(item, keys, values)
                for k, item in template.items()}
    return template


def _as_text(value) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, (dict, list)):
        return to_json(value)
    return str(value)


class RepeatWithMap(Repeat):
    """``repeat`` of 2016-10-14 and 2017-02-24: a for_each value may be a
    map, whose keys are iterated."""

    since = v.V2016_10_14
    until = v.V2017_02_24
    maps_allowed = True


class RepeatWithPermutations(RepeatWithMap):
    """``repeat`` from 2017-09-01: ``permutations: false`` walks the lists
    side by side (they must be lists of one length) instead of nesting."""

    description = ('A list made by rendering a template for every combination of the '
                   'items of one or more lists (or side by side without permutations).')
    usage = ('{template: <template>, for_each: {<placeholder>: <list>, ...}, '
             'permutations: <boolean>}')
    since = v.V2017_09_01
    until = None
    has_permutations = True


class MapMerge(HotFunction):
    """``map_merge: [map, map, ...]``: later maps override earlier keys."""

    name = 'map_merge'
    description = 'Maps merged into one; the values of later maps win.'
    usage = '[<map>, <map>, ...]'
    since = v.V2016_04_08

    def result(self, scope):
        args = self.container(scope)
        if not isinstance(args, list):
            self.fail_usage()
        merged = {}
        for i, tree in enumerate(args):
            item = fn.resolve(tree, scope)
            if item is None:
                continue
            if not isinstance(item, dict):
                self.fail('the items to merge must be maps, not %s' % describe_value(item),
                          (i,))
            merged.update(item)
        return merged


class MapReplace(HotFunction):
    """``map_replace: [map, {keys: {old: new}, values: {old: new}}]``."""

    name = 'map_replace'
    description = 'A map with some of its keys and values replaced.'
    usage = '[<map>, {keys: {<old>: <new>}, values: {<old>: <new>}}]'
    since = v.V2016_10_14

    def _map(self, value, sub):
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.fail('%s must be a map, not %s' % (
                'the input' if sub == (0,) else 'the replacements', describe_value(value)),
                sub)
        return value

    def result(self, scope):
        args = self.container(scope)
        if not isinstance(args, list) or len(args) != 2:
            self.fail_usage()
        source = self._map(fn.resolve(args[0], scope), (0,))
        spec = self._map(fn.resolve(args[1], scope), (1,))
        for key in spec:
            if key not in ('keys', 'values'):
                self.fail('unknown replacement "%s": use keys and/or values' % key, (1, key))
        new_keys = self._map(spec.get('keys'), (1, 'keys'))
        new_values = self._map(spec.get('values'), (1, 'values'))
        out = {}
        for key, value in source.items():
            new = new_keys.get(key)
            if new is None:
                new = key
            elif new in source and new != key:
                self.fail('the key replacement "%s" collides with a key in the input map'
                          % new, (1, 'keys'))
            elif new in out:
                self.fail('the key replacement "%s" collides with a key in the output map'
                          % new, (1, 'keys'))
            try:
                out[new] = new_values.get(value, value)
            except TypeError:   # unhashable values (lists, maps) are kept
                out[new] = value
        return out


class Filter(HotFunction):
    """``filter: [values_to_remove, list]``."""

    name = 'filter'
    description = 'A list with the given values removed.'
    usage = '[<values to remove>, <list>]'
    since = v.V2017_02_24

    def check(self, ctx):
        if not isinstance(self.args, list) or len(self.args) != 2:
            self.error(ctx, 'the arguments must have the form %s' % self.usage)
            return False
        return True

    def result(self, scope):
        args = self.args
        if not isinstance(args, list) or len(args) != 2:
            self.fail_usage()
        sequence = fn.resolve(args[1], scope)
        if not sequence:
            return sequence
        if not isinstance(sequence, list):
            self.fail('can only filter a list, not %s' % describe_value(sequence), (1,))
        remove = fn.resolve(args[0], scope)
        if not remove:
            return sequence
        if not isinstance(remove, list):
            self.fail('the values to remove must be a list', (0,))
        return [item for item in sequence if item not in remove]


class ListConcat(HotFunction):
    """``list_concat: [list, list, ...]``."""

    name = 'list_concat'
    description = 'Lists joined into one list.'
    usage = '[<list>, <list>, ...]'
    since = v.V2017_09_01
    unique = False

    def result(self, scope):
        args = self.container(scope)
        if not isinstance(args, list):
            self.fail_usage()
        out = []
        for i, tree in enumerate(args):
            item = fn.resolve(tree, scope)
            if item is None:
                continue
            if not isinstance(item, list):
                self.fail('the items to concatenate must be lists, not %s'
                          % describe_value(item), (i,))
            out.extend(item)
        if self.unique:
            # keep the last of each repeated item (compared with ==: items
            # may be maps)
            out = [item for i, item in enumerate(out) if item not in out[i + 1:]]
        return out


class ListConcatUnique(ListConcat):
    """``list_concat_unique``: list_concat without repeated items."""

    name = 'list_concat_unique'
    description = 'Lists joined into one list without repeated items.'
    unique = True
