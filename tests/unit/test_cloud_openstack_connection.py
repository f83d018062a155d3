"""How the ``openstack`` backend connects: the ``heat.clouds`` entry point,
``[cloud_openstack]`` options, clouds.yaml with Keystone password
authentication and a region, one Connection per process, and failures to
connect."""

from __future__ import annotations

import os

import fixtures
import openstack.connection
import testtools
from requests_mock.contrib import fixture as requests_mock_fixture

from heat_core import clouds
from heat_core.clouds.errors import CloudError
from heat_core.config import CONF
from heat_plugins.cloud_openstack import connection
from heat_plugins.cloud_openstack.cloud import OpenStackCloud
from tests.unit.test_cloud_openstack_fixtures import (
    IDENTITY,
    PROJECT,
    VERSION_DOCUMENTS,
    keystone_error,
)

TOKEN = 'gAAAAABnR2-token'
COMPUTE_ONE = 'http://compute-one.example.com/v2.1'
COMPUTE_TWO = 'http://compute-two.example.com/v2.1'

CLOUDS_YAML = """
clouds:
  devstack:
    auth:
      auth_url: %s
      username: heat
      password: heat-password
      project_name: demo
      user_domain_name: Default
      project_domain_name: Default
    regions:
      - RegionOne
      - RegionTwo
    identity_api_version: 3
""" % IDENTITY


def compute_version(url):
    return {'version': dict(VERSION_DOCUMENTS['http://compute.example.com/v2.1']['version'],
                            links=[{'rel': 'self', 'href': url + '/'}])}


def token_response():
    def endpoints(url_one, url_two):
        return [{'id': '1', 'interface': 'public', 'region': 'RegionOne',
                 'region_id': 'RegionOne', 'url': url_one},
                {'id': '2', 'interface': 'public', 'region': 'RegionTwo',
                 'region_id': 'RegionTwo', 'url': url_two}]
    return {'token': {
        'methods': ['password'], 'expires_at': '2099-01-01T00:00:00.000000Z',
        'issued_at': '2026-11-25T10:00:00.000000Z', 'audit_ids': ['a1'],
        'user': {'id': 'u1', 'name': 'heat', 'password_expires_at': None,
                 'domain': {'id': 'default', 'name': 'Default'}},
        'project': {'id': PROJECT, 'name': 'demo',
                    'domain': {'id': 'default', 'name': 'Default'}},
        'roles': [{'id': 'r1', 'name': 'member'}], 'is_domain': False,
        'catalog': [
            {'type': 'identity', 'name': 'keystone', 'id': 'k',
             'endpoints': endpoints(IDENTITY, IDENTITY)},
            {'type': 'compute', 'name': 'nova', 'id': 'n',
             'endpoints': endpoints(COMPUTE_ONE, COMPUTE_TWO)}]}}


class ConnectionTestCase(testtools.TestCase):

    def setUp(self):
        super().setUp()
        for name in [n for n in os.environ if n.startswith('OS_')]:
            self.useFixture(fixtures.EnvironmentVariable(name))
        folder = self.useFixture(fixtures.TempDir()).path
        path = os.path.join(folder, 'clouds.yaml')
        with open(path, 'w') as f:
            f.write(CLOUDS_YAML)
        self.useFixture(fixtures.EnvironmentVariable('OS_CLIENT_CONFIG_FILE', path))
        # no user or site clouds.yaml may get in the way
        self.useFixture(fixtures.EnvironmentVariable('HOME', folder))
        self.useFixture(fixtures.EnvironmentVariable('XDG_CONFIG_HOME', folder))
        self.http = self.useFixture(requests_mock_fixture.Fixture())
        # keystoneauth logs its discovery fallbacks: keep them with the test
        self.useFixture(fixtures.FakeLogger())
        connection.reset()
        self.addCleanup(connection.reset)
        self.addCleanup(CONF.clear_override, 'cloud', group='cloud_openstack')
        self.addCleanup(CONF.clear_override, 'region_name', group='cloud_openstack')

    def keystone(self):
        self.http.get(IDENTITY, json=VERSION_DOCUMENTS[IDENTITY])
        self.http.get(IDENTITY + '/', json=VERSION_DOCUMENTS[IDENTITY])
        self.tokens = self.http.post(IDENTITY + '/auth/tokens', status_code=201,
                                     headers={'X-Subject-Token': TOKEN},
                                     json=token_response())

    def nova(self, url):
        for probed in (url, url + '/'):
            self.http.get(probed, json=compute_version(url))
        self.http.get(url + '/flavors/detail', json={'flavors': []})


