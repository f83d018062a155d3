"""An OpenStack cloud at the HTTP level for the ``openstack`` backend's tests.

The only fake is requests-mock under openstacksdk: each test gets a real
openstacksdk ``Connection`` (no authentication, one endpoint per service,
as clouds.yaml's ``*_endpoint_override`` gives) whose version discovery
documents are mocked like the real services answer them, and registers the
responses of the requests it expects.  ``assertRequests`` then checks the
exact method, URL and JSON body of every request openstacksdk sent, version
discovery left out.

This module holds no tests.
"""

from __future__ import annotations

import json

import openstack.connection
import testtools
from requests_mock.contrib import fixture as requests_mock_fixture

from heat_plugins.cloud_openstack.cloud import OpenStackCloud

PROJECT = '7a1c5e6f2b3d4c8e9f0a1b2c3d4e5f60'

COMPUTE = 'http://compute.example.com/v2.1'
VOLUME = 'http://volume.example.com/v3/' + PROJECT
NETWORK = 'http://network.example.com/v2.0'
IMAGE = 'http://image.example.com/v2'
IDENTITY = 'http://identity.example.com/v3'
OBJECT = 'http://object.example.com/v1/AUTH_' + PROJECT

#: what clouds.yaml would say: ``<service>_endpoint_override``
ENDPOINT_OVERRIDES = {
    'compute_endpoint_override': COMPUTE,
    'block_storage_endpoint_override': VOLUME,
    'network_endpoint_override': 'http://network.example.com',
    'image_endpoint_override': 'http://image.example.com',
    'identity_endpoint_override': IDENTITY,
    'object_store_endpoint_override': OBJECT,
}

#: the version documents each service answers at the URLs keystoneauth probes
VERSION_DOCUMENTS = {
    COMPUTE: {'version': {
        'id': 'v2.1', 'status': 'CURRENT', 'version': '2.96', 'min_version': '2.1',
        'updated': '2013-07-23T11:33:21Z',
        'links': [{'rel': 'self', 'href': COMPUTE + '/'}],
        'media-types': [{'base': 'application/json',
                         'type': 'application/vnd.openstack.compute+json;version=2.1'}]}},
    'http://volume.example.com/v3': {'versions': [{
        'id': 'v3.0', 'status': 'CURRENT', 'version': '3.71', 'min_version': '3.0',
        'updated': '2023-08-31T00:00:00Z',
        'links': [{'rel': 'self', 'href': 'http://volume.example.com/v3/'}]}]},
    'http://network.example.com': {'versions': [{
        'id': 'v2.0', 'status': 'CURRENT',
        'links': [{'rel': 'self', 'href': NETWORK + '/'}]}]},
    'http://image.example.com': {'versions': [{
        'id': 'v2.16', 'status': 'CURRENT',
        'links': [{'rel': 'self', 'href': IMAGE + '/'}]}]},
    IDENTITY: {'version': {
        'id': 'v3.14', 'status': 'stable', 'updated': '2020-04-07T00:00:00Z',
        'links': [{'rel': 'self', 'href': IDENTITY + '/'}],
        'media-types': [{'base': 'application/json',
                         'type': 'application/vnd.openstack.identity-v3+json'}]}},
}

SERVER_ID = '9168b536-cd40-4630-b43f-b259807c6e87'
FLAVOR_ID = '2'
IMAGE_ID = '70a599e0-31e7-49b7-b260-868f441e862b'
VOLUME_ID = 'c2d5a8c1-7e0b-4f5f-9c5e-0e1c6f2b9a11'
NETWORK_ID = '3cb9bc59-5699-4588-a4b1-b87f96708bc6'
PUBLIC_NETWORK_ID = 'a2b7c6d1-0f3e-4b9a-8c5d-2e1f0a9b8c7d'
SUBNET_ID = '0f3e2d1c-4b5a-4968-8776-5a4b3c2d1e0f'
PORT_ID = 'b0f2f4a1-6a3e-4d0b-9f2a-7c1e5d3b9a21'


_JSON = {'Content-Type': 'application/json'}


def nova_error(code: int, message: str, key: str = 'badRequest') -> dict:
    """The response of Nova's (and Cinder's) refusals, for ``http.<method>(url, **...)``."""
    return {'status_code': code, 'headers': _JSON, 'json': {key: {'code': code,
                                                                  'message': message}}}


def neutron_error(code: int, kind: str, message: str) -> dict:
    return {'status_code': code, 'headers': _JSON,
            'json': {'NeutronError': {'type': kind, 'message': message, 'detail': ''}}}


