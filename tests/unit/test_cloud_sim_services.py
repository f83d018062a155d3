"""The simulated cloud's block storage, network, object storage and
identity services (in memory)."""

import time

from heat_core.clouds.errors import BadRequest, Conflict, NotFound, QuotaExceeded
from heat_plugins.cloud_sim.cloud import SimCloud
from tests import base


class SimTestCase(base.TestCase):

    def setUp(self):
        super().setUp()
        self.cloud = SimCloud()

    def server(self):
        image = self.cloud.find_image('cirros-0.6.2-x86_64-disk').id
        server = self.cloud.create_server('web', image, '1')
        self.cloud.get_server(server.id)        # built
        return server

    def volume(self, size=1, **kwargs):
        volume = self.cloud.create_volume(size, **kwargs)
        self.cloud.get_volume(volume.id)        # created
        return volume


class VolumeTest(SimTestCase):

    def test_a_new_volume_is_creating_then_available(self):
        volume = self.cloud.create_volume(2, name='data', availability_zone='nova')
        self.assertEqual(('creating', 'available', 2, 'nova'),
                         (volume.status, self.cloud.get_volume(volume.id).status, volume.size,
                          volume.availability_zone))

    def test_an_unknown_zone_is_refused(self):
        error = self.assertRaises(BadRequest, self.cloud.create_volume, 1,
                                  availability_zone='moon')
        self.assertEqual("Availability zone 'moon' is invalid.", str(error))

    def test_an_error_fault_sends_the_volume_to_error(self):
        self.cloud.inject_fault('create_volume', 'error')
        volume = self.cloud.create_volume(1)
        self.assertEqual('error', self.cloud.get_volume(volume.id).status)

    def test_attaching_goes_attaching_then_in_use(self):
        server, volume = self.server(), self.volume()
        self.cloud.set_latency('create_volume_attachment', 0.3)
        attachment = self.cloud.create_volume_attachment(server.id, volume.id, '/dev/vdb')
        attaching = self.cloud.get_volume(volume.id).status
        time.sleep(0.35)
        shown = self.cloud.get_volume(volume.id)
        self.assertEqual(('attaching', 'in-use', [attachment]),
                         (attaching, shown.status, shown.attachments))

    def test_an_attached_volume_is_listed_by_the_server(self):
        server, volume = self.server(), self.volume()
        self.cloud.create_volume_attachment(server.id, volume.id)
        self.assertEqual([{'id': volume.id, 'delete_on_termination': False}],
                         self.cloud.get_server(server.id).attached_volumes)

    def test_the_first_free_device_is_chosen(self):
        server, first, second = self.server(), self.volume(), self.volume()
        self.cloud.create_volume_attachment(server.id, first.id)
        self.assertEqual('/dev/vdc',
                         self.cloud.create_volume_attachment(server.id, second.id).device)

    def test_attaching_an_attached_volume_is_refused(self):
        server, volume = self.server(), self.volume()
        self.cloud.create_volume_attachment(server.id, volume.id)
        error = self.assertRaises(BadRequest, self.cloud.create_volume_attachment,
                                  server.id, volume.id)
        self.assertEqual("Invalid volume: volume '%s' status must be 'available'. Currently in "
                         "'in-use'" % volume.id, str(error))

    def test_detaching_makes_the_volume_available(self):
        server, volume = self.server(), self.volume()
        self.cloud.create_volume_attachment(server.id, volume.id)
        self.cloud.get_volume(volume.id)
        self.cloud.delete_volume_attachment(server.id, volume.id)
        shown = self.cloud.get_volume(volume.id)
        self.assertEqual(('available', []), (shown.status, shown.attachments))

    def test_deleting_an_attached_volume_is_refused(self):
        server, volume = self.server(), self.volume()
        self.cloud.create_volume_attachment(server.id, volume.id)
        error = self.assertRaises(BadRequest, self.cloud.delete_volume, volume.id)
        self.assertIn('must not be migrating, attached', str(error))

    def test_deleting_a_server_detaches_its_volumes(self):
        server, volume = self.server(), self.volume()
        self.cloud.create_volume_attachment(server.id, volume.id)
        self.cloud.delete_server(server.id)
        self.assertEqual('available', self.cloud.get_volume(volume.id).status)

    def test_a_deleted_volume_is_gone(self):
        volume = self.volume()
        self.cloud.delete_volume(volume.id)
        error = self.assertRaises(NotFound, self.cloud.get_volume, volume.id)
        self.assertEqual('Volume %s could not be found.' % volume.id, str(error))

    def test_a_delete_error_leaves_error_deleting(self):
        volume = self.volume()
        self.cloud.inject_fault('delete_volume', 'error')
        self.cloud.delete_volume(volume.id)
        self.assertEqual('error_deleting', self.cloud.get_volume(volume.id).status)

    def test_a_hang_fault_keeps_the_volume_deleting(self):
        volume = self.volume()
        self.cloud.inject_fault('delete_volume', 'hang')
        self.cloud.delete_volume(volume.id)
        time.sleep(0.05)
        self.assertEqual('deleting', self.cloud.get_volume(volume.id).status)

    def test_extending_grows_the_volume(self):
        volume = self.volume(1)
        self.cloud.extend_volume(volume.id, 3)
        self.assertEqual(3, self.cloud.get_volume(volume.id).size)

    def test_shrinking_is_refused(self):
        volume = self.volume(2)
        error = self.assertRaises(BadRequest, self.cloud.extend_volume, volume.id, 1)
        self.assertEqual('Invalid input received: New size for extend must be greater than '
                         'current size. (current: 2, extended: 1).', str(error))

    def test_a_backup_outlives_its_volume_and_restores_it(self):
        volume = self.volume(2)
        backup = self.cloud.create_backup(volume.id, name='keep')
        self.assertEqual('available', self.cloud.get_backup(backup.id).status)
        self.cloud.delete_volume(volume.id)
        restored = self.cloud.create_volume(backup_id=backup.id)
        self.assertEqual(('restoring-backup', 2, 'available'),
                         (restored.status, restored.size,
                          self.cloud.get_volume(restored.id).status))

    def test_the_volume_is_backing_up_while_its_backup_is_made(self):
        volume = self.volume()
        self.cloud.set_latency('create_backup', 0.3)
        self.cloud.create_backup(volume.id)
        self.assertEqual('backing-up', self.cloud.get_volume(volume.id).status)

    def test_backing_up_an_in_use_volume_needs_force(self):
        server, volume = self.server(), self.volume()
        self.cloud.create_volume_attachment(server.id, volume.id)
        self.cloud.get_volume(volume.id)
        error = self.assertRaises(BadRequest, self.cloud.create_backup, volume.id)
        self.assertEqual('Invalid volume: Backing up an in-use volume must use the force flag.',
                         str(error))

    def test_a_volume_from_a_snapshot_has_its_size(self):
        volume = self.volume(3)
        snapshot = self.cloud.create_snapshot(volume.id)
        self.cloud.get_snapshot(snapshot.id)
        self.assertEqual(3, self.cloud.create_volume(snapshot_id=snapshot.id).size)

    def test_volumes_quota_gives_cinders_message(self):
        self.config('cloud_sim', quota_volumes=1)
        self.volume()
        error = self.assertRaises(QuotaExceeded, self.cloud.create_volume, 1)
        self.assertEqual(("Maximum number of volumes allowed (1) exceeded for quota 'volumes'.",
                          413), (str(error), error.status_code))

    def test_gigabytes_quota_gives_cinders_message(self):
        self.config('cloud_sim', quota_gigabytes=10)
        self.volume(8)
        error = self.assertRaises(QuotaExceeded, self.cloud.create_volume, 5)
        self.assertEqual('Requested volume or snapshot exceeds allowed gigabytes quota. '
                         'Requested 5G, quota is 10G and 8G has been consumed.', str(error))


