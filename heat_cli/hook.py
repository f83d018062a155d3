"""``heat stack hook poll | clear`` and the ``--pre-create`` / ``--pre-update``
options of ``stack create`` / ``stack update`` (python-heatclient's
``openstack stack hook ...`` and ``hooks_to_env``).

A hook is a breakpoint the environment sets on resources
(``resource_registry: resources: <name>: {hooks: pre-create}``); the
engine pauses such a resource and records the event ``CREATE paused until
Hook pre-create is cleared``.  ``hook poll`` lists the resources whose
latest hook event of the running action has no ``Hook ... is cleared``
after it; ``hook clear`` sends them the signal ``{"unset_hook": ...}``.
Signals go through the database, so in local mode another ``heat`` process
clears the hooks of a ``stack create --wait`` that is running.
"""

from __future__ import annotations

import fnmatch
import json
import logging

from heat_cli import CommandError, common, formatting

LOG = logging.getLogger(__name__)

HOOK_TYPES = ('pre-create', 'pre-update', 'pre-delete')
_NESTED_HELP = ('Resources in nested stacks can be set using slash as a separator: '
                '``nested_stack/another/my_resource``. You can use wildcards to match '
                'multiple stacks or resources: ``nested_stack/an*/*_resource``')


# -- --pre-create / --pre-update ---------------------------------------------------------
def add_hook_option(parser, hook: str) -> None:
    """``--pre-create <resource>`` (or another hook), repeatable."""
    parser.add_argument('--%s' % hook, metavar='<resource>', action='append',
                        dest=hook.replace('-', '_'), default=[],
                        help='Name of a resource to set a %s hook to. %s. This can be '
                        'specified multiple times' % (hook, _NESTED_HELP))


def hooks_environment(resources: list[str] | None, hook: str) -> tuple[str, str] | None:
    """An environment (``(text, name)`` as in ``env_texts``) setting ``hook``
    on each of ``resources`` (``nested/inner`` paths become nested
    ``resources`` entries); None when there are none.  It goes after the
    ``-e`` files, so it adds to what they set."""
    if not resources:
        return None
    entries: dict = {}
    for declaration in resources:
        path = [part for part in declaration.split('/') if part]
        if not path:
            raise CommandError('--%s needs a resource name' % hook)
        level = entries
        for name in path:
            level = level.setdefault(name, {})
        level['hooks'] = hook
    text = json.dumps({'resource_registry': {'resources': entries}})
    return text, '--%s' % hook


def add_hooks(fields: dict, parsed_args, *hooks: str) -> None:
    """Add the environments of the command line's hook options to the
    client arguments ``fields`` (from ``common.template_fields``)."""
    for hook in hooks:
        env = hooks_environment(getattr(parsed_args, hook.replace('-', '_'), None), hook)
        if env is not None:
            fields['env_texts'] = list(fields.get('env_texts') or []) + [env]


# -- which hook a running stack waits on -------------------------------------------------
def hook_type_of(client, stack_name_or_id: str) -> tuple[dict, str]:
    """The stack and the hook its running action can be paused by
    (python-heatclient's ``get_hook_type_via_status``)."""
    stack = common.get_stack(client, stack_name_or_id)
    status = stack['stack_status']
    if 'IN_PROGRESS' not in status:
        raise CommandError('Stack status %s not IN_PROGRESS' % status)
    for action, hook in (('CREATE', 'pre-create'), ('UPDATE', 'pre-update'),
                         ('DELETE', 'pre-delete')):
        if action in status:
            return stack, hook
    raise CommandError('Unexpected stack status %s, only create, update and delete '
                       'supported' % status)


