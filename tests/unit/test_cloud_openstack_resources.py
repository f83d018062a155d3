"""AWS resource types on the ``openstack`` backend: a real engine on a real
database whose cloud is openstacksdk over mocked HTTP.  Each test drives a
whole create or delete (handle, then the engine's polling of
check_complete) and checks what openstacksdk sent and where the resource
ended."""

from __future__ import annotations

import requests_mock

from heat_core.engine.service import EngineService
from tests import base
from tests.unit.test_aws_common import template
from tests.unit.test_cloud_openstack_compute import FLAVORS
from tests.unit.test_cloud_openstack_fixtures import (
    COMPUTE,
    FLAVOR_ID,
    IMAGE,
    IMAGE_ID,
    NETWORK,
    OBJECT,
    PUBLIC_NETWORK_ID,
    SERVER_ID,
    VOLUME,
    VOLUME_ID,
    OpenStackTestCase,
    neutron_error,
    nova_error,
    server_body,
    volume_body,
)
from tests.unit.test_cloud_openstack_network import (
    FIP_ID,
    GROUP_ID,
    RULE_ID,
    fip_body,
    group_body,
    network_body,
    rule_body,
)
from tests.unit.test_cloud_openstack_object_store import container_headers

SERVER = COMPUTE + '/servers/' + SERVER_ID
THE_VOLUME = VOLUME + '/volumes/' + VOLUME_ID
NOT_FOUND = nova_error(404, 'Instance %s could not be found.' % SERVER_ID, 'itemNotFound')

INSTANCE = '''
    Web:
      Type: AWS::EC2::Instance
      Properties:
        ImageId: F17-x86_64-cfntools
        InstanceType: m1.small
        KeyName: heat_key
'''

VOLUME_TEMPLATE = '''
    Data:
      Type: AWS::EC2::Volume
      Properties: {Size: 1, AvailabilityZone: nova}
'''

EIP = '''
    Address:
      Type: AWS::EC2::EIP
'''


class EngineOnOpenStackTestCase(base.EngineTestCase, OpenStackTestCase):
    """An engine service whose cloud is the ``openstack`` backend over
    mocked HTTP."""

    def setUp(self):
        super().setUp()
        self.service.stop()
        self.service = EngineService(cloud=self.cloud)
        self.addCleanup(self.service.stop)
        self.http.get(IMAGE + '/images', json={'images': [
            {'id': IMAGE_ID, 'name': 'F17-x86_64-cfntools', 'status': 'active',
             'disk_format': 'qcow2', 'container_format': 'bare', 'min_disk': 2,
             'min_ram': 0, 'visibility': 'public'}]})
        self.http.get(COMPUTE + '/flavors/detail', json=FLAVORS)
        self.http.get(COMPUTE + '/os-keypairs', json={'keypairs': [{'keypair': {
            'name': 'heat_key', 'type': 'ssh', 'fingerprint': '4e:2f',
            'public_key': 'ssh-ed25519 AAAA heat_key'}}]})
        self.http.get(COMPUTE + '/os-availability-zone', json={'availabilityZoneInfo': [
            {'zoneName': 'nova', 'zoneState': {'available': True}, 'hosts': None}]})
        self.http.get(COMPUTE + '/servers/detail', json={'servers': []})
        self.http.get(VOLUME + '/volumes/detail', json={'volumes': []})

    def stack(self, resources, **kwargs):
        return self.create(template(resources), **kwargs)

    def changes(self) -> list[tuple]:
        """The requests that change something (all but GETs)."""
        return [r for r in self.requests() if r[0] != 'GET']

    def count(self, method, url) -> int:
        return sum(1 for m, u, _ in self.requests() if (m, u) == (method, url))

    def reason(self, resource) -> str:
        found, = [r for r in self.service.list_resources(self.ctx, 'stack')
                  if r['resource_name'] == resource]
        return found['resource_status_reason']


