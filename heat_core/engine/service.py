"""The engine service: the one door into the engine.

The CLI's local mode and the APIs call these methods; every call takes a
:class:`~heat_core.engine.context.RequestContext` and sees only its
tenant's stacks.  Long operations run on a background thread;
:meth:`EngineService.wait` joins one (the CLI's local mode always waits).
"""

from __future__ import annotations

import logging
import threading

from heat_core import config
from heat_core.config import CONF
from heat_core.db.models import new_id
from heat_core.engine import operations
from heat_core.engine import status as st
from heat_core.engine.context import RequestContext
from heat_core.engine.liveness import EngineLiveness, StackLocked
from heat_core.engine.service_changesets import ChangeSetMixin
from heat_core.engine.service_lifecycle import LifecycleMixin
from heat_core.engine.service_nested import NestedMixin
from heat_core.engine.service_reads import ReadsMixin
from heat_core.engine.service_software import SoftwareMixin
from heat_core.engine.service_update import UpdateMixin
from heat_core.engine.stack import Stack
from heat_core.engine.store import Store
from heat_core.errors import HeatError, Issues, TemplateInvalid
from heat_core.template import loader, validation

LOG = logging.getLogger(__name__)

class StackNotFound(HeatError):
    code = 'EntityNotFound'
    http_status = 404


class StackExists(HeatError):
    code = 'StackExists'
    http_status = 409


class ActionInProgress(HeatError):
    code = 'ActionInProgress'
    http_status = 409


class LimitExceeded(HeatError):
    code = 'RequestLimitExceeded'
    http_status = 400


def _cloud(store):
    try:
        from heat_core.clouds import get_cloud
    except ImportError:
        return None
    # the simulated cloud keeps its objects in the engine's own database
    return get_cloud(engine=store.engine)


