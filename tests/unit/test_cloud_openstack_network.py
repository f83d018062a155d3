"""The ``openstack`` backend's network requests, at the HTTP level:
networks, subnets, ports, routers, floating IPs, security groups and
Neutron's refusals."""

from __future__ import annotations

from heat_core.clouds.errors import BadRequest, Conflict, NotFound, QuotaExceeded
from tests.unit.test_cloud_openstack_fixtures import (
    NETWORK,
    NETWORK_ID,
    PORT_ID,
    PROJECT,
    PUBLIC_NETWORK_ID,
    SERVER_ID,
    SUBNET_ID,
    OpenStackTestCase,
    neutron_error,
)

FIP_ID = '61cea855-49cb-4846-997d-801b70c71bdd'
GROUP_ID = '85cc3048-abc3-43cc-89b3-377341426ac5'
DEFAULT_GROUP_ID = '2076db17-a522-4506-91de-c6dd8e837028'
RULE_ID = '3c0e45ff-adaf-4124-b083-bf390e5482ff'
ROUTER_ID = 'f8a44de0-fc8e-45df-93c7-f79bf3b01c95'


def network_body(**fields):
    body = {'id': NETWORK_ID, 'name': 'private', 'status': 'ACTIVE',
            'subnets': [SUBNET_ID], 'admin_state_up': True, 'shared': False,
            'router:external': False, 'tenant_id': PROJECT, 'project_id': PROJECT,
            'mtu': 1450, 'port_security_enabled': True, 'availability_zone_hints': [],
            'availability_zones': ['nova'], 'ipv4_address_scope': None,
            'ipv6_address_scope': None, 'description': '', 'tags': [],
            'created_at': '2026-11-25T09:00:00Z', 'updated_at': '2026-11-25T09:00:00Z',
            'revision_number': 1}
    body.update(fields)
    return body


def port_body(**fields):
    body = {'id': PORT_ID, 'name': 'web-port', 'network_id': NETWORK_ID,
            'mac_address': 'fa:16:3e:12:34:56', 'admin_state_up': True, 'status': 'DOWN',
            'device_id': '', 'device_owner': '',
            'fixed_ips': [{'subnet_id': SUBNET_ID, 'ip_address': '10.0.0.5'}],
            'security_groups': [DEFAULT_GROUP_ID], 'allowed_address_pairs': [],
            'extra_dhcp_opts': [], 'binding:vnic_type': 'normal', 'tenant_id': PROJECT,
            'project_id': PROJECT, 'port_security_enabled': True, 'description': '',
            'tags': [], 'created_at': '2026-11-25T10:00:00Z',
            'updated_at': '2026-11-25T10:00:00Z', 'revision_number': 1}
    body.update(fields)
    return body


def fip_body(**fields):
    body = {'id': FIP_ID, 'floating_ip_address': '172.24.4.228',
            'floating_network_id': PUBLIC_NETWORK_ID, 'router_id': None, 'port_id': None,
            'fixed_ip_address': None, 'status': 'DOWN', 'tenant_id': PROJECT,
            'project_id': PROJECT, 'description': '', 'tags': [], 'port_details': None,
            'dns_domain': '', 'dns_name': '', 'qos_policy_id': None,
            'created_at': '2026-11-25T10:00:00Z', 'updated_at': '2026-11-25T10:00:00Z',
            'revision_number': 0}
    body.update(fields)
    return body


def rule_body(**fields):
    body = {'id': RULE_ID, 'security_group_id': GROUP_ID, 'direction': 'ingress',
            'ethertype': 'IPv4', 'protocol': 'tcp', 'port_range_min': 22,
            'port_range_max': 22, 'remote_ip_prefix': '0.0.0.0/0', 'remote_group_id': None,
            'remote_address_group_id': None, 'normalized_cidr': '0.0.0.0/0',
            'tenant_id': PROJECT, 'project_id': PROJECT, 'description': '',
            'created_at': '2026-11-25T10:00:00Z', 'updated_at': '2026-11-25T10:00:00Z',
            'revision_number': 0, 'belongs_to_default_sg': False}
    body.update(fields)
    return body


