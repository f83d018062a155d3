"""AWS::EC2::Instance paths, an S3 bucket update and a security group quota
refusal on the ``openstack`` backend, through the engine service: a real
openstacksdk over mocked HTTP; each test checks the requests sent and where
the resource ended."""

from __future__ import annotations

import requests_mock

from tests.unit.test_aws_common import template
from tests.unit.test_cloud_openstack_fixtures import (
    COMPUTE,
    NETWORK,
    NETWORK_ID,
    OBJECT,
    PORT_ID,
    PROJECT,
    SERVER_ID,
    SUBNET_ID,
    VOLUME,
    VOLUME_ID,
    neutron_error,
    server_body,
    volume_body,
)
from tests.unit.test_cloud_openstack_network import GROUP_ID, port_body
from tests.unit.test_cloud_openstack_object_store import container_headers
from tests.unit.test_cloud_openstack_resources import (
    GROUPS,
    SECURITY_GROUP,
    SERVER,
    EngineOnOpenStackTestCase,
)

PORTS = NETWORK + '/ports'
THE_PORT = PORTS + '/' + PORT_ID
THE_VOLUME = VOLUME + '/volumes/' + VOLUME_ID
ATTACHMENTS = SERVER + '/os-volume_attachments'
ATTACHED = [{'id': VOLUME_ID, 'attachment_id': '4a5b6c7d-8e9f-4a0b-b1c2-d3e4f5a6b7c8',
             'volume_id': VOLUME_ID, 'server_id': SERVER_ID, 'device': '/dev/vdb',
             'host_name': None, 'attached_at': '2026-11-25T10:01:00.000000'}]
OTHER_GROUP = '5f1e2d3c-4b5a-4697-8879-6a5b4c3d2e1f'
GONE = {'status_code': 404, 'json': {'itemNotFound': {
    'code': 404, 'message': 'Instance %s could not be found.' % SERVER_ID}}}


def instance(**extra: str) -> str:
    lines = ''.join('        %s: %s\n' % item for item in extra.items())
    return template('''
        Web:
          Type: AWS::EC2::Instance
          Properties:
            ImageId: F17-x86_64-cfntools
            InstanceType: m1.small
    ''' + lines)


