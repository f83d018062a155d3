"""Engine identity, heartbeat and stack locks.

Each engine process registers a row in ``engine`` and refreshes its
``heartbeat_at`` every ``HEARTBEAT`` seconds from a daemon thread.  A stack
lock names the engine that owns the stack's current operation; a lock whose
engine has not beaten for ``DEAD_AFTER`` seconds may be taken over (that is
how a crashed engine's stacks are recovered).  Two operations on one stack
never run at once: acquiring a live lock raises :class:`StackLocked`.
"""

from __future__ import annotations

import datetime
import logging
import os
import socket
import threading
import uuid

from sqlalchemy import and_, delete, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from heat_core.db import models as m
from heat_core.errors import HeatError

LOG = logging.getLogger(__name__)

HEARTBEAT = 1.0
DEAD_AFTER = 4.0

L = m.StackLock.__table__
EN = m.Engine.__table__


class StackLocked(HeatError):
    code = 'ActionInProgress'
    http_status = 409


class EngineLiveness:
    """This process's engine row and its heartbeat thread."""

    def __init__(self, engine_db, write=None):
        """``write``: a context manager factory for a write transaction
        (the Store's, so that on SQLite the heartbeat queues with the
        engine's other writes instead of in SQLite's busy handler)."""
        self.db = engine_db
        self._write = write or engine_db.begin
        self.id = str(uuid.uuid4())
        self._stop = threading.Event()
        self._thread = None

    def start(self) -> None:
        with self._write() as c:
            c.execute(insert(EN).values(id=self.id, host=socket.gethostname(), pid=os.getpid(),
                                        started_at=m.utcnow(), heartbeat_at=m.utcnow()))
        self._thread = threading.Thread(target=self._beat, name='engine-heartbeat', daemon=True)
        self._thread.start()

    def _beat(self) -> None:
        while not self._stop.wait(HEARTBEAT):
            try:
                with self._write() as c:
                    found = c.execute(update(EN).where(EN.c.id == self.id).values(
                        heartbeat_at=m.utcnow())).rowcount
            except Exception:  # noqa: BLE001 - a missed beat is retried next time
                continue
            if not found and not self._stop.is_set():
                # Another engine found no beat for DEAD_AFTER seconds and
                # took our stacks over: whatever this process still runs
                # races with it.
                LOG.error('Engine %s was declared dead by another engine (no heartbeat '
                          'for %s s); its stack locks were taken over', self.id, DEAD_AFTER)

    def stop(self) -> None:
        self._stop.set()
        try:
            with self._write() as c:
                c.execute(delete(EN).where(EN.c.id == self.id))
        except Exception:  # noqa: BLE001 - shutting down anyway
            pass

    # -- liveness of others --------------------------------------------------------
    def dead_engines(self) -> set:
        limit = m.utcnow() - datetime.timedelta(seconds=DEAD_AFTER)
        with self.db.connect() as c:
            rows = c.execute(select(EN.c.id).where(EN.c.heartbeat_at < limit)).all()
        return {r[0] for r in rows}

    def orphaned_locks(self) -> dict:
        """``{stack id: engine id}`` of the locks held by dead engines (or
        by engines whose row is gone)."""
        limit = m.utcnow() - datetime.timedelta(seconds=DEAD_AFTER)
        with self.db.connect() as c:
            rows = c.execute(select(L.c.stack_id, L.c.engine_id).select_from(
                L.outerjoin(EN, EN.c.id == L.c.engine_id)).where(
                or_(EN.c.id.is_(None), EN.c.heartbeat_at < limit))).all()
        return {stack_id: engine_id for stack_id, engine_id in rows if engine_id != self.id}

    def forget_dead_engines(self) -> None:
        """Drop the rows of dead engines that hold no lock any more."""
        limit = m.utcnow() - datetime.timedelta(seconds=DEAD_AFTER)
        with self._write() as c:
            c.execute(delete(EN).where(and_(
                EN.c.heartbeat_at < limit, EN.c.id != self.id,
                ~select(L.c.stack_id).where(L.c.engine_id == EN.c.id).exists())))

    def is_alive(self, engine_id: str) -> bool:
        if engine_id == self.id:
            return True
        limit = m.utcnow() - datetime.timedelta(seconds=DEAD_AFTER)
        with self.db.connect() as c:
            beat = c.execute(select(EN.c.heartbeat_at).where(EN.c.id == engine_id)).scalar()
        return beat is not None and beat >= limit

    # -- stack locks ----------------------------------------------------------------
    def acquire(self, stack_id: str, stack_name: str = '') -> None:
        """Take the stack's lock, or take it over from a dead engine."""
        try:
            with self._write() as c:
                c.execute(insert(L).values(stack_id=stack_id, engine_id=self.id,
                                           created_at=m.utcnow()))
            return
        except IntegrityError:
            pass
        with self.db.connect() as c:
            holder = c.execute(select(L.c.engine_id).where(L.c.stack_id == stack_id)).scalar()
        if holder is None:
            return self.acquire(stack_id, stack_name)
        if holder == self.id or self.is_alive(holder):
            raise StackLocked('Stack %s is locked by an operation in progress (engine %s).'
                              % (stack_name or stack_id, holder))
        if not self.steal(stack_id, holder):
            raise StackLocked('Stack %s is locked by an operation in progress.'
                              % (stack_name or stack_id))

    def steal(self, stack_id: str, old_engine: str) -> bool:
        """Take a lock from ``old_engine`` if it still holds it."""
        with self._write() as c:
            done = c.execute(update(L).where(and_(
                L.c.stack_id == stack_id, L.c.engine_id == old_engine)).values(
                engine_id=self.id, created_at=m.utcnow()))
        return done.rowcount == 1

    def release(self, stack_id: str) -> None:
        with self._write() as c:
            c.execute(delete(L).where(and_(L.c.stack_id == stack_id,
                                           L.c.engine_id == self.id)))

    def holder(self, stack_id: str) -> str | None:
        with self.db.connect() as c:
            return c.execute(select(L.c.engine_id).where(L.c.stack_id == stack_id)).scalar()