def group_body(**fields):
    body = {'id': GROUP_ID, 'name': 'web', 'description': 'Web servers',
            'stateful': True, 'tenant_id': PROJECT, 'project_id': PROJECT, 'tags': [],
            'shared': False, 'created_at': '2026-11-25T10:00:00Z',
            'updated_at': '2026-11-25T10:00:00Z', 'revision_number': 1,
            'security_group_rules': [
                rule_body(id='a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d', direction='egress',
                          protocol=None, port_range_min=None, port_range_max=None,
                          remote_ip_prefix=None, normalized_cidr=None),
                rule_body(id='b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e', direction='egress',
                          ethertype='IPv6', protocol=None, port_range_min=None,
                          port_range_max=None, remote_ip_prefix=None, normalized_cidr=None)]}
    body.update(fields)
    return body


class NetworkTest(OpenStackTestCase):

    def test_creates_a_network(self):
        self.http.post(NETWORK + '/networks', status_code=201,
                       json={'network': network_body(name='net', subnets=[])})
        network = self.cloud.create_network('net')
        self.assertRequests(('POST', NETWORK + '/networks', {'network': {
            'name': 'net', 'admin_state_up': True, 'shared': False}}))
        self.assertEqual((NETWORK_ID, 'net', [], False),
                         (network.id, network.name, network.subnet_ids,
                          network.is_router_external))

    def test_network_quota_exceeded(self):
        self.http.post(NETWORK + '/networks', **neutron_error(
            409, 'OverQuota', "Quota exceeded for resources: ['network']."))
        error = self.assertRaises(QuotaExceeded, self.cloud.create_network, 'net')
        self.assertEqual(("Quota exceeded for resources: ['network'].", 409, 'network'),
                         (str(error), error.status_code, error.quota))

    def test_deletes_a_network(self):
        self.http.delete(NETWORK + '/networks/' + NETWORK_ID, status_code=204)
        self.cloud.delete_network(NETWORK_ID)
        self.assertRequests(('DELETE', NETWORK + '/networks/' + NETWORK_ID, None))

    def test_network_in_use_is_a_conflict(self):
        message = ('Unable to complete operation on network %s. There are one or more ports '
                   'still in use on the network.' % NETWORK_ID)
        self.http.delete(NETWORK + '/networks/' + NETWORK_ID,
                         **neutron_error(409, 'NetworkInUse', message))
        error = self.assertRaises(Conflict, self.cloud.delete_network, NETWORK_ID)
        self.assertEqual(message, str(error))

    def test_delete_of_a_gone_network_is_not_found(self):
        self.http.delete(NETWORK + '/networks/' + NETWORK_ID, **neutron_error(
            404, 'NetworkNotFound', 'Network %s could not be found.' % NETWORK_ID))
        self.assertRaises(NotFound, self.cloud.delete_network, NETWORK_ID)

    def test_creates_a_subnet(self):
        self.http.post(NETWORK + '/subnets', status_code=201, json={'subnet': {
            'id': SUBNET_ID, 'name': 'sub', 'network_id': NETWORK_ID, 'cidr': '10.1.0.0/24',
            'ip_version': 4, 'gateway_ip': '10.1.0.1', 'enable_dhcp': True,
            'allocation_pools': [{'start': '10.1.0.2', 'end': '10.1.0.254'}]}})
        subnet = self.cloud.create_subnet(NETWORK_ID, '10.1.0.0/24', name='sub')
        self.assertRequests(('POST', NETWORK + '/subnets', {'subnet': {
            'network_id': NETWORK_ID, 'cidr': '10.1.0.0/24', 'name': 'sub', 'ip_version': 4,
            'enable_dhcp': True}}))
        self.assertEqual(('10.1.0.1', True), (subnet.gateway_ip, subnet.is_dhcp_enabled))

    def test_deletes_a_subnet(self):
        self.http.delete(NETWORK + '/subnets/' + SUBNET_ID, status_code=204)
        self.cloud.delete_subnet(SUBNET_ID)
        self.assertRequests(('DELETE', NETWORK + '/subnets/' + SUBNET_ID, None))


