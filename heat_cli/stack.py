"""``heat stack create | update | delete | list | show | adopt | abandon |
export``: python-heatclient's ``openstack stack ...`` commands.

In local mode every operation runs to its end before the command returns
(the engine lives in this process); ``--wait`` decides only whether the
events are streamed meanwhile.  Either way a stack that did not reach
``<ACTION>_COMPLETE`` makes the exit status 1, with the reasons on stderr.
"""

from __future__ import annotations

import json

from heat_cli import CommandError, common, formatting, hook, progress


def _run(cmd, parsed_args, stack: str, action: str, call, marker=None, name=None):
    """Run ``call(wait)``; with ``--wait`` stream the events of ``stack``.
    Returns ``(result, events)`` (events None when not streamed)."""
    client = cmd.client
    if parsed_args.wait:
        return progress.run(cmd.app, client, stack, action, lambda: call(True), marker, name)
    return call(client.local), None


def _finish(cmd, parsed_args, stack_id: str, action: str, events, marker=None) -> dict:
    """The stack after the operation; when the operation ran to its end and
    did not reach ``<ACTION>_COMPLETE``, report why and fail."""
    stack = cmd.client.show_stack(stack_id)
    if (parsed_args.wait or cmd.client.local) and \
            progress.failed_action(stack['stack_status'], action):
        progress.report_failure(cmd.app, cmd.client, stack, action, events, marker)
        cmd.exit_code = 1
    return stack


#: how often --wait asks for new events unless --poll says (heat_cli.remote / .local)
_REMOTE_POLL, _LOCAL_POLL = 2.0, 0.2


class CreateStack(common.StackShowOne):
    """Create a stack"""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        common.add_template_options(parser)
        parser.add_argument('--timeout', metavar='<timeout>', type=int,
                            help='Stack creating timeout in minutes')
        rollback = parser.add_mutually_exclusive_group()
        rollback.add_argument('--enable-rollback', action='store_true',
                              help='Enable rollback on create/update failure (the default)')
        rollback.add_argument('--disable-rollback', action='store_true',
                              help='Keep what was created when the create fails')
        parser.add_argument('--wait', action='store_true',
                            help='Wait until stack goes to CREATE_COMPLETE or CREATE_FAILED, '
                            'showing the events meanwhile')
        parser.add_argument('--poll', metavar='SECONDS', type=int,
                            help='Poll interval in seconds for use with --wait (default: '
                            'the client\'s, %g s against a Heat endpoint, %g s in local mode)'
                            % (_REMOTE_POLL, _LOCAL_POLL))
        parser.add_argument('--tags', metavar='<tag1,tag2...>',
                            help='A list of tags to associate with the stack')
        parser.add_argument('--dry-run', action='store_true',
                            help='Do not actually perform the stack create, but show what '
                            'would be created')
        hook.add_hook_option(parser, 'pre-create')
        parser.add_argument('name', metavar='<stack-name>', help='Name of the stack to create')
        return parser

    def take_action(self, parsed_args):
        client = self.client
        if parsed_args.poll is not None:
            if parsed_args.poll < 1:
                raise CommandError('--poll must be a positive number of seconds')
            client.poll_interval = parsed_args.poll
        fields = common.template_fields(parsed_args)
        hook.add_hooks(fields, parsed_args, 'pre-create')
        fields.update(stack_name=parsed_args.name, timeout_mins=parsed_args.timeout,
                      disable_rollback=bool(parsed_args.disable_rollback),
                      tags=common.tags(parsed_args.tags))
        with common.template_named(parsed_args.template):
            if parsed_args.dry_run:
                preview = client.preview_stack(**fields)
                return formatting.show_dict(preview, parsed_args.formatter, sorted(preview))
            if parsed_args.wait and _exists(client, parsed_args.name):
                parsed_args.wait = False     # the create fails: no events of the old stack
            ident, events = _run(self, parsed_args, parsed_args.name, 'CREATE',
                                 lambda wait: client.create_stack(wait=wait, **fields))
        stack = _finish(self, parsed_args, ident['stack_id'], 'CREATE', events)
        return common.stack_columns(stack, parsed_args.formatter, short=True)


def _exists(client, name: str) -> bool:
    from heat_cli.client import ApiError
    try:
        client.show_stack(name)
    except ApiError:
        return False
    return True


#: the update preview's categories, in the order a reader wants them
CHANGES = ('added', 'replaced', 'updated', 'deleted', 'unchanged')


