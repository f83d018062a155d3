"""The engine's simulated cloud lives in Heat's database: its objects and
injected faults outlive the process, and ``heat-manage cloud list`` shows
them."""

import json
import os
import subprocess
import sys
import tempfile

import sqlalchemy

from heat_core import clouds
from heat_core.clouds.errors import CloudError
from heat_core.db import api
from heat_plugins.cloud_sim.cloud import SimCloud
from tests import base


class DatabaseCloudTest(base.TestCase):

    backend = 'sqlite'

    def setUp(self):
        super().setUp()
        self.url = base.DatabaseFixture(self, self.backend).setUp()
        self.engine = api.get_engine(self.url)
        self.cloud = SimCloud.from_config(self.engine)

    def other_process_view(self):
        """Another SimCloud on the same database (as another process has)."""
        return SimCloud.from_config(self.engine)

    def test_objects_persist_in_the_database(self):
        volume = self.cloud.create_volume(1, name='data')
        self.assertEqual(['data'], [v.name for v in self.other_process_view().volumes()])
        self.assertEqual(volume.id, self.other_process_view().volumes()[0].id)

    def test_lifecycles_settle_for_every_reader(self):
        volume = self.cloud.create_volume(1)
        self.assertEqual('available', self.other_process_view().get_volume(volume.id).status)

    def test_a_fault_injected_elsewhere_hits_here(self):
        self.other_process_view().inject_fault('create_volume', message='backend down')
        error = self.assertRaises(CloudError, self.cloud.create_volume, 1)
        self.assertEqual('backend down', str(error))

    def test_faults_are_listed_with_their_counts(self):
        self.cloud.inject_fault('create_server', 'error', nth=2)
        image = self.cloud.find_image('cirros-0.6.2-x86_64-disk').id
        self.cloud.create_server('a', image, '1')
        fault = self.other_process_view().faults()[0]
        self.assertEqual(('create_server', 'error', 2, 1, 0),
                         (fault.operation, fault.effect, fault.nth, fault.seen, fault.fired))

    def test_the_catalogue_is_not_stored(self):
        self.assertEqual([], self.cloud.live_objects())
        self.assertEqual(5, len(self.cloud.flavors()))

    def test_the_database_is_at_the_newest_migration_with_the_sim_tables(self):
        from alembic.config import Config
        from alembic.script import ScriptDirectory
        cfg = Config()
        cfg.set_main_option('script_location', 'heat_core.db:migrations')
        head = ScriptDirectory.from_config(cfg).get_current_head()
        tables = set(sqlalchemy.inspect(self.engine).get_table_names())
        self.assertEqual((head, True, True),
                         (api.current_revision(self.url), 'sim_object' in tables,
                          'sim_fault' in tables))

    def test_get_cloud_gives_one_database_cloud_per_engine(self):
        clouds.reset()
        self.addCleanup(clouds.reset)
        cloud = clouds.get_cloud(engine=self.engine)
        cloud.create_container('kept')
        self.assertEqual((True, True, ['kept']),
                         (cloud.persistent, clouds.get_cloud(engine=self.engine) is cloud,
                          [c.name for c in self.other_process_view().containers()]))


class PostgresCloudTest(DatabaseCloudTest):
    backend = 'postgresql'


class MissingTablesTest(base.TestCase):

    def setUp(self):
        super().setUp()
        tmp = tempfile.mkdtemp(prefix='heat-test-')
        self.addCleanup(__import__('shutil').rmtree, tmp, True)
        self.cloud = SimCloud.from_config(api.get_engine('sqlite:///%s/empty.sqlite' % tmp))

    def test_reads_see_only_the_catalogue(self):
        self.assertEqual(([], 'default'), (self.cloud.servers(),
                                           self.cloud.security_groups()[0].name))

    def test_writes_ask_for_db_sync(self):
        error = self.assertRaises(CloudError, self.cloud.create_container, 'x')
        self.assertIn('run "heat-manage db_sync"', str(error))


class EngineCloudTest(base.EngineTestCase):

    def test_the_engine_service_uses_the_sim_on_its_own_database(self):
        self.service.cloud.create_container('c')
        self.assertEqual(['c'], [c.name for c in SimCloud.from_config(
            self.service.store.engine).containers()])


class CloudListCommandTest(base.TestCase):

    def setUp(self):
        super().setUp()
        self.tmp = tempfile.mkdtemp(prefix='heat-test-')
        self.addCleanup(__import__('shutil').rmtree, self.tmp, True)

    def manage(self, *args, env=None):
        full_env = dict(os.environ, XDG_DATA_HOME=self.tmp, **(env or {}))
        return subprocess.run([sys.executable, '-m', 'heat_core.cmd.manage', *args],
                              capture_output=True, text=True, env=full_env, timeout=120)

    def config_file(self, url):
        path = os.path.join(self.tmp, 'heat.conf')
        with open(path, 'w') as f:
            f.write('[database]\nconnection = %s\n' % url)
        return path

    def populate(self, url):
        api.db_sync(url)
        cloud = SimCloud.from_config(api.get_engine(url))
        server = cloud.create_server('web', cloud.find_image('cirros-0.6.2-x86_64-disk').id,
                                     '1')
        gone = cloud.create_volume(1)
        cloud.delete_volume(gone.id)
        return cloud, server

    def test_lists_the_live_objects_as_json(self):
        url = 'sqlite:///%s/other.sqlite' % self.tmp
        cloud, server = self.populate(url)
        port = cloud.server_ports(server.id)[0]
        done = self.manage('--config-file', self.config_file(url), 'cloud', 'list')
        self.assertEqual((0, [('server', server.id), ('port', port.id)]),
                         (done.returncode, [(o['type'], o['id']) for o in json.loads(done.stdout)]))

    def test_type_filters_the_listing(self):
        url = 'sqlite:///%s/other.sqlite' % self.tmp
        _, server = self.populate(url)
        done = self.manage('--config-file', self.config_file(url), 'cloud', 'list',
                           '--type', 'server')
        self.assertEqual([('server', server.id, 'web', 'ACTIVE')],
                         [(o['type'], o['id'], o['name'], o['status'])
                          for o in json.loads(done.stdout)])

    def test_without_config_file_the_local_mode_state_is_listed(self):
        url = 'sqlite:///' + os.path.join(self.tmp, 'heat', 'heat.sqlite')
        os.makedirs(os.path.join(self.tmp, 'heat'), exist_ok=True)
        _, server = self.populate(url)
        done = self.manage('cloud', 'list', '--type', 'server')
        self.assertEqual([server.id], [o['id'] for o in json.loads(done.stdout)])

    def test_an_unknown_type_is_an_error_on_stderr(self):
        done = self.manage('cloud', 'list', '--type', 'spaceship')
        self.assertEqual((1, ''), (done.returncode, done.stdout))
        self.assertIn('heat-manage: error: Unknown type "spaceship"', done.stderr)
