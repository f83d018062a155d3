"""The ``openstack`` backend's compute requests, at the HTTP level: servers
(create, polling, update, resize, suspend, delete), volume attachments and
Nova's refusals."""

from __future__ import annotations

import base64

from heat_core.clouds.errors import BadRequest, CloudError, Conflict, NotFound, QuotaExceeded
from tests.unit.test_cloud_openstack_fixtures import (
    COMPUTE,
    FLAVOR_ID,
    IMAGE_ID,
    NETWORK_ID,
    PORT_ID,
    SERVER_ID,
    VOLUME_ID,
    OpenStackTestCase,
    nova_error,
    server_body,
)

SERVER = COMPUTE + '/servers/' + SERVER_ID
ACTION = SERVER + '/action'
ATTACHMENTS = SERVER + '/os-volume_attachments'

FLAVORS = {'flavors': [
    {'id': '1', 'name': 'm1.tiny', 'vcpus': 1, 'ram': 512, 'disk': 1, 'links': [],
     'OS-FLV-EXT-DATA:ephemeral': 0, 'swap': 0, 'os-flavor-access:is_public': True,
     'rxtx_factor': 1.0, 'description': None, 'extra_specs': {}},
    {'id': FLAVOR_ID, 'name': 'm1.small', 'vcpus': 1, 'ram': 2048, 'disk': 20, 'links': [],
     'OS-FLV-EXT-DATA:ephemeral': 0, 'swap': 0, 'os-flavor-access:is_public': True,
     'rxtx_factor': 1.0, 'description': None, 'extra_specs': {}},
]}


class CreateServerTest(OpenStackTestCase):

    def setUp(self):
        super().setUp()
        self.http.post(COMPUTE + '/servers', status_code=202, json={'server': {
            'id': SERVER_ID, 'links': [], 'OS-DCF:diskConfig': 'MANUAL',
            'security_groups': [{'name': 'default'}], 'adminPass': 'kJ3mNx8pQ2rT'}})

    def test_posts_the_server_with_the_projects_network(self):
        self.cloud.create_server('web', IMAGE_ID, FLAVOR_ID)
        self.assertRequests(('POST', COMPUTE + '/servers', {'server': {
            'name': 'web', 'imageRef': IMAGE_ID, 'flavorRef': FLAVOR_ID, 'networks': 'auto'}}))

    def test_negotiates_the_compute_microversion(self):
        self.cloud.create_server('web', IMAGE_ID, FLAVOR_ID)
        self.assertEqual('compute 2.96', self.last_request().headers['OpenStack-API-Version'])

    def test_returns_the_server_building(self):
        server = self.cloud.create_server('web', IMAGE_ID, FLAVOR_ID)
        self.assertEqual((SERVER_ID, 'web', 'BUILD', {'id': IMAGE_ID}, {'id': FLAVOR_ID},
                          [{'name': 'default'}]),
                         (server.id, server.name, server.status, server.image, server.flavor,
                          server.security_groups))

    def test_keeps_no_admin_password(self):
        server = self.cloud.create_server('web', IMAGE_ID, FLAVOR_ID)
        self.assertNotIn('admin_password', server)

    def test_sends_every_option_as_nova_spells_it(self):
        self.cloud.create_server(
            'web', IMAGE_ID, FLAVOR_ID, key_name='heat_key', user_data='#!/bin/sh\necho hi\n',
            availability_zone='nova', security_groups=['default', 'web'],
            networks=[{'uuid': NETWORK_ID, 'fixed_ip': '10.0.0.9'}, {'port': PORT_ID}],
            metadata={'Name': 'web'}, config_drive=True)
        self.assertRequests(('POST', COMPUTE + '/servers', {'server': {
            'name': 'web', 'imageRef': IMAGE_ID, 'flavorRef': FLAVOR_ID,
            'networks': [{'uuid': NETWORK_ID, 'fixed_ip': '10.0.0.9'}, {'port': PORT_ID}],
            'key_name': 'heat_key',
            'user_data': base64.b64encode(b'#!/bin/sh\necho hi\n').decode('ascii'),
            'availability_zone': 'nova',
            'security_groups': [{'name': 'default'}, {'name': 'web'}],
            'metadata': {'Name': 'web'}, 'config_drive': True}}))

    def test_sends_scheduler_hints_beside_the_server(self):
        self.cloud.create_server('web', IMAGE_ID, FLAVOR_ID,
                                 scheduler_hints={'group': 'f5e4d3c2-b1a0-4987-8654-3210fedcba98'})
        self.assertRequests(('POST', COMPUTE + '/servers', {
            'server': {'name': 'web', 'imageRef': IMAGE_ID, 'flavorRef': FLAVOR_ID,
                       'networks': 'auto'},
            'OS-SCH-HNT:scheduler_hints': {'group': 'f5e4d3c2-b1a0-4987-8654-3210fedcba98'}}))

    def test_boots_from_a_volume_without_an_image(self):
        mapping = [{'device_name': 'vda', 'source_type': 'snapshot',
                    'uuid': 'e1f2a3b4-c5d6-4e7f-8091-a2b3c4d5e6f7', 'destination_type': 'volume',
                    'volume_size': 10, 'delete_on_termination': True}]
        self.cloud.create_server('web', None, FLAVOR_ID, block_device_mapping=mapping)
        self.assertRequests(('POST', COMPUTE + '/servers', {'server': {
            'name': 'web', 'flavorRef': FLAVOR_ID, 'networks': 'auto',
            'block_device_mapping_v2': mapping}}))