class UpdateStack(common.StackShowOne):
    """Update a stack"""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        common.add_template_options(parser, template_required=False)
        parser.add_argument('--timeout', metavar='<timeout>', type=int,
                            help='Stack update timeout in minutes')
        parser.add_argument('--rollback', metavar='<value>',
                            help='Set rollback on update failure. Value "enabled" sets '
                            'rollback to enabled. Value "disabled" sets rollback to disabled. '
                            'Value "keep" uses the value of existing stack to be updated '
                            '(default)')
        parser.add_argument('--dry-run', action='store_true',
                            help='Do not actually perform the stack update, but show what '
                            'would be changed')
        parser.add_argument('--existing', action='store_true',
                            help='Re-use the template, parameters and environment of the '
                            'current stack. If the template argument is omitted then the '
                            'existing template is used. If no --environment is specified '
                            'then the existing environment is used. Parameters specified in '
                            '--parameter will patch over the existing values in the current '
                            'stack. Parameters omitted will keep the existing values')
        parser.add_argument('--clear-parameter', metavar='<parameter>', action='append',
                            default=[], help='Remove the parameters from the set of '
                            'parameters of current stack for the stack-update. The default '
                            'value in the template will be used. This can be specified '
                            'multiple times')
        parser.add_argument('--tags', metavar='<tag1,tag2...>',
                            help='An updated list of tags to associate with the stack')
        parser.add_argument('--wait', action='store_true',
                            help='Wait until stack goes to UPDATE_COMPLETE or UPDATE_FAILED, '
                            'showing the events meanwhile')
        parser.add_argument('--show-nested', action='store_true',
                            help='Show nested stacks when performing --dry-run')
        parser.add_argument('--converge', action='store_true',
                            help='Stack update with observe on reality: a resource whose '
                            'check against the cloud fails is replaced even when the '
                            'template did not change it')
        hook.add_hook_option(parser, 'pre-update')
        parser.add_argument('stack', metavar='<stack>', help='Name or ID of stack to update')
        return parser

    def take_action(self, parsed_args):
        client = self.client
        if not parsed_args.template and not parsed_args.existing:
            raise CommandError('Need to specify --template, or --existing to re-use the '
                               'template of the stack')
        fields = common.template_fields(parsed_args)
        hook.add_hooks(fields, parsed_args, 'pre-update')
        fields.update(existing=parsed_args.existing or None,
                      clear_parameters=parsed_args.clear_parameter or None,
                      timeout_mins=parsed_args.timeout,
                      disable_rollback=_rollback(parsed_args.rollback),
                      tags=common.tags(parsed_args.tags))
        if parsed_args.converge:
            fields['converge'] = True
        stack = common.get_stack(client, parsed_args.stack)
        with common.template_named(parsed_args.template):
            if parsed_args.dry_run:
                if parsed_args.show_nested:
                    fields['show_nested'] = True
                changes = client.preview_update(stack['id'], **fields)
                return _changes(changes, parsed_args.formatter)
            marker = progress.last_event_id(client, stack['id'])
            _, events = _run(self, parsed_args, stack['id'], 'UPDATE',
                             lambda wait: client.update_stack(stack['id'], wait=wait, **fields),
                             marker, stack['stack_name'])
        stack = _finish(self, parsed_args, stack['id'], 'UPDATE', events, marker)
        return common.stack_columns(stack, parsed_args.formatter, short=True)


def _rollback(value: str | None) -> bool | None:
    if value is None:
        return None
    value = value.strip().lower()
    if value not in ('enabled', 'disabled', 'keep'):
        raise CommandError('--rollback invalid value: %s' % value)
    return None if value == 'keep' else value == 'disabled'


def _changes(changes: dict, formatter: str):
    """The update preview: one row per kind of change; in a table each
    resource is a line ``name (type)``, in json/yaml the resource dicts."""
    changes = changes.get('resource_changes', changes)
    columns = [c for c in CHANGES if c in changes] + sorted(set(changes) - set(CHANGES))
    values = []
    for column in columns:
        resources = changes.get(column) or []
        if formatter in formatting.STRUCTURED:
            values.append(resources)
        else:
            values.append('\n'.join('%s (%s)' % (r.get('resource_name'), r.get('resource_type'))
                                    for r in resources))
    return tuple(columns), tuple(values)