class InstanceOnOpenStackTest(EngineOnOpenStackTestCase):

    def setUp(self):
        super().setUp()
        self.http.post(COMPUTE + '/servers', status_code=202, json={'server': {
            'id': SERVER_ID, 'links': [], 'security_groups': [{'name': 'default'}]}})

    def create_stack(self, text: str, **kwargs) -> None:
        self.service.create_stack(self.ctx, 'stack', text, template_name='t.yaml', wait=True,
                                  **kwargs)

    def update_stack(self, text: str) -> None:
        self.service.update_stack(self.ctx, 'stack', text, template_name='t.yaml', wait=True)

    def boot_request(self) -> dict:
        (body,) = [b for m, u, b in self.requests() if (m, u) == ('POST', COMPUTE + '/servers')]
        return body['server']

    # -- SubnetId: a port of ours -------------------------------------------------------
    def subnet_catalogue(self):
        self.http.get(NETWORK + '/subnets', json={'subnets': [{
            'id': SUBNET_ID, 'name': 'private-subnet', 'network_id': NETWORK_ID,
            'cidr': '10.0.0.0/24', 'ip_version': 4, 'gateway_ip': '10.0.0.1',
            'enable_dhcp': True, 'tenant_id': PROJECT, 'project_id': PROJECT}]})
        self.http.get(NETWORK + '/subnets/' + SUBNET_ID, json={'subnet': {
            'id': SUBNET_ID, 'name': 'private-subnet', 'network_id': NETWORK_ID,
            'cidr': '10.0.0.0/24', 'ip_version': 4, 'tenant_id': PROJECT}})
        self.http.post(PORTS, status_code=201, json={'port': port_body()})

    def test_a_subnet_gets_a_port_the_server_boots_on(self):
        self.subnet_catalogue()
        self.http.get(SERVER, json={'server': server_body()})
        self.create_stack(instance(SubnetId=SUBNET_ID))
        (port,) = [b['port'] for m, u, b in self.changes() if (m, u) == ('POST', PORTS)]
        port.pop('name')
        self.assertEqual(('CREATE_COMPLETE', {'network_id': NETWORK_ID,
                                              'fixed_ips': [{'subnet_id': SUBNET_ID}]},
                          [{'port': PORT_ID}]),
                         (self.status(), port, self.boot_request()['networks']))

    def test_the_port_is_deleted_with_the_server(self):
        self.subnet_catalogue()
        self.http.get(SERVER, [{'json': {'server': server_body()}}, GONE])
        self.http.delete(SERVER, status_code=204)
        self.http.delete(THE_PORT, status_code=204)
        self.create_stack(instance(SubnetId=SUBNET_ID))
        self.service.delete_stack(self.ctx, 'stack', wait=True)
        self.assertEqual([('DELETE', SERVER, None), ('DELETE', THE_PORT, None)],
                         self.changes()[-2:])

    def test_a_port_neutron_refuses_fails_the_create_with_its_reason(self):
        self.subnet_catalogue()
        self.http.post(PORTS, **neutron_error(409, 'OverQuota',
                                              "Quota exceeded for resources: ['port']."))
        self.create_stack(instance(SubnetId=SUBNET_ID), disable_rollback=True)
        self.assertEqual(('CREATE_FAILED', 0),
                         (self.status(), self.count('POST', COMPUTE + '/servers')))
        self.assertIn("Quota exceeded for resources: ['port'].", self.reason('Web'))

    # -- Volumes -------------------------------------------------------------------------
    def volume_catalogue(self):
        self.http.get(VOLUME + '/volumes/detail', json={'volumes': [volume_body()]})
        self.http.get(ATTACHMENTS + '/' + VOLUME_ID, status_code=404, json={
            'itemNotFound': {'code': 404, 'message': 'volume_id not found: %s' % VOLUME_ID}})
        self.http.post(ATTACHMENTS, json={'volumeAttachment': {
            'device': '/dev/vdb', 'serverId': SERVER_ID, 'volumeId': VOLUME_ID,
            'attachment_id': ATTACHED[0]['attachment_id']}})

    VOLUMES = '[{VolumeId: %s, Device: /dev/vdb}]' % VOLUME_ID

    def test_volumes_are_attached_once_the_server_is_active(self):
        self.volume_catalogue()
        self.http.get(SERVER, json={'server': server_body()})
        self.http.get(THE_VOLUME, [
            {'json': {'volume': volume_body(status='attaching')}},
            {'json': {'volume': volume_body(status='in-use', attachments=ATTACHED)}}])
        self.create_stack(instance(Volumes=self.VOLUMES))
        self.assertEqual(('CREATE_COMPLETE', ('POST', ATTACHMENTS, {'volumeAttachment': {
            'volumeId': VOLUME_ID, 'device': '/dev/vdb'}}), 2),
            (self.status(), self.changes()[-1], self.count('GET', THE_VOLUME)))

    def test_a_volume_left_out_on_update_is_detached_in_place(self):
        self.volume_catalogue()
        self.http.get(SERVER, json={'server': server_body()})
        self.http.get(THE_VOLUME, [
            {'json': {'volume': volume_body(status='in-use', attachments=ATTACHED)}},
            {'json': {'volume': volume_body(status='detaching', attachments=ATTACHED)}},
            {'json': {'volume': volume_body()}}])
        self.http.delete(ATTACHMENTS + '/' + VOLUME_ID, status_code=202)
        self.create_stack(instance(Volumes=self.VOLUMES))
        self.update_stack(instance(Volumes='[]'))
        self.assertEqual(('UPDATE_COMPLETE', ('DELETE', ATTACHMENTS + '/' + VOLUME_ID, None),
                          3, 1),
                         (self.status(), self.changes()[-1], self.count('GET', THE_VOLUME),
                          self.count('POST', COMPUTE + '/servers')))

    # -- Tags ----------------------------------------------------------------------------
    def test_tags_are_the_servers_metadata_and_change_in_place(self):
        self.http.get(SERVER, json={'server': server_body()})
        self.http.put(SERVER + '/metadata', json={'metadata': {'role': 'db'}})
        self.http.post(SERVER + '/metadata', json={'metadata': {'role': 'db'}})
        self.create_stack(instance(Tags='[{Key: role, Value: web}]'))
        self.update_stack(instance(Tags='[{Key: role, Value: db}]'))
        self.assertEqual(('UPDATE_COMPLETE', {'role': 'web'},
                          [('PUT', SERVER + '/metadata', {'metadata': {'role': 'db'}})]),
                         (self.status(), self.boot_request()['metadata'],
                          self.changes()[1:]))

    # -- SecurityGroupIds ----------------------------------------------------------------
    def test_new_security_group_ids_update_the_servers_ports(self):
        self.http.get(SERVER, json={'server': server_body()})
        self.http.get(PORTS + '?device_id=' + SERVER_ID,
                      json={'ports': [port_body(device_id=SERVER_ID)]})
        self.http.put(THE_PORT, json={'port': port_body(security_groups=[OTHER_GROUP])})
        self.create_stack(instance(SecurityGroupIds='[%s]' % GROUP_ID))
        self.update_stack(instance(SecurityGroupIds='[%s]' % OTHER_GROUP))
        self.assertEqual(('UPDATE_COMPLETE', [{'name': GROUP_ID}],
                          [('PUT', THE_PORT, {'port': {'security_groups': [OTHER_GROUP]}})]),
                         (self.status(), self.boot_request()['security_groups'],
                          self.changes()[1:]))

    # -- suspend and resume --------------------------------------------------------------
    def test_suspend_and_resume_go_through_nova_and_wait(self):
        self.http.get(SERVER, [
            {'json': {'server': server_body()}},
            {'json': {'server': server_body()}},
            {'json': {'server': server_body(**{'OS-EXT-STS:task_state': 'suspending'})}},
            {'json': {'server': server_body(status='SUSPENDED')}},
            {'json': {'server': server_body(status='SUSPENDED')}},
            {'json': {'server': server_body(**{'OS-EXT-STS:task_state': 'resuming'})}},
            {'json': {'server': server_body()}}])
        self.http.post(SERVER + '/action', status_code=202)
        self.create_stack(instance())
        self.service.suspend_stack(self.ctx, 'stack', wait=True)
        suspended = self.status()
        self.service.resume_stack(self.ctx, 'stack', wait=True)
        self.assertEqual(('SUSPEND_COMPLETE', 'RESUME_COMPLETE', [
            ('POST', SERVER + '/action', {'suspend': None}),
            ('POST', SERVER + '/action', {'resume': None})]),
            (suspended, self.status(), self.changes()[1:]))

    def test_a_suspend_nova_refuses_fails_with_its_reason(self):
        self.http.get(SERVER, json={'server': server_body()})
        self.http.post(SERVER + '/action', status_code=409, json={'conflictingRequest': {
            'code': 409, 'message': "Cannot 'suspend' instance %s while it is in "
                                    "vm_state building" % SERVER_ID}})
        self.create_stack(instance())
        self.service.suspend_stack(self.ctx, 'stack', wait=True)
        self.assertEqual('SUSPEND_FAILED', self.status())
        self.assertIn("Cannot 'suspend' instance", self.reason('Web'))