class NetworkTest(SimTestCase):

    def test_a_floating_ip_comes_from_the_public_network(self):
        fip = self.cloud.create_floating_ip()
        self.assertEqual(('172.24.4.2', self.cloud.find_network('public').id, 'DOWN', None),
                         (fip.floating_ip_address, fip.floating_network_id, fip.status,
                          fip.port_id))

    def test_an_associated_floating_ip_is_an_address_of_the_server(self):
        server = self.server()
        port = self.cloud.server_ports(server.id)[0]
        fip = self.cloud.associate_floating_ip(self.cloud.create_floating_ip().id, port.id)
        addresses = self.cloud.get_server(server.id).addresses['private']
        self.assertEqual(('ACTIVE', '10.0.0.2', ['10.0.0.2', '172.24.4.2'], 'floating'),
                         (fip.status, fip.fixed_ip_address, [a['addr'] for a in addresses],
                          addresses[1]['OS-EXT-IPS:type']))

    def test_deleting_the_server_disassociates_its_floating_ip(self):
        server = self.server()
        fip = self.cloud.create_floating_ip(port_id=self.cloud.server_ports(server.id)[0].id)
        self.cloud.delete_server(server.id)
        self.assertEqual((None, 'DOWN'), (self.cloud.get_floating_ip(fip.id).port_id,
                                          self.cloud.get_floating_ip(fip.id).status))

    def test_a_floating_ip_on_an_internal_network_is_refused(self):
        private = self.cloud.find_network('private').id
        error = self.assertRaises(BadRequest, self.cloud.create_floating_ip,
                                  floating_network_id=private)
        self.assertEqual('Bad floatingip request: Network %s is not a valid external network.'
                         % private, str(error))

    def test_floating_ips_quota_gives_neutrons_message(self):
        self.config('cloud_sim', quota_floating_ips=0)
        error = self.assertRaises(QuotaExceeded, self.cloud.create_floating_ip)
        self.assertEqual(("Quota exceeded for resources: ['floatingip'].", 409),
                         (str(error), error.status_code))

    def test_a_port_on_a_subnet_gets_an_address_of_it(self):
        subnet = self.cloud.find_subnet('private-subnet')
        port = self.cloud.create_port(subnet.network_id, fixed_ips=[{'subnet_id': subnet.id}])
        self.assertEqual([{'subnet_id': subnet.id, 'ip_address': '10.0.0.2'}], port.fixed_ips)

    def test_an_address_in_use_is_refused(self):
        net = self.cloud.find_network('private').id
        self.cloud.create_port(net, fixed_ips=[{'ip_address': '10.0.0.9'}])
        error = self.assertRaises(Conflict, self.cloud.create_port, net,
                                  fixed_ips=[{'ip_address': '10.0.0.9'}])
        self.assertEqual('IP address 10.0.0.9 already allocated in subnet %s'
                         % self.cloud.find_subnet('private-subnet').id, str(error))

    def test_a_new_security_group_allows_all_egress(self):
        group = self.cloud.create_security_group('web', 'Web servers')
        self.assertEqual([('egress', 'IPv4', None), ('egress', 'IPv6', None)],
                         [(r.direction, r.ethertype, r.protocol)
                          for r in group.security_group_rules])

    def test_a_rule_is_added_to_its_group(self):
        group = self.cloud.create_security_group('web')
        rule = self.cloud.create_security_group_rule(
            group.id, protocol='tcp', port_range_min=80, port_range_max=80,
            remote_ip_prefix='0.0.0.0/0')
        self.assertIn(rule, self.cloud.get_security_group(group.id).security_group_rules)

    def test_the_same_rule_twice_is_a_conflict(self):
        group = self.cloud.create_security_group('web')
        rule = self.cloud.create_security_group_rule(group.id, protocol='tcp',
                                                     port_range_min=22, port_range_max=22)
        error = self.assertRaises(Conflict, self.cloud.create_security_group_rule, group.id,
                                  protocol='tcp', port_range_min=22, port_range_max=22)
        self.assertEqual('Security group rule already exists. Rule id is %s.' % rule.id,
                         str(error))

    def test_a_port_range_needs_a_protocol(self):
        group = self.cloud.create_security_group('web')
        error = self.assertRaises(BadRequest, self.cloud.create_security_group_rule, group.id,
                                  port_range_min=22, port_range_max=22)
        self.assertEqual('Must also specify protocol if port range is given.', str(error))

    def test_a_group_in_use_cannot_be_deleted(self):
        group = self.cloud.create_security_group('web')
        image = self.cloud.find_image('cirros-0.6.2-x86_64-disk').id
        self.cloud.create_server('web', image, '1', security_groups=['web'])
        error = self.assertRaises(Conflict, self.cloud.delete_security_group, group.id)
        self.assertEqual('Security Group %s in use.' % group.id, str(error))

    def test_deleting_a_group_deletes_its_rules(self):
        group = self.cloud.create_security_group('web')
        self.cloud.delete_security_group(group.id)
        self.assertEqual([], self.cloud.security_group_rules())

    def test_the_default_group_cannot_be_deleted(self):
        default = self.cloud.find_security_group('default').id
        error = self.assertRaises(Conflict, self.cloud.delete_security_group, default)
        self.assertEqual('Insufficient rights for removing default security group.', str(error))

    def test_security_groups_quota(self):
        self.config('cloud_sim', quota_security_groups=1)
        self.cloud.create_security_group('a')
        error = self.assertRaises(QuotaExceeded, self.cloud.create_security_group, 'b')
        self.assertEqual("Quota exceeded for resources: ['security_group'].", str(error))

    def test_a_network_with_ports_cannot_be_deleted(self):
        net = self.cloud.create_network('mine')
        self.cloud.create_subnet(net.id, '192.168.7.0/24')
        self.cloud.create_port(net.id)
        error = self.assertRaises(Conflict, self.cloud.delete_network, net.id)
        self.assertEqual('Unable to complete operation on network %s. There are one or more '
                         'ports still in use on the network.' % net.id, str(error))

    def test_a_created_subnet_allocates_after_its_gateway(self):
        net = self.cloud.create_network('mine')
        subnet = self.cloud.create_subnet(net.id, '192.168.7.0/24')
        self.assertEqual(('192.168.7.1', '192.168.7.2'),
                         (subnet.gateway_ip,
                          self.cloud.create_port(net.id).fixed_ips[0]['ip_address']))