class PortTest(OpenStackTestCase):

    def test_creates_a_port_in_groups_given_by_id(self):
        self.http.post(NETWORK + '/ports', status_code=201,
                       json={'port': port_body(security_groups=[GROUP_ID])})
        port = self.cloud.create_port(NETWORK_ID, name='web-port',
                                      fixed_ips=[{'subnet_id': SUBNET_ID}],
                                      security_groups=[GROUP_ID])
        self.assertRequests(('POST', NETWORK + '/ports', {'port': {
            'network_id': NETWORK_ID, 'name': 'web-port',
            'fixed_ips': [{'subnet_id': SUBNET_ID}], 'security_groups': [GROUP_ID]}}))
        self.assertEqual((PORT_ID, [{'subnet_id': SUBNET_ID, 'ip_address': '10.0.0.5'}]),
                         (port.id, port.fixed_ips))

    def test_groups_given_by_name_are_looked_up(self):
        self.http.get(NETWORK + '/security-groups', json={'security_groups': [
            group_body(), group_body(id=DEFAULT_GROUP_ID, name='default')]})
        self.http.post(NETWORK + '/ports', status_code=201, json={'port': port_body()})
        self.cloud.create_port(NETWORK_ID, security_groups=['default', GROUP_ID])
        self.assertRequests(
            ('GET', NETWORK + '/security-groups', None),
            ('POST', NETWORK + '/ports', {'port': {
                'network_id': NETWORK_ID, 'security_groups': [DEFAULT_GROUP_ID, GROUP_ID]}}))

    def test_unknown_group_name_is_a_bad_request(self):
        self.http.get(NETWORK + '/security-groups', json={'security_groups': [group_body()]})
        error = self.assertRaises(BadRequest, self.cloud.create_port, NETWORK_ID,
                                  security_groups=['db'])
        self.assertEqual("Unable to find security_group with name or id 'db'", str(error))

    def test_port_quota_exceeded(self):
        self.http.post(NETWORK + '/ports', **neutron_error(
            409, 'OverQuota', "Quota exceeded for resources: ['port']."))
        error = self.assertRaises(QuotaExceeded, self.cloud.create_port, NETWORK_ID)
        self.assertEqual(("Quota exceeded for resources: ['port'].", 'port'),
                         (str(error), error.quota))

    def test_address_in_use_is_a_conflict(self):
        self.http.post(NETWORK + '/ports', **neutron_error(
            409, 'IpAddressAlreadyAllocated',
            'IP address 10.0.0.5 already allocated in subnet %s' % SUBNET_ID))
        self.assertRaises(Conflict, self.cloud.create_port, NETWORK_ID,
                          fixed_ips=[{'ip_address': '10.0.0.5'}])

    def test_gets_a_port(self):
        self.http.get(NETWORK + '/ports/' + PORT_ID, json={'port': port_body(
            device_id=SERVER_ID, device_owner='compute:nova', status='ACTIVE')})
        port = self.cloud.get_port(PORT_ID)
        self.assertEqual((SERVER_ID, 'ACTIVE'), (port.device_id, port.status))

    def test_gone_port_is_not_found(self):
        self.http.get(NETWORK + '/ports/' + PORT_ID, **neutron_error(
            404, 'PortNotFound', 'Port %s could not be found.' % PORT_ID))
        error = self.assertRaises(NotFound, self.cloud.get_port, PORT_ID)
        self.assertEqual('Port %s could not be found.' % PORT_ID, str(error))

    def test_changes_the_groups_of_a_port(self):
        self.http.put(NETWORK + '/ports/' + PORT_ID,
                      json={'port': port_body(security_groups=[GROUP_ID])})
        port = self.cloud.update_port(PORT_ID, security_groups=[GROUP_ID])
        self.assertRequests(('PUT', NETWORK + '/ports/' + PORT_ID, {'port': {
            'security_groups': [GROUP_ID]}}))
        self.assertEqual([GROUP_ID], port.security_group_ids)

    def test_deletes_a_port(self):
        self.http.delete(NETWORK + '/ports/' + PORT_ID, status_code=204)
        self.cloud.delete_port(PORT_ID)
        self.assertRequests(('DELETE', NETWORK + '/ports/' + PORT_ID, None))

    def test_delete_of_a_gone_port_is_not_found(self):
        self.http.delete(NETWORK + '/ports/' + PORT_ID, **neutron_error(
            404, 'PortNotFound', 'Port %s could not be found.' % PORT_ID))
        self.assertRaises(NotFound, self.cloud.delete_port, PORT_ID)

    def test_ports_of_a_server(self):
        self.http.get(NETWORK + '/ports?device_id=' + SERVER_ID,
                      json={'ports': [port_body(device_id=SERVER_ID)]})
        ports = self.cloud.server_ports(SERVER_ID)
        self.assertRequests(('GET', NETWORK + '/ports?device_id=' + SERVER_ID, None))
        self.assertEqual([PORT_ID], [p.id for p in ports])


