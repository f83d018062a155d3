"""Where the simulated cloud keeps its objects and injected faults: in
memory (a throw-away cloud, as tests of the catalogue use) or in Heat's
database (the embedded default: objects outlive processes).

Requests work on a :class:`Transaction`: reads see the backend plus the
transaction's own writes, and the writes are saved together at the end.
A transaction that writes holds the backend's lock throughout, so that a
quota check and the creation it allows are not interleaved with another
thread's (other processes can still race, as two API calls to a real cloud
can).
"""

from __future__ import annotations

import abc
import contextlib
import dataclasses
import json
import threading
from typing import Callable

from heat_core.clouds.errors import CloudError

#: what an injected fault does to the call it hits
FAIL, ERROR, HANG = 'fail', 'error', 'hang'
EFFECTS = (FAIL, ERROR, HANG)


@dataclasses.dataclass
class Fault:
    """The ``nth`` call of ``operation`` (counted from when the fault was
    injected) and the ``times - 1`` calls after it get ``effect`` (``times``
    None: every call from the ``nth`` on).

    Effects: ``fail`` — the call raises CloudError(``message``); ``error``
    — the call is accepted but the object ends in its error status (a
    server in ``ERROR`` with ``message`` as its fault, a volume in
    ``error``, a delete in ``error_deleting``); ``hang`` — the object stays
    in its transitional status (``BUILD``, ``deleting``, ...) for ever.
    """
    operation: str
    effect: str = FAIL
    message: str | None = None
    nth: int = 1
    times: int | None = 1
    id: int | None = None
    seen: int = 0
    fired: int = 0

    def __post_init__(self):
        if self.effect not in EFFECTS:
            raise ValueError('Unknown fault effect "%s" (one of %s)' % (
                self.effect, ', '.join(EFFECTS)))
        if self.nth < 1:
            raise ValueError('nth counts calls from 1, not %d' % self.nth)

    def count(self) -> bool:
        """Count one call of the operation; True when the fault hits it."""
        self.seen += 1
        hit = self.seen >= self.nth and (self.times is None or self.fired < self.times)
        if hit:
            self.fired += 1
        return hit

    @property
    def used_up(self) -> bool:
        return self.times is not None and self.fired >= self.times

    @classmethod
    def parse(cls, spec: str) -> Fault:
        """A fault from its configuration form
        ``OPERATION[#N][:EFFECT[:MESSAGE]]``: ``create_server#2:error:No
        valid host was found.`` hits the second server create only;
        ``delete_volume:fail`` every volume delete."""
        head, _, rest = spec.strip().partition(':')
        effect, _, message = rest.partition(':')
        operation, _, nth = head.partition('#')
        if not operation:
            raise ValueError('Fault "%s" names no operation' % spec)
        try:
            n = int(nth) if nth else 1
        except ValueError:
            raise ValueError('Fault "%s": "#%s" is not a call number' % (spec, nth)) from None
        return cls(operation.strip(), effect.strip() or FAIL, message.strip() or None,
                   nth=n, times=1 if nth else None)


def _copy(body):
    # a JSON round trip: what the database would give back
    return json.loads(json.dumps(body))


class Backend(abc.ABC):
    """Storage of objects (``kind``, ``id`` → body) and faults."""

    lock: threading.RLock

    @abc.abstractmethod
    def load(self, kind: str, object_id: str) -> dict | None:
        """The stored body, or None."""

    @abc.abstractmethod
    def load_all(self, kind: str | None = None) -> list[tuple[str, dict]]:
        """``(kind, body)`` of every stored object (of one kind), oldest first."""

    @abc.abstractmethod
    def save(self, writes: dict) -> None:
        """Store ``{(kind, id): body or None (deleted)}`` at once."""

    @abc.abstractmethod
    def add_fault(self, fault: Fault) -> int:
        """Remember a fault; returns its id."""

    @abc.abstractmethod
    def faults(self) -> list[Fault]:
        """The faults still waiting to hit."""

    @abc.abstractmethod
    def clear_faults(self) -> None:
        """Forget every injected fault."""

    @abc.abstractmethod
    def take_fault(self, operation: str) -> Fault | None:
        """Count a call of ``operation`` with every fault on it; the first
        one that hits (used-up faults are forgotten)."""

    @contextlib.contextmanager
    def transaction(self, settle: Callable, write: bool = False):
        """A :class:`Transaction`; ``write``: hold the lock throughout."""
        if write:
            self.lock.acquire()
        try:
            txn = Transaction(self, settle)
            yield txn
            if txn.writes and write:
                self.save(txn.writes)
            elif txn.writes:
                # a reader only settles what is due: settle again what is stored
                # now, so that a change made meanwhile is not overwritten
                with self.lock:
                    self.save(self._resettled(txn.writes, settle))
        finally:
            if write:
                self.lock.release()

    def _resettled(self, writes: dict, settle: Callable) -> dict:
        out = {}
        for kind, object_id in writes:
            current = self.load(kind, object_id)
            if current is not None:
                body, changed = settle(kind, current)
                if changed:
                    out[(kind, object_id)] = body
        return out


