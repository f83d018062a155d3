"""``heat resource type list`` and ``heat resource type show``: the
resource types this installation offers (plugins, minus what the
operator's configuration and global environment take away)."""

from __future__ import annotations

from cliff import lister, show

from heat_cli import CommandError

FILTERS = ('name', 'support_status')


def _registry():
    from heat_core.config import CONF
    from heat_core.resources.registry import TypeRegistry
    from heat_core.template.environment import default_environment
    return TypeRegistry(default_environment(None, CONF.environment_dir))


def _filters(pairs: list[str]) -> dict:
    import re
    out = {}
    for pair in pairs:
        key, sep, value = pair.partition('=')
        if not sep or key not in FILTERS:
            raise CommandError('Malformed filter(%s): use %s' % (
                pair, ' or '.join('%s=...' % f for f in FILTERS)))
        out[key] = value
    if 'name' in out:
        try:
            out['name'] = re.compile(out['name'])
        except re.error as exc:
            raise CommandError('Invalid name filter %r: %s' % (out['name'], exc)) from None
    return out


def _status(cls) -> str:
    """SUPPORTED, DEPRECATED, ... (a SupportStatus or a bare string)."""
    status = getattr(cls, 'support_status', None) or 'SUPPORTED'
    return str(getattr(status, 'status', status))


class ResourceTypeList(lister.Lister):
    """List resource types"""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('--filter', dest='filter', metavar='<key=value>', action='append',
                            default=[], help='Filter the resource types: name=<regular '
                            'expression matching the start of the name> or '
                            'support_status=<SUPPORTED|DEPRECATED|UNSUPPORTED>. This can be '
                            'specified multiple times')
        parser.add_argument('--long', default=False, action='store_true',
                            help='Show resource types with corresponding description of '
                            'each resource type.')
        return parser

    def take_action(self, parsed_args):
        self.app.load_config()
        filters = _filters(parsed_args.filter)
        registry = _registry()
        rows = []
        for name in registry.available():
            cls = registry.resolve(name).cls
            if 'name' in filters and not filters['name'].match(name):
                continue
            if 'support_status' in filters and \
                    _status(cls) != filters['support_status'].upper():
                continue
            rows.append((name, cls.description()) if parsed_args.long else (name,))
        columns = ('Resource Type', 'Description') if parsed_args.long else ('Resource Type',)
        return columns, sorted(rows)


class ResourceTypeShow(show.ShowOne):
    """Show details and optionally generate a template for a resource type"""

    formatter_default = 'yaml'

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('resource_type', metavar='<resource-type>',
                            help='Resource type to show details for')
        parser.add_argument('--template-type', metavar='<template-type>',
                            help='Optional template type to generate, hot or cfn')
        parser.add_argument('--long', default=False, action='store_true',
                            help='Show resource type with corresponding description.')
        return parser

    def take_action(self, parsed_args):
        self.app.load_config()
        template_type = parsed_args.template_type
        if template_type is not None and parsed_args.long:
            raise CommandError('Cannot use --template-type and --long in one time.')
        if template_type is not None:
            template_type = template_type.lower()
            if template_type not in ('hot', 'cfn'):
                raise CommandError('Template type invalid: %s' % parsed_args.template_type)
        from heat_core.resources.registry import PLUGIN
        name = parsed_args.resource_type
        resolution = _registry().resolve(name)
        if resolution.kind != PLUGIN:
            raise CommandError('Resource type not found: %s' % name)
        from heat_core.resources import describe
        if template_type is None:
            data = describe.resource_schema(name, resolution.cls, parsed_args.long)
        else:
            data = describe.generate_template(name, resolution.cls, template_type)
        return self.dict2columns(data)