class InstanceTest(EngineOnOpenStackTestCase):

    def setUp(self):
        super().setUp()
        self.http.post(COMPUTE + '/servers', status_code=202, json={'server': {
            'id': SERVER_ID, 'links': [], 'security_groups': [{'name': 'default'}]}})

    def test_create_boots_the_server(self):
        self.http.get(SERVER, json={'server': server_body()})
        self.stack(INSTANCE)
        (method, url, body), = self.changes()
        self.assertEqual(('POST', COMPUTE + '/servers'), (method, url))
        self.assertRegex(body['server'].pop('name'), r'^stack-Web-[0-9a-f]{12}$')
        self.assertEqual({'server': {'imageRef': IMAGE_ID, 'flavorRef': FLAVOR_ID,
                                     'networks': 'auto', 'key_name': 'heat_key'}}, body)

    def test_create_polls_the_server_until_active(self):
        self.http.get(SERVER, [
            {'json': {'server': server_body(status='BUILD', addresses={}, **{
                'OS-EXT-STS:task_state': 'scheduling', 'OS-EXT-STS:vm_state': 'building'})}},
            {'json': {'server': server_body(status='BUILD', addresses={}, **{
                'OS-EXT-STS:task_state': 'spawning', 'OS-EXT-STS:vm_state': 'building'})}},
            {'json': {'server': server_body()}}])
        self.stack(INSTANCE)
        self.assertEqual(('CREATE_COMPLETE', 3), (self.status(), self.count('GET', SERVER)))

    def test_server_in_error_fails_the_create_with_novas_fault(self):
        self.http.get(SERVER, json={'server': server_body(status='ERROR', fault={
            'message': 'No valid host was found. There are not enough hosts available.',
            'code': 500, 'created': '2026-11-25T10:00:05Z'})})
        self.stack(INSTANCE, disable_rollback=True)
        self.assertEqual(('CREATE_FAILED', 'Went to status ERROR due to "Message: No valid '
                          'host was found. There are not enough hosts available., Code: 500"'),
                         (self.status(), self.reason('Web')))

    def test_quota_refusal_fails_the_create_naming_the_quota(self):
        self.http.post(COMPUTE + '/servers', **nova_error(
            403, 'Quota exceeded for instances: Requested 1, but already used 10 of 10 '
                 'instances', 'forbidden'))
        self.stack(INSTANCE, disable_rollback=True)
        self.assertEqual('CREATE_FAILED', self.status())
        self.assertIn('Quota exceeded for instances: Requested 1, but already used 10 of 10 '
                      'instances', self.reason('Web'))

    def test_delete_waits_until_the_server_is_gone(self):
        self.http.get(SERVER, [{'json': {'server': server_body()}},
                               {'json': {'server': server_body(**{
                                   'OS-EXT-STS:task_state': 'deleting'})}},
                               NOT_FOUND])
        self.http.delete(SERVER, status_code=204)
        self.stack(INSTANCE)
        self.service.delete_stack(self.ctx, 'stack', wait=True)
        self.assertEqual(('DELETE', SERVER, None), self.changes()[-1])
        self.assertEqual(3, self.count('GET', SERVER))
        self.assertEqual([], self.service.list_stacks(self.ctx))

    def test_delete_of_a_server_already_gone_completes(self):
        self.http.get(SERVER, [{'json': {'server': server_body()}}, NOT_FOUND])
        self.http.delete(SERVER, **NOT_FOUND)
        self.stack(INSTANCE)
        self.service.delete_stack(self.ctx, 'stack', wait=True)
        self.assertEqual([], self.service.list_stacks(self.ctx))

    def test_a_new_instance_type_resizes_and_confirms_in_place(self):
        tiny = {'vcpus': 1, 'ram': 512, 'disk': 1, 'ephemeral': 0, 'swap': 0,
                'original_name': 'm1.tiny', 'extra_specs': {}}
        self.http.get(SERVER, [
            {'json': {'server': server_body()}}, {'json': {'server': server_body()}},
            {'json': {'server': server_body(status='RESIZE', **{
                'OS-EXT-STS:task_state': 'resize_migrating'})}},
            {'json': {'server': server_body(status='VERIFY_RESIZE', flavor=tiny, **{
                'OS-EXT-STS:vm_state': 'resized'})}},
            {'json': {'server': server_body(flavor=tiny)}}])
        self.http.post(SERVER + '/action', status_code=202)
        self.stack(INSTANCE)
        self.service.update_stack(self.ctx, 'stack', template(INSTANCE.replace(
            'm1.small', 'm1.tiny')), template_name='t.yaml', wait=True)
        self.assertEqual(('UPDATE_COMPLETE', [
            ('POST', SERVER + '/action', {'resize': {'flavorRef': '1'}}),
            ('POST', SERVER + '/action', {'confirmResize': None})]),
            (self.status(), self.changes()[1:]))

    def test_a_resize_nova_refuses_fails_the_update_with_its_reason(self):
        self.http.get(SERVER, json={'server': server_body()})
        self.http.post(SERVER + '/action', **nova_error(
            403, 'Quota exceeded for cores: Requested 1, but already used 20 of 20 cores',
            'forbidden'))
        self.stack(INSTANCE)
        self.service.update_stack(self.ctx, 'stack', template(INSTANCE.replace(
            'm1.small', 'm1.tiny')), template_name='t.yaml', wait=True, disable_rollback=True)
        self.assertEqual('UPDATE_FAILED', self.status())
        self.assertIn('Quota exceeded for cores', self.reason('Web'))