class Transaction:
    """Reads and buffered writes of one request.

    ``settle(kind, body)`` brings a stored body up to date (a server whose
    build time has passed becomes ACTIVE) and returns ``(body or None if
    gone, changed)``; changes are saved with the transaction."""

    def __init__(self, backend: Backend, settle: Callable):
        self.backend = backend
        self.settle = settle
        self.writes: dict = {}

    def get(self, kind: str, object_id: str) -> dict | None:
        key = (kind, object_id)
        if key in self.writes:
            body = self.writes[key]
            return None if body is None else _copy(body)
        body = self.backend.load(kind, object_id)
        if body is None:
            return None
        body, changed = self.settle(kind, body)
        if changed:
            self.writes[key] = body
        return None if body is None else _copy(body)

    def list(self, kind: str) -> list[dict]:
        out = []
        seen = set()
        for _, body in self.backend.load_all(kind):
            key = (kind, body['id'])
            seen.add(key)
            if key in self.writes:
                body = self.writes[key]
            else:
                body, changed = self.settle(kind, body)
                if changed:
                    self.writes[key] = body
            if body is not None:
                out.append(_copy(body))
        for (k, object_id), body in self.writes.items():
            if k == kind and (k, object_id) not in seen and body is not None:
                out.append(_copy(body))
        return out

    def put(self, kind: str, body: dict) -> dict:
        self.writes[(kind, body['id'])] = _copy(body)
        return body

    def delete(self, kind: str, object_id: str) -> None:
        self.writes[(kind, object_id)] = None


# -- in memory -----------------------------------------------------------------------------

class MemoryBackend(Backend):
    """Objects in a dict: gone with the process."""

    def __init__(self):
        self.lock = threading.RLock()
        self._objects: dict[tuple, dict] = {}
        self._faults: list[Fault] = []
        self._next_fault = 1

    def load(self, kind, object_id):
        body = self._objects.get((kind, object_id))
        return None if body is None else _copy(body)

    def load_all(self, kind=None):
        return [(k, _copy(b)) for (k, _), b in list(self._objects.items())
                if kind is None or k == kind]

    def save(self, writes):
        for key, body in writes.items():
            if body is None:
                self._objects.pop(key, None)
            else:
                self._objects[key] = _copy(body)

    def add_fault(self, fault):
        with self.lock:
            fault.id = self._next_fault
            self._next_fault += 1
            self._faults.append(fault)
            return fault.id

    def faults(self):
        with self.lock:
            return [dataclasses.replace(f) for f in self._faults]

    def clear_faults(self):
        with self.lock:
            self._faults.clear()

    def take_fault(self, operation):
        with self.lock:
            hit = None
            for fault in [f for f in self._faults if f.operation == operation]:
                if fault.count() and hit is None:
                    hit = dataclasses.replace(fault)
                if fault.used_up:
                    self._faults.remove(fault)
            return hit


# -- in the database ---------------------------------------------------------------------------

_DB_LOCKS: dict[str, threading.RLock] = {}
_DB_LOCKS_GUARD = threading.Lock()


