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
"""

from __future__ import annotations

import argparse
import inspect
import sys

import autopage.argparse
from cliff import app, commandmanager
from cliff import command as cliff_command
from cliff import help as cliff_help

from heat_cli import CommandError

NAMESPACE = 'heat.cli'


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
            for name, ep in sorted(heat.command_manager):
                try:
                    line = _one_liner(ep.load())
                except Exception as exc:  # noqa: BLE001 - a broken plugin
                    line = 'could not be loaded: %s' % exc
                out.write('  %-26s %s\n' % (name, line))
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
    """``heat``: validate templates and inspect resource types."""

    NAME = 'heat'

    def __init__(self, stdin=None, stdout=None, stderr=None):
        super().__init__(
            description='Heat orchestration: CloudFormation and HOT templates.',
            version=_version(),
            command_manager=LazyCommandManager(NAMESPACE),
            stdin=stdin, stdout=stdout, stderr=stderr)
        self.command_manager.add_command('help', HelpCommand)
        self._configured = False
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
        return parser

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


def _version() -> str:
    import importlib.metadata
    try:
        return importlib.metadata.version('heat')
    except importlib.metadata.PackageNotFoundError:
        return 'unknown'


def main(argv: list[str] | None = None) -> int:
    return HeatApp().run(sys.argv[1:] if argv is None else argv)


if __name__ == '__main__':
    sys.exit(main())