class VolumeTest(EngineOnOpenStackTestCase):

    def setUp(self):
        super().setUp()
        self.http.post(VOLUME + '/volumes', status_code=202,
                       json={'volume': volume_body(status='creating')})

    def test_create_posts_the_volume(self):
        self.http.get(THE_VOLUME, json={'volume': volume_body()})
        self.stack(VOLUME_TEMPLATE)
        (method, url, body), = self.changes()
        name = body['volume'].pop('name')
        self.assertRegex(name, r'^stack-Data-[0-9a-f]{12}$')
        self.assertEqual(('POST', VOLUME + '/volumes', {'volume': {
            'size': 1, 'description': name, 'availability_zone': 'nova'}}),
            (method, url, body))

    def test_create_polls_until_available(self):
        self.http.get(THE_VOLUME, [{'json': {'volume': volume_body(status='creating')}},
                                   {'json': {'volume': volume_body()}}])
        self.stack(VOLUME_TEMPLATE)
        self.assertEqual(('CREATE_COMPLETE', 2), (self.status(), self.count('GET', THE_VOLUME)))

    def test_volume_in_error_fails_the_create(self):
        self.http.get(THE_VOLUME, json={'volume': volume_body(status='error')})
        self.stack(VOLUME_TEMPLATE, disable_rollback=True)
        self.assertEqual('CREATE_FAILED', self.status())
        self.assertIn('error', self.reason('Data'))

    def test_quota_refusal_fails_the_create_naming_the_quota(self):
        self.http.post(VOLUME + '/volumes', **nova_error(
            413, "VolumeLimitExceeded: Maximum number of volumes allowed (10) exceeded for "
                 "quota 'volumes'.", 'overLimit'))
        self.stack(VOLUME_TEMPLATE, disable_rollback=True)
        self.assertEqual('CREATE_FAILED', self.status())
        self.assertIn("exceeded for quota 'volumes'", self.reason('Data'))

    def test_delete_waits_until_the_volume_is_gone(self):
        self.http.get(THE_VOLUME, [
            {'json': {'volume': volume_body()}}, {'json': {'volume': volume_body()}},
            {'json': {'volume': volume_body(status='deleting')}},
            nova_error(404, 'Volume %s could not be found.' % VOLUME_ID, 'itemNotFound')])
        self.http.delete(THE_VOLUME, status_code=202)
        self.stack(VOLUME_TEMPLATE)
        self.service.delete_stack(self.ctx, 'stack', wait=True)
        self.assertEqual(('DELETE', THE_VOLUME + '?cascade=False&force=False', None),
                         self.changes()[-1])
        self.assertEqual([], self.service.list_stacks(self.ctx))


