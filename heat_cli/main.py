"""The ``heat`` cliff application.

Commands are entry points in the ``heat.cli`` namespace; ``template_validate``
becomes ``heat template validate``.

Start-up time matters for a command line, so this module imports cliff
only, commands import ``heat_core`` inside ``take_action``, and two of
cliff's defaults are replaced:

* cliff's ``CommandManager`` imports every command module at start-up
  (through stevedore); :class:`LazyCommandManager` reads the entry points
  from stevedore's metadata cache and imports only the command that runs;
* cliff's ``--help`` instantiates every command (loading the formatter
  plugins each time) and maps every installed module to its distribution
  (about 0.1 s); :class:`CommandListHelp` reads each command's docstring;
* cliff names the distribution of every command in its help epilog, which
  costs the same 0.1 s on every run: :class:`_DistributionsByModule`
  answers for Heat's own packages without that scan.

The cycle collector leaves alone what is loaded for good (see
:func:`heat_cli.local.loading_for_good`), and :func:`main` freezes the
heap before the interpreter shuts down, which would otherwise walk every
object once more.  The ``heat`` script (:func:`console`) skips that
shutdown altogether once a command has ended normally.
"""

from __future__ import annotations

import argparse
import inspect
import os
import sys

import autopage.argparse
from cliff import app, commandmanager
from cliff import command as cliff_command
from cliff import help as cliff_help

from heat_cli import CommandError

NAMESPACE = 'heat.cli'
#: the exit status of a command the user interrupted (Ctrl-C)
INTERRUPTED = 130


def _entry_points(namespace: str) -> list:
    """Entry points of ``namespace``, not loaded.  stevedore keeps a cache
    of the installed entry points (a few ms instead of scanning every
    distribution); fall back to importlib.metadata if its layout changes."""
    try:
        from stevedore import _cache
        return list(_cache._c.get_group_all(namespace))
    except Exception:  # noqa: BLE001 - private API; any change → slow path
        import importlib.metadata
        return list(importlib.metadata.entry_points(group=namespace))


class LazyCommandManager(commandmanager.CommandManager):
    """A cliff CommandManager that imports a command module only when that
    command is looked up (``find_command``) or its help line is shown."""

    def load_commands(self, namespace: str) -> None:
        self.group_list.append(namespace)
        for ep in _entry_points(namespace):
            if self._is_module_ignored(ep.module, self.ignored_modules):
                continue
            name = ep.name.replace('_', ' ') if self.convert_underscores else ep.name
            self.commands[name] = ep


class _DistributionsByModule:
    """Stands in for cliff's module → distribution map.

    cliff builds every command's help epilog (even when no help is shown)
    with the name of the distribution that provides the command, mapping
    every installed top-level module to its distribution first: about 0.1 s
    per run.  Heat's own packages are answered directly; the full map is
    built only for a third-party command.
    """

    OWN = ('heat_cli', 'heat_core', 'heat_plugins', 'heat_api', '__main__')

    def __init__(self):
        self._all = None

    def get(self, module: str, default=None):
        if module in self.OWN:
            return 'heat'
        if self._all is None:
            from importlib.metadata import packages_distributions
            self._all = {k: v[0] for k, v in packages_distributions().items()}
        return self._all.get(module, default)


def _one_liner(factory) -> str:
    return (inspect.getdoc(factory) or '').split('\n')[0].rstrip('.')


class CommandListHelp(cliff_help.HelpAction):
    """``heat --help``: the global options, then one line per command taken
    from the command class's docstring (without instantiating it)."""

    def __call__(self, parser, namespace, values, option_string=None):
        heat = self.default
        pager = autopage.argparse.help_pager(heat.stdout)
        with pager as out:
            parser.print_help(out)
            out.write('\nCommands:\n')
            commands = sorted(heat.command_manager)
            width = max([26] + [len(name) for name, _ in commands])
            for name, ep in commands:
                try:
                    line = _one_liner(ep.load())
                except Exception as exc:  # noqa: BLE001 - a broken plugin
                    line = 'could not be loaded: %s' % exc
                out.write('  %s %s\n' % (name.ljust(width), line))
        raise cliff_help.HelpExit()


class HelpCommand(cliff_help.HelpCommand):
    """Print detailed help for another command"""

    def take_action(self, parsed_args):
        if parsed_args.cmd:
            return super().take_action(parsed_args)
        action = CommandListHelp([], dest=argparse.SUPPRESS, default=self.app)
        action(self.app.parser, self.app.options, None, None)
        return 0