class ObjectStoreTest(SimTestCase):

    def test_a_container_is_known_by_its_name(self):
        container = self.cloud.create_container('site', metadata={'Web-Index': 'index.html'},
                                                read_acl='.r:*')
        self.assertEqual(('site', 'site', {'Web-Index': 'index.html'}, '.r:*', 0),
                         (container.id, container.name, container.metadata, container.read_acl,
                          container.count))

    def test_objects_are_counted(self):
        self.cloud.create_container('site')
        self.cloud.create_object('site', 'index.html', '<html/>')
        shown = self.cloud.get_container('site')
        self.assertEqual((1, 7), (shown.count, shown.bytes))

    def test_a_container_with_objects_cannot_be_deleted(self):
        self.cloud.create_container('site')
        self.cloud.create_object('site', 'index.html', 'x')
        error = self.assertRaises(Conflict, self.cloud.delete_container, 'site')
        self.assertEqual('There was a conflict when trying to complete your request.',
                         str(error))

    def test_a_deleted_container_is_gone(self):
        self.cloud.create_container('site')
        self.cloud.delete_container('site')
        self.assertRaises(NotFound, self.cloud.get_container, 'site')

    def test_the_endpoint_comes_from_configuration(self):
        self.config('cloud_sim', object_store_url='https://swift.example.com:8080/v1/AUTH_x/')
        self.assertEqual('https://swift.example.com:8080/v1/AUTH_x',
                         self.cloud.object_store_endpoint())


