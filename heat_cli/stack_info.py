"""``heat stack output list | show``, ``stack template show``, ``stack
environment show`` and ``stack failures list``: what a stack holds."""

from __future__ import annotations

from heat_cli import CommandError, common, formatting
from heat_cli.client import ApiError


def _stack_arg(parser, text='Name or ID of stack to query'):
    parser.add_argument('stack', metavar='<stack>', help=text)


class OutputList(common.StackLister):
    """List stack outputs"""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        _stack_arg(parser)
        return parser

    def take_action(self, parsed_args):
        with common.not_found('Stack not found: %s' % parsed_args.stack):
            outputs = self.client.list_outputs(parsed_args.stack)
        columns = ('output_key', 'description')
        return columns, [formatting.row(o, columns) for o in outputs]


class OutputShow(common.StackShowOne):
    """Show stack output"""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        _stack_arg(parser)
        parser.add_argument('output', metavar='<output>', nargs='?', default=None,
                            help='Name of an output to display')
        parser.add_argument('--all', action='store_true', help='Display all stack outputs')
        return parser

    def take_action(self, parsed_args):
        if not parsed_args.all and parsed_args.output is None:
            raise CommandError('Either <OUTPUT NAME> or --all must be specified.')
        if parsed_args.all and parsed_args.output is not None:
            raise CommandError('Cannot specify both <OUTPUT NAME> and --all.')
        formatter = parsed_args.formatter
        if parsed_args.all:
            stack = common.get_stack(self.client, parsed_args.stack)
            outputs = stack.get('outputs') or []
            return (tuple(o['output_key'] for o in outputs),
                    tuple(_whole_output(o, formatter) for o in outputs))
        with common.not_found('Stack %s or output %s not found.' % (parsed_args.stack,
                                                                    parsed_args.output)):
            output = self.client.show_output(parsed_args.stack, parsed_args.output)
        if output.get('output_error'):
            raise CommandError('Output error: %s' % output['output_error'])
        return formatting.show_dict(output, formatter)


def _whole_output(output: dict, formatter: str):
    """One output of ``--all``: the output dict (JSON text outside json/yaml,
    as python-heatclient)."""
    import json
    if formatter in formatting.STRUCTURED:
        return output
    return json.dumps(output, indent=2, ensure_ascii=False)


class TemplateShow(common.StackShowOne):
    """Display stack template"""

    formatter_default = 'yaml'

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        _stack_arg(parser)
        return parser

    def take_action(self, parsed_args):
        with common.not_found('Stack not found: %s' % parsed_args.stack):
            template = self.client.get_template(parsed_args.stack)
        return formatting.show_dict(template, parsed_args.formatter)


class EnvironmentShow(common.StackShowOne):
    """Show a stack's environment"""

    formatter_default = 'yaml'

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        _stack_arg(parser)
        return parser

    def take_action(self, parsed_args):
        with common.not_found('Stack not found: %s' % parsed_args.stack):
            env = self.client.get_environment(parsed_args.stack)
        return formatting.show_dict(env, parsed_args.formatter,
                                    ('parameters', 'resource_registry', 'parameter_defaults'))


class FailuresList(common.StackCommand):
    """Show information about failed stack resources"""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        _stack_arg(parser, 'Stack to display (name or ID)')
        parser.add_argument('--long', action='store_true', default=False,
                            help='Show full deployment logs in output')
        return parser

    def take_action(self, parsed_args):
        stack = common.get_stack(self.client, parsed_args.stack)
        failures = self.failed_resources(stack)
        out = self.app.stdout
        for path, res in failures.items():
            out.write('%s:\n' % path)
            out.write('  resource_type: %s\n' % res.get('resource_type'))
            out.write('  physical_resource_id: %s\n' % (res.get('physical_resource_id') or ''))
            out.write('  status: %s\n' % res.get('resource_status'))
            reason = formatting.indent_and_truncate(
                res.get('resource_status_reason'), spaces=4, truncate=not parsed_args.long,
                prefix='...\n')
            out.write('  status_reason: |\n%s\n' % reason)
        return 0

    def failed_resources(self, stack: dict) -> dict:
        """``{'stack.resource[.nested...]': resource}`` of the failed resources,
        down the failed nested stacks (a nested stack resource is listed
        itself only when nothing inside it failed).  A stack whose failed
        action was rolled back has lost those resources: their failure
        events stand in for them."""
        failures: dict = {}
        status = stack['stack_status']
        if status.endswith('_FAILED'):
            resources = self.client.list_resources(stack['id'])
            self._append(failures, resources, [stack['stack_name']])
        if not failures and status.startswith('ROLLBACK_'):
            self._from_events(failures, stack)
        return failures

    def _append(self, failures: dict, resources: list, path: list) -> bool:
        appended = False
        for res in resources:
            if not (res.get('resource_status') or '').endswith('FAILED'):
                continue
            here = path + [res['resource_name']]
            nested = self._nested_resources(res)
            if not (nested and self._append(failures, nested, here)):
                failures['.'.join(here)] = res
            appended = True
        return appended

    def _nested_resources(self, res: dict) -> list:
        links = res.get('links')
        if links is not None and 'nested' not in [link.get('rel') for link in links]:
            return []
        if not res.get('physical_resource_id'):
            return []
        try:
            return self.client.list_resources(res['physical_resource_id'])
        except ApiError:
            return []       # not a stack, or a failed resource without its stack

    def _from_events(self, failures: dict, stack: dict) -> None:
        events = self.client.list_events(stack['id'], sort_dir='asc')
        start = 0
        for i, event in enumerate(events):       # the events of the last action
            if formatting.is_stack_event(event) and event.get('resource_status') in (
                    'CREATE_IN_PROGRESS', 'UPDATE_IN_PROGRESS', 'ADOPT_IN_PROGRESS'):
                start = i
        for event in events[start:]:
            path = '%s.%s' % (stack['stack_name'], event.get('resource_name'))
            if path in failures or formatting.is_stack_event(event) or \
                    not (event.get('resource_status') or '').endswith('FAILED'):
                continue
            try:        # the event's details name the resource type
                event = self.client.show_event(stack['id'], event['resource_name'], event['id'])
            except (ApiError, CommandError):
                pass
            failures[path] = event