class ElasticIpTest(EngineOnOpenStackTestCase):

    def setUp(self):
        super().setUp()
        self.http.get(NETWORK + '/networks?router%3Aexternal=True', json={'networks': [
            network_body(id=PUBLIC_NETWORK_ID, name='public', **{'router:external': True})]})

    def test_create_allocates_from_the_external_network(self):
        self.http.post(NETWORK + '/floatingips', status_code=201,
                       json={'floatingip': fip_body()})
        self.stack(EIP)
        self.assertEqual([('POST', NETWORK + '/floatingips', {'floatingip': {
            'floating_network_id': PUBLIC_NETWORK_ID}})], self.changes())
        self.assertEqual('CREATE_COMPLETE', self.status())

    def test_quota_refusal_fails_the_create(self):
        self.http.post(NETWORK + '/floatingips', **neutron_error(
            409, 'OverQuota', "Quota exceeded for resources: ['floatingip']."))
        self.stack(EIP, disable_rollback=True)
        self.assertEqual('CREATE_FAILED', self.status())
        self.assertIn("Quota exceeded for resources: ['floatingip'].", self.reason('Address'))

    def test_delete_releases_the_address(self):
        self.http.post(NETWORK + '/floatingips', status_code=201,
                       json={'floatingip': fip_body()})
        self.http.delete(NETWORK + '/floatingips/' + FIP_ID, status_code=204)
        self.stack(EIP)
        self.service.delete_stack(self.ctx, 'stack', wait=True)
        self.assertEqual(('DELETE', NETWORK + '/floatingips/' + FIP_ID, None),
                         self.changes()[-1])

    def test_delete_of_an_address_already_released_completes(self):
        self.http.post(NETWORK + '/floatingips', status_code=201,
                       json={'floatingip': fip_body()})
        self.http.delete(NETWORK + '/floatingips/' + FIP_ID, **neutron_error(
            404, 'FloatingIPNotFound', 'Floating IP %s could not be found' % FIP_ID))
        self.stack(EIP)
        self.service.delete_stack(self.ctx, 'stack', wait=True)
        self.assertEqual([], self.service.list_stacks(self.ctx))


GROUPS = NETWORK + '/security-groups'
THE_GROUP = GROUPS + '/' + GROUP_ID
RULES = NETWORK + '/security-group-rules'
SSH = {'IpProtocol': 'tcp', 'FromPort': '22', 'ToPort': '22', 'CidrIp': '0.0.0.0/0'}
SECURITY_GROUP = """
    Group:
      Type: AWS::EC2::SecurityGroup
      Properties:
        GroupDescription: Web servers
        SecurityGroupIngress:
          - {IpProtocol: tcp, FromPort: "%s", ToPort: "%s", CidrIp: 0.0.0.0/0}
"""
EGRESS = [rule_body(id='e4', direction='egress', protocol=None, port_range_min=None,
                    port_range_max=None, remote_ip_prefix=None),
          rule_body(id='e6', direction='egress', ethertype='IPv6', protocol=None,
                    port_range_min=None, port_range_max=None, remote_ip_prefix=None)]