class DatabaseBackend(Backend):
    """Objects in the ``sim_object`` and ``sim_fault`` tables of Heat's
    database.  ``engine``: a SQLAlchemy engine, or None to follow
    ``[database] connection`` at each request."""

    def __init__(self, engine=None):
        self._engine = engine
        self._ready: set = set()

    @property
    def engine(self):
        if self._engine is not None:
            return self._engine
        from heat_core.db import api
        return api.get_engine()

    @property
    def lock(self):
        # one lock per database: SQLite allows one writer at a time anyway
        key = self.engine.url.render_as_string(hide_password=False)
        with _DB_LOCKS_GUARD:
            lock = _DB_LOCKS.get(key)
            if lock is None:
                lock = _DB_LOCKS[key] = threading.RLock()
        return lock

    def _tables(self):
        from heat_plugins.cloud_sim import models
        return models.SimObject.__table__, models.SimFault.__table__

    def ready(self) -> bool:
        """Whether the tables exist (``heat-manage db_sync`` makes them)."""
        eng = self.engine
        if id(eng) not in self._ready:
            import sqlalchemy
            if not sqlalchemy.inspect(eng).has_table('sim_object'):
                return False
            self._ready.add(id(eng))
        return True

    def _require(self):
        if not self.ready():
            raise CloudError('The simulated cloud has no tables in %s: run "heat-manage '
                             'db_sync"' % (self.engine.url.render_as_string(),))

    def load(self, kind, object_id):
        if not self.ready():
            return None
        from sqlalchemy import select
        objects, _ = self._tables()
        with self.engine.connect() as c:
            row = c.execute(select(objects.c.body).where(
                objects.c.kind == kind, objects.c.id == object_id)).first()
        return None if row is None else dict(row[0])

    def load_all(self, kind=None):
        if not self.ready():
            return []
        from sqlalchemy import select
        objects, _ = self._tables()
        query = select(objects.c.kind, objects.c.body).order_by(objects.c.seq)
        if kind is not None:
            query = query.where(objects.c.kind == kind)
        with self.engine.connect() as c:
            return [(k, dict(b)) for k, b in c.execute(query)]

    def save(self, writes):
        self._require()
        from sqlalchemy import delete, insert, update

        from heat_core.db.models import utcnow
        objects, _ = self._tables()
        with self.engine.begin() as c:
            for (kind, object_id), body in writes.items():
                where = (objects.c.kind == kind, objects.c.id == object_id)
                if body is None:
                    c.execute(delete(objects).where(*where))
                    continue
                name = body.get('name')
                name = None if name is None else str(name)[:255]
                done = c.execute(update(objects).where(*where).values(body=body, name=name))
                if not done.rowcount:
                    c.execute(insert(objects).values(kind=kind, id=object_id, name=name,
                                                     body=body, created_at=utcnow()))

    def add_fault(self, fault):
        self._require()
        from sqlalchemy import insert

        from heat_core.db.models import utcnow
        _, faults = self._tables()
        with self.lock, self.engine.begin() as c:
            return c.execute(insert(faults).values(
                operation=fault.operation, effect=fault.effect, message=fault.message,
                nth=fault.nth, times=fault.times, seen=0, fired=0,
                created_at=utcnow())).inserted_primary_key[0]

    def _rows(self, c, operation=None):
        from sqlalchemy import select
        _, faults = self._tables()
        query = select(faults).order_by(faults.c.id)
        if operation is not None:
            query = query.where(faults.c.operation == operation)
        return [Fault(r.operation, r.effect, r.message, r.nth, r.times, r.id, r.seen, r.fired)
                for r in c.execute(query)]

    def faults(self):
        if not self.ready():
            return []
        with self.engine.connect() as c:
            return self._rows(c)

    def clear_faults(self):
        if not self.ready():
            return
        from sqlalchemy import delete
        _, faults = self._tables()
        with self.lock, self.engine.begin() as c:
            c.execute(delete(faults))

    def take_fault(self, operation):
        if not self.ready():
            return None
        from sqlalchemy import delete, update
        _, table = self._tables()
        with self.lock:
            with self.engine.connect() as c:
                waiting = self._rows(c, operation)
            if not waiting:
                return None
            hit = None
            with self.engine.begin() as c:
                for fault in waiting:
                    if fault.count() and hit is None:
                        hit = dataclasses.replace(fault)
                    if fault.used_up:
                        c.execute(delete(table).where(table.c.id == fault.id))
                    else:
                        c.execute(update(table).where(table.c.id == fault.id).values(
                            seen=fault.seen, fired=fault.fired))
            return hit