class RouterTest(OpenStackTestCase):

    def test_creates_a_router(self):
        self.http.post(NETWORK + '/routers', status_code=201, json={'router': {
            'id': ROUTER_ID, 'name': 'gw', 'status': 'ACTIVE', 'admin_state_up': True,
            'external_gateway_info': {'network_id': PUBLIC_NETWORK_ID,
                                      'enable_snat': True, 'external_fixed_ips': []},
            'routes': [], 'tenant_id': PROJECT, 'project_id': PROJECT}})
        router = self.cloud.create_router(
            'gw', external_gateway_info={'network_id': PUBLIC_NETWORK_ID})
        self.assertRequests(('POST', NETWORK + '/routers', {'router': {
            'name': 'gw', 'external_gateway_info': {'network_id': PUBLIC_NETWORK_ID}}}))
        self.assertEqual(ROUTER_ID, router.id)

    def test_deletes_a_router(self):
        self.http.delete(NETWORK + '/routers/' + ROUTER_ID, status_code=204)
        self.cloud.delete_router(ROUTER_ID)
        self.assertRequests(('DELETE', NETWORK + '/routers/' + ROUTER_ID, None))


class FloatingIpTest(OpenStackTestCase):

    EXTERNAL = NETWORK + '/networks?router%3Aexternal=True'

    def test_allocates_from_the_one_external_network(self):
        self.http.get(self.EXTERNAL, json={'networks': [network_body(
            id=PUBLIC_NETWORK_ID, name='public', **{'router:external': True})]})
        self.http.post(NETWORK + '/floatingips', status_code=201,
                       json={'floatingip': fip_body()})
        fip = self.cloud.create_floating_ip()
        self.assertRequests(
            ('GET', self.EXTERNAL, None),
            ('POST', NETWORK + '/floatingips', {'floatingip': {
                'floating_network_id': PUBLIC_NETWORK_ID}}))
        self.assertEqual((FIP_ID, '172.24.4.228', 'DOWN', None),
                         (fip.id, fip.floating_ip_address, fip.status, fip.port_id))

    def test_allocates_from_the_network_given_for_a_port(self):
        self.http.post(NETWORK + '/floatingips', status_code=201,
                       json={'floatingip': fip_body(port_id=PORT_ID, status='ACTIVE',
                                                    fixed_ip_address='10.0.0.5')})
        self.cloud.create_floating_ip(floating_network_id=PUBLIC_NETWORK_ID, port_id=PORT_ID)
        self.assertRequests(('POST', NETWORK + '/floatingips', {'floatingip': {
            'floating_network_id': PUBLIC_NETWORK_ID, 'port_id': PORT_ID}}))

    def test_no_external_network_is_a_bad_request(self):
        self.http.get(self.EXTERNAL, json={'networks': []})
        error = self.assertRaises(BadRequest, self.cloud.create_floating_ip)
        self.assertEqual('No external network to allocate a floating IP from', str(error))

    def test_several_external_networks_is_a_bad_request(self):
        self.http.get(self.EXTERNAL, json={'networks': [
            network_body(id=PUBLIC_NETWORK_ID, name='public', **{'router:external': True}),
            network_body(name='provider', **{'router:external': True})]})
        error = self.assertRaises(BadRequest, self.cloud.create_floating_ip)
        self.assertEqual('2 external networks (provider, public): name the one to allocate '
                         'the floating IP from', str(error))

    def test_floating_ip_quota_exceeded(self):
        self.http.post(NETWORK + '/floatingips', **neutron_error(
            409, 'OverQuota', "Quota exceeded for resources: ['floatingip']."))
        error = self.assertRaises(QuotaExceeded, self.cloud.create_floating_ip,
                                  floating_network_id=PUBLIC_NETWORK_ID)
        self.assertEqual('floatingip', error.quota)

    def test_gets_a_floating_ip(self):
        self.http.get(NETWORK + '/floatingips/' + FIP_ID, json={'floatingip': fip_body()})
        self.assertEqual('172.24.4.228', self.cloud.get_floating_ip(FIP_ID).floating_ip_address)

    def test_associates_with_a_port(self):
        self.http.put(NETWORK + '/floatingips/' + FIP_ID, json={'floatingip': fip_body(
            port_id=PORT_ID, fixed_ip_address='10.0.0.5', status='ACTIVE')})
        fip = self.cloud.associate_floating_ip(FIP_ID, PORT_ID)
        self.assertRequests(('PUT', NETWORK + '/floatingips/' + FIP_ID, {'floatingip': {
            'port_id': PORT_ID}}))
        self.assertEqual((PORT_ID, '10.0.0.5'), (fip.port_id, fip.fixed_ip_address))

    def test_associates_with_an_address_of_a_port(self):
        self.http.put(NETWORK + '/floatingips/' + FIP_ID, json={'floatingip': fip_body(
            port_id=PORT_ID, fixed_ip_address='10.0.0.6')})
        self.cloud.associate_floating_ip(FIP_ID, PORT_ID, '10.0.0.6')
        self.assertRequests(('PUT', NETWORK + '/floatingips/' + FIP_ID, {'floatingip': {
            'port_id': PORT_ID, 'fixed_ip_address': '10.0.0.6'}}))

    def test_disassociates(self):
        self.http.put(NETWORK + '/floatingips/' + FIP_ID, json={'floatingip': fip_body()})
        self.cloud.disassociate_floating_ip(FIP_ID)
        self.assertRequests(('PUT', NETWORK + '/floatingips/' + FIP_ID, {'floatingip': {
            'port_id': None}}))

    def test_releases(self):
        self.http.delete(NETWORK + '/floatingips/' + FIP_ID, status_code=204)
        self.cloud.delete_floating_ip(FIP_ID)
        self.assertRequests(('DELETE', NETWORK + '/floatingips/' + FIP_ID, None))

    def test_release_of_a_gone_floating_ip_is_not_found(self):
        self.http.delete(NETWORK + '/floatingips/' + FIP_ID, **neutron_error(
            404, 'FloatingIPNotFound', 'Floating IP %s could not be found' % FIP_ID))
        self.assertRaises(NotFound, self.cloud.delete_floating_ip, FIP_ID)

    def test_find_by_address(self):
        self.http.get(NETWORK + '/floatingips', json={'floatingips': [fip_body()]})
        self.assertEqual(FIP_ID, self.cloud.find_floating_ip('172.24.4.228').id)