class SecurityGroupTest(EngineOnOpenStackTestCase):

    def setUp(self):
        super().setUp()
        self.http.post(GROUPS, status_code=201,
                       json={'security_group': group_body(security_group_rules=EGRESS)})
        self.http.post(RULES, status_code=201, json={'security_group_rule': rule_body()})

    def test_create_makes_the_group_then_its_rules(self):
        self.http.get(THE_GROUP, json={'security_group': group_body(
            security_group_rules=EGRESS)})
        self.stack(SECURITY_GROUP % (22, 22))
        (_, url, body), rule = self.changes()
        self.assertEqual((GROUPS, 'Web servers', ('POST', RULES, {'security_group_rule': {
            'security_group_id': GROUP_ID, 'direction': 'ingress', 'ethertype': 'IPv4',
            'protocol': 'tcp', 'port_range_min': 22, 'port_range_max': 22,
            'remote_ip_prefix': '0.0.0.0/0'}}), 'CREATE_COMPLETE'),
            (url, body['security_group']['description'], rule, self.status()))

    def test_changed_rules_are_replaced_in_place(self):
        self.http.get(THE_GROUP, [
            {'json': {'security_group': group_body(security_group_rules=EGRESS)}},
            {'json': {'security_group': group_body(security_group_rules=EGRESS + [
                rule_body()])}}])
        self.http.delete(RULES + '/' + RULE_ID, status_code=204)
        self.stack(SECURITY_GROUP % (22, 22))
        self.service.update_stack(self.ctx, 'stack', template(SECURITY_GROUP % (80, 80)),
                                  template_name='t.yaml', wait=True)
        self.assertEqual(('UPDATE_COMPLETE', [
            ('DELETE', RULES + '/' + RULE_ID, None),
            ('POST', RULES, {'security_group_rule': {
                'security_group_id': GROUP_ID, 'direction': 'ingress', 'ethertype': 'IPv4',
                'protocol': 'tcp', 'port_range_min': 80, 'port_range_max': 80,
                'remote_ip_prefix': '0.0.0.0/0'}})]),
            (self.status(), self.changes()[2:]))

    def test_delete_of_a_group_already_gone_completes(self):
        self.http.get(THE_GROUP, json={'security_group': group_body(
            security_group_rules=EGRESS)})
        self.http.delete(THE_GROUP, **neutron_error(
            404, 'SecurityGroupNotFound', 'Security group %s does not exist' % GROUP_ID))
        self.stack(SECURITY_GROUP % (22, 22))
        self.service.delete_stack(self.ctx, 'stack', wait=True)
        self.assertEqual((('DELETE', THE_GROUP, None), []),
                         (self.changes()[-1], self.service.list_stacks(self.ctx)))

    def test_a_group_in_use_fails_the_delete_with_neutrons_reason(self):
        self.http.get(THE_GROUP, json={'security_group': group_body(
            security_group_rules=EGRESS)})
        self.http.delete(THE_GROUP, **neutron_error(
            409, 'SecurityGroupInUse', 'Security Group %s in use.' % GROUP_ID))
        self.stack(SECURITY_GROUP % (22, 22))
        self.service.delete_stack(self.ctx, 'stack', wait=True)
        self.assertEqual(('DELETE_FAILED', 'Conflict: Security Group %s in use.' % GROUP_ID),
                         (self.status(), self.reason('Group')))


BUCKET = """
    Site:
      Type: AWS::S3::Bucket
      Properties: {AccessControl: PublicRead}
"""


class BucketTest(EngineOnOpenStackTestCase):

    def container(self) -> str:
        return OBJECT + '/' + self.resource_id('Site')

    def resource_id(self, name) -> str:
        found, = [r for r in self.service.list_resources(self.ctx, 'stack')
                  if r['resource_name'] == name]
        return found['physical_resource_id']

    def setUp(self):
        super().setUp()
        self.http.put(requests_mock.ANY, status_code=201)
        self.http.head(requests_mock.ANY, status_code=204,
                       headers=container_headers(**{'X-Container-Read': '.r:*'}))

    def test_create_puts_a_public_container(self):
        self.stack(BUCKET)
        put = [r for r in self.http.request_history if r.method == 'PUT'][0]
        self.assertEqual(('CREATE_COMPLETE', self.container(), '.r:*'),
                         (self.status(), put.url, put.headers.get('X-Container-Read')))

    def test_delete_of_a_container_already_gone_completes(self):
        self.http.delete(requests_mock.ANY, status_code=404)
        self.stack(BUCKET)
        container = self.container()
        self.service.delete_stack(self.ctx, 'stack', wait=True)
        self.assertEqual((('DELETE', container, None), []),
                         (self.changes()[-1], self.service.list_stacks(self.ctx)))

    def test_a_container_with_objects_fails_the_delete(self):
        self.http.delete(requests_mock.ANY, status_code=409)
        self.stack(BUCKET)
        self.service.delete_stack(self.ctx, 'stack', wait=True)
        self.assertEqual(('DELETE_FAILED', 'The bucket you tried to delete is not empty (%s).'
                          % self.resource_id('Site')), (self.status(), self.reason('Site')))


