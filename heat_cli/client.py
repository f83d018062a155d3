"""The orchestration client the ``heat stack ...`` commands talk to.

Every command calls a :class:`Client`; there are two:

* :class:`heat_cli.local.LocalClient` (local mode, the default): the engine
  service runs inside the ``heat`` process on a SQLite file under
  ``$XDG_DATA_HOME/heat/`` and the simulated cloud;
* :class:`heat_cli.remote.RemoteClient` (remote mode: ``--os-heat-url`` /
  ``OS_HEAT_URL``, ``--os-cloud`` / ``OS_CLOUD`` or ``--os-auth-url`` /
  ``OS_AUTH_URL``): Heat's REST API v1.

Both have the methods of the engine service contract
(``docs/engine-service.md``) without the request context, take and return
the same things (dicts in Heat's wire format) and raise :class:`ApiError`.
Arguments a command leaves at ``None`` are not sent, so the engine (or the
API) applies its own default.

This module imports nothing heavy: remote mode must start fast.
"""

from __future__ import annotations


class ApiError(Exception):
    """An error reported by the engine or the API.

    ``code`` is Heat's error type (``EntityNotFound``, ``StackValidationFailed``,
    ...), ``status`` the HTTP status it maps to; ``str()`` is the message
    (for an invalid template: one compiler-style line per problem).
    """

    def __init__(self, message: str, code: str = 'HeatError', status: int = 400):
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status

    def __str__(self) -> str:
        return self.message

    @property
    def not_found(self) -> bool:
        return self.status == 404


class Client:
    """What the commands need from Heat (see the module doc).

    ``poll_interval`` is how often (seconds) progress displays ask for new
    events.  Long operations take ``wait``: with ``wait=True`` the call
    returns when the operation has ended.
    """

    poll_interval = 1.0
    #: True when the engine runs in this process (then every operation runs to
    #: its end before the command exits, whatever ``--wait`` says)
    local = False

    def close(self, interrupted: bool = False) -> None:
        """Release what the client holds (the local engine: its threads)."""


def is_remote(options) -> bool:
    """Remote mode: an endpoint or credentials were given (options or environment)."""
    return bool(getattr(options, 'os_heat_url', None) or getattr(options, 'os_cloud', None)
                or getattr(options, 'os_auth_url', None))


def make_client(app) -> Client:
    """The client for the application's options: remote when an endpoint or
    credentials are configured, else the in-process engine."""
    options = app.options
    if is_remote(options):
        from heat_cli import remote
        return remote.from_options(options)
    app.load_config()
    from heat_cli import local
    return local.LocalClient(notify=lambda line: (app.stderr.write(line + '\n'),
                                                  app.stderr.flush()))