class DeleteStack(common.StackCommand):
    """Delete stack(s)"""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('stack', metavar='<stack>', nargs='+',
                            help='Stack(s) to delete (name or ID)')
        parser.add_argument('-y', '--yes', action='store_true',
                            help='Skip yes/no prompt (assume yes)')
        parser.add_argument('--wait', action='store_true',
                            help='Wait for stack delete to complete, showing the events '
                            'meanwhile')
        return parser

    def take_action(self, parsed_args):
        import sys
        if not parsed_args.yes and sys.stdin.isatty():
            try:
                answer = input('Are you sure you want to delete this stack(s) [y/N]? ')
            except (KeyboardInterrupt, EOFError):
                return 0
            if not answer.lower().startswith('y'):
                return 0
        failures = 0
        for name in parsed_args.stack:
            if not self._delete(name, parsed_args):
                failures += 1
        if failures:
            raise CommandError('Unable to delete %d of the %d stacks.' % (
                failures, len(parsed_args.stack)))
        return 0

    def _delete(self, name: str, parsed_args) -> bool:
        from heat_cli.client import ApiError
        client = self.client
        try:
            stack = client.show_stack(name)
        except ApiError as exc:
            self.app.stdout.write(('Stack not found: %s\n' % name) if exc.not_found
                                  else '%s\n' % exc)
            return False
        waited = parsed_args.wait or client.local
        marker = progress.last_event_id(client, stack['id']) if waited else None
        try:
            _, events = _run(self, parsed_args, stack['id'], 'DELETE',
                             lambda wait: client.delete_stack(stack['id'], wait=wait), marker,
                             stack['stack_name'])
        except ApiError as exc:
            self.app.stdout.write('%s\n' % exc)
            return False
        if not waited:
            return True
        try:
            stack = client.show_stack(stack['id'])
        except ApiError as exc:
            return exc.not_found     # gone: deleted
        if progress.failed_action(stack['stack_status'], 'DELETE'):
            progress.report_failure(self.app, client, stack, 'DELETE', events, marker)
            return False
        return True


class ListStack(common.StackLister):
    """List stacks"""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('--deleted', action='store_true',
                            help='Include soft-deleted stacks in the stack listing')
        parser.add_argument('--nested', action='store_true',
                            help='Include nested stacks in the stack listing')
        parser.add_argument('--hidden', action='store_true',
                            help='Include hidden stacks in the stack listing')
        parser.add_argument('--property', dest='properties', metavar='<key=value>',
                            action='append', default=[],
                            help='Filter properties to apply on returned stacks (repeat to '
                            'filter on multiple properties)')
        parser.add_argument('--tags', metavar='<tag1,tag2...>',
                            help='List of tags to filter by. Can be combined with --tag-mode '
                            'to specify how to filter tags')
        parser.add_argument('--tag-mode', metavar='<mode>',
                            help='Method of filtering tags. Must be one of "any", "not", or '
                            '"not-any". If not specified, multiple tags will be combined '
                            'with the boolean AND expression')
        parser.add_argument('--limit', metavar='<limit>', type=int,
                            help='The number of stacks returned')
        parser.add_argument('--marker', metavar='<id>',
                            help='Only return stacks that appear after the given ID')
        parser.add_argument('--sort', metavar='<key>[:<direction>]',
                            help='Sort output by selected keys and directions (asc or desc) '
                            '(default: asc). Specify multiple times to sort on multiple '
                            'properties')
        parser.add_argument('--project', metavar='<project>',
                            help='Filter stacks by project (ID) (admin only; needs a Heat '
                            'endpoint: local mode has a single project)')
        parser.add_argument('--project-domain', metavar='<project-domain>',
                            help='Domain the project belongs to (name or ID). This can be '
                            'used in case collisions between project names exist.')
        parser.add_argument('--all-projects', action='store_true',
                            help='Include all projects (admin only)')
        parser.add_argument('--short', action='store_true',
                            help='List fewer fields in output')
        parser.add_argument('--long', action='store_true',
                            help='List additional fields in output, this is implied by '
                            '--all-projects')
        return parser

    def take_action(self, parsed_args):
        columns = list(common.STACK_LIST)
        kwargs = {'filters': common.key_values(parsed_args.properties) or None,
                  'limit': parsed_args.limit, 'marker': parsed_args.marker,
                  'global_tenant': (parsed_args.all_projects or parsed_args.long) or None,
                  'show_deleted': parsed_args.deleted or None,
                  'show_nested': parsed_args.nested or None}
        if parsed_args.project:
            if self.client.local:
                raise CommandError('--project: local mode has a single project; use a Heat '
                                   'endpoint (--os-heat-url) to list the stacks of a project')
            # Heat's ``tenant`` list filter; only an admin sees other projects
            kwargs['filters'] = dict(kwargs['filters'] or {}, tenant=parsed_args.project)
            kwargs['global_tenant'] = True
        elif parsed_args.project_domain:
            raise CommandError('--project-domain needs --project')
        if parsed_args.tags:
            mode = parsed_args.tag_mode
            keys = {None: 'tags', 'any': 'tags_any', 'not': 'not_tags',
                    'not-any': 'not_tags_any'}
            if mode not in keys:
                raise CommandError('tag mode must be one of "any", "not", "not-any"')
            kwargs[keys[mode]] = common.tags(parsed_args.tags)
        if parsed_args.short:
            del columns[-2:]
        if parsed_args.long:
            columns.insert(2, 'Stack Owner')
        if parsed_args.nested:
            columns.append('Parent')
        if parsed_args.deleted:
            columns.append('Deletion Time')
        stacks = self.client.list_stacks(**kwargs)
        if any('project' in s for s in stacks):
            columns.insert(2, 'Project')
        stacks = formatting.sort_items(stacks, parsed_args.sort)
        return columns, [formatting.row(s, columns) for s in stacks]


