"""``heat stack event list | show`` (python-heatclient's ``openstack stack
event ...``).  ``event list`` prints log lines by default (``-f log``);
``--follow`` keeps printing new events until interrupted."""

from __future__ import annotations

import time

from heat_cli import CommandError, common, formatting


class ListEvent(common.StackLister):
    """List events"""

    formatter_default = 'log'

    def _load_formatter_plugins(self):
        return formatting.with_log_formatter(super()._load_formatter_plugins())

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('stack', metavar='<stack>',
                            help='Name or ID of stack to show events for')
        parser.add_argument('--resource', metavar='<resource>',
                            help='Name of resource to show events for. Note: this cannot be '
                            'specified with --nested-depth')
        parser.add_argument('--filter', metavar='<key=value>', action='append', default=[],
                            help='Filter parameters to apply on returned events')
        parser.add_argument('--limit', metavar='<limit>', type=int,
                            help='Limit the number of events returned')
        parser.add_argument('--marker', metavar='<id>',
                            help='Only return events that appear after the given ID')
        parser.add_argument('--nested-depth', metavar='<depth>', type=int,
                            help='Depth of nested stacks from which to display events. '
                            'Note: this cannot be specified with --resource')
        parser.add_argument('--sort', metavar='<key>[:<direction>]', action='append',
                            default=[], help='Sort output by selected keys and directions '
                            '(asc or desc) (default: asc). Specify multiple times to sort on '
                            'multiple keys. Sort key can be: "event_time" (default), '
                            '"resource_name", "links", "logical_resource_id", '
                            '"resource_status", "resource_status_reason", '
                            '"physical_resource_id", or "id". You can leave the key empty '
                            'and specify ":desc" for sorting by reverse time.')
        parser.add_argument('--follow', action='store_true',
                            help='Print events until process is halted')
        return parser

    def take_action(self, parsed_args):
        if parsed_args.resource and parsed_args.nested_depth:
            raise CommandError('--nested-depth cannot be specified with --resource')
        columns = ['id', 'resource_status', 'resource_status_reason', 'event_time',
                   'physical_resource_id']
        if parsed_args.nested_depth:
            columns.append('stack_name')
        sorts = [('event_time:' + s.lstrip(':')) if s.startswith(':') else s
                 for s in parsed_args.sort]
        kwargs = {'resource_name': parsed_args.resource,
                  'filters': common.key_values(parsed_args.filter) or None,
                  'nested_depth': parsed_args.nested_depth or None,
                  'sort_dir': 'asc'}
        if sorts and ':' in sorts[0]:
            kwargs['sort_dir'] = sorts[0].split(':', 1)[1] or 'asc'
        if parsed_args.follow:
            if parsed_args.formatter != 'log':
                raise CommandError('--follow can only be specified with --format log')
            return self._follow(parsed_args, kwargs)
        with common.not_found('Stack not found: %s' % parsed_args.stack):
            events = self.client.list_events(parsed_args.stack, marker=parsed_args.marker,
                                             limit=parsed_args.limit, **kwargs)
        if sorts:
            events = formatting.sort_items(events, ','.join(sorts))
        if parsed_args.formatter == 'log':
            return formatting.log_rows(events)
        if events:
            columns.insert(0, 'resource_name')
            columns.append('logical_resource_id')
        return columns, [formatting.row(e, columns) for e in events]

    def _follow(self, parsed_args, kwargs):
        client = self.client
        marker = parsed_args.marker
        out = self.app.stdout
        names = formatting.EventNames()
        try:
            while True:
                with common.not_found('Stack not found: %s' % parsed_args.stack):
                    events = client.list_events(parsed_args.stack, marker=marker, **kwargs)
                for event in events:
                    out.write(formatting.event_line(event, names) + '\n')
                    marker = event['id']
                out.flush()
                time.sleep(max(client.poll_interval, 1.0))
        except (KeyboardInterrupt, EOFError):
            return [], []


class ShowEvent(common.StackShowOne):
    """Show event details"""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('stack', metavar='<stack>',
                            help='Name or ID of stack to show events for')
        parser.add_argument('resource', metavar='<resource>',
                            help='Name of the resource event belongs to')
        parser.add_argument('event', metavar='<event>',
                            help='ID of event to display details for')
        return parser

    def take_action(self, parsed_args):
        common.get_stack(self.client, parsed_args.stack)
        with common.not_found('Event %s of resource %s of stack %s not found' % (
                parsed_args.event, parsed_args.resource, parsed_args.stack)):
            event = self.client.show_event(parsed_args.stack, parsed_args.resource,
                                           parsed_args.event)
        return formatting.show_dict(event, parsed_args.formatter)