class HeatApp(app.App):
    """``heat``: validate templates, inspect resource types, run stacks.

    The ``stack`` commands talk to a client (:meth:`client`): the engine in
    this process (local mode, the default) or Heat's REST API (remote mode,
    when an endpoint or credentials are given).
    """

    NAME = 'heat'

    def __init__(self, stdin=None, stdout=None, stderr=None):
        super().__init__(
            description='Heat orchestration: CloudFormation and HOT templates.',
            version=_version(),
            command_manager=LazyCommandManager(NAMESPACE),
            stdin=stdin, stdout=stdout, stderr=stderr)
        self.command_manager.add_command('help', HelpCommand)
        self._configured = False
        self._client = None
        if getattr(cliff_command, '_dists_by_mods', False) is None:
            cliff_command._dists_by_mods = _DistributionsByModule()

    def build_option_parser(self, description, version, argparse_kwargs=None):
        parser = super().build_option_parser(description, version, argparse_kwargs)
        for action in parser._actions:
            if '--help' in action.option_strings:
                # cliff's HelpAction, made fast (see CommandListHelp)
                action.__class__ = CommandListHelp
        parser.add_argument(
            '--config-file', metavar='FILE', action='append', default=[],
            help='heat.conf file to read (repeatable; later files win). '
                 'Without it Heat runs on built-in defaults.')
        _remote_options(parser)
        return parser

    def configure_logging(self):
        super().configure_logging()
        if self.options.verbose_level < 2:
            import logging
            # libraries the local engine runs on: their chatter is not the user's
            for name, level in (('alembic', logging.WARNING), ('taskflow', logging.ERROR),
                                ('stevedore', logging.WARNING),
                                ('keystoneauth', logging.ERROR)):
                logging.getLogger(name).setLevel(level)

    def client(self):
        """The orchestration client of this run (created on first use)."""
        if self._client is None:
            from heat_cli.client import make_client
            self._client = make_client(self)
        return self._client

    def clean_up(self, cmd, result, err):
        if self._client is not None:
            client, self._client = self._client, None
            client.close(interrupted=isinstance(err, KeyboardInterrupt))

    def load_config(self):
        """Read the configuration files named by ``--config-file`` (once).
        Commands call this before using ``heat_core``."""
        if self._configured:
            return
        import os

        from heat_core import config
        files = list(getattr(self.options, 'config_file', None) or [])
        for name in files:
            if not os.path.isfile(name):
                raise CommandError('Config file not found: %s' % name)
        config.load([], config_files=files)
        self._configured = True


def _remote_options(parser) -> None:
    """Remote mode options; each defaults to its ``OS_*`` environment variable."""
    group = parser.add_argument_group(
        'remote mode', 'Without an endpoint or credentials, the stack commands run the engine '
        'in this process on $XDG_DATA_HOME/heat/heat.sqlite (local mode).')
    for option, metavar, text in (
            ('--os-heat-url', '<url>', 'Heat API endpoint, http://HOST:8004/v1/TENANT_ID'),
            ('--os-auth-token', '<token>', 'Keystone token for the Heat API'),
            ('--os-cloud', '<cloud>', 'Cloud name in clouds.yaml (needs openstacksdk)'),
            ('--os-auth-url', '<url>', 'Keystone URL (needs keystoneauth1)'),
            ('--os-username', '<name>', 'Keystone user name'),
            ('--os-password', '<password>', 'Keystone password'),
            ('--os-project-name', '<name>', 'Keystone project name'),
            ('--os-project-id', '<id>', 'Keystone project id'),
            ('--os-user-domain-name', '<name>', 'Keystone user domain name'),
            ('--os-project-domain-name', '<name>', 'Keystone project domain name'),
            ('--os-region-name', '<region>', 'Region of the orchestration endpoint')):
        env = option[2:].replace('-', '_').upper()
        group.add_argument(option, metavar=metavar, default=os.environ.get(env),
                           help='%s (env %s)' % (text, env))


def _version() -> str:
    import importlib.metadata
    try:
        return importlib.metadata.version('heat')
    except importlib.metadata.PackageNotFoundError:
        return 'unknown'


def main(argv: list[str] | None = None) -> int:
    """The ``heat`` program (``argv`` None: this process's own arguments)."""
    try:
        return HeatApp().run(sys.argv[1:] if argv is None else argv)
    except KeyboardInterrupt:
        sys.stderr.write('Interrupted\n')
        return INTERRUPTED
    finally:
        if argv is None:
            # The process exits next: its shutdown need not walk every object
            # in search of cycles (~0.1 s once the engine is loaded; see
            # heat_cli.local.loading_for_good).
            import gc
            gc.freeze()


def console() -> None:
    """The ``heat`` program: :func:`main`, then the process ends at once.

    The interpreter's own shutdown would join every idle thread of the
    local engine's pools and free the loaded code object by object (~20 ms
    after a local create of 200 resources, ~10 ms after any local command)
    for a process that ends anyway.  So once a command has ended normally
    (every local operation has run to its end; an interrupted one leaves
    resource actions that stop the usual way), the output is flushed,
    logging is shut down and the process exits.  Under a tracer or a
    profiler (coverage) the usual shutdown runs, for them to save what they
    collected."""
    code = main()
    if code != INTERRUPTED and sys.gettrace() is None and sys.getprofile() is None \
            and 'coverage' not in sys.modules:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except (OSError, ValueError):
            sys.exit(code)          # the usual shutdown reports a closed pipe
        import logging
        logging.shutdown()
        os._exit(code)
    sys.exit(code)


if __name__ == '__main__':
    console()