class SecurityGroupTest(OpenStackTestCase):

    def test_creates_a_group_with_neutrons_default_rules(self):
        self.http.post(NETWORK + '/security-groups', status_code=201,
                       json={'security_group': group_body()})
        group = self.cloud.create_security_group('web', 'Web servers')
        self.assertRequests(('POST', NETWORK + '/security-groups', {'security_group': {
            'name': 'web', 'description': 'Web servers'}}))
        self.assertEqual((GROUP_ID, [('egress', 'IPv4'), ('egress', 'IPv6')]),
                         (group.id, [(r['direction'], r['ethertype'])
                                     for r in group.security_group_rules]))

    def test_group_quota_exceeded(self):
        self.http.post(NETWORK + '/security-groups', **neutron_error(
            409, 'OverQuota', "Quota exceeded for resources: ['security_group']."))
        error = self.assertRaises(QuotaExceeded, self.cloud.create_security_group, 'web')
        self.assertEqual('security_group', error.quota)

    def test_gets_a_group(self):
        self.http.get(NETWORK + '/security-groups/' + GROUP_ID,
                      json={'security_group': group_body()})
        self.assertEqual('web', self.cloud.get_security_group(GROUP_ID).name)

    def test_deletes_a_group(self):
        self.http.delete(NETWORK + '/security-groups/' + GROUP_ID, status_code=204)
        self.cloud.delete_security_group(GROUP_ID)
        self.assertRequests(('DELETE', NETWORK + '/security-groups/' + GROUP_ID, None))

    def test_group_in_use_is_a_conflict(self):
        self.http.delete(NETWORK + '/security-groups/' + GROUP_ID, **neutron_error(
            409, 'SecurityGroupInUse', 'Security Group %s in use.' % GROUP_ID))
        error = self.assertRaises(Conflict, self.cloud.delete_security_group, GROUP_ID)
        self.assertEqual('Security Group %s in use.' % GROUP_ID, str(error))

    def test_creates_a_rule(self):
        self.http.post(NETWORK + '/security-group-rules', status_code=201,
                       json={'security_group_rule': rule_body()})
        rule = self.cloud.create_security_group_rule(
            GROUP_ID, protocol='tcp', port_range_min=22, port_range_max=22,
            remote_ip_prefix='0.0.0.0/0')
        self.assertRequests(('POST', NETWORK + '/security-group-rules', {
            'security_group_rule': {
                'security_group_id': GROUP_ID, 'direction': 'ingress', 'ethertype': 'IPv4',
                'protocol': 'tcp', 'port_range_min': 22, 'port_range_max': 22,
                'remote_ip_prefix': '0.0.0.0/0'}}))
        self.assertEqual((RULE_ID, 'IPv4', 'tcp'), (rule.id, rule.ethertype, rule.protocol))

    def test_same_rule_again_is_a_conflict(self):
        self.http.post(NETWORK + '/security-group-rules', **neutron_error(
            409, 'SecurityGroupRuleExists',
            'Security group rule already exists. Rule id is %s.' % RULE_ID))
        self.assertRaises(Conflict, self.cloud.create_security_group_rule, GROUP_ID,
                          protocol='tcp', port_range_min=22, port_range_max=22)

    def test_rule_quota_exceeded(self):
        self.http.post(NETWORK + '/security-group-rules', **neutron_error(
            409, 'OverQuota', "Quota exceeded for resources: ['security_group_rule']."))
        error = self.assertRaises(QuotaExceeded, self.cloud.create_security_group_rule,
                                  GROUP_ID, protocol='icmp')
        self.assertEqual('security_group_rule', error.quota)

    def test_deletes_a_rule(self):
        self.http.delete(NETWORK + '/security-group-rules/' + RULE_ID, status_code=204)
        self.cloud.delete_security_group_rule(RULE_ID)
        self.assertRequests(('DELETE', NETWORK + '/security-group-rules/' + RULE_ID, None))


