"""``heat stack resource list | show | metadata | signal | mark unhealthy``
(python-heatclient's ``openstack stack resource ...``)."""

from __future__ import annotations

import json

from heat_cli import CommandError, common, formatting


def _stack_and_resource(parser, stack_help='Name or ID of stack to query',
                        resource_help='Name of resource'):
    parser.add_argument('stack', metavar='<stack>', help=stack_help)
    parser.add_argument('resource', metavar='<resource>', help=resource_help)


class ResourceList(common.StackLister):
    """List stack resources"""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('stack', metavar='<stack>', help='Name or ID of stack to query')
        parser.add_argument('--long', action='store_true',
                            help='Enable detailed information presented for each resource in '
                            'resource list')
        parser.add_argument('-n', '--nested-depth', metavar='<nested-depth>', type=int,
                            help='Depth of nested stacks from which to display resources')
        parser.add_argument('--filter', metavar='<key=value>', action='append', default=[],
                            help='Filter parameters to apply on returned resources based on '
                            'their name, status, type, action, id and physical_resource_id')
        return parser

    def take_action(self, parsed_args):
        with common.not_found('Stack not found: %s' % parsed_args.stack):
            resources = self.client.list_resources(
                parsed_args.stack, nested_depth=parsed_args.nested_depth or None,
                with_detail=parsed_args.long or None,
                filters=common.key_values(parsed_args.filter) or None)
        columns = ['resource_name', 'physical_resource_id', 'resource_type', 'resource_status',
                   'updated_time']
        if parsed_args.nested_depth or parsed_args.long:
            columns.append('stack_name')
        return columns, [formatting.row(r, columns) for r in resources]


class ResourceShow(common.StackShowOne):
    """Display stack resource"""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        _stack_and_resource(parser)
        parser.add_argument('--with-attr', metavar='<attribute>', action='append',
                            help='Attribute to show, can be specified multiple times')
        return parser

    def take_action(self, parsed_args):
        with common.not_found('Stack or resource not found: %s %s' % (
                parsed_args.stack, parsed_args.resource)):
            resource = self.client.show_resource(parsed_args.stack, parsed_args.resource,
                                                 with_attr=parsed_args.with_attr)
        return formatting.show_dict(resource, parsed_args.formatter)


class ResourceMetadata(common.StackShowOne):
    """Show resource metadata"""

    formatter_default = 'json'

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        _stack_and_resource(parser, 'Stack to display (name or ID)',
                            'Name of the resource to show the metadata for')
        return parser

    def take_action(self, parsed_args):
        with common.not_found('Stack %s or resource %s not found.' % (
                parsed_args.stack, parsed_args.resource)):
            metadata = self.client.resource_metadata(parsed_args.stack, parsed_args.resource)
        return formatting.show_dict(metadata or {}, parsed_args.formatter)


class ResourceSignal(common.StackCommand):
    """Signal a resource with optional data"""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        _stack_and_resource(parser, 'Name or ID of stack the resource belongs to',
                            'Name of the resoure to signal')
        parser.add_argument('--data', metavar='<data>',
                            help='JSON Data to send to the signal handler')
        parser.add_argument('--data-file', metavar='<data-file>',
                            help='File containing JSON data to send to the signal handler')
        return parser

    def take_action(self, parsed_args):
        data, data_file = parsed_args.data, parsed_args.data_file
        if data and data_file:
            raise CommandError('Should only specify one of data or data-file')
        if data_file:
            from heat_cli import inputs
            data = inputs.read_text(data_file, 'data')
        details = None
        if data:
            try:
                details = json.loads(data)
            except ValueError as exc:
                raise CommandError('Data should be in JSON format: %s' % exc) from None
            if not isinstance(details, dict):
                raise CommandError('Data should be a JSON dict')
        with common.not_found('Stack %s or resource %s not found.' % (
                parsed_args.stack, parsed_args.resource)):
            self.client.signal_resource(parsed_args.stack, parsed_args.resource,
                                        details=details)
        return 0


class ResourceMarkUnhealthy(common.StackCommand):
    """Set resource's health"""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        _stack_and_resource(parser, 'Name or ID of stack the resource belongs to',
                            'Name of the resource')
        parser.add_argument('reason', default='', nargs='?', help='Reason for state change')
        parser.add_argument('--reset', default=False, action='store_true',
                            help='Set the resource as healthy')
        return parser

    def take_action(self, parsed_args):
        with common.not_found('Stack or resource not found: %s %s' % (
                parsed_args.stack, parsed_args.resource)):
            self.client.mark_unhealthy(parsed_args.stack, parsed_args.resource,
                                       unhealthy=not parsed_args.reset,
                                       reason=parsed_args.reason)
        return 0