class CreateServerRefusedTest(OpenStackTestCase):

    def test_quota_exceeded_for_instances(self):
        self.http.post(COMPUTE + '/servers', **nova_error(
            403, 'Quota exceeded for instances: Requested 1, but already used 10 of 10 '
                 'instances', 'forbidden'))
        error = self.assertRaises(QuotaExceeded, self.cloud.create_server, 'web', IMAGE_ID,
                                  FLAVOR_ID)
        self.assertEqual(('Quota exceeded for instances: Requested 1, but already used 10 of '
                          '10 instances', 403, 'instances'),
                         (str(error), error.status_code, error.quota))

    def test_quota_exceeded_for_cores(self):
        self.http.post(COMPUTE + '/servers', **nova_error(
            403, 'Quota exceeded for cores: Requested 8, but already used 16 of 20 cores',
            'forbidden'))
        error = self.assertRaises(QuotaExceeded, self.cloud.create_server, 'web', IMAGE_ID,
                                  '5')
        self.assertEqual('cores', error.quota)

    def test_unknown_image_is_a_bad_request(self):
        self.http.post(COMPUTE + '/servers', **nova_error(
            400, 'Image 70a599e0-31e7-49b7-b260-868f441e862b could not be found.'))
        error = self.assertRaises(BadRequest, self.cloud.create_server, 'web', IMAGE_ID,
                                  FLAVOR_ID)
        self.assertEqual('Image 70a599e0-31e7-49b7-b260-868f441e862b could not be found.',
                         str(error))

    def test_policy_refusal_is_a_cloud_error(self):
        self.http.post(COMPUTE + '/servers', **nova_error(
            403, 'Policy doesn\'t allow os_compute_api:servers:create to be performed.',
            'forbidden'))
        error = self.assertRaises(CloudError, self.cloud.create_server, 'web', IMAGE_ID,
                                  FLAVOR_ID)
        self.assertEqual((CloudError, 403, "Policy doesn't allow "
                          "os_compute_api:servers:create to be performed."),
                         (type(error), error.status_code, str(error)))

    def test_server_error_is_a_cloud_error_with_novas_message(self):
        self.http.post(COMPUTE + '/servers', **nova_error(
            500, 'Unexpected API Error. Please report this at http://bugs.launchpad.net/nova/ '
                 'and attach the Nova API log if possible.', 'computeFault'))
        error = self.assertRaises(CloudError, self.cloud.create_server, 'web', IMAGE_ID,
                                  FLAVOR_ID)
        self.assertEqual((500, 'Unexpected API Error. Please report this at '
                          'http://bugs.launchpad.net/nova/ and attach the Nova API log if '
                          'possible.'), (error.status_code, str(error)))

    def test_unreachable_compute_is_a_cloud_error(self):
        import requests
        self.http.post(COMPUTE + '/servers', exc=requests.exceptions.ConnectionError(
            'Connection refused'))
        error = self.assertRaises(CloudError, self.cloud.create_server, 'web', IMAGE_ID,
                                  FLAVOR_ID)
        self.assertEqual(503, error.status_code)
        self.assertIn('Connection refused', str(error))


