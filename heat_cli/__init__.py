"""The ``heat`` command line (a cliff application, :mod:`heat_cli.main`)."""


class CommandError(Exception):
    """A user error a command reports as one line (no traceback unless
    ``--debug``)."""
