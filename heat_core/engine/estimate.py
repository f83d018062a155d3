"""What a template's resources would cost a month, from a price table.

The table is package data (``heat_core/data/prices.yaml``, which documents
its format); ``[DEFAULT] price_table`` names an operator's YAML file whose
top-level keys and per-type entries replace the built-in ones.  Property
values (an instance's type, a volume's size, a group's count) are resolved
from the parameters and the template's defaults as validation does; one
that cannot be known before the stack exists is priced as the table says
for an unknown value, and the item says so in its ``note``.

The answer's ``url`` is a ``data:`` URL holding the breakdown as plain
text: nothing outside the engine is consulted.
"""

from __future__ import annotations

import os
from importlib import resources as pkg
from urllib.parse import quote

import yaml

from heat_core.config import CONF
from heat_core.engine.stack import Stack
from heat_core.engine.wire import Secrets
from heat_core.errors import HeatError, Issues, Unresolved
from heat_core.resources import registry as reg
from heat_core.template import functions as fn
from heat_core.template import validation
from heat_core.template.scope import StaticScope

#: how deep groups of groups are followed
MAX_GROUP_DEPTH = 5


class PriceTableInvalid(HeatError):
    """The operator's price table cannot be used."""
    code = 'PriceTableInvalid'
    http_status = 500


def price_table() -> dict:
    """The built-in table with the operator's (``[DEFAULT] price_table``) over it."""
    text = pkg.files('heat_core').joinpath('data/prices.yaml').read_text(encoding='utf-8')
    table = yaml.safe_load(text)
    path = CONF.price_table
    if path:
        try:
            with open(os.path.expanduser(path), encoding='utf-8') as f:
                own = yaml.safe_load(f)
        except OSError as exc:
            raise PriceTableInvalid('Cannot read the price table %s: %s'
                                    % (path, exc.strerror or exc)) from None
        except yaml.YAMLError as exc:
            raise PriceTableInvalid('The price table %s is not valid YAML: %s'
                                    % (path, exc)) from None
        if not isinstance(own, dict):
            raise PriceTableInvalid('The price table %s must be a map (currency, '
                                    'hours_per_month, types)' % path)
        types = dict(table['types'])
        if own.get('types') is not None:
            if not isinstance(own['types'], dict):
                raise PriceTableInvalid('%s: "types" must be a map of resource types' % path)
            types.update(own['types'])
        table = {**table, **own, 'types': types}
    _check_table(table, path or 'the built-in price table')
    return table


def _check_table(table: dict, where: str) -> None:
    def bad(message):
        raise PriceTableInvalid('%s: %s' % (where, message))
    if not isinstance(table.get('currency'), str):
        bad('"currency" must be text, e.g. USD')
    hours = table.get('hours_per_month')
    if isinstance(hours, bool) or not isinstance(hours, (int, float)) or hours <= 0:
        bad('"hours_per_month" must be a positive number')
    for type_name, entry in table['types'].items():
        if entry is None:
            continue      # an operator removes a built-in price
        if not isinstance(entry, dict):
            bad('%s: an entry must be a map' % type_name)
        if 'group' in entry:
            group = entry['group']
            if not isinstance(group, dict) or not all(
                    isinstance(group.get(k), str) for k in ('count', 'member')):
                bad('%s: "group" must be {count: <property>, member: <property>}'
                    % type_name)
            continue
        if entry.get('per') not in ('hour', 'month'):
            bad('%s: "per" must be hour or month' % type_name)
        prices = [entry.get('price')] if 'key' not in entry else \
            list((entry.get('prices') or {}).values()) + [entry.get('other', 0)]
        if 'key' in entry and not isinstance(entry.get('prices'), dict):
            bad('%s: "prices" must map values of %s to prices' % (type_name, entry['key']))
        for price in prices:
            if isinstance(price, bool) or not isinstance(price, (int, float)) or price < 0:
                bad('%s: prices must be numbers of at least 0' % type_name)


def estimate(template, params: dict, cloud=None) -> dict:
    """``{monthly_cost, currency, url, items}`` for a validated template."""
    table = price_table()
    values = _values(template, params)
    stack = Stack('estimate', 'estimate', '', template, values, cloud)
    scope = StaticScope(template, values, cloud, stack_name='estimate')
    items = []
    for name, res in stack.resources.items():
        props = _resolved_properties(res.t.properties, scope)
        items.extend(_price(table, name, res.type_name, props, res.properties_schema,
                            stack.registry, 1, 0))
    secrets = Secrets.of(template, values, params)
    for item in items:   # a NoEcho parameter may choose a price: show not its value
        for key, value in item.items():
            if isinstance(value, str) and key not in ('resource', 'type', 'unit'):
                item[key] = secrets.scrub(value)
    total = round(sum(i['monthly_cost'] for i in items), 2)
    return {'monthly_cost': total, 'currency': table['currency'],
            'url': _data_url(table, items, total), 'items': items}