class GetServerTest(OpenStackTestCase):

    def setUp(self):
        super().setUp()
        self.http.get(COMPUTE + '/flavors/detail', json=FLAVORS)

    def test_gets_the_server(self):
        self.http.get(SERVER, json={'server': server_body(status='BUILD')})
        self.cloud.get_server(SERVER_ID)
        self.assertEqual(('GET', SERVER, None), self.requests()[0])

    def test_building(self):
        self.http.get(SERVER, json={'server': server_body(
            status='BUILD', addresses={}, **{'OS-EXT-STS:task_state': 'spawning',
                                             'OS-EXT-STS:vm_state': 'building'})})
        server = self.cloud.get_server(SERVER_ID)
        self.assertEqual(('BUILD', 'spawning'), (server.status, server.task_state))

    def test_active_with_addresses(self):
        self.http.get(SERVER, json={'server': server_body()})
        server = self.cloud.get_server(SERVER_ID)
        self.assertEqual(('ACTIVE', None, {'private': [
            {'version': 4, 'addr': '10.0.0.5', 'OS-EXT-IPS:type': 'fixed',
             'OS-EXT-IPS-MAC:mac_addr': 'fa:16:3e:12:34:56'}]}),
            (server.status, server.task_state, server.addresses))

    def test_error_carries_novas_fault(self):
        fault = {'message': 'No valid host was found. There are not enough hosts available.',
                 'code': 500, 'created': '2026-11-25T10:00:05Z'}
        self.http.get(SERVER, json={'server': server_body(status='ERROR', fault=fault)})
        server = self.cloud.get_server(SERVER_ID)
        self.assertEqual(('ERROR', fault), (server.status, server.fault))

    def test_image_flavor_zone_key_and_groups_in_the_interfaces_shape(self):
        self.http.get(SERVER, json={'server': server_body()})
        server = self.cloud.get_server(SERVER_ID)
        self.assertEqual(({'id': IMAGE_ID}, 'nova', 'heat_key', [{'name': 'default'}]),
                         (server.image, server.availability_zone, server.key_name,
                          server.security_groups))

    def test_embedded_flavor_gets_its_id_from_the_flavor_list(self):
        self.http.get(SERVER, json={'server': server_body()})
        server = self.cloud.get_server(SERVER_ID)
        self.assertEqual({'id': FLAVOR_ID, 'original_name': 'm1.small', 'vcpus': 1,
                          'ram': 2048, 'disk': 20, 'ephemeral': 0, 'swap': 0,
                          'extra_specs': {}}, server.flavor)

    def test_flavor_list_is_read_once(self):
        self.http.get(SERVER, json={'server': server_body()})
        self.cloud.get_server(SERVER_ID)
        self.cloud.get_server(SERVER_ID)
        self.assertEqual(['GET ' + SERVER, 'GET ' + COMPUTE + '/flavors/detail?is_public=None',
                          'GET ' + SERVER],
                         ['%s %s' % (m, u) for m, u, _ in self.requests()])

    def test_attached_volumes(self):
        self.http.get(SERVER, json={'server': server_body(**{
            'os-extended-volumes:volumes_attached': [
                {'id': VOLUME_ID, 'delete_on_termination': False}]})})
        self.assertEqual([{'id': VOLUME_ID}], self.cloud.get_server(SERVER_ID).attached_volumes)

    def test_booted_from_volume_has_no_image(self):
        self.http.get(SERVER, json={'server': server_body(image='')})
        self.assertEqual({}, self.cloud.get_server(SERVER_ID).image)

    def test_gone_is_not_found(self):
        self.http.get(SERVER, **nova_error(
            404, 'Instance %s could not be found.' % SERVER_ID, 'itemNotFound'))
        error = self.assertRaises(NotFound, self.cloud.get_server, SERVER_ID)
        self.assertEqual('Instance %s could not be found.' % SERVER_ID, str(error))


class DeleteServerTest(OpenStackTestCase):

    def test_deletes(self):
        self.http.delete(SERVER, status_code=204)
        self.cloud.delete_server(SERVER_ID)
        self.assertRequests(('DELETE', SERVER, None))

    def test_gone_is_not_found_for_ignore_not_found(self):
        self.http.delete(SERVER, **nova_error(
            404, 'Instance %s could not be found.' % SERVER_ID, 'itemNotFound'))
        self.assertRaises(NotFound, self.cloud.delete_server, SERVER_ID)

    def test_polling_until_gone(self):
        self.http.get(SERVER, [
            {'json': {'server': server_body(**{'OS-EXT-STS:task_state': 'deleting'})}},
            nova_error(404, 'Instance %s could not be found.' % SERVER_ID, 'itemNotFound')])
        self.http.get(COMPUTE + '/flavors/detail', json=FLAVORS)
        self.assertEqual('deleting', self.cloud.get_server(SERVER_ID).task_state)
        self.assertRaises(NotFound, self.cloud.get_server, SERVER_ID)


