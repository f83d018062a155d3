"""AWS::EC2::EIP pointed at an instance and AWS::EC2::EIPAssociation on the
``openstack`` backend: a real engine whose cloud is openstacksdk over mocked
Neutron.  The requests of create, update and delete, and Neutron's
refusals."""

from __future__ import annotations

from tests.unit.test_aws_common import template
from tests.unit.test_cloud_openstack_fixtures import (
    COMPUTE,
    NETWORK,
    PORT_ID,
    PUBLIC_NETWORK_ID,
    SERVER_ID,
    neutron_error,
    server_body,
)
from tests.unit.test_cloud_openstack_network import FIP_ID, fip_body, network_body, port_body
from tests.unit.test_cloud_openstack_resources import EngineOnOpenStackTestCase

OTHER_SERVER_ID = '1d3c5e7f-9a0b-4c2d-8e4f-6a8b0c2d4e6f'
OTHER_PORT_ID = 'c1e3a5b7-d9f0-4a2c-8e6b-0d2f4a6c8e1b'
FIPS = NETWORK + '/floatingips'
THE_FIP = FIPS + '/' + FIP_ID
PORTS_OF = NETWORK + '/ports?device_id='
EIP = '''
    Address:
      Type: AWS::EC2::EIP
      Properties: {InstanceId: %s}
'''
ASSOCIATION = '''
    Link:
      Type: AWS::EC2::EIPAssociation
      Properties: {EIP: 172.24.4.228, InstanceId: %s}
''' % SERVER_ID
BY_ALLOCATION = '''
    Link:
      Type: AWS::EC2::EIPAssociation
      Properties: {AllocationId: %s, NetworkInterfaceId: %s}
''' % (FIP_ID, PORT_ID)


class ElasticIpTestCase(EngineOnOpenStackTestCase):
    """Two servers with a port each, one external network, one address."""

    def setUp(self):
        super().setUp()
        self.http.get(COMPUTE + '/servers/detail', json={'servers': [
            server_body(), server_body(id=OTHER_SERVER_ID, name='db')]})
        self.http.get(NETWORK + '/networks?router%3Aexternal=True', json={'networks': [
            network_body(id=PUBLIC_NETWORK_ID, name='public', **{'router:external': True})]})
        self.http.get(PORTS_OF + SERVER_ID, json={'ports': [port_body(device_id=SERVER_ID)]})
        self.http.get(PORTS_OF + OTHER_SERVER_ID, json={'ports': [port_body(
            id=OTHER_PORT_ID, device_id=OTHER_SERVER_ID)]})
        self.http.post(FIPS, status_code=201, json={'floatingip': fip_body()})
        self.http.get(FIPS, json={'floatingips': [fip_body()]})
        self.http.put(THE_FIP, json={'floatingip': fip_body(port_id=PORT_ID)})

    def reason(self, resource) -> str:
        found, = [r for r in self.service.list_resources(self.ctx, 'stack')
                  if r['resource_name'] == resource]
        return found['resource_status_reason']


class ElasticIpWithInstanceTest(ElasticIpTestCase):

    def test_create_allocates_then_points_the_address_at_the_instances_port(self):
        self.stack(EIP % SERVER_ID)
        self.assertEqual(('CREATE_COMPLETE', [
            ('POST', FIPS, {'floatingip': {'floating_network_id': PUBLIC_NETWORK_ID}}),
            ('PUT', THE_FIP, {'floatingip': {'port_id': PORT_ID}})], 1),
            (self.status(), self.changes(), self.count('GET', PORTS_OF + SERVER_ID)))

    def test_an_instance_without_a_port_fails_the_create(self):
        self.http.get(PORTS_OF + SERVER_ID, json={'ports': []})
        self.stack(EIP % SERVER_ID, disable_rollback=True)
        self.assertEqual(('CREATE_FAILED', 'Instance %s has no port to associate the address '
                          'with' % SERVER_ID), (self.status(), self.reason('Address')))

    def test_neutron_refusing_the_association_fails_the_create_with_its_reason(self):
        message = ('External network %s is not reachable from subnet 0f3e2d1c. Therefore, '
                   'cannot associate Port %s with a Floating IP.' % (PUBLIC_NETWORK_ID,
                                                                     PORT_ID))
        self.http.put(THE_FIP, **neutron_error(404, 'ExternalGatewayForFloatingIPNotFound',
                                               message))
        self.stack(EIP % SERVER_ID, disable_rollback=True)
        self.assertEqual(('CREATE_FAILED', 'NotFound: ' + message),
                         (self.status(), self.reason('Address')))

    def test_a_new_instance_moves_the_address_in_place(self):
        self.stack(EIP % SERVER_ID)
        self.service.update_stack(self.ctx, 'stack', template(EIP % OTHER_SERVER_ID),
                                  template_name='t.yaml', wait=True)
        self.assertEqual(('UPDATE_COMPLETE', ('PUT', THE_FIP, {'floatingip': {
            'port_id': OTHER_PORT_ID}}), 1),
            (self.status(), self.changes()[-1], self.count('POST', FIPS)))

    def test_delete_releases_the_address(self):
        self.http.delete(THE_FIP, status_code=204)
        self.stack(EIP % SERVER_ID)
        self.service.delete_stack(self.ctx, 'stack', wait=True)
        self.assertEqual((('DELETE', THE_FIP, None), []),
                         (self.changes()[-1], self.service.list_stacks(self.ctx)))

    def test_neutron_refusing_the_release_fails_the_delete_with_its_reason(self):
        self.http.delete(THE_FIP, **neutron_error(
            500, 'HTTPInternalServerError', 'Request Failed: internal server error while '
                                            'processing your request.'))
        self.stack(EIP % SERVER_ID)
        self.service.delete_stack(self.ctx, 'stack', wait=True)
        self.assertEqual('DELETE_FAILED', self.status())
        self.assertIn('internal server error', self.reason('Address'))