class ShowStack(common.StackShowOne):
    """Show stack details"""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('stack', metavar='<stack>', help='Stack to display (name or ID)')
        parser.add_argument('--no-resolve-outputs', action='store_true',
                            help='Do not resolve outputs of the stack.')
        return parser

    def take_action(self, parsed_args):
        stack = common.get_stack(self.client, parsed_args.stack)
        return common.stack_columns(stack, parsed_args.formatter,
                                    resolve_outputs=not parsed_args.no_resolve_outputs)


class AdoptStack(common.StackShowOne):
    """Adopt a stack"""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('name', metavar='<stack-name>', help='Name of the stack to adopt')
        parser.add_argument('-e', '--environment', metavar='<environment>', action='append',
                            default=[], help='Path to the environment. Can be specified '
                            'multiple times')
        parser.add_argument('--timeout', metavar='<timeout>', type=int,
                            help='Stack creation timeout in minutes')
        parser.add_argument('--enable-rollback', action='store_true',
                            help='Enable rollback on create/update failure')
        parser.add_argument('--parameter', metavar='<key=value>', action='append',
                            default=[], help='Parameter values used to create the stack. '
                            'Can be specified multiple times')
        parser.add_argument('--wait', action='store_true',
                            help='Wait until stack adopt completes, showing the events '
                            'meanwhile')
        parser.add_argument('--adopt-file', metavar='<adopt-file>', required=True,
                            help='Path to adopt stack data file')
        return parser

    def take_action(self, parsed_args):
        from heat_cli import inputs
        client = self.client
        text = inputs.read_text(parsed_args.adopt_file, 'adopt')
        try:
            adopt = json.loads(text)
        except ValueError as exc:
            raise CommandError('Invalid adopt file %s: %s' % (parsed_args.adopt_file, exc)) \
                from None
        if not isinstance(adopt, dict) or not isinstance(adopt.get('template'), dict):
            raise CommandError('Invalid adopt file %s: no template in it'
                               % parsed_args.adopt_file)
        environments = [(inputs.read_text(n, 'environment'), n)
                        for n in parsed_args.environment]
        fields = dict(stack_name=parsed_args.name, template=json.dumps(adopt['template']),
                      template_name=parsed_args.adopt_file,
                      params=inputs.parameters(parsed_args.parameter),
                      env_texts=environments or None, timeout_mins=parsed_args.timeout,
                      disable_rollback=not parsed_args.enable_rollback, adopt_data=adopt)
        ident, events = _run(self, parsed_args, parsed_args.name, 'ADOPT',
                             lambda wait: client.create_stack(wait=wait, **fields))
        stack = _finish(self, parsed_args, ident['stack_id'], 'ADOPT', events)
        return common.stack_columns(stack, parsed_args.formatter, short=True)


class _StackData(common.StackShowOne):
    """Stack data printed as JSON or written to ``--output-file``."""

    formatter_default = 'json'
    verb = ''

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('stack', metavar='<stack>',
                            help='Name or ID of stack to %s' % self.verb)
        parser.add_argument('--output-file', metavar='<output-file>',
                            help='File to output %s results' % self.verb)
        return parser

    def fetch(self, stack: str) -> dict:
        raise NotImplementedError

    def take_action(self, parsed_args):
        with common.not_found('Stack not found: %s' % parsed_args.stack):
            data = self.fetch(parsed_args.stack)
        if parsed_args.output_file is not None:
            try:
                with open(parsed_args.output_file, 'w', encoding='utf-8') as f:
                    f.write(json.dumps(data, indent=2))
            except OSError as exc:
                raise CommandError(str(exc)) from None
            return (), None
        return formatting.show_dict(data, parsed_args.formatter)


class AbandonStack(_StackData):
    """Abandon stack and output results"""

    verb = 'abandon'

    def fetch(self, stack):
        return self.client.abandon_stack(stack)


class ExportStack(_StackData):
    """Export stack data json"""

    verb = 'export'

    def fetch(self, stack):
        return self.client.export_stack(stack)