class NetworkListingTest(OpenStackTestCase):

    def test_networks(self):
        self.http.get(NETWORK + '/networks', json={'networks': [
            network_body(), network_body(id=PUBLIC_NETWORK_ID, name='public', subnets=[],
                                         **{'router:external': True})]})
        self.assertEqual([(NETWORK_ID, 'private', [SUBNET_ID], False),
                          (PUBLIC_NETWORK_ID, 'public', [], True)],
                         [(n.id, n.name, n.subnet_ids, n.is_router_external)
                          for n in self.cloud.networks()])

    def test_subnets(self):
        self.http.get(NETWORK + '/subnets', json={'subnets': [{
            'id': SUBNET_ID, 'name': 'private-subnet', 'network_id': NETWORK_ID,
            'cidr': '10.0.0.0/24', 'ip_version': 4, 'enable_dhcp': True,
            'gateway_ip': '10.0.0.1'}]})
        self.assertEqual([(SUBNET_ID, NETWORK_ID, '10.0.0.0/24', 4)],
                         [(s.id, s.network_id, s.cidr, s.ip_version)
                          for s in self.cloud.subnets()])

    def test_find_subnet_by_name(self):
        self.http.get(NETWORK + '/subnets', json={'subnets': [{
            'id': SUBNET_ID, 'name': 'private-subnet', 'network_id': NETWORK_ID,
            'cidr': '10.0.0.0/24', 'ip_version': 4}]})
        self.assertEqual(NETWORK_ID, self.cloud.find_subnet('private-subnet').network_id)

    def test_ports(self):
        self.http.get(NETWORK + '/ports', json={'ports': [port_body()]})
        self.assertEqual([(PORT_ID, NETWORK_ID)],
                         [(p.id, p.network_id) for p in self.cloud.ports()])

    def test_security_groups(self):
        self.http.get(NETWORK + '/security-groups', json={'security_groups': [group_body()]})
        self.assertEqual([(GROUP_ID, 'web')],
                         [(g.id, g.name) for g in self.cloud.security_groups()])

    def test_security_group_rules(self):
        self.http.get(NETWORK + '/security-group-rules',
                      json={'security_group_rules': [rule_body()]})
        self.assertEqual([(RULE_ID, GROUP_ID, 'ingress', 'IPv4')],
                         [(r.id, r.security_group_id, r.direction, r.ethertype)
                          for r in self.cloud.security_group_rules()])

    def test_routers(self):
        self.http.get(NETWORK + '/routers', json={'routers': [{
            'id': ROUTER_ID, 'name': 'gw', 'status': 'ACTIVE',
            'external_gateway_info': {'network_id': PUBLIC_NETWORK_ID}}]})
        self.assertEqual([(ROUTER_ID, {'network_id': PUBLIC_NETWORK_ID})],
                         [(r.id, r.external_gateway_info) for r in self.cloud.routers()])

    def test_floating_ips(self):
        self.http.get(NETWORK + '/floatingips', json={'floatingips': [fip_body()]})
        self.assertEqual([(FIP_ID, '172.24.4.228')],
                         [(f.id, f.floating_ip_address) for f in self.cloud.floating_ips()])
