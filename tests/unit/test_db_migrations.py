"""The alembic migrations build exactly the schema the models declare."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from tests import base


class TestMigrationsMatchModels(base.TestCase):
    backend = 'sqlite'

    def test_one_head_and_no_difference_from_the_models(self):
        import heat_core.identity.models  # noqa: F401 - registers its tables
        import heat_plugins.cloud_sim.models  # noqa: F401 - registers its tables
        from heat_core.db import api
        from heat_core.db.models import Base

        url = base.DatabaseFixture(self, self.backend).setUp()
        self.assertNotIn(',', api.current_revision(url))   # a single head
        with api.get_engine(url).connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        # nullable/type nuances between dialects are not schema drift we
        # care about; tables, columns and indexes are
        structural = [d for d in diff if isinstance(d, tuple) and d[0] in (
            'add_table', 'remove_table', 'add_column', 'remove_column',
            'add_index', 'remove_index')]
        self.assertEqual([], structural)


class TestMigrationsMatchModelsPostgres(TestMigrationsMatchModels):
    backend = 'postgresql'


class TestConcurrentMigration(base.TestCase):
    """Processes that start on a new database at once (two `heat` commands,
    heat-all beside heat-engine) all come up: one migrates, the others
    wait for it."""
    backend = 'sqlite'

    def _url(self):
        import os
        import tempfile
        import uuid
        if self.backend == 'sqlite':
            tmp = tempfile.mkdtemp(prefix='heat-test-')
            self.addCleanup(__import__('shutil').rmtree, tmp, True)
            return 'sqlite:///' + os.path.join(tmp, 'heat.sqlite')
        reason = base.pg_unavailable()
        if reason:
            self.skipTest(reason)
        name = 'heat_test_' + uuid.uuid4().hex[:12]
        base._pg_admin('CREATE DATABASE %s' % name)
        url = 'postgresql+psycopg://postgres@127.0.0.1:5432/' + name
        self.addCleanup(base._pg_drop, url, name)
        return url

    def test_four_processes_migrate_a_new_database_at_once(self):
        import subprocess
        import sys
        url = self._url()
        code = 'import sys; from heat_core.db import api; api.db_sync(sys.argv[1])'
        procs = [subprocess.Popen([sys.executable, '-c', code, url], stderr=subprocess.PIPE,
                                  text=True) for _ in range(4)]
        results = [(p.wait(timeout=120), p.stderr.read()) for p in procs]
        for p in procs:
            p.stderr.close()
        self.assertEqual([(0, '')] * 4, results)
        from heat_core.db import api
        self.assertNotIn(',', api.current_revision(url))


class TestConcurrentMigrationPostgres(TestConcurrentMigration):
    backend = 'postgresql'