ATTACHMENTS = SERVER + '/os-volume_attachments'
MOUNT = """
    Mount:
      Type: AWS::EC2::VolumeAttachment
      Properties: {InstanceId: %s, VolumeId: %s, Device: /dev/vdb}
""" % (SERVER_ID, VOLUME_ID)
ATTACHED = [{'id': VOLUME_ID, 'attachment_id': '4a5b6c7d-8e9f-4a0b-b1c2-d3e4f5a6b7c8',
             'volume_id': VOLUME_ID, 'server_id': SERVER_ID, 'device': '/dev/vdb',
             'host_name': None, 'attached_at': '2026-11-25T10:01:00.000000'}]


class VolumeAttachmentTest(EngineOnOpenStackTestCase):

    def setUp(self):
        super().setUp()
        # the server and volume exist already (the constraints look them up)
        self.http.get(COMPUTE + '/servers/detail', json={'servers': [server_body()]})
        self.http.get(VOLUME + '/volumes/detail', json={'volumes': [volume_body()]})
        self.http.get(ATTACHMENTS + '/' + VOLUME_ID, **nova_error(
            404, 'volume_id not found: %s' % VOLUME_ID, 'itemNotFound'))
        self.http.post(ATTACHMENTS, json={'volumeAttachment': {
            'device': '/dev/vdb', 'serverId': SERVER_ID, 'volumeId': VOLUME_ID,
            'attachment_id': ATTACHED[0]['attachment_id']}})

    def test_create_attaches_and_polls_until_in_use(self):
        self.http.get(THE_VOLUME, [
            {'json': {'volume': volume_body(status='attaching')}},
            {'json': {'volume': volume_body(status='in-use', attachments=ATTACHED)}}])
        self.stack(MOUNT)
        self.assertEqual(('CREATE_COMPLETE', [('POST', ATTACHMENTS, {'volumeAttachment': {
            'volumeId': VOLUME_ID, 'device': '/dev/vdb'}})], 2),
            (self.status(), self.changes(), self.count('GET', THE_VOLUME)))

    def test_delete_detaches_and_polls_until_detached(self):
        self.http.get(THE_VOLUME, [
            {'json': {'volume': volume_body(status='in-use', attachments=ATTACHED)}},
            {'json': {'volume': volume_body(status='detaching', attachments=ATTACHED)}},
            {'json': {'volume': volume_body()}}])
        self.http.delete(ATTACHMENTS + '/' + VOLUME_ID, status_code=202)
        self.stack(MOUNT)
        self.service.delete_stack(self.ctx, 'stack', wait=True)
        self.assertEqual((('DELETE', ATTACHMENTS + '/' + VOLUME_ID, None), 3, []),
                         (self.changes()[-1], self.count('GET', THE_VOLUME),
                          self.service.list_stacks(self.ctx)))

    def test_a_volume_that_falls_back_to_available_fails_the_create(self):
        self.http.get(THE_VOLUME, json={'volume': volume_body()})
        self.stack(MOUNT, disable_rollback=True)
        self.assertEqual(('CREATE_FAILED', 'Failed to attach volume %s to server %s - volume '
                          'is available' % (VOLUME_ID, SERVER_ID)),
                         (self.status(), self.reason('Mount')))