def _values(template, params: dict) -> dict:
    return validation.parameter_values(template, params, Issues(), None, check_values=False)


def _resolved_properties(tree, scope) -> dict:
    """Each property resolved, or ``Unresolved`` (the class) when unknown."""
    if isinstance(tree, dict):
        return {k: fn.try_resolve(v, scope) for k, v in tree.items()}
    value = fn.try_resolve(tree, scope) if tree is not None else {}
    return value if isinstance(value, dict) else {}


def _known(value) -> bool:
    return value is not Unresolved and not isinstance(value, fn.Function)


def _value(props: dict, schema: dict, key: str):
    """``(value, known)`` of a property: given, else its schema default."""
    if key in props and props[key] is not None:
        value = props[key]
        return value, _known(value)
    s = schema.get(key)
    default = getattr(s, 'default', None)
    return default, default is not None


def _price(table, name, type_name, props, schema, registry, count, depth) -> list[dict]:
    entry = table['types'].get(type_name)
    item = {'resource': name, 'type': type_name, 'count': count}
    if entry is None:
        return [dict(item, unit=None, quantity=count, unit_price=0.0, monthly_cost=0.0)]
    if 'group' in entry:
        return _price_group(table, name, entry['group'], props, schema, registry, count,
                            depth, item)
    notes = [entry['note']] if entry.get('note') else []
    if 'key' in entry:
        choice, known = _value(props, schema, entry['key'])
        if known and str(choice) in entry['prices']:
            unit_price = entry['prices'][str(choice)]
        else:
            unit_price = entry.get('other', 0)
            notes.append('%s %s: priced as %s' % (
                entry['key'], ('%s not in the price table' % choice) if known else
                'not known before the stack exists', unit_price))
        item[entry['key']] = str(choice) if known else None
    else:
        unit_price = entry.get('price', 0)
    per = 1.0
    if entry.get('quantity'):
        size, known = _value(props, schema, entry['quantity'])
        try:
            per = float(size) if known else None
        except (TypeError, ValueError):
            per = None
        if per is None:
            per = float(entry.get('assumed_quantity', 1))
            notes.append('%s not known before the stack exists: %g assumed'
                         % (entry['quantity'], per))
    elif 'assumed_quantity' in entry:
        per = float(entry['assumed_quantity'])
    hours = table['hours_per_month'] if entry['per'] == 'hour' else 1
    quantity = per * count * hours
    item.update(unit=entry.get('unit'), quantity=round(quantity, 4),
                unit_price=unit_price, monthly_cost=round(quantity * unit_price, 4))
    if notes:
        item['note'] = '; '.join(notes)
    return [item]


def _price_group(table, name, group, props, schema, registry, count, depth,
                 item) -> list[dict]:
    """A resource that makes ``count`` members from one definition."""
    size, known = _value(props, schema, group['count'])
    try:
        size = int(size) if known else None
    except (TypeError, ValueError):
        size = None
    member = props.get(group['member'])
    if size is None or depth >= MAX_GROUP_DEPTH or not isinstance(member, dict) or \
            not isinstance(member.get('type'), str):
        why = ('%s not known before the stack exists' % group['count']) if size is None \
            else 'members not known before the stack exists'
        return [dict(item, unit=None, quantity=count, unit_price=0.0, monthly_cost=0.0,
                     note='%s: not priced' % why)]
    found = registry.resolve(member['type'], name)
    member_schema = found.cls.properties_schema if found.kind == reg.PLUGIN else {}
    member_props = member.get('properties') if isinstance(member.get('properties'),
                                                          dict) else {}
    return _price(table, name, found.name or member['type'], member_props, member_schema,
                  registry, count * size, depth + 1)


def _data_url(table: dict, items: list, total: float) -> str:
    """The breakdown as a ``data:`` URL of plain text."""
    where = CONF.price_table or 'the built-in price table'
    lines = ['Monthly cost estimate in %s (%s hours a month), from %s'
             % (table['currency'], table['hours_per_month'], where)]
    for i in items:
        if i['unit'] is None:
            line = '%s (%s): no charge' % (i['resource'], i['type'])
        else:
            line = '%s (%s): %g %s x %g = %.2f' % (
                i['resource'], i['type'], i['quantity'], i['unit'], i['unit_price'],
                i['monthly_cost'])
        if i.get('note'):
            line += ' [%s]' % i['note']
        lines.append(line)
    lines.append('Total: %.2f %s a month' % (total, table['currency']))
    return 'data:text/plain;charset=utf-8,' + quote('\n'.join(lines), safe='')