class EntryPointTest(ConnectionTestCase):

    def test_get_cloud_gives_the_openstack_backend(self):
        clouds.reset()
        self.addCleanup(clouds.reset)
        self.assertIsInstance(clouds.get_cloud('openstack'), OpenStackCloud)

    def test_from_config_reads_the_cloud_and_region(self):
        CONF.set_override('cloud', 'devstack', group='cloud_openstack')
        CONF.set_override('region_name', 'RegionTwo', group='cloud_openstack')
        cloud = OpenStackCloud.from_config()
        self.assertEqual(('devstack', 'RegionTwo'), (cloud.cloud, cloud.region_name))

    def test_connects_only_when_first_asked(self):
        OpenStackCloud(cloud='devstack')
        self.assertEqual([], self.http.request_history)


class KeystoneTest(ConnectionTestCase):

    def test_authenticates_with_the_password_of_clouds_yaml(self):
        self.keystone()
        self.nova(COMPUTE_ONE)
        OpenStackCloud(cloud='devstack').flavors()
        self.assertEqual({'auth': {
            'identity': {'methods': ['password'], 'password': {'user': {
                'name': 'heat', 'password': 'heat-password',
                'domain': {'name': 'Default'}}}},
            'scope': {'project': {'name': 'demo', 'domain': {'name': 'Default'}}}}},
            self.tokens.last_request.json())

    def test_uses_the_catalogue_endpoint_of_the_cloud_region(self):
        self.keystone()
        self.nova(COMPUTE_ONE)
        OpenStackCloud(cloud='devstack').flavors()
        last = self.http.request_history[-1]
        self.assertEqual((COMPUTE_ONE + '/flavors/detail?is_public=None', TOKEN),
                         (last.url, last.headers['X-Auth-Token']))

    def test_uses_the_configured_region(self):
        self.keystone()
        self.nova(COMPUTE_TWO)
        OpenStackCloud(cloud='devstack', region_name='RegionTwo').flavors()
        self.assertEqual(COMPUTE_TWO + '/flavors/detail?is_public=None',
                         self.http.request_history[-1].url)

    def test_os_cloud_names_the_cloud_when_none_is_configured(self):
        self.useFixture(fixtures.EnvironmentVariable('OS_CLOUD', 'devstack'))
        self.keystone()
        self.nova(COMPUTE_ONE)
        OpenStackCloud().flavors()
        self.assertEqual(COMPUTE_ONE + '/flavors/detail?is_public=None',
                         self.http.request_history[-1].url)

    def test_one_connection_and_token_per_process(self):
        self.keystone()
        self.nova(COMPUTE_ONE)
        OpenStackCloud(cloud='devstack').flavors()
        OpenStackCloud(cloud='devstack').flavors()
        self.assertEqual(1, self.tokens.call_count)

    def test_same_connection_for_the_same_cloud_and_region(self):
        self.assertIs(OpenStackCloud(cloud='devstack').conn,
                      OpenStackCloud(cloud='devstack').conn)

    def test_wrong_password_is_a_cloud_error(self):
        self.keystone()
        self.http.post(IDENTITY + '/auth/tokens', **keystone_error(
            401, 'Unauthorized', 'The request you have made requires authentication.'))
        error = self.assertRaises(CloudError, OpenStackCloud(cloud='devstack').flavors)
        self.assertEqual(401, error.status_code)
        self.assertIn('The request you have made requires authentication.', str(error))

    def test_unreachable_keystone_is_a_cloud_error(self):
        import re

        import requests
        import requests_mock
        self.http.register_uri(requests_mock.ANY, re.compile('^' + re.escape(IDENTITY)),
                               exc=requests.exceptions.ConnectionError('Connection refused'))
        error = self.assertRaises(CloudError, OpenStackCloud(cloud='devstack').flavors)
        self.assertEqual(503, error.status_code)

    def test_service_missing_from_the_catalogue_is_a_cloud_error(self):
        self.keystone()
        error = self.assertRaises(CloudError, OpenStackCloud(cloud='devstack').volumes)
        self.assertIn('block-storage', str(error))


class NotConfiguredTest(ConnectionTestCase):

    def test_unknown_cloud_is_a_cloud_error_naming_it(self):
        error = self.assertRaises(CloudError, OpenStackCloud(cloud='production').flavors)
        self.assertIn('cloud "production"', str(error))

    def test_ready_connection_is_used_as_given(self):
        conn = openstack.connection.Connection(auth_type='none',
                                               compute_endpoint_override=COMPUTE_ONE)
        self.assertIs(conn, OpenStackCloud(conn=conn).conn)
