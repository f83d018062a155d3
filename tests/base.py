"""Shared test helpers."""

from __future__ import annotations

import textwrap

import testtools

from heat_core import config
from heat_core.template import loader


class TestCase(testtools.TestCase):
    """Base test case: configuration reset to built-in defaults."""

    def setUp(self):
        super().setUp()
        config.load([])
        self.addCleanup(config.CONF.reset)

    def config(self, group=None, **kwargs):
        """Override options for this test."""
        for name, value in kwargs.items():
            config.CONF.set_override(name, value, group)
        self.addCleanup(lambda: [config.CONF.clear_override(n, group) for n in kwargs])

    def validate(self, text, name='template.yaml', env=None, params=None, files=None,
                 cloud=None):
        """Validate template text (dedented); returns the Loaded result."""
        env_texts = [(textwrap.dedent(e), 'env%d.yaml' % i) for i, e in enumerate(env or [])]
        return loader.validate(textwrap.dedent(text), name, env_texts, params, files, cloud)

    def errors(self, text, **kwargs):
        """Error strings ('PATH: message') of validating template text."""
        from heat_core.errors import format_path
        loaded = self.validate(text, **kwargs)
        return ['%s: %s' % (format_path(i.path), i.message) for i in loaded.issues.errors]

    def assertValid(self, text, **kwargs):
        loaded = self.validate(text, **kwargs)
        self.assertEqual([], [str(i) for i in loaded.issues.errors])
        return loaded.template


class DatabaseFixture:
    """A fresh database for one test: a SQLite file in a temporary
    directory, or a new PostgreSQL database (dropped afterwards)."""

    PG_ADMIN_URL = 'postgresql+psycopg://postgres@127.0.0.1:5432/postgres'

    def __init__(self, test, backend: str = 'sqlite'):
        self.test = test
        self.backend = backend

    def setUp(self) -> str:
        import os
        import tempfile
        import uuid

        from heat_core.db import api
        tmp = tempfile.mkdtemp(prefix='heat-test-')
        self.test.addCleanup(__import__('shutil').rmtree, tmp, True)
        os.environ['XDG_DATA_HOME'] = tmp
        if self.backend == 'sqlite':
            url = 'sqlite:///' + os.path.join(tmp, 'heat.sqlite')
        else:
            reason = pg_unavailable()
            if reason:
                self.test.skipTest(reason)
            name = 'heat_test_' + uuid.uuid4().hex[:12]
            _pg_admin('CREATE DATABASE %s' % name)
            url = 'postgresql+psycopg://postgres@127.0.0.1:5432/' + name
            self.test.addCleanup(_pg_drop, url, name)
        config.CONF.set_override('connection', url, 'database')
        self.test.addCleanup(config.CONF.clear_override, 'connection', 'database')
        # the pooled connections to this database go with it (cleanups run last
        # first: before the directory is removed), or a long test run runs out
        # of file descriptors
        self.test.addCleanup(api.dispose_all)
        api.db_sync(url)
        return url


def _pg_admin(sql: str) -> None:
    import sqlalchemy
    eng = sqlalchemy.create_engine(DatabaseFixture.PG_ADMIN_URL, isolation_level='AUTOCOMMIT')
    try:
        with eng.connect() as c:
            c.exec_driver_sql(sql)
    finally:
        eng.dispose()


def _pg_drop(url: str, name: str) -> None:
    from heat_core.db import api
    eng = api._engines.pop(url, None)
    if eng is not None:
        eng.dispose()
    _pg_admin('DROP DATABASE IF EXISTS %s WITH (FORCE)' % name)


_PG_REASON = []


def pg_unavailable() -> str | None:
    """Why PostgreSQL cannot be used for tests, or None."""
    if not _PG_REASON:
        try:
            _pg_admin('SELECT 1')
            _PG_REASON.append(None)
        except Exception as exc:  # noqa: BLE001 - any failure means skip
            _PG_REASON.append('PostgreSQL at 127.0.0.1:5432 is not reachable: %s' % (
                str(exc).splitlines()[0] if str(exc) else type(exc).__name__))
    return _PG_REASON[0]


class EngineTestCase(TestCase):
    """A test with a fresh database and an engine service on it."""

    backend = 'sqlite'

    def setUp(self):
        super().setUp()
        from heat_core.engine.context import RequestContext
        from heat_core.engine.service import EngineService
        self.db_url = DatabaseFixture(self, self.backend).setUp()
        self.service = EngineService()
        self.addCleanup(self.service.stop)
        self.ctx = RequestContext(tenant='tenant-a', user='alice')

    def create(self, text, name='stack', wait=True, **kwargs):
        """Create a stack from template text (dedented); returns its row."""
        ident = self.service.create_stack(self.ctx, name, textwrap.dedent(text),
                                          template_name='template.yaml', wait=wait, **kwargs)
        return self.service.store.get_stack(ident['stack_id'])

    def status(self, name='stack') -> str:
        return self.service.show_stack(self.ctx, name)['stack_status']

    def resource_statuses(self, name='stack') -> dict:
        return {r['resource_name']: r['resource_status']
                for r in self.service.list_resources(self.ctx, name)}

    def event_words(self, name='stack') -> list:
        """``['A CREATE_IN_PROGRESS', ...]`` in order."""
        return ['%s %s' % (e['resource_name'], e['resource_status'])
                for e in self.service.list_events(self.ctx, name)]
