"""Filters, sorting and paging of the lists the read calls return
(Heat's query parameters: ``filters``, ``tags*``, ``sort_keys``/``sort_dir``,
``limit``/``marker``)."""

from __future__ import annotations

from heat_core.engine import status as st
from heat_core.errors import HeatError


class InvalidRequest(HeatError):
    """A list query Heat's API would refuse (bad filter, sort key, limit)."""
    code = 'Invalid'
    http_status = 400


#: list sort keys (Heat's API names) -> stack columns
STACK_SORT_KEYS = {'stack_name': 'name', 'stack_status': 'status',
                   'creation_time': 'created_at', 'updated_time': 'updated_at'}
#: list filter names (API and column spellings) -> stack columns
STACK_FILTERS = {'id': 'id', 'name': 'name', 'stack_name': 'name', 'status': 'status',
                 'stack_status': 'status', 'action': 'action', 'stack_action': 'action',
                 'username': 'username', 'stack_owner': 'username', 'owner_id': 'owner_id',
                 'parent': 'owner_id', 'tenant': 'tenant'}
RESOURCE_FILTERS = ('name', 'type', 'status', 'action', 'id', 'physical_resource_id')
EVENT_FILTERS = {'resource_name': 'resource_name', 'resource_type': 'resource_type',
                 'resource_status': 'status', 'resource_action': 'action'}


def sort_dir_of(sort_dir) -> str:
    """'asc' or 'desc' (default 'desc', as Heat's stack list)."""
    value = (sort_dir or 'desc').lower()
    if value not in ('asc', 'desc'):
        raise InvalidRequest('Invalid sort direction "%s": use asc or desc' % sort_dir)
    return value


def count(value, name: str) -> int:
    """A non-negative integer query parameter (``limit``, ``nested_depth``)."""
    try:
        number = int(value or 0)
    except (TypeError, ValueError):
        raise InvalidRequest('%s must be an integer, not "%s"' % (name, value)) from None
    if number < 0:
        raise InvalidRequest('%s must not be negative' % name)
    return number


def words(value) -> list:
    """A tag list given as a list or a comma-separated string."""
    if not value:
        return []
    if isinstance(value, str):
        return [w.strip() for w in value.split(',') if w.strip()]
    return list(value)


def tags_match(have: list, tags, tags_any, not_tags, not_tags_any) -> bool:
    """Heat's tag filters: all of ``tags``, one of ``tags_any``, not all of
    ``not_tags``, none of ``not_tags_any``."""
    have = set(have)
    if tags and not set(tags) <= have:
        return False
    if tags_any and not have & set(tags_any):
        return False
    if not_tags and set(not_tags) <= have:
        return False
    if not_tags_any and have & set(not_tags_any):
        return False
    return True


def split_status(values: list) -> tuple[set, set]:
    """``CREATE_COMPLETE`` -> action CREATE, status COMPLETE (Heat's filters
    accept either form)."""
    actions, statuses = set(), set()
    for value in values:
        for status in st.STATUSES:
            if value == status or value.endswith('_' + status):
                statuses.add(status)
                if value != status:
                    actions.add(value[:-len(status) - 1])
                break
        else:
            statuses.add(value)
    return actions, statuses


def as_list(value) -> list:
    """A filter value as a list of values."""
    return list(value) if isinstance(value, (list, tuple, set)) else [value]


def _status_where(where: dict, status_key: str, action_key: str, values) -> None:
    actions, statuses = split_status([str(v) for v in as_list(values)])
    where[status_key] = sorted(statuses)
    if actions:
        given = set(as_list(where.get(action_key, [])))
        where[action_key] = sorted(given | actions) if given else sorted(actions)


def _where(filters, table: dict) -> dict:
    """List filters as column conditions through ``table`` (filter name →
    column); ``status`` may be a combined word such as ``CREATE_COMPLETE``."""
    where: dict = {}
    status = None
    for key, value in (filters or {}).items():
        col = table.get(key)
        if col is None:
            raise InvalidRequest('Invalid filter parameter "%s"; filters are %s' % (
                key, ', '.join(sorted(table))))
        if col == 'status':
            status = value
        else:
            where[col] = as_list(value) if isinstance(value, (list, tuple)) else value
    if status is not None:
        _status_where(where, 'status', 'action', status)
    return where


def stack_where(filters) -> dict:
    """Stack list filters as column conditions (``status`` may be ``CREATE_COMPLETE``)."""
    return _where(filters, STACK_FILTERS)


def stack_order(sort_keys, sort_dir) -> list:
    """The stack columns to sort by (default: creation time)."""
    sort_dir_of(sort_dir)
    keys = words(sort_keys) or ['creation_time']
    order = []
    for key in keys:
        if key not in STACK_SORT_KEYS:
            raise InvalidRequest('Invalid sort key "%s"; sort keys are %s' % (
                key, ', '.join(STACK_SORT_KEYS)))
        order.append(STACK_SORT_KEYS[key])
    return order


def sort_value(row: dict, order: list) -> tuple:
    """The sort key of a stack row (id last, so the order is total)."""
    # NULLs sort as the smallest value (first ascending, last descending)
    return tuple((row[c] is not None, row[c] if row[c] is not None else '')
                 for c in order) + (row['id'],)


def after(rows: list, marker_row: dict, order: list, descending: bool) -> list:
    """The sorted ``rows`` that come after the marker stack in that order
    (it need not be in the list: it may have been deleted meanwhile)."""
    mark = sort_value(marker_row, order)
    if descending:
        return [r for r in rows if sort_value(r, order) < mark]
    return [r for r in rows if sort_value(r, order) > mark]


def event_where(filters) -> dict:
    """Event list filters as event column conditions."""
    return _where(filters, EVENT_FILTERS)


def resource_matcher(filters):
    """A predicate over resource rows for the resource list filters."""
    wanted = {}
    for key, value in (filters or {}).items():
        if key not in RESOURCE_FILTERS:
            raise InvalidRequest('Invalid filter parameter "%s"; filters are %s' % (
                key, ', '.join(RESOURCE_FILTERS)))
        wanted[key] = {str(v) for v in as_list(value)}
    status_actions, statuses = split_status(sorted(wanted.get('status', ())))

    def match(r: dict) -> bool:
        fields = {'name': r['name'], 'type': r['type'], 'action': r['action'],
                  'id': r['uuid'], 'physical_resource_id': r['physical_resource_id']}
        for key, values in wanted.items():
            if key == 'status':
                if r['status'] not in statuses or (status_actions and
                                                   r['action'] not in status_actions):
                    return False
            elif fields[key] not in values:
                return False
        return True
    return match