def keystone_error(code: int, title: str, message: str) -> dict:
    return {'status_code': code, 'headers': _JSON,
            'json': {'error': {'code': code, 'title': title, 'message': message}}}


def server_body(**fields) -> dict:
    """A server as Nova 2.96 shows it (the flavor embedded, without its ID)."""
    body = {
        'id': SERVER_ID, 'name': 'web', 'status': 'ACTIVE', 'tenant_id': PROJECT,
        'user_id': 'b1a2c3d4e5f60718293a4b5c6d7e8f90', 'metadata': {},
        'hostId': '8c1c3bd0c7b5b1bd4a1f9f8a5f2e7c6d', 'hostname': 'web',
        'image': {'id': IMAGE_ID, 'links': []},
        'flavor': {'vcpus': 1, 'ram': 2048, 'disk': 20, 'ephemeral': 0, 'swap': 0,
                   'original_name': 'm1.small', 'extra_specs': {}},
        'created': '2026-11-25T10:00:00Z', 'updated': '2026-11-25T10:00:20Z',
        'addresses': {'private': [
            {'version': 4, 'addr': '10.0.0.5', 'OS-EXT-IPS:type': 'fixed',
             'OS-EXT-IPS-MAC:mac_addr': 'fa:16:3e:12:34:56'}]},
        'accessIPv4': '', 'accessIPv6': '', 'links': [],
        'OS-DCF:diskConfig': 'MANUAL', 'progress': 0,
        'OS-EXT-AZ:availability_zone': 'nova', 'config_drive': '',
        'key_name': 'heat_key', 'OS-SRV-USG:launched_at': '2026-11-25T10:00:19.000000',
        'OS-SRV-USG:terminated_at': None,
        'security_groups': [{'name': 'default'}],
        'OS-EXT-STS:task_state': None, 'OS-EXT-STS:vm_state': 'active',
        'OS-EXT-STS:power_state': 1,
        'os-extended-volumes:volumes_attached': [],
        'locked': False, 'locked_reason': None, 'description': None, 'tags': [],
        'trusted_image_certificates': None, 'server_groups': [],
    }
    body.update(fields)
    return body


def volume_body(**fields) -> dict:
    """A volume as Cinder 3.71 shows it."""
    body = {
        'id': VOLUME_ID, 'name': 'data', 'description': None, 'size': 1,
        'status': 'available', 'availability_zone': 'nova', 'attachments': [],
        'bootable': 'false', 'encrypted': False, 'multiattach': False,
        'metadata': {}, 'snapshot_id': None, 'source_volid': None,
        'volume_type': 'lvmdriver-1', 'user_id': 'b1a2c3d4e5f60718293a4b5c6d7e8f90',
        'os-vol-tenant-attr:tenant_id': PROJECT, 'consistencygroup_id': None,
        'group_id': None, 'replication_status': None, 'migration_status': None,
        'created_at': '2026-11-25T10:00:00.000000', 'updated_at': None,
        'links': [], 'backup_id': None, 'provider_id': None, 'shared_targets': False,
        'service_uuid': None, 'cluster_name': None, 'volume_type_id': None,
        'consumes_quota': True,
    }
    body.update(fields)
    return body


class OpenStackTestCase(testtools.TestCase):
    """A test with a fresh Connection over mocked HTTP and the backend on it."""

    def setUp(self):
        super().setUp()
        self.http = self.useFixture(requests_mock_fixture.Fixture())
        self.discovery = set()
        for url, document in VERSION_DOCUMENTS.items():
            for probed in (url, url + '/'):
                self.http.get(probed, json=document)
                self.discovery.add(probed)
        self.conn = openstack.connection.Connection(
            auth_type='none', region_name='RegionOne', **ENDPOINT_OVERRIDES)
        self.cloud = OpenStackCloud(conn=self.conn)

    def requests(self) -> list[tuple]:
        """``(method, url, JSON body or None)`` of every request sent but
        version discovery, in order."""
        out = []
        for request in self.http.request_history:
            if request.method == 'GET' and request.url in self.discovery:
                continue
            body = request.body
            if body:
                if isinstance(body, bytes):
                    body = body.decode('utf-8')
                try:
                    body = json.loads(body)
                except ValueError:
                    pass
            out.append((request.method, request.url, body or None))
        return out

    def assertRequests(self, *expected):
        self.assertEqual(list(expected), self.requests())

    def last_request(self):
        """The last request sent (headers and all)."""
        return self.http.request_history[-1]