class IdentityTest(SimTestCase):

    def test_a_user_never_shows_a_password(self):
        user = self.cloud.create_user('u1', password='secret', domain_id='heat')
        self.assertEqual(['created_at', 'default_project_id', 'description', 'domain_id', 'id',
                          'is_enabled', 'name', 'password_expires_at'],
                         sorted(self.cloud.get_user(user.id)))

    def test_a_user_name_is_unique_in_its_domain(self):
        self.cloud.create_user('u1', domain_id='heat')
        error = self.assertRaises(Conflict, self.cloud.create_user, 'u1', domain_id='heat')
        self.assertEqual('Conflict occurred attempting to store user - Duplicate entry found '
                         'with name u1 at domain ID heat.', str(error))

    def test_ec2_credentials_are_an_access_key_and_a_secret(self):
        user = self.cloud.create_user('u1')
        made = self.cloud.create_ec2_credential(user.id, project_id='p')
        shown = self.cloud.get_ec2_credential(user.id, made.access)
        self.assertEqual((made.access, made.secret, 32, 32),
                         (shown.id, shown.secret, len(made.access), len(made.secret)))

    def test_listed_credentials_have_no_secret(self):
        user = self.cloud.create_user('u1')
        self.cloud.create_ec2_credential(user.id)
        self.assertNotIn('secret', self.cloud.ec2_credentials()[0])

    def test_deleting_a_user_deletes_their_credentials(self):
        user = self.cloud.create_user('u1')
        self.cloud.create_ec2_credential(user.id)
        self.cloud.delete_user(user.id)
        self.assertEqual([], self.cloud.ec2_credentials())

    def test_an_unknown_user_is_not_found(self):
        error = self.assertRaises(NotFound, self.cloud.get_user, 'nobody')
        self.assertEqual('Could not find user: nobody.', str(error))
