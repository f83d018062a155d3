"""Local mode: the engine service inside the ``heat`` process.

The database is ``[database] connection`` or, by default, the SQLite file
``$XDG_DATA_HOME/heat/heat.sqlite``.  Its schema is brought up to date on
first use; the revision check that decides it reads one row (the alembic
heads are read from the migration files, without loading alembic).
"""

from __future__ import annotations

import ast
import contextlib
import functools
import gc
import os
import re

from heat_cli import CommandError
from heat_cli.client import ApiError, Client

_ASSIGN = re.compile(r'^(revision|down_revision)\s*=\s*(.+?)\s*$', re.M)


def _migrations_dir() -> str:
    import importlib.util
    package = importlib.util.find_spec('heat_core').submodule_search_locations[0]
    return os.path.join(package, 'db', 'migrations', 'versions')


def schema_heads(directory: str | None = None) -> set[str]:
    """The head revisions of the migration scripts in ``directory``
    (default: heat_core's)."""
    directory = directory or _migrations_dir()
    revisions, parents = set(), set()
    for name in os.listdir(directory):
        if not name.endswith('.py') or name.startswith('__'):
            continue
        with open(os.path.join(directory, name), encoding='utf-8') as f:
            found = dict(_ASSIGN.findall(f.read()))
        if 'revision' not in found:
            continue
        revisions.add(ast.literal_eval(found['revision']))
        down = ast.literal_eval(found.get('down_revision', 'None'))
        if isinstance(down, str):
            parents.add(down)
        elif down:
            parents.update(down)
    return revisions - parents


def _current_revisions(url: str) -> set[str]:
    from sqlalchemy import exc, text

    from heat_core.db import api
    try:
        with api.get_engine(url).connect() as conn:
            return set(conn.execute(text('SELECT version_num FROM alembic_version')).scalars())
    except exc.DBAPIError:
        return set()        # no schema yet


def ensure_schema(url: str) -> None:
    """Run ``db_sync`` unless the database is already at the current schema."""
    heads = schema_heads()
    current = _current_revisions(url)
    if current == heads:
        return
    from heat_core.db import api
    try:
        api.db_sync(url)
    except Exception as exc:  # noqa: BLE001 - alembic raises many kinds
        raise CommandError('Could not bring the database %s to the current schema: %s' % (
            _safe_url(url), str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
        ) from exc


@contextlib.contextmanager
def loading_for_good():
    """Import, inside the block, code that stays loaded until the process
    exits, and leave it out of the cycle collector's work.

    A ``heat`` process's modules, classes and library tables (SQLAlchemy's,
    taskflow's) live until it exits, yet the collector walks them again
    and again: while they are imported (they are nearly all that is
    allocated then), in each later full collection, and once more when the
    interpreter shuts down; ~0.1 s of CPU per stack operation.  So the
    collector pauses during the block, and what is alive after it is
    frozen (``gc.freeze``): still freed by reference counting, only cycles
    among these objects are left for the process's exit to reclaim."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def _safe_url(url: str) -> str:
    return re.sub(r'//[^@/]*@', '//***@', url)


class LocalClient(Client):
    """The engine service contract, called in-process with the local
    context (one user, admin)."""

    poll_interval = 0.2
    local = True

    #: the calls that change stacks: before the first, the operations of
    #: engines that died (a ``heat`` killed mid-operation) are finished
    MUTATING = frozenset((
        'create_stack', 'update_stack', 'delete_stack', 'abandon_stack', 'suspend_stack',
        'resume_stack', 'check_stack', 'cancel_update', 'continue_update_rollback',
        'signal_resource', 'mark_unhealthy'))
    #: the calls that walk a stack's resources (with taskflow)
    WALKING = frozenset((
        'create_stack', 'update_stack', 'delete_stack', 'suspend_stack', 'resume_stack',
        'check_stack', 'continue_update_rollback'))

    def __init__(self, service=None, ctx=None, notify=None):
        """``notify(line)`` tells the user about recovered stacks (default:
        stderr)."""
        self._recovered = False
        self._operation_code_loaded = False
        self._notify = notify
        if service is None:
            with loading_for_good():
                from heat_core.db import api
                from heat_core.engine.service import EngineService
            ensure_schema(api.database_url())
            service = EngineService()
        if ctx is None:
            from heat_core.engine.context import RequestContext
            ctx = RequestContext.local()
        self.service = service
        self.ctx = ctx

    def close(self, interrupted: bool = False) -> None:
        # An interrupted operation is left to crash recovery: waiting for it
        # here would ignore the user's Ctrl-C.
        if not interrupted:
            self.service.stop()

    def recover(self) -> list[str]:
        """Finish the operations that engines which died left in progress
        (once per run), waiting for them; returns the stack ids taken over.

        Cheap when there is nothing to do: one query for stacks in progress
        and one for locks of dead engines, the usual case being none."""
        if self._recovered:
            return []
        self._recovered = True
        service = self.service
        try:
            if not service.store.find_stacks(status='IN_PROGRESS') and \
                    not service.liveness.orphaned_locks():
                return []
            taken = service.recover(wait=False)
        except Exception as exc:
            raise _api_error(exc) from exc
        for stack_id in taken:
            row = service.store.get_stack(stack_id) or {}
            self._tell('Resuming the operation on stack %s that an engine left %s_%s ...' % (
                row.get('name', stack_id), row.get('action', ''), row.get('status', '')))
            service.wait(stack_id)
            row = service.store.get_stack(stack_id) or {}
            self._tell('Stack %s: %s_%s' % (row.get('name', stack_id), row.get('action', ''),
                                            row.get('status', '')))
        return taken

    def _load_operation_code(self) -> None:
        """Import what runs an operation (taskflow: ~0.2 s) before the first
        one, under :func:`loading_for_good` (the operation's own thread
        would import it anyway)."""
        if self._operation_code_loaded:
            return
        self._operation_code_loaded = True
        with loading_for_good():
            import heat_core.engine.walker  # noqa: F401

    def _tell(self, line: str) -> None:
        if self._notify is not None:
            self._notify(line)
        else:
            import sys
            sys.stderr.write(line + '\n')

    def __getattr__(self, name: str):
        if name.startswith('_'):
            raise AttributeError(name)
        method = getattr(self.service, name, None)
        if method is None:
            raise CommandError('The local engine does not offer %s yet' % name)

        @functools.wraps(method)
        def call(*args, **kwargs):
            kwargs = {k: v for k, v in kwargs.items() if v is not None}
            if name in self.WALKING:
                self._load_operation_code()
            if name in self.MUTATING:
                self.recover()
            try:
                return method(self.ctx, *args, **kwargs)
            except Exception as exc:
                raise _api_error(exc) from exc
        return call


def _api_error(exc: Exception) -> Exception:
    from heat_core.errors import HeatError
    if isinstance(exc, HeatError):
        return ApiError(str(exc), exc.code, exc.http_status)
    return exc
