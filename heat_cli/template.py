"""``heat template validate``, ``heat template version list`` and
``heat template function list`` (python-heatclient's ``openstack
orchestration template ...`` commands, run locally)."""

from __future__ import annotations

import json

from cliff import lister, show

from heat_cli import CommandError


class Validate(show.ShowOne):
    """Validate a template"""

    #: like python-heatclient: the summary prints as YAML unless -f says otherwise
    formatter_default = 'yaml'

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('-t', '--template', metavar='<template>', required=True,
                            help='Path to the template')
        parser.add_argument('-e', '--environment', metavar='<environment>', action='append',
                            default=[], help='Path to the environment. Can be specified '
                            'multiple times')
        parser.add_argument('--parameter', metavar='<key=value>', action='append', default=[],
                            help='Parameter values used to create the stack. This can be '
                            'specified multiple times')
        parser.add_argument('--parameter-file', metavar='<key=file>', action='append',
                            default=[], help='Parameter values from a file: the file '
                            'content is the value. This can be specified multiple times')
        parser.add_argument('--show-nested', action='store_true',
                            help='Resolve parameters from nested templates as well')
        parser.add_argument('--ignore-errors', metavar='<error1,error2,...>',
                            help='List of errors to ignore: an error is dropped when its '
                            'code or its message contains one of them')
        return parser

    def take_action(self, parsed_args):
        self.app.load_config()
        from heat_cli import inputs
        from heat_core.template import loader

        path = parsed_args.template
        text = inputs.read_text(path, 'template')
        environments = [(name, inputs.read_text(name, 'environment'))
                        for name in parsed_args.environment]
        params = inputs.parameters(parsed_args.parameter, parsed_args.parameter_file)
        files = inputs.collect_files(path, text, environments)
        cloud = inputs.cloud()
        loaded = loader.validate(text, path, [(t, n) for n, t in environments], params,
                                 files, cloud)
        errors = _not_ignored(loaded.issues.errors, parsed_args.ignore_errors)
        if errors:
            self._report(errors, parsed_args)
        for warning in loaded.issues.warnings:
            self.app.stderr.write('%s\n' % warning)
        if errors:
            self.exit_code = 1
            return (), None
        self.exit_code = 0
        summary = _summary(loaded, params, parsed_args.show_nested)
        return tuple(summary.keys()), tuple(summary.values())

    def _report(self, errors, parsed_args):
        if parsed_args.formatter == 'json':
            from heat_core.errors import format_path
            rows = [{'file': e.file, 'line': e.line, 'column': e.column,
                     'path': format_path(e.path), 'message': e.message} for e in errors]
            json.dump(rows, self.app.stdout, indent=2)
            self.app.stdout.write('\n')
        else:
            for error in errors:
                self.app.stderr.write('%s\n' % error)

    def produce_output(self, parsed_args, column_names, data):
        if data is None:     # errors were reported instead
            return 1
        return super().produce_output(parsed_args, column_names, data)

    def run(self, parsed_args):
        super().run(parsed_args)
        return self.exit_code


def _not_ignored(errors, ignore: str | None) -> list:
    if not ignore:
        return list(errors)
    tokens = [t.strip() for t in ignore.split(',') if t.strip()]
    return [e for e in errors
            if not any(t == getattr(e, 'code', None) or t in e.message for t in tokens)]


def _summary(loaded, params, show_nested: bool) -> dict:
    """Heat's validate response (Description, Parameters, ParameterGroups,
    NestedParameters with ``show_nested``)."""
    from heat_core.template.summary import validate_summary
    return validate_summary(loaded.template, params, show_nested=show_nested)


def _template_classes() -> dict:
    from heat_core import plugins
    return plugins.template_classes()


def _aliases(cls) -> list[str]:
    """Other names of a template version (HOT release names)."""
    return ['%s.%s' % (cls.version_key, alias) for alias in cls.aliases]


class VersionList(lister.Lister):
    """List the available template versions"""

    def take_action(self, parsed_args):
        # plugin metadata only: no configuration needed (oslo.config costs ~30 ms)
        rows = [(name, cls.dialect, ','.join(_aliases(cls)))
                for name, cls in sorted(_template_classes().items())]
        return ('Version', 'Type', 'Aliases'), rows


class FunctionList(lister.Lister):
    """List the available functions"""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('template_version', metavar='<template-version>',
                            help='Template version to get the functions for, e.g. '
                            'heat_template_version.2016-10-14')
        parser.add_argument('--with-conditions', '--with_conditions', action='store_true',
                            dest='with_conditions',
                            help='Show condition functions for template.')
        return parser

    def take_action(self, parsed_args):
        wanted = parsed_args.template_version
        for name, cls in _template_classes().items():
            names = [name, *_aliases(cls)]
            # the full name (heat_template_version.wallaby) or, as a
            # convenience, only the version (wallaby, 2021-04-16)
            if wanted in names or any(n.split('.', 1)[1] == wanted for n in names):
                break
        else:
            raise CommandError('Template version not found: %s (see heat template version '
                               'list)' % wanted)
        rows = [(fname, fcls.description) for fname, fcls in cls.all_functions().items()
                if fcls.value_function or (parsed_args.with_conditions
                                           and fcls.condition_function)]
        return ('Functions', 'Description'), rows
