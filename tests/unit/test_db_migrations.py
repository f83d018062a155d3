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