class UpdateServerTest(OpenStackTestCase):

    def setUp(self):
        super().setUp()
        self.http.get(COMPUTE + '/flavors/detail', json=FLAVORS)

    def test_renames(self):
        self.http.put(SERVER, json={'server': server_body(name='web2')})
        server = self.cloud.update_server(SERVER_ID, name='web2')
        self.assertEqual(('PUT', SERVER, {'server': {'name': 'web2'}}), self.requests()[0])
        self.assertEqual('web2', server.name)

    def test_replaces_the_metadata(self):
        self.http.put(SERVER + '/metadata', json={'metadata': {'Name': 'web'}})
        self.http.get(SERVER, json={'server': server_body(metadata={'Name': 'web'})})
        server = self.cloud.set_server_metadata(SERVER_ID, {'Name': 'web'})
        self.assertEqual(('PUT', SERVER + '/metadata', {'metadata': {'Name': 'web'}}),
                         self.requests()[0])
        self.assertEqual({'Name': 'web'}, server.metadata)


class ServerActionTest(OpenStackTestCase):

    def setUp(self):
        super().setUp()
        self.http.post(ACTION, status_code=202)

    def test_resize(self):
        self.cloud.resize_server(SERVER_ID, '3')
        self.assertRequests(('POST', ACTION, {'resize': {'flavorRef': '3'}}))

    def test_confirm_resize(self):
        self.cloud.confirm_server_resize(SERVER_ID)
        self.assertRequests(('POST', ACTION, {'confirmResize': None}))

    def test_revert_resize(self):
        self.cloud.revert_server_resize(SERVER_ID)
        self.assertRequests(('POST', ACTION, {'revertResize': None}))

    def test_suspend(self):
        self.cloud.suspend_server(SERVER_ID)
        self.assertRequests(('POST', ACTION, {'suspend': None}))

    def test_resume(self):
        self.cloud.resume_server(SERVER_ID)
        self.assertRequests(('POST', ACTION, {'resume': None}))


class ServerActionRefusedTest(OpenStackTestCase):

    def test_resize_over_the_cores_quota(self):
        self.http.post(ACTION, **nova_error(
            403, 'Quota exceeded for cores: Requested 2, but already used 20 of 20 cores',
            'forbidden'))
        error = self.assertRaises(QuotaExceeded, self.cloud.resize_server, SERVER_ID, '3')
        self.assertEqual('cores', error.quota)

    def test_resize_in_the_wrong_state_is_a_conflict(self):
        self.http.post(ACTION, **nova_error(
            409, "Cannot 'resize' instance %s while it is in vm_state building" % SERVER_ID,
            'conflictingRequest'))
        error = self.assertRaises(Conflict, self.cloud.resize_server, SERVER_ID, '3')
        self.assertEqual("Cannot 'resize' instance %s while it is in vm_state building"
                         % SERVER_ID, str(error))


