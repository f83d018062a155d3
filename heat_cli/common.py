"""What the ``heat stack ...`` commands share: base classes that talk to the
client and turn its errors into one-line command errors, the template
options, and the stack columns of python-heatclient."""

from __future__ import annotations

import contextlib

from cliff import command, lister, show

from heat_cli import CommandError, formatting
from heat_cli.client import ApiError

#: ``stack show`` columns in python-heatclient's order (the short form: these)
STACK_SHORT = ('id', 'stack_name', 'description', 'creation_time', 'updated_time',
               'stack_status', 'stack_status_reason')
#: ``stack list`` and stack action columns
STACK_LIST = ('ID', 'Stack Name', 'Stack Status', 'Creation Time', 'Updated Time')


class ClientMixin:
    """A command that uses the orchestration client (``self.client``).

    Client errors become one-line command errors; ``self.exit_code`` is the
    exit status when the command printed its output but failed (a stack
    that did not reach ``<ACTION>_COMPLETE``).
    """

    exit_code = 0

    @property
    def client(self):
        return self.app.client()

    def run(self, parsed_args):
        try:
            result = super().run(parsed_args)
        except ApiError as exc:
            raise CommandError(str(exc)) from None
        return self.exit_code or result


class StackCommand(ClientMixin, command.Command):
    """A command without formatted output."""


class StackLister(ClientMixin, lister.Lister):
    """A list with cliff's formatters."""


class StackShowOne(ClientMixin, show.ShowOne):
    """One object with cliff's formatters; ``None`` data prints nothing
    (the data went to a file)."""

    def produce_output(self, parsed_args, column_names, data):
        if data is None:
            return 0
        return super().produce_output(parsed_args, column_names, data)


@contextlib.contextmanager
def not_found(message: str):
    """Report the client's "not found" as ``message`` (python-heatclient's
    wording); other client errors keep their own message."""
    try:
        yield
    except ApiError as exc:
        if exc.not_found:
            raise CommandError(message) from None
        raise


def get_stack(client, name_or_id: str) -> dict:
    with not_found('Stack not found: %s' % name_or_id):
        return client.show_stack(name_or_id)


def stack_columns(stack: dict, formatter: str, short: bool = False,
                  resolve_outputs: bool = True) -> tuple[tuple, tuple]:
    """``stack show`` output: python-heatclient's columns first, then the rest."""
    columns = list(STACK_SHORT)
    if not short:
        columns.append('parameters')
        if resolve_outputs:
            columns.append('outputs')
        columns.append('links')
        columns += [k for k in stack if k not in columns and k != 'template_description'
                    and (resolve_outputs or k != 'outputs')]
    columns = [c for c in columns if c in stack or c in STACK_SHORT]
    return tuple(columns), tuple(formatting.complex_value(stack.get(c, ''), formatter)
                                 for c in columns)


def stack_row(stack: dict) -> tuple:
    return formatting.row(stack, STACK_LIST)


# -- template, environment and parameter options -------------------------------------
def add_template_options(parser, template_required: bool = True) -> None:
    parser.add_argument('-t', '--template', metavar='<template>', required=template_required,
                        help='Path to the template')
    parser.add_argument('-e', '--environment', metavar='<environment>', action='append',
                        default=[], help='Path to the environment. Can be specified '
                        'multiple times')
    parser.add_argument('--parameter', metavar='<key=value>', action='append', default=[],
                        help='Parameter values used to create the stack. This can be '
                        'specified multiple times')
    parser.add_argument('--parameter-file', metavar='<key=file>', action='append',
                        default=[], help='Parameter values from file used to create the '
                        'stack. This can be specified multiple times. Parameter values would '
                        'be the content of the file')


def template_fields(parsed_args) -> dict:
    """The template, environments, files and parameters of the command line
    as client arguments (``template`` is None without ``-t``)."""
    from heat_cli import inputs
    environments = [(name, inputs.read_text(name, 'environment'))
                    for name in parsed_args.environment]
    params = inputs.parameters(parsed_args.parameter, parsed_args.parameter_file)
    path = parsed_args.template
    text = inputs.read_text(path, 'template') if path else None
    files = inputs.collect_files(path or '.', text or '', environments)
    return {'template': text, 'template_name': path, 'params': params or None,
            'files': files or None, 'env_texts': [(t, n) for n, t in environments] or None}


@contextlib.contextmanager
def template_named(path: str | None):
    """Errors about the main template name it by ``path``: an API has no
    field for the file name and says ``<template>``."""
    try:
        yield
    except ApiError as exc:
        if path and exc.code == 'StackValidationFailed':
            exc.message = '\n'.join(
                path + line[len('<template>'):] if line.startswith('<template>:') else line
                for line in exc.message.split('\n'))
        raise


def tags(value: str | None) -> list | None:
    return [t.strip() for t in value.split(',') if t.strip()] if value else None


def key_values(pairs: list[str] | None) -> dict:
    """``--filter`` / ``--property`` ``key=value`` pairs (python-heatclient's
    ``format_parameters``)."""
    if not pairs:
        return {}
    from heat_cli import inputs
    return inputs.parameters(pairs)