class BucketUpdateTest(EngineOnOpenStackTestCase):

    BUCKET = '''
        Site:
          Type: AWS::S3::Bucket
          Properties: {AccessControl: %s}
    '''

    def setUp(self):
        super().setUp()
        self.http.put(requests_mock.ANY, status_code=201)
        self.http.post(requests_mock.ANY, status_code=204)
        self.http.head(requests_mock.ANY, status_code=204, headers=container_headers())

    def test_a_new_access_control_posts_the_containers_acls_in_place(self):
        self.create(template(self.BUCKET % 'Private'))
        container = self.service.list_resources(self.ctx, 'stack')[0]['physical_resource_id']
        self.service.update_stack(self.ctx, 'stack', template(self.BUCKET % 'PublicRead'),
                                  template_name='t.yaml', wait=True)
        (post,) = [r for r in self.http.request_history if r.method == 'POST']
        self.assertEqual(('UPDATE_COMPLETE', OBJECT + '/' + container, '.r:*', 1),
                         (self.status(), post.url, post.headers.get('X-Container-Read'),
                          sum(1 for r in self.http.request_history if r.method == 'PUT')))

    def test_an_update_swift_refuses_fails_with_the_reason(self):
        self.http.post(requests_mock.ANY, status_code=403, text='Container ACLs not allowed')
        self.create(template(self.BUCKET % 'Private'))
        self.service.update_stack(self.ctx, 'stack', template(self.BUCKET % 'PublicRead'),
                                  template_name='t.yaml', wait=True, disable_rollback=True)
        self.assertEqual(('UPDATE_FAILED', 'CloudError: Container ACLs not allowed'),
                         (self.status(), self.reason('Site')))


class SecurityGroupQuotaTest(EngineOnOpenStackTestCase):

    def test_a_quota_refusal_fails_the_create_with_neutrons_message(self):
        self.http.post(GROUPS, **neutron_error(
            409, 'OverQuota', "Quota exceeded for resources: ['security_group']."))
        self.create(template(SECURITY_GROUP % (22, 22)), disable_rollback=True)
        self.assertEqual(('CREATE_FAILED', "Quota exceeded for resources: ['security_group']."),
                         (self.status(), self.reason('Group').split(': ', 1)[-1]))