class ElasticIpAssociationTest(ElasticIpTestCase):

    def test_create_finds_the_address_and_points_it_at_the_instances_port(self):
        self.stack(ASSOCIATION)
        self.assertEqual(('CREATE_COMPLETE', [('GET', FIPS, None),
                                              ('GET', PORTS_OF + SERVER_ID, None),
                                              ('PUT', THE_FIP, {'floatingip': {
                                                  'port_id': PORT_ID}})]),
                         (self.status(), [r for r in self.requests()
                                          if r[1].startswith(NETWORK)]))

    def test_an_allocation_id_and_a_port_need_no_lookup_of_the_instance(self):
        self.http.get(NETWORK + '/ports/' + PORT_ID, json={'port': port_body()})
        self.stack(BY_ALLOCATION)
        self.assertEqual(('CREATE_COMPLETE', 0, [('PUT', THE_FIP, {'floatingip': {
            'port_id': PORT_ID}})]),
            (self.status(), self.count('GET', PORTS_OF + SERVER_ID), self.changes()))

    def test_an_unknown_address_fails_the_create(self):
        self.http.get(FIPS, json={'floatingips': []})
        self.stack(ASSOCIATION, disable_rollback=True)
        self.assertEqual(('CREATE_FAILED', 'Floating IP 172.24.4.228 could not be found'),
                         (self.status(), self.reason('Link')))

    def test_a_port_neutron_does_not_know_fails_the_create(self):
        self.http.get(NETWORK + '/ports/' + PORT_ID, **neutron_error(
            404, 'PortNotFound', 'Port %s could not be found.' % PORT_ID))
        self.stack(BY_ALLOCATION, disable_rollback=True)
        self.assertEqual(('CREATE_FAILED', 'NotFound: Port %s could not be found.' % PORT_ID),
                         (self.status(), self.reason('Link')))

    def test_neutron_refusing_the_association_fails_the_create_with_its_reason(self):
        message = 'Cannot associate floating IP 172.24.4.228 (%s) with port %s: it is ' \
                  'already associated' % (FIP_ID, PORT_ID)
        self.http.put(THE_FIP, **neutron_error(409, 'FloatingIPPortAlreadyAssociated',
                                               message))
        self.stack(ASSOCIATION, disable_rollback=True)
        self.assertEqual(('CREATE_FAILED', 'Conflict: ' + message),
                         (self.status(), self.reason('Link')))

    def test_delete_disassociates_what_it_associated(self):
        self.http.get(THE_FIP, json={'floatingip': fip_body(port_id=PORT_ID)})
        self.stack(ASSOCIATION)
        self.service.delete_stack(self.ctx, 'stack', wait=True)
        self.assertEqual((('PUT', THE_FIP, {'floatingip': {'port_id': None}}), []),
                         (self.changes()[-1], self.service.list_stacks(self.ctx)))

    def test_delete_leaves_an_address_pointed_elsewhere_since(self):
        self.http.get(THE_FIP, json={'floatingip': fip_body(port_id=OTHER_PORT_ID)})
        self.stack(ASSOCIATION)
        self.service.delete_stack(self.ctx, 'stack', wait=True)
        self.assertEqual(([('PUT', THE_FIP, {'floatingip': {'port_id': PORT_ID}})], []),
                         (self.changes(), self.service.list_stacks(self.ctx)))

    def test_delete_of_an_address_already_released_completes(self):
        self.http.get(THE_FIP, **neutron_error(
            404, 'FloatingIPNotFound', 'Floating IP %s could not be found' % FIP_ID))
        self.stack(ASSOCIATION)
        self.service.delete_stack(self.ctx, 'stack', wait=True)
        self.assertEqual([], self.service.list_stacks(self.ctx))

    def test_neutron_refusing_the_disassociation_fails_the_delete(self):
        self.http.get(THE_FIP, json={'floatingip': fip_body(port_id=PORT_ID)})
        self.stack(ASSOCIATION)
        self.http.put(THE_FIP, **neutron_error(
            503, 'ServiceUnavailable', 'The server is currently unavailable.'))
        self.service.delete_stack(self.ctx, 'stack', wait=True)
        self.assertEqual('DELETE_FAILED', self.status())
        self.assertIn('The server is currently unavailable.', self.reason('Link'))