class EngineService(ReadsMixin, UpdateMixin, LifecycleMixin, NestedMixin, ChangeSetMixin,
                    SoftwareMixin):
    """Stack lifecycle operations for callers of any kind.

    The operations are grouped by idea in mixins: reads
    (:mod:`.service_reads`), updates (:mod:`.service_update`), other
    lifecycle actions (:mod:`.service_lifecycle`) and nested stacks and
    exports (:mod:`.service_nested`).  This module holds lookup, create,
    delete, locking, threads and crash recovery.
    """

    def __init__(self, store: Store | None = None, cloud=None):
        self.store = store or Store()
        self.cloud = cloud if cloud is not None else _cloud(self.store)
        self._threads: dict[str, threading.Thread] = {}
        self._lock = threading.Lock()
        self.liveness = EngineLiveness(self.store.engine, self.store._write)
        self._started = False

    def start(self) -> None:
        """Register this engine and start its heartbeat (idempotent)."""
        with self._lock:
            if not self._started:
                self.liveness.start()
                self._started = True

    def stop(self) -> None:
        """Wait for running operations, then deregister."""
        for thread in list(self._threads.values()):
            thread.join()
        if self._started:
            self.liveness.stop()
            self._started = False

    # -- lookup -------------------------------------------------------------------
    def identify(self, ctx: RequestContext, name_or_id: str, include_deleted=False) -> dict:
        """The stack row for a name or id in the caller's tenant."""
        row = self.store.get_stack(name_or_id)
        if row is not None and row['tenant'] == ctx.tenant and (
                include_deleted or row['deleted_at'] is None):
            return row
        # a deleted stack stays visible by id only (as in Heat)
        rows = self.store.find_stacks(tenant=ctx.tenant, name=name_or_id)
        if not rows:
            raise StackNotFound('The Stack (%s) could not be found.' % name_or_id)
        return rows[0]

    def get_template_text(self, ctx: RequestContext, name_or_id: str) -> str:
        """The stack's template text exactly as it was submitted (YAML or
        JSON; CloudFormation's GetTemplate answers it verbatim)."""
        row = self.identify(ctx, name_or_id, include_deleted=True)
        return self.store.get_template(row['raw_template_id'])['template']

    # -- validation -------------------------------------------------------------
    def validate_template(self, ctx, template: str, template_name=None, env_texts=None,
                          files=None, params=None, require_values=False) -> loader.Loaded:
        """Validate a template; ``require_values`` (a stack is made of it):
        a parameter without a value or default is an error, as in Heat and
        CloudFormation, rather than a resource failing half-way."""
        return loader.validate(template, template_name, env_texts, params, files, self.cloud,
                               require_values=require_values)

    def _load(self, row: dict, params: dict | None = None, loaded: loader.Loaded | None = None):
        """The run-time Stack of a stack row; ``loaded``: its template as
        just validated (spares parsing it again)."""
        if loaded is None:
            raw = self.store.get_template(row['raw_template_id'])
            loaded = loader.load(raw['template'], raw['template_name'],
                                 [tuple(e) for e in raw['environment']], raw['files'])
        values = validation.parameter_values(loaded.template, params or row['parameters'],
                                             Issues(), None, check_values=False)
        stack = Stack(row['id'], row['name'], row['tenant'], loaded.template, values,
                      self.cloud, store=self.store)
        stack.load_rows(self.store.resources(row['id']))
        return stack

    # -- create -------------------------------------------------------------------
    def create_stack(self, ctx: RequestContext, stack_name: str, template: str,
                     params: dict | None = None, files: dict | None = None,
                     env_texts: list | None = None, template_name: str | None = None,
                     timeout_mins: int | None = None, disable_rollback: bool | None = None,
                     on_failure: str | None = None, tags: list | None = None,
                     wait: bool = False, adopt_data: dict | None = None,
                     capabilities: list | None = None) -> dict:
        """Validate, record and start creating a stack; returns its identity.
        ``capabilities``: CloudFormation's, as the request acknowledged them
        (kept to be shown).
        Invalid input raises TemplateInvalid before anything is written.
        ``adopt_data`` (Heat's abandon data) adopts existing resources instead
        (see :meth:`LifecycleMixin._adopt_inputs`)."""
        on_failure = _on_failure(disable_rollback, on_failure)
        template, params, env_texts, files = self._adopt_inputs(
            adopt_data, template, params, env_texts, files)
        if self.store.find_stacks(tenant=ctx.tenant, name=stack_name):
            raise StackExists('The Stack (%s) already exists.' % stack_name)
        limit = CONF.max_stacks_per_tenant
        if limit >= 0 and self.store.count_stacks(ctx.tenant) >= limit:
            raise LimitExceeded('You have reached the maximum stacks per tenant, %d. Please '
                                'delete some stacks.' % limit)
        loaded = self.validate_template(ctx, template, template_name, env_texts, files, params,
                                        require_values=True)
        if loaded.issues:
            raise TemplateInvalid(loaded.issues)
        self._check_exports(ctx, loaded, params)   # export names unique, imports exist
        # Locked before it exists: no other engine's crash recovery can take
        # a stack that is still being written.
        stack_id = new_id()
        self._lock_stack(stack_id, stack_name)
        try:
            tid = self.store.add_template(template, template_name, files or {},
                                          env_texts or [])
            self._keep_parsed(tid, loaded.template)
            self.store.add_stack(
                id=stack_id, name=stack_name, tenant=ctx.tenant, username=ctx.user,
                raw_template_id=tid, parameters=dict(params or {}),
                disable_rollback=on_failure != 'ROLLBACK', on_failure=on_failure,
                timeout=timeout_mins, tags=list(tags or []),
                capabilities=None if capabilities is None else list(capabilities),
                action=st.ADOPT if adopt_data else st.CREATE, status=st.IN_PROGRESS,
                status_reason='Stack %s started' % (st.ADOPT if adopt_data else st.CREATE))
            row = self.store.get_stack(stack_id)
            stack = self._load(row, loaded=loaded)
            rows = self.store.add_resources(stack_id, [(n, r.type_name)
                                                       for n, r in stack.resources.items()])
            for name, rid in rows.items():
                stack.resources[name].row_id = rid
        except BaseException:
            self.liveness.release(stack_id)
            raise
        timeout = timeout_mins or config.stack_action_timeout_mins()
        self._start(stack_id, self._adopt_work(stack, adopt_data, timeout, on_failure)
                    if adopt_data is not None else lambda: operations.create(
                        stack, self.store, timeout, on_failure), wait, locked=True)
        return self.identity(row)

    # -- delete -------------------------------------------------------------------
    def delete_stack(self, ctx: RequestContext, name_or_id: str, wait: bool = False) -> None:
        row = self.identify(ctx, name_or_id)
        self._check_idle(row)
        self._check_delete_allowed(row)   # no other stack imports its exports
        self._lock_stack(row['id'], row['name'])
        try:
            # read again now that it is ours: another engine may have changed it
            row = self.store.get_stack(row['id'])
            if row is None or row['deleted_at'] is not None:
                raise StackNotFound('The Stack (%s) could not be found.' % name_or_id)
            stack = self._load(row)
            operations.record_start(stack, self.store, st.DELETE)
        except BaseException:
            self.liveness.release(row['id'])
            raise
        self._start(row['id'], lambda: operations.delete(stack, self.store, started=True), wait,
                    locked=True)

    # -- threads ------------------------------------------------------------------
    def _lock_stack(self, stack_id: str, stack_name: str = '') -> None:
        """Take the stack's lock for this engine (ActionInProgress if another
        operation holds it)."""
        self.start()
        try:
            self.liveness.acquire(stack_id, stack_name)
        except StackLocked as exc:
            raise ActionInProgress(str(exc)) from None

    def _check_idle(self, row: dict) -> None:
        thread = self._threads.get(row['id'])
        holder = self.liveness.holder(row['id'])
        if (thread is not None and thread.is_alive()) or (
                holder is not None and self.liveness.is_alive(holder)):
            raise ActionInProgress('Stack %s already has an action (%s) in progress.' % (
                row['name'], row['action']))

    # -- crash recovery ---------------------------------------------------------------
    def recover(self, wait: bool = False) -> list[str]:
        """Take over the stacks of engines that died, and finish their
        operations (create and delete resume; a rollback resumes deleting).
        Returns the ids of the stacks taken over.

        Candidates are stacks IN_PROGRESS and stacks whose lock a dead
        engine holds (it may have died between two state changes of one
        operation, e.g. after CREATE_FAILED and before the rollback began).
        Each is read again once its lock is ours."""
        self.start()
        taken = []
        candidates = {row['id']: row for row in self.store.find_stacks(status=st.IN_PROGRESS)}
        for stack_id in self.liveness.orphaned_locks():
            candidates.setdefault(stack_id, None)
        for stack_id, row in candidates.items():
            if stack_id in self._threads or (row is not None and self._parent_drives(row)):
                continue
            holder = self.liveness.holder(stack_id)
            if holder is not None and self.liveness.is_alive(holder):
                continue
            try:
                if holder is None:
                    self.liveness.acquire(stack_id)
                elif not self.liveness.steal(stack_id, holder):
                    continue
            except StackLocked:
                continue
            try:
                work = self._takeover(stack_id)
            except Exception as exc:  # noqa: BLE001 - fail it rather than retry forever
                LOG.exception('Stack %s: cannot resume its operation', stack_id)
                self._fail_stack(stack_id, 'Engine could not resume the operation: %s' % exc)
                work = None
            if work is None:
                self.liveness.release(stack_id)
                continue
            taken.append(stack_id)
            self._start(stack_id, work, wait, locked=True)
        self.liveness.forget_dead_engines()
        return taken

    def _takeover(self, stack_id: str):
        """The work that finishes a dead engine's operation on a stack whose
        lock is now ours, or None when there is nothing to finish."""
        row = self.store.get_stack(stack_id)
        if row is None or row['deleted_at'] is not None:
            return None   # locked but never written, or finished meanwhile
        if row['status'] == st.IN_PROGRESS:
            if self._parent_drives(row) or row['action'] == st.REVIEW:
                return None   # REVIEW_IN_PROGRESS waits for a change set, runs nothing
            return self._resume_work(row, self._load(row))
        on_failure = row['on_failure'] or ('DO_NOTHING' if row['disable_rollback']
                                           else 'ROLLBACK')
        if (row['action'], row['status']) == (st.CREATE, st.FAILED) and \
                on_failure != 'DO_NOTHING':
            stack = self._load(row)
            return lambda: operations.resume_rollback(stack, self.store, on_failure,
                                                      start=True)
        if (row['action'], row['status']) == (st.ROLLBACK, st.COMPLETE) and \
                on_failure == 'DELETE' and not row['prev_raw_template_id']:
            stack = self._load(row)
            return lambda: operations.delete(stack, self.store)
        return None

    def _fail_stack(self, stack_id: str, reason: str) -> None:
        """Fail an operation that cannot go on (and its resources in progress)."""
        try:
            row = self.store.get_stack(stack_id)
            if row is not None and row['status'] == st.IN_PROGRESS:
                operations.fail_rows(self.store, row, reason)
        except Exception:  # noqa: BLE001 - the next recovery pass tries again
            LOG.exception('Stack %s: cannot record its failure', stack_id)

    def _resume_work(self, row: dict, stack):
        action = row['action']
        if action == st.CREATE:
            # rows the dead engine had no time to write
            missing = [(n, r.type_name) for n, r in stack.resources.items() if r.row_id is None]
            for name, rid in self.store.add_resources(row['id'], missing).items():
                stack.resources[name].row_id = rid
            timeout = row['timeout'] or config.stack_action_timeout_mins()
            return lambda: operations.create(stack, self.store, timeout,
                                             row['on_failure'] or 'ROLLBACK', resumed=True)
        if action == st.UPDATE or (action == st.ROLLBACK and row['prev_raw_template_id']):
            return lambda: self.resume_update(row)   # fail, then roll back the update
        if action == st.ROLLBACK:
            return lambda: operations.resume_rollback(stack, self.store,
                                                      row['on_failure'] or 'ROLLBACK')
        if action == st.DELETE:
            return lambda: operations.delete(stack, self.store)
        return lambda: operations.fail_interrupted(stack, self.store, action)

    def _start(self, stack_id: str, work, wait: bool, locked: bool = False) -> None:
        """Run ``work`` on a thread holding the stack lock (taken here, so a
        conflict is reported to the caller)."""
        self.start()
        if not locked:
            self._lock_stack(stack_id)

        from heat_core.engine.walker import EngineStopping  # taskflow: when work runs

        def run():
            stopping = False
            try:
                work()
            except EngineStopping:
                # keep the lock: another engine resumes it once this one is dead
                stopping = True
                LOG.warning('Stack %s: operation interrupted by the engine exiting', stack_id)
            except Exception as exc:  # noqa: BLE001 - never leave it IN_PROGRESS
                LOG.exception('Stack %s: operation failed', stack_id)
                self._fail_stack(stack_id, 'Engine error: %s: %s' % (type(exc).__name__, exc))
            finally:
                if not stopping:
                    self.liveness.release(stack_id)
                with self._lock:
                    self._threads.pop(stack_id, None)
        thread = threading.Thread(target=run, name='stack-%s' % stack_id, daemon=True)
        with self._lock:
            self._threads[stack_id] = thread
        thread.start()
        if wait:
            thread.join()


def _on_failure(disable_rollback, on_failure) -> str:
    return operations.on_failure_word(disable_rollback, on_failure)