def pending_hook_events(client, stack: dict, hook: str, nested_depth: int = 0) -> list:
    """The latest ``paused until Hook`` event of each resource that no
    ``Hook ... is cleared`` event followed, since the stack's action started."""
    action = hook.split('-', 1)[1].upper()
    started = 'Stack %s started' % action
    paused = '%s paused until Hook %s is cleared' % (action, hook)
    cleared = 'Hook %s is cleared' % hook
    events = client.list_events(stack['id'], sort_dir='asc',
                                nested_depth=nested_depth or None)
    starts = [i for i, e in enumerate(events)
              if e.get('resource_status_reason') == started
              and e.get('resource_name') == stack['stack_name']]
    pending: dict = {}
    for e in events[starts[-1] if starts else 0:]:
        key = (formatting.row(e, ['stack_name'])[0], e.get('resource_name'))
        reason = e.get('resource_status_reason')
        if reason == paused:
            pending[key] = e
        elif reason == cleared:
            pending.pop(key, None)
    return list(pending.values())


class HookPoll(common.StackLister):
    """List resources with pending hook for a stack."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('stack', metavar='<stack>', help='Stack to display (name or ID)')
        parser.add_argument('--nested-depth', metavar='<nested-depth>',
                            help='Depth of nested stacks from which to display hooks')
        return parser

    def take_action(self, parsed_args):
        columns = ['ID', 'Resource Status Reason', 'Resource Status', 'Event Time']
        nested_depth = 0
        if parsed_args.nested_depth:
            try:
                nested_depth = int(parsed_args.nested_depth)
            except ValueError:
                raise CommandError('--nested-depth invalid value %s'
                                   % parsed_args.nested_depth) from None
            columns.append('Stack Name')
        stack, hook = hook_type_of(self.client, parsed_args.stack)
        events = pending_hook_events(self.client, stack, hook, nested_depth)
        if events:
            columns.insert(0, 'Resource Name')
        return columns, [formatting.row(e, columns) for e in events]


class HookClear(common.StackCommand):
    """Clear resource hooks on a given stack."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('stack', metavar='<stack>', help='Stack to display (name or ID)')
        for hook in HOOK_TYPES:
            parser.add_argument('--%s' % hook, action='store_true',
                                dest=hook.replace('-', '_'),
                                help='Clear the %s hooks' % hook)
        parser.add_argument('hook', metavar='<resource>', nargs='+',
                            help='Resource names with hooks to clear. %s' % _NESTED_HELP)
        return parser

    def take_action(self, parsed_args):
        hook = next((h for h in HOOK_TYPES if getattr(parsed_args, h.replace('-', '_'))),
                    None)
        if hook is None:
            hook = hook_type_of(self.client, parsed_args.stack)[1]
        for declaration in parsed_args.hook:
            path = [part for part in declaration.split('/') if part]
            if not path:
                raise CommandError('No resource named in "%s"' % declaration)
            self._clear(parsed_args.stack, path[:-1], hook, path[-1])
        return 0

    def _clear(self, stack_id: str, stack_patterns: list, hook: str, pattern: str) -> None:
        """python-heatclient's ``clear_wildcard_hooks``: follow the nested
        stacks matching ``stack_patterns``, then signal the resources
        matching ``pattern``."""
        with common.not_found('Stack not found: %s' % stack_id):
            resources = self.client.list_resources(stack_id)
        for res in resources:
            name = res['resource_name']
            if stack_patterns:
                if fnmatch.fnmatchcase(name, stack_patterns[0]):
                    nested = self.client.show_resource(stack_id, name)
                    self._clear(nested['physical_resource_id'], stack_patterns[1:], hook,
                                pattern)
            elif fnmatch.fnmatchcase(name, pattern):
                self._signal(stack_id, name, hook)

    def _signal(self, stack_id: str, name: str, hook: str) -> None:
        from heat_cli.client import ApiError
        try:
            self.client.signal_resource(stack_id, name, details={'unset_hook': hook})
        except ApiError as exc:
            if not exc.not_found:
                raise
            LOG.error('Stack %s or resource %s not found for hook %s', stack_id, name, hook)