class VolumeAttachmentTest(OpenStackTestCase):

    def test_attaches(self):
        self.http.post(ATTACHMENTS, json={'volumeAttachment': {
            'device': '/dev/vdb', 'serverId': SERVER_ID, 'volumeId': VOLUME_ID, 'tag': None,
            'delete_on_termination': False,
            'attachment_id': '4a5b6c7d-8e9f-4a0b-b1c2-d3e4f5a6b7c8',
            'bdm_uuid': '5b6c7d8e-9f0a-4b1c-82d3-e4f5a6b7c8d9'}})
        self.cloud.create_volume_attachment(SERVER_ID, VOLUME_ID, '/dev/vdb')
        self.assertRequests(('POST', ATTACHMENTS, {'volumeAttachment': {
            'volumeId': VOLUME_ID, 'device': '/dev/vdb'}}))

    def test_returns_the_attachment(self):
        self.http.post(ATTACHMENTS, json={'volumeAttachment': {
            'device': '/dev/vdb', 'serverId': SERVER_ID, 'volumeId': VOLUME_ID,
            'attachment_id': '4a5b6c7d-8e9f-4a0b-b1c2-d3e4f5a6b7c8'}})
        attachment = self.cloud.create_volume_attachment(SERVER_ID, VOLUME_ID)
        self.assertEqual({'id': '4a5b6c7d-8e9f-4a0b-b1c2-d3e4f5a6b7c8',
                          'attachment_id': '4a5b6c7d-8e9f-4a0b-b1c2-d3e4f5a6b7c8',
                          'server_id': SERVER_ID, 'volume_id': VOLUME_ID,
                          'device': '/dev/vdb'}, attachment)

    def test_volume_in_use_is_a_bad_request(self):
        self.http.post(ATTACHMENTS, **nova_error(
            400, "Invalid volume: volume '%s' status must be 'available'. Currently in "
                 "'in-use'" % VOLUME_ID))
        self.assertRaises(BadRequest, self.cloud.create_volume_attachment, SERVER_ID,
                          VOLUME_ID)

    def test_gets_the_attachment(self):
        self.http.get(ATTACHMENTS + '/' + VOLUME_ID, json={'volumeAttachment': {
            'device': '/dev/vdb', 'serverId': SERVER_ID, 'volumeId': VOLUME_ID,
            'id': VOLUME_ID}})
        attachment = self.cloud.get_volume_attachment(SERVER_ID, VOLUME_ID)
        self.assertEqual(('/dev/vdb', VOLUME_ID), (attachment.device, attachment.id))

    def test_no_attachment_is_not_found(self):
        self.http.get(ATTACHMENTS + '/' + VOLUME_ID, **nova_error(
            404, 'volume_id not found: %s' % VOLUME_ID, 'itemNotFound'))
        self.assertRaises(NotFound, self.cloud.get_volume_attachment, SERVER_ID, VOLUME_ID)

    def test_detaches(self):
        self.http.delete(ATTACHMENTS + '/' + VOLUME_ID, status_code=202)
        self.cloud.delete_volume_attachment(SERVER_ID, VOLUME_ID)
        self.assertRequests(('DELETE', ATTACHMENTS + '/' + VOLUME_ID, None))

    def test_detach_of_no_attachment_is_not_found(self):
        self.http.delete(ATTACHMENTS + '/' + VOLUME_ID, **nova_error(
            404, 'volume_id not found: %s' % VOLUME_ID, 'itemNotFound'))
        self.assertRaises(NotFound, self.cloud.delete_volume_attachment, SERVER_ID, VOLUME_ID)


class ComputeListingTest(OpenStackTestCase):

    def test_flavors(self):
        self.http.get(COMPUTE + '/flavors/detail', json=FLAVORS)
        self.assertEqual([('1', 'm1.tiny', 1, 512, 1), (FLAVOR_ID, 'm1.small', 1, 2048, 20)],
                         [(f.id, f.name, f.vcpus, f.ram, f.disk) for f in self.cloud.flavors()])

    def test_find_flavor_by_name(self):
        self.http.get(COMPUTE + '/flavors/detail', json=FLAVORS)
        self.assertEqual(FLAVOR_ID, self.cloud.find_flavor('m1.small').id)

    def test_keypairs_are_known_by_name(self):
        self.http.get(COMPUTE + '/os-keypairs', json={'keypairs': [{'keypair': {
            'name': 'heat_key', 'type': 'ssh',
            'fingerprint': '4e:2f:0c:1a:9b:33:7d:58:a6:e2:41:fd:90:6c:13:b7',
            'public_key': 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHNp heat_key'}}]})
        self.assertEqual([('heat_key', 'heat_key', 'ssh')],
                         [(k.id, k.name, k.type) for k in self.cloud.keypairs()])

    def test_availability_zones(self):
        self.http.get(COMPUTE + '/os-availability-zone', json={'availabilityZoneInfo': [
            {'zoneName': 'nova', 'zoneState': {'available': True}, 'hosts': None}]})
        self.assertEqual([('nova', 'nova', {'available': True})],
                         [(z.id, z.name, z.state) for z in self.cloud.availability_zones()])

    def test_availability_zone_names(self):
        self.http.get(COMPUTE + '/os-availability-zone', json={'availabilityZoneInfo': [
            {'zoneName': 'nova', 'zoneState': {'available': True}, 'hosts': None},
            {'zoneName': 'az2', 'zoneState': {'available': True}, 'hosts': None}]})
        self.assertEqual(['nova', 'az2'], self.cloud.availability_zone_names())

    def test_servers(self):
        self.http.get(COMPUTE + '/flavors/detail', json=FLAVORS)
        self.http.get(COMPUTE + '/servers/detail', json={'servers': [server_body()]})
        self.assertEqual([(SERVER_ID, 'web', 'ACTIVE', FLAVOR_ID)],
                         [(s.id, s.name, s.status, s.flavor['id'])
                          for s in self.cloud.servers()])
