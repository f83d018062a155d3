"""The rows showing a stack needs, in one query.

``GET /stacks/{name}/{id}`` needs the stack row, the stamp of its raw
template (see :mod:`heat_core.engine.cache`) and its current resources
(their state resolves the outputs).  One statement joins them: one round
trip, and on SQLite one release of the interpreter lock instead of three,
which is what a threaded API server serving many requests feels most.

On SQLite the statement is compiled once and run on the thread's own
DBAPI connection with each column's own result processing, as
:class:`~heat_core.engine.store.Store` does for its writes (SQLAlchemy's
per-statement bookkeeping cost more than the query); other databases run
the same statement through SQLAlchemy.
"""

from __future__ import annotations

import threading
from typing import NamedTuple

from sqlalchemy import and_, bindparam, select

from heat_core.engine.cache import parameters_key
from heat_core.engine.store import R, S, T

#: resource columns a live stack is built from (see ``EngineService._load``)
RESOURCE_COLUMNS = ('id', 'name', 'physical_resource_id', 'action', 'status',
                    'status_reason', 'data', 'attributes', 'replaced_by')
_PREFIX = 'resource_'
_STAMP = 'raw_template_created_at'


class StackRows(NamedTuple):
    """A stack row, its raw template's ``created_at``, its current
    resource rows (those an update replaced left out), oldest first, and
    its given parameter values as a cache key (the stored text)."""
    row: dict
    template_stamp: object
    resources: list
    parameters_key: str


def _show_statement():
    resources = [R.c[name].label(_PREFIX + name) for name in RESOURCE_COLUMNS]
    return (select(S, T.c.created_at.label(_STAMP), *resources)
            .select_from(S.join(T, T.c.id == S.c.raw_template_id)
                         .outerjoin(R, and_(R.c.stack_id == S.c.id, R.c.replaced_by.is_(None))))
            .where(S.c.id == bindparam('stack_id'))
            .order_by(R.c.id))


_SHOW = _show_statement()
_STAMP_OF = select(T.c.created_at).where(T.c.id == bindparam('template_id'))


class StackReader:
    """Runs the read queries of one database."""

    def __init__(self, engine):
        self.engine = engine
        self._direct = engine.dialect.name == 'sqlite'
        self._local = threading.local()
        self._stack_keys = tuple(S.c.keys())
        self._stack_width = width = len(self._stack_keys)
        self._parameters_index = self._stack_keys.index('parameters')
        if self._direct:
            self._show_sql, processors = self._compile(_SHOW)
            self._head_processors = [(i, p) for i, p in enumerate(processors[:width + 1]) if p]
            self._tail_processors = [(i, p) for i, p in enumerate(processors[width + 1:]) if p]
            self._stamp_sql, processors = self._compile(_STAMP_OF)
            self._stamp_processors = [(i, p) for i, p in enumerate(processors) if p]

    def _compile(self, statement) -> tuple:
        """(SQL text, result processor per selected column) of ``statement``."""
        dialect = self.engine.dialect
        sql = str(statement.compile(dialect=dialect))
        processors = [col.type.dialect_impl(dialect).result_processor(dialect, None)
                      for col in statement.selected_columns]
        return sql, processors

    def _fetch(self, sql: str, params: tuple) -> list[tuple]:
        """Run a read on this thread's own SQLite connection: checking one
        out of the pool and back in cost as much as the query.  The
        connection is taken from the pool once (so it has the pool's
        pragmas) and detached from it.  Each statement is read to its end,
        so no read transaction stays open between requests and every read
        sees what was committed before it."""
        conn = getattr(self._local, 'conn', None)
        if conn is None:
            fairy = self.engine.raw_connection()
            conn = self._local.conn = fairy.driver_connection
            fairy.detach()
        return conn.execute(sql, params).fetchall()

    @staticmethod
    def _processed(processors: list, values) -> list:
        out = list(values)
        for i, process in processors:
            out[i] = process(out[i])
        return out

    def stack_rows(self, stack_id: str) -> StackRows | None:
        """The stack with that id (deleted ones too) and its resources, or None."""
        width = self._stack_width
        if self._direct:
            rows = self._fetch(self._show_sql, (stack_id,))
            if not rows:
                return None
            # the stack's columns repeat on every resource's row: read them once
            head = self._processed(self._head_processors, rows[0][:width + 1])
            params_key = rows[0][self._parameters_index]     # the stored JSON text
            resources = [self._processed(self._tail_processors, r[width + 1:]) for r in rows]
        else:
            with self.engine.connect() as c:
                rows = [tuple(r) for r in c.execute(_SHOW, {'stack_id': stack_id})]
            if not rows:
                return None
            head = rows[0][:width + 1]
            params_key = None
            resources = [r[width + 1:] for r in rows]
        row = dict(zip(self._stack_keys, head[:width]))
        if params_key is None:
            params_key = parameters_key(row['parameters'])
        return StackRows(row, head[width], [dict(zip(RESOURCE_COLUMNS, r)) for r in resources
                                            if r[0] is not None], params_key)

    def template_stamp(self, template_id: int):
        """The ``created_at`` of a raw template row (None if there is none)."""
        if self._direct:
            rows = [self._processed(self._stamp_processors, r)
                    for r in self._fetch(self._stamp_sql, (template_id,))]
        else:
            with self.engine.connect() as c:
                rows = c.execute(_STAMP_OF, {'template_id': template_id}).all()
        return rows[0][0] if rows else None
