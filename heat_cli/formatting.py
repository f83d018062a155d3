"""How stack data is shown: complex values per output format, event log
lines, client-side sorting, and the ``log`` formatter of ``stack event
list`` (python-heatclient's default there)."""

from __future__ import annotations

import json

from cliff.formatters import base

from heat_cli import CommandError

#: cliff formatters that keep dicts and lists as they are
STRUCTURED = ('json', 'yaml')


def complex_value(value, formatter: str):
    """A dict or list as the formatter shows it best: itself for json and
    yaml, YAML text in a table (as python-heatclient), JSON text otherwise."""
    if not isinstance(value, (dict, list)) or formatter in STRUCTURED:
        return value
    if formatter == 'table':
        import yaml
        return yaml.safe_dump(value, default_flow_style=False).rstrip('\n')
    return json.dumps(value, indent=2, ensure_ascii=False)


def show_dict(data: dict, formatter: str, columns=None) -> tuple[tuple, tuple]:
    """``(columns, values)`` of a ShowOne for ``data`` (all keys, or ``columns``
    in that order, missing ones left out)."""
    keys = [k for k in (columns or data.keys()) if k in data]
    return tuple(keys), tuple(complex_value(data[k], formatter) for k in keys)


def row(item: dict, columns) -> tuple:
    """python-heatclient's ``get_item_properties``: 'Stack Name' reads
    ``stack_name``; a missing key is '' (a resource's missing ``stack_name``
    is read from its ``stack`` link)."""
    values = []
    for column in columns:
        key = column.lower().replace(' ', '_')
        value = item.get(key, '')
        if key == 'stack_name' and not value:
            value = _linked_stack_name(item)
        values.append(value)
    return tuple(values)


def _linked_stack_name(item: dict) -> str:
    """The name in the ``stack`` link (``.../stacks/{name}/{id}``)."""
    for link in item.get('links') or ():
        if link.get('rel') == 'stack':
            parts = link.get('href', '').rstrip('/').split('/')
            if len(parts) >= 3 and parts[-3] == 'stacks':
                from urllib.parse import unquote
                return unquote(parts[-2])
    return ''


def sort_items(items: list[dict], sort: str | None) -> list[dict]:
    """Sort dicts by ``key[:asc|desc],key2[:dir]...`` (the first key is the
    main order)."""
    if not sort:
        return list(items)
    items = list(items)
    for part in reversed([p for p in sort.split(',') if p]):
        key, _, direction = part.partition(':')
        direction = direction or 'asc'
        if direction not in ('asc', 'desc'):
            raise CommandError('Sort direction must be one of asc and desc: %s' % part)
        key = key.strip()
        items.sort(key=lambda i, k=key: (i.get(k) is None, '' if i.get(k) is None
                                         else str(i.get(k))),
                   reverse=direction == 'desc')
    return items


def event_stack_id(event: dict) -> str | None:
    """The id of the stack an event belongs to (its ``stack`` link)."""
    if event.get('stack_id'):
        return event['stack_id']
    for link in event.get('links') or ():
        if link.get('rel') == 'stack':
            return link.get('href', '').rstrip('/').rsplit('/', 1)[-1] or None
    return None


def is_stack_event(event: dict) -> bool:
    """An event of the stack itself (not of one of its resources)."""
    stack_id = event_stack_id(event)
    if stack_id:
        return event.get('physical_resource_id') == stack_id
    return event.get('resource_name') == event.get('stack_name')


class EventNames:
    """Names events ``stack.resource`` (``stack.nested_resource.resource``
    down nested stacks), as python-heatclient's event log does.  A stack's
    name is read from the event's ``stack`` link; a nested stack's place
    from its parent resource's ``CREATE_IN_PROGRESS`` event, when seen
    (otherwise the nested stack is named by its own name)."""

    def __init__(self):
        self.names: dict[str, str] = {}             # stack id -> stack name
        self.parents: dict[str, tuple] = {}         # nested stack id -> (stack id, resource)

    def __call__(self, event: dict) -> str:
        name = event.get('resource_name') or ''
        stack_id = event_stack_id(event)
        if not stack_id:
            return name
        if stack_id not in self.names:
            # the stack's name is in its link (``.../stacks/{name}/{id}``)
            linked = event.get('stack_name') or _linked_stack_name(event)
            if linked:
                self.names[stack_id] = linked
        physical = event.get('physical_resource_id')
        if physical == stack_id:
            self.names.setdefault(stack_id, name)
            return '.'.join(self._path(stack_id)) or name
        if physical and event.get('resource_status') == 'CREATE_IN_PROGRESS':
            self.parents.setdefault(physical, (stack_id, name))
        return '.'.join(self._path(stack_id) + [name])

    def _path(self, stack_id: str, depth: int = 0) -> list[str]:
        if stack_id in self.parents and depth < 50:
            parent, resource = self.parents[stack_id]
            return self._path(parent, depth + 1) + [resource]
        if stack_id in self.names:
            return [self.names[stack_id]]
        return []


def resource_path(event: dict, names: EventNames | None = None) -> str:
    """``stack.resource`` (or ``stack`` for the stack's own events)."""
    if names is None:
        stack = event.get('stack_name') or _linked_stack_name(event)
        name = event.get('resource_name') or ''
        if not stack or is_stack_event(event):
            return name or stack
        return '%s.%s' % (stack, name)
    return names(event)


def event_line(event: dict, names: EventNames | None = None) -> str:
    """python-heatclient's event log line:
    ``2024-01-01 10:00:00Z [hello.server]: CREATE_COMPLETE  state changed``."""
    return '%s [%s]: %s  %s' % ((event.get('event_time') or '').replace('T', ' '),
                                 resource_path(event, names),
                                 event.get('resource_status') or '',
                                 event.get('resource_status_reason') or '')


def indent_and_truncate(text: str | None, spaces: int = 0, truncate: bool = False,
                        limit: int = 10, prefix: str | None = None) -> str:
    """Indent every line; with ``truncate`` keep the last ``limit`` lines
    after ``prefix``."""
    lines = (text or '').split('\n')
    if truncate and len(lines) > limit:
        lines = lines[-limit:]
        if prefix:
            lines.insert(0, prefix.rstrip('\n'))
    pad = ' ' * spaces
    return '\n'.join(pad + line for line in lines)


class EventLogFormatter(base.ListFormatter):
    """``-f log``: the event log lines (the command renders them into the
    ``log`` column, since naming an event needs the events before it)."""

    def add_argument_group(self, parser):
        pass

    def emit_list(self, column_names, data, stdout, parsed_args):
        for values in data:
            stdout.write('%s\n' % ' '.join(str(v) for v in values))


def log_rows(events: list[dict]) -> tuple[list[str], list[tuple]]:
    """``(columns, rows)`` of the log format."""
    names = EventNames()
    return ['log'], [(event_line(e, names),) for e in events]


def with_log_formatter(manager):
    """The stevedore manager of list formatters plus ``log``."""
    from stevedore import extension
    log = extension.Extension('log', None, EventLogFormatter, EventLogFormatter())
    return extension.ExtensionManager.make_test_instance(
        list(manager.extensions) + [log], namespace=manager.namespace)
