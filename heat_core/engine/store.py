"""Reading and writing engine state.

Each state change is one short transaction that updates the stack or
resource row and inserts one event row.  SQLAlchemy Core statements keep
that cheap (the 1000-resource benchmark performs 2000 of them).
"""

from __future__ import annotations

import contextlib
import threading

from sqlalchemy import and_, bindparam, delete, func, insert, select, update

from heat_core.config import CONF
from heat_core.db import api as db
from heat_core.db import models as m

S = m.Stack.__table__
R = m.Resource.__table__
E = m.Event.__table__
T = m.RawTemplate.__table__
STACK_TYPE = 'OS::Heat::Stack'

# Built once: SQLAlchemy then reuses the compiled form, where building a
# statement with literal values per call cost more than running it.
_UPDATE_RESOURCE = update(R).where(R.c.id == bindparam('row_id'))
_INSERT_EVENT = insert(E)


class Store:
    """Engine persistence over one database."""

    def __init__(self, url: str | None = None):
        self.engine = db.get_engine(url)
        # SQLite allows one writer: threads queueing on a Python lock is far
        # cheaper than SQLite's busy handler, which sleeps between retries.
        self._serial = threading.Lock() if self.engine.dialect.name == 'sqlite' else None
        # ... and the writes it serializes share one connection: checking a
        # connection out of the pool and back in cost ~25 % of a state change.
        self._writer = None
        self._statements: dict = {}

    @contextlib.contextmanager
    def _write(self):
        if self._serial is None:
            with self.engine.begin() as c:
                yield c
        else:
            with self._serial:
                if self._writer is None:
                    self._writer = self.engine.connect()
                with self._writer.begin():
                    yield self._writer

    @contextlib.contextmanager
    def _raw_write(self):
        """SQLite: the writer's DBAPI connection under the write lock, its
        transaction committed at the end of the block (rolled back on an
        error).  For the statements of every resource's state changes, sent
        straight to the cursor: SQLAlchemy's transaction bookkeeping would
        be done while holding the lock, and with many resources starting at
        once threads queue for it, each one's time holding it being
        everyone's wait."""
        with self._serial:
            if self._writer is None:
                self._writer = self.engine.connect()
            raw = self._writer.connection.driver_connection
            try:
                yield raw
            except BaseException:
                raw.rollback()
                raise
            raw.commit()

    def _write_bound(self, statements: list) -> None:
        """SQLite: ``(sql, parameters)`` pairs (see :meth:`_bound`, prepared
        before the lock is taken) in one transaction."""
        with self._raw_write() as raw:
            for sql, params in statements:
                raw.execute(sql, params)

    def _bound(self, table, verb: str, values: dict, row_id: int | None = None) -> tuple:
        """``(sql, parameters)`` of an UPDATE by id (``verb`` 'update') or an
        INSERT of ``values``, for the DBAPI cursor (SQLite)."""
        sql, processors = self._direct(table, verb, tuple(values))
        params = [p(v) if p else v for p, v in zip(processors, values.values())]
        if row_id is not None:
            params.append(row_id)
        return sql, params

    # -- templates ------------------------------------------------------------
    def add_template(self, text: str, name: str | None, files: dict, env_texts: list) -> int:
        with self._write() as c:
            return c.execute(insert(T).values(
                template=text, template_name=name, files=files or {},
                environment=[list(e) for e in env_texts or []],
                created_at=m.utcnow())).inserted_primary_key[0]

    def get_template(self, template_id: int) -> dict:
        with self.engine.connect() as c:
            row = c.execute(select(T).where(T.c.id == template_id)).mappings().one()
            return dict(row)

    # -- stacks ------------------------------------------------------------------
    def add_stack(self, **values) -> str:
        values.setdefault('id', m.new_id())
        values.setdefault('created_at', m.utcnow())
        for key, default in (('parameters', {}), ('tags', []), ('outputs', {}),
                             ('status_reason', ''), ('disable_rollback', False),
                             ('nested_depth', 0), ('action', 'INIT'),
                             ('status', 'COMPLETE')):
            values.setdefault(key, default)
        with self._write() as c:
            c.execute(insert(S).values(**values))
        return values['id']

    def stack_state(self, stack_id: str, name: str, action: str, status: str, reason: str,
                    **extra) -> None:
        """Set a stack's state and record the event, in one transaction."""
        now = m.utcnow()
        values = dict(action=action, status=status, status_reason=reason, **extra)
        if action != 'CREATE' or status != 'IN_PROGRESS':
            values.setdefault('updated_at', now)
        with self._write() as c:
            c.execute(update(S).where(S.c.id == stack_id).values(**values))
            c.execute(insert(E).values(
                uuid=m.new_id(), stack_id=stack_id, resource_name=name,
                physical_resource_id=stack_id, resource_type=STACK_TYPE, action=action,
                status=status, reason=reason, created_at=now))
        self._purge_events(stack_id)

    def update_stack(self, stack_id: str, **values) -> None:
        with self._write() as c:
            c.execute(update(S).where(S.c.id == stack_id).values(**values))

    def get_stack(self, stack_id: str) -> dict | None:
        with self.engine.connect() as c:
            row = c.execute(select(S).where(S.c.id == stack_id)).mappings().first()
            return dict(row) if row else None

    def find_stacks(self, tenant: str | None = None, name: str | None = None,
                    include_deleted: bool = False, owner_id=False, **filters) -> list[dict]:
        q = select(S)
        if tenant is not None:
            q = q.where(S.c.tenant == tenant)
        if name is not None:
            q = q.where(S.c.name == name)
        if not include_deleted:
            q = q.where(S.c.deleted_at.is_(None))
        if owner_id is not False:
            q = q.where(S.c.owner_id.is_(None) if owner_id is None else S.c.owner_id == owner_id)
        for key, value in filters.items():
            col = S.c[key]
            q = q.where(col.in_(value) if isinstance(value, (list, tuple)) else col == value)
        q = q.order_by(S.c.created_at.desc(), S.c.id)
        with self.engine.connect() as c:
            return [dict(r) for r in c.execute(q).mappings()]

    def query_stacks(self, tenant: str | None, where: dict, include_deleted: bool = False,
                     include_nested: bool = False) -> list[dict]:
        """Stacks matching ``where`` ({column: value or list of values}), in
        no particular order (the stack list sorts and pages them)."""
        q = select(S)
        if tenant is not None:
            q = q.where(S.c.tenant == tenant)
        if not include_deleted:
            q = q.where(S.c.deleted_at.is_(None))
        if not include_nested:
            q = q.where(S.c.owner_id.is_(None))
        for key, value in where.items():
            col = S.c[key]
            q = q.where(col.in_(value) if isinstance(value, (list, tuple)) else col == value)
        with self.engine.connect() as c:
            return [dict(r) for r in c.execute(q).mappings()]

    def count_stacks(self, tenant: str) -> int:
        with self.engine.connect() as c:
            return c.execute(select(func.count()).select_from(S).where(and_(
                S.c.tenant == tenant, S.c.deleted_at.is_(None),
                S.c.owner_id.is_(None)))).scalar_one()

    # -- resources --------------------------------------------------------------
    def add_resources(self, stack_id: str, items: list[tuple[str, str]]) -> dict:
        """Insert INIT rows for ``[(name, type)]``; returns ``{name: row id}``."""
        if not items:
            return {}
        now = m.utcnow()
        rows = [dict(uuid=m.new_id(), stack_id=stack_id, name=n, type=t, action='INIT',
                     status='COMPLETE', status_reason='', attributes={}, data={},
                     needs_replace=False, created_at=now) for n, t in items]
        with self._write() as c:
            c.execute(insert(R), rows)
            found = c.execute(select(R.c.id, R.c.name).where(and_(
                R.c.stack_id == stack_id, R.c.name.in_([n for n, _ in items]),
                R.c.action == 'INIT'))).all()
        return {name: rid for rid, name in found}

    def resource_state(self, row_id: int, stack_id: str, name: str, rtype: str,
                       physical_id: str | None, action: str, status: str, reason: str,
                       properties: dict | None = None, **extra) -> None:
        """Set a resource's state and record the event, in one transaction."""
        now = m.utcnow()
        values = dict(action=action, status=status, status_reason=reason,
                      physical_resource_id=physical_id, updated_at=now, **extra)
        event = dict(uuid=m.new_id(), stack_id=stack_id, resource_name=name,
                     physical_resource_id=physical_id, resource_type=rtype, action=action,
                     status=status, reason=reason, properties=properties, created_at=now)
        if self._serial is not None:
            self._write_bound([self._bound(R, 'update', values, row_id),
                               self._bound(E, 'insert', event)])
            return
        with self._write() as c:
            c.execute(_UPDATE_RESOURCE, dict(row_id=row_id, **values))
            c.execute(_INSERT_EVENT, event)

    def update_resource(self, row_id: int, **values) -> None:
        if self._serial is not None:
            self._write_bound([self._bound(R, 'update', values, row_id)])
            return
        with self._write() as c:
            c.execute(_UPDATE_RESOURCE, dict(row_id=row_id, **values))

    def resource_data(self, row_id: int) -> dict | None:
        """A resource's data as stored now (None: no such row)."""
        with self.engine.connect() as c:
            return c.execute(select(R.c.data).where(R.c.id == row_id)).scalar_one_or_none()

    def merge_resource_data(self, row_id: int, key: str, entries: dict) -> dict:
        """Merge ``entries`` into the map ``data[key]`` of a resource in one
        transaction (signals sent at once all land); returns the new data."""
        return self._rewrite_data(
            row_id, lambda stored: {**stored, key: {**(stored.get(key) or {}), **entries}})

    def save_resource_data(self, row_id: int, data: dict, merged: tuple = (),
                           **columns) -> dict:
        """Store a resource's ``data`` as its handlers left it, except that
        the maps under the keys ``merged`` keep the entries stored meanwhile
        (signals other requests merged in while a handler ran: a handle's
        create must not lose a signal sent before it finished); returns
        the data stored.  ``columns``: other values of the row, set in the
        same transaction."""
        if not merged:
            self.update_resource(row_id, data=data, **columns)
            return data

        def keep_merged(stored: dict) -> dict:
            out = dict(data)
            for key in merged:
                if stored.get(key) or out.get(key):
                    out[key] = {**(out.get(key) or {}), **(stored.get(key) or {})}
            return out
        return self._rewrite_data(row_id, keep_merged, **columns)

    def _rewrite_data(self, row_id: int, change, **columns) -> dict:
        """Replace a resource's data by ``change(stored data)`` (and set
        ``columns`` of its row) in one transaction that reads the stored data
        (locking the row where the database can; SQLite's writes are
        serialized); returns the new data."""
        if self._serial is not None:
            with self._raw_write() as raw:
                data = change(self._read_data(raw, row_id) or {})
                raw.execute(*self._bound(R, 'update', {'data': data, **columns}, row_id))
            return data
        with self._write() as c:
            stored = c.execute(select(R.c.data).where(R.c.id == row_id)
                               .with_for_update()).scalar_one_or_none()
            data = change(stored or {})
            c.execute(_UPDATE_RESOURCE, dict(row_id=row_id, data=data, **columns))
        return data

    def _read_data(self, raw, row_id: int) -> dict | None:
        """SQLite: a resource's data, read on the DBAPI connection ``raw``
        (the read of every data_set: straight to the cursor, see below)."""
        found = self._statements.get('select-data')
        if found is None:
            dialect = self.engine.dialect
            found = self._statements['select-data'] = (
                'SELECT data FROM %s WHERE id = ?' % R.name,
                R.c.data.type.dialect_impl(dialect).result_processor(dialect, None))
        sql, process = found
        row = raw.execute(sql, (row_id,)).fetchone()
        if row is None:
            return None
        return process(row[0]) if process else row[0]

    # The writes made for every resource (its state changes and what its
    # handlers persist) go straight to the DBAPI cursor on SQLite, with
    # each column's own bind processing: SQLAlchemy's per-statement
    # bookkeeping was half of their cost, and the writes are serialized.
    def _direct(self, table, verb: str, columns: tuple) -> tuple:
        """(SQL text, bind processor per column) of an UPDATE by id or an
        INSERT of ``columns``, built once."""
        key = (table.name, verb, columns)
        found = self._statements.get(key)
        if found is None:
            dialect = self.engine.dialect
            if verb == 'update':
                sql = 'UPDATE %s SET %s WHERE id = ?' % (
                    table.name, ', '.join('%s = ?' % col for col in columns))
            else:
                sql = 'INSERT INTO %s (%s) VALUES (%s)' % (
                    table.name, ', '.join(columns), ', '.join('?' * len(columns)))
            processors = [table.c[col].type.dialect_impl(dialect).bind_processor(dialect)
                          for col in columns]
            found = self._statements[key] = (sql, processors)
        return found

    def delete_resource(self, row_id: int) -> None:
        with self._write() as c:
            c.execute(delete(R).where(R.c.id == row_id))

    def purge_deleted_resources(self, stack_id: str) -> None:
        """Drop the rows of resources that reached DELETE_COMPLETE."""
        with self._write() as c:
            c.execute(delete(R).where(and_(R.c.stack_id == stack_id, R.c.action == 'DELETE',
                                           R.c.status == 'COMPLETE')))

    def resources(self, stack_id: str) -> list[dict]:
        with self.engine.connect() as c:
            return [dict(r) for r in c.execute(
                select(R).where(R.c.stack_id == stack_id).order_by(R.c.id)).mappings()]

    # -- events -----------------------------------------------------------------
    def events(self, stack_id: str, resource_name: str | None = None, marker: str | None = None,
               limit: int | None = None, sort_dir: str = 'asc') -> list[dict]:
        q = select(E).where(E.c.stack_id == stack_id)
        if resource_name is not None:
            q = q.where(E.c.resource_name == resource_name)
        if marker:
            with self.engine.connect() as c:
                mid = c.execute(select(E.c.id).where(E.c.uuid == marker)).scalar()
            if mid is not None:
                q = q.where(E.c.id > mid if sort_dir == 'asc' else E.c.id < mid)
        q = q.order_by(E.c.id.asc() if sort_dir == 'asc' else E.c.id.desc())
        if limit:
            q = q.limit(limit)
        with self.engine.connect() as c:
            return [dict(r) for r in c.execute(q).mappings()]

    def find_events(self, stack_ids: list, where: dict | None = None,
                    after_id: int | None = None, limit: int | None = None,
                    sort_dir: str = 'asc') -> list[dict]:
        """Events of several stacks in the order they happened (``sort_dir``),
        matching ``where`` ({column: value or list}), after (in that order)
        the event with row id ``after_id``."""
        q = select(E).where(E.c.stack_id.in_(list(stack_ids)))
        for key, value in (where or {}).items():
            col = E.c[key]
            q = q.where(col.in_(value) if isinstance(value, (list, tuple)) else col == value)
        if after_id is not None:
            q = q.where(E.c.id > after_id if sort_dir == 'asc' else E.c.id < after_id)
        q = q.order_by(E.c.id.asc() if sort_dir == 'asc' else E.c.id.desc())
        if limit is not None:
            q = q.limit(limit)
        with self.engine.connect() as c:
            return [dict(r) for r in c.execute(q).mappings()]

    def event_by_uuid(self, uuid: str) -> dict | None:
        """The event row with that id (the uuid shown to users), or None."""
        with self.engine.connect() as c:
            row = c.execute(select(E).where(E.c.uuid == uuid)).mappings().first()
            return dict(row) if row else None

    def add_event(self, stack_id: str, name: str, rtype: str, physical_id: str | None,
                  action: str, status: str, reason: str) -> None:
        """Record an event that changes no state (e.g. a resource signal)."""
        with self._write() as c:
            c.execute(_INSERT_EVENT, dict(
                uuid=m.new_id(), stack_id=stack_id, resource_name=name,
                physical_resource_id=physical_id, resource_type=rtype, action=action,
                status=status, reason=reason, properties=None, created_at=m.utcnow()))
        self._purge_events(stack_id)

    def _purge_events(self, stack_id: str) -> None:
        limit = CONF.max_events_per_stack
        if not limit or limit <= 0:
            return
        with self._write() as c:
            count = c.execute(select(func.count()).select_from(E).where(
                E.c.stack_id == stack_id)).scalar_one()
            if count <= limit:
                return
            batch = max(count - limit, min(CONF.event_purge_batch_size, count))
            ids = [r[0] for r in c.execute(select(E.c.id).where(E.c.stack_id == stack_id)
                                           .order_by(E.c.id).limit(batch))]
            c.execute(delete(E).where(E.c.id.in_(ids)))

    # -- cancel requests (on the stack lock; see update.CancelFlag) -------------
    def request_cancel(self, stack_id: str, rollback: bool) -> str | None:
        """Ask the operation holding the stack's lock to cancel; returns the
        holder's engine id, or None when no operation holds the lock."""
        lock = m.StackLock.__table__
        with self._write() as c:
            holder = c.execute(select(lock.c.engine_id).where(
                lock.c.stack_id == stack_id)).scalar()
            if holder is not None:
                c.execute(update(lock).where(and_(
                    lock.c.stack_id == stack_id, lock.c.engine_id == holder)).values(
                    cancel='rollback' if rollback else 'no_rollback'))
        return holder

    def cancel_requested(self, stack_id: str, engine_id: str) -> str | None:
        """The cancel request (``rollback``/``no_rollback``) for the stack's
        operation run by ``engine_id``, or None."""
        lock = m.StackLock.__table__
        with self.engine.connect() as c:
            return c.execute(select(lock.c.cancel).where(and_(
                lock.c.stack_id == stack_id, lock.c.engine_id == engine_id))).scalar()
