"""What every simulated service shares: transactions, lifecycles, latency,
injected faults and the public view of objects.

A request with a lifecycle (booting a server, creating a volume, ...)
stores its object in the transitional status with a *pending* change:
``{'at': time, 'then': fields}`` (or ``'gone': True`` for deletes).  Reads
settle it once its time has come, so nothing runs in the background and
any process that reads the database sees the same cloud.
"""

from __future__ import annotations

import datetime
import time
import uuid

from heat_core.clouds.catalogue import CloudObject
from heat_core.clouds.errors import CloudError
from heat_core.config import CONF
from heat_plugins.cloud_sim.state import ERROR, FAIL, HANG, Fault

#: requests whose effect takes time: the object waits in a transitional
#: status for the request's latency (or for ever, with a ``hang`` fault)
LIFECYCLE_OPERATIONS = frozenset({
    'create_server', 'delete_server', 'resize_server', 'confirm_server_resize',
    'revert_server_resize', 'suspend_server', 'resume_server',
    'create_volume', 'delete_volume', 'extend_volume',
    'create_volume_attachment', 'delete_volume_attachment',
    'create_snapshot', 'delete_snapshot', 'create_backup', 'delete_backup',
})


def new_id() -> str:
    return str(uuid.uuid4())


def now_iso() -> str:
    return datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%S.%fZ')


def public(body: dict | None) -> CloudObject | None:
    """What the API shows of a stored body: private ``_keys`` left out."""
    if body is None:
        return None
    return CloudObject({k: v for k, v in body.items() if not k.startswith('_')})


class SimCore:
    """Transactions, lifecycles, latency and faults (mixed into SimCloud)."""

    def __init__(self, backend):
        self._backend = backend
        self._latency_overrides: dict[str, float] = {}
        self._config_faults: tuple = ((), [])

    # -- transactions ------------------------------------------------------------------------
    def _txn(self, write: bool = False):
        return self._backend.transaction(self._settle, write)

    @staticmethod
    def _settle(kind: str, body: dict):
        pending = body.get('_pending')
        if not pending or pending.get('at') is None or time.time() < pending['at']:
            return body, False
        if pending.get('gone'):
            return None, True
        body = dict(body)
        del body['_pending']
        body.update(pending.get('then') or {})
        body['updated_at'] = now_iso()
        return body, True

    # -- latency and faults --------------------------------------------------------------------
    def latency(self, operation: str) -> float:
        """Seconds ``operation`` takes (test overrides, then ``[cloud_sim] latency``)."""
        if operation in self._latency_overrides:
            return self._latency_overrides[operation]
        try:
            return float((CONF.cloud_sim.latency or {}).get(operation, 0) or 0)
        except (TypeError, ValueError):
            return 0.0

    def set_latency(self, operation: str, seconds: float | None) -> None:
        """Test API: make ``operation`` take ``seconds`` in this process
        (None: back to the configuration)."""
        if seconds is None:
            self._latency_overrides.pop(operation, None)
        else:
            self._latency_overrides[operation] = float(seconds)

    def inject_fault(self, operation: str, effect: str = FAIL, nth: int = 1,
                     times: int | None = 1, message: str | None = None) -> int:
        """Test API: the ``nth`` call of ``operation`` from now (and the
        ``times - 1`` after it; None: all after it) gets ``effect`` — see
        :class:`~heat_plugins.cloud_sim.state.Fault`.  Kept with the cloud's
        objects, so other processes on the same database see it too."""
        fault = Fault(operation, effect, message, nth=nth, times=times)
        if effect != FAIL and operation not in LIFECYCLE_OPERATIONS:
            raise ValueError('%s has no lifecycle: only a "fail" fault applies to it' % operation)
        return self._backend.add_fault(fault)

    def faults(self) -> list[Fault]:
        """Test API: the injected faults still waiting to hit."""
        return self._backend.faults()

    def clear_faults(self) -> None:
        """Test API: forget every injected fault."""
        self._backend.clear_faults()

    def _config_fault(self, operation: str) -> Fault | None:
        specs = tuple(CONF.cloud_sim.faults or ())
        if specs != self._config_faults[0]:
            self._config_faults = (specs, [Fault.parse(s) for s in specs])
        hit = None
        for fault in self._config_faults[1]:
            if fault.operation == operation and fault.count() and hit is None:
                hit = fault
        return hit

    def _request(self, operation: str) -> Fault | None:
        """Begin a request: count it against the injected faults (a ``fail``
        fault raises here) and wait the latency of a request without a
        lifecycle.  Returns the ``error``/``hang`` fault that hits it."""
        fault = self._backend.take_fault(operation) or self._config_fault(operation)
        lifecycle = operation in LIFECYCLE_OPERATIONS
        if not lifecycle:
            delay = self.latency(operation)
            if delay > 0:
                time.sleep(delay)
        if fault is None:
            return None
        if fault.effect == FAIL or not lifecycle:
            raise CloudError(fault.message or 'Simulated failure of %s' % operation)
        return fault

    @staticmethod
    def fault_message(fault: Fault | None, default: str) -> str:
        return (fault.message if fault is not None else None) or default

    def _schedule(self, body: dict, operation: str, fault: Fault | None, then: dict,
                  error: dict | None = None, gone: bool = False) -> dict:
        """Leave ``body`` in its transitional status until ``operation``'s
        latency has passed; it then gets ``then`` (or is gone), or ``error``
        when an ``error`` fault hit, or never changes (a ``hang`` fault)."""
        at = time.time() + self.latency(operation)
        if fault is not None and fault.effect == HANG:
            body['_pending'] = {'at': None, 'then': then, 'gone': gone}
        elif fault is not None and fault.effect == ERROR:
            body['_pending'] = {'at': at, 'then': error or {}, 'gone': False}
        else:
            body['_pending'] = {'at': at, 'then': then, 'gone': gone}
        body['updated_at'] = now_iso()
        return body

    @staticmethod
    def _going(body: dict) -> bool:
        """Whether the object is being deleted (it no longer counts)."""
        pending = body.get('_pending') or {}
        return bool(pending.get('gone'))

    # -- test API: statuses ----------------------------------------------------------------------
    def set_status(self, kind: str, object_id: str, status: str, fault: str | None = None
                   ) -> CloudObject:
        """Test API: put an object in ``status`` at once, as if the cloud
        had done it (``set_status('server', id, 'ERROR', 'disk failure')``
        sends a server to ERROR with that fault)."""
        from heat_core.clouds.errors import NotFound
        with self._txn(write=True) as t:
            body = t.get(kind, object_id)
            if body is None:
                raise NotFound('%s %s could not be found.' % (kind.capitalize(), object_id))
            body.pop('_pending', None)
            body['status'] = status
            if fault is not None:
                body['fault'] = {'message': fault, 'code': 500, 'created': now_iso()}
            t.put(kind, body)
        return public(body)
