"""Database connection, sessions and schema migration.

The embedded default is a SQLite file under ``$XDG_DATA_HOME/heat/`` in WAL
mode; ``[database] connection`` selects another URL (PostgreSQL for real
deployments; ``postgresql://`` uses psycopg 3).
"""

from __future__ import annotations

import contextlib
import os
import threading

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from heat_core.config import CONF

_lock = threading.Lock()
_engines: dict[str, Engine] = {}


def data_dir() -> str:
    """``$XDG_DATA_HOME/heat`` (default ``~/.local/share/heat``), created."""
    base = os.environ.get('XDG_DATA_HOME') or os.path.join(os.path.expanduser('~'),
                                                           '.local', 'share')
    path = os.path.join(base, 'heat')
    os.makedirs(path, exist_ok=True)
    return path


def default_url() -> str:
    return 'sqlite:///' + os.path.join(data_dir(), 'heat.sqlite')


def database_url() -> str:
    url = CONF.database.connection or default_url()
    if url.startswith('postgresql://'):
        url = 'postgresql+psycopg://' + url[len('postgresql://'):]
    return url


def _sqlite_pragmas(dbapi_conn, _record):
    cur = dbapi_conn.cursor()
    cur.execute('PRAGMA journal_mode=WAL')
    cur.execute('PRAGMA synchronous=NORMAL')
    cur.execute('PRAGMA foreign_keys=ON')
    cur.execute('PRAGMA busy_timeout=30000')
    cur.close()


def get_engine(url: str | None = None) -> Engine:
    """One SQLAlchemy engine per URL per process."""
    url = url or database_url()
    with _lock:
        eng = _engines.get(url)
        if eng is None:
            if url.startswith('sqlite'):
                eng = create_engine(url, connect_args={'check_same_thread': False,
                                                       'timeout': 30})
                event.listen(eng, 'connect', _sqlite_pragmas)
            else:
                eng = create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True)
            _engines[url] = eng
    return eng


def dispose_all() -> None:
    with _lock:
        for eng in _engines.values():
            eng.dispose()
        _engines.clear()


_makers: dict[int, sessionmaker] = {}


def session_maker(eng: Engine | None = None) -> sessionmaker:
    eng = eng or get_engine()
    maker = _makers.get(id(eng))
    if maker is None:
        maker = _makers[id(eng)] = sessionmaker(bind=eng, expire_on_commit=False)
    return maker


@contextlib.contextmanager
def transaction(eng: Engine | None = None):
    """A session in one short transaction: committed on success."""
    with session_maker(eng)() as session, session.begin():
        yield session


def new_session(eng: Engine | None = None) -> Session:
    return session_maker(eng)()


def db_sync(url: str | None = None, revision: str = 'heads') -> None:
    """Bring the database to the current schema (alembic upgrade)."""
    import logging

    from alembic import command
    from alembic.config import Config

    logging.getLogger('alembic').setLevel(logging.WARNING)

    eng = get_engine(url)
    cfg = Config()
    cfg.set_main_option('script_location', 'heat_core.db:migrations')
    cfg.attributes['engine'] = eng
    # processes that start on a new database at once (two `heat` commands,
    # heat-all and heat-engine) must not both create its tables
    with _migration_lock(eng):
        command.upgrade(cfg, revision)


#: the PostgreSQL advisory lock key of schema migrations ("heat" in ASCII)
_PG_MIGRATION_LOCK = 0x68656174


@contextlib.contextmanager
def _migration_lock(eng: Engine):
    """Held by one process at a time while it migrates ``eng``'s database:
    a lock file beside a SQLite file, an advisory lock on PostgreSQL."""
    if eng.dialect.name == 'sqlite':
        path = eng.url.database
        if not path or path == ':memory:':
            yield
            return
        import fcntl
        with open(path + '.migrate-lock', 'a') as f:
            fcntl.flock(f, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(f, fcntl.LOCK_UN)
    elif eng.dialect.name == 'postgresql':
        from sqlalchemy import text
        with eng.connect() as conn:
            conn.execute(text('SELECT pg_advisory_lock(:k)'), {'k': _PG_MIGRATION_LOCK})
            conn.commit()
            try:
                yield
            finally:
                conn.execute(text('SELECT pg_advisory_unlock(:k)'), {'k': _PG_MIGRATION_LOCK})
                conn.commit()
    else:
        yield


def current_revision(url: str | None = None) -> str | None:
    """The schema revision(s) of the database, comma-separated."""
    from alembic.runtime.migration import MigrationContext
    with get_engine(url).connect() as conn:
        heads = MigrationContext.configure(conn).get_current_heads()
    return ','.join(sorted(heads)) or None
