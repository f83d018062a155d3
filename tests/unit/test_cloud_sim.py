"""The simulated cloud's compute service, lifecycles, latency, faults and
quotas (in memory; persistence is in test_cloud_sim_persistence)."""

import base64
import time

from heat_core.clouds.errors import (
    BadRequest,
    CloudError,
    Conflict,
    NotFound,
    QuotaExceeded,
    ignore_not_found,
)
from heat_plugins.cloud_sim.cloud import SimCloud
from heat_plugins.cloud_sim.state import Fault
from tests import base


class SimTestCase(base.TestCase):

    def setUp(self):
        super().setUp()
        self.cloud = SimCloud()
        self.image = self.cloud.find_image('F17-x86_64-cfntools').id

    def boot(self, name='web', flavor='1', **kwargs):
        return self.cloud.create_server(name, self.image, flavor, **kwargs)


class ServerLifecycleTest(SimTestCase):

    def test_a_new_server_is_building(self):
        self.assertEqual('BUILD', self.boot().status)

    def test_a_server_is_active_once_built(self):
        server = self.boot()
        self.assertEqual('ACTIVE', self.cloud.get_server(server.id).status)

    def test_a_server_stays_building_for_the_latency_of_create_server(self):
        self.cloud.set_latency('create_server', 0.3)
        server = self.boot()
        self.assertEqual('BUILD', self.cloud.get_server(server.id).status)
        time.sleep(0.35)
        self.assertEqual('ACTIVE', self.cloud.get_server(server.id).status)

    def test_latency_comes_from_configuration(self):
        self.config('cloud_sim', latency={'create_server': '0.3'})
        server = self.boot()
        self.assertEqual('BUILD', self.cloud.get_server(server.id).status)

    def test_an_active_server_has_an_address_on_the_private_network(self):
        server = self.cloud.get_server(self.boot().id)
        mac = self.cloud.ports()[0].mac_address
        self.assertEqual({'private': [{'addr': '10.0.0.2', 'version': 4,
                                       'OS-EXT-IPS:type': 'fixed',
                                       'OS-EXT-IPS-MAC:mac_addr': mac}]}, server.addresses)

    def test_each_server_gets_its_own_address(self):
        first, second = self.boot('a'), self.boot('b')
        self.assertEqual(['10.0.0.2', '10.0.0.3'], [
            self.cloud.get_server(s.id).addresses['private'][0]['addr'] for s in (first, second)])

    def test_the_server_records_what_it_was_booted_with(self):
        server = self.boot(key_name='heat_key', metadata={'role': 'web'},
                           availability_zone='nova')
        self.assertEqual(({'id': self.image}, '1', 'm1.tiny', 'heat_key', {'role': 'web'}, 'nova',
                          [{'name': 'default'}]),
                         (server.image, server.flavor['id'], server.flavor['original_name'],
                          server.key_name, server.metadata, server.availability_zone,
                          server.security_groups))

    def test_user_data_is_shown_base64_encoded_as_nova_does(self):
        server = self.boot(user_data='#!/bin/sh\necho hi\n')
        self.assertEqual('#!/bin/sh\necho hi\n', base64.b64decode(server.user_data).decode())

    def test_an_unknown_image_is_refused(self):
        error = self.assertRaises(BadRequest, self.cloud.create_server, 'web', 'nope', '1')
        self.assertEqual('Image nope could not be found.', str(error))

    def test_an_unknown_key_pair_is_refused(self):
        error = self.assertRaises(BadRequest, self.boot, key_name='nope')
        self.assertEqual('Invalid key_name provided.', str(error))

    def test_an_unknown_security_group_is_refused(self):
        error = self.assertRaises(BadRequest, self.boot, security_groups=['nope'])
        self.assertEqual("Unable to find security_group with name or id 'nope'", str(error))

    def test_deleting_removes_the_server_and_the_port_made_for_it(self):
        server = self.boot()
        self.cloud.delete_server(server.id)
        self.assertRaises(NotFound, self.cloud.get_server, server.id)
        self.assertEqual([], self.cloud.ports())

    def test_a_server_being_deleted_is_still_shown_for_the_latency_of_delete_server(self):
        server = self.boot()
        self.cloud.set_latency('delete_server', 0.3)
        self.cloud.delete_server(server.id)
        self.assertEqual('deleting', self.cloud.get_server(server.id).task_state)

    def test_a_port_passed_in_is_unbound_not_deleted_with_the_server(self):
        net = self.cloud.find_network('private')
        port = self.cloud.create_port(net.id)
        server = self.boot(networks=[{'port': port.id}])
        self.cloud.delete_server(server.id)
        self.assertEqual('', self.cloud.get_port(port.id).device_id)

    def test_deleting_a_missing_server_is_not_found(self):
        error = self.assertRaises(NotFound, self.cloud.delete_server, 'gone')
        self.assertEqual('Instance gone could not be found.', str(error))

    def test_not_found_on_delete_can_be_ignored(self):
        with ignore_not_found():
            self.cloud.delete_server('gone')


class ResizeTest(SimTestCase):

    def test_resize_waits_for_confirmation_with_the_new_flavor(self):
        server = self.boot()
        self.cloud.get_server(server.id)
        self.cloud.resize_server(server.id, '2')
        shown = self.cloud.get_server(server.id)
        self.assertEqual(('VERIFY_RESIZE', 'm1.small'), (shown.status,
                                                         shown.flavor['original_name']))

    def test_a_confirmed_resize_is_active(self):
        server = self.boot()
        self.cloud.get_server(server.id)
        self.cloud.resize_server(server.id, '2')
        self.cloud.get_server(server.id)
        self.cloud.confirm_server_resize(server.id)
        self.assertEqual('ACTIVE', self.cloud.get_server(server.id).status)

    def test_a_reverted_resize_has_the_old_flavor(self):
        server = self.boot()
        self.cloud.get_server(server.id)
        self.cloud.resize_server(server.id, '2')
        self.cloud.get_server(server.id)
        self.cloud.revert_server_resize(server.id)
        self.assertEqual('1', self.cloud.get_server(server.id).flavor['id'])

    def test_resizing_a_building_server_is_refused(self):
        self.cloud.set_latency('create_server', 60)
        server = self.boot()
        error = self.assertRaises(Conflict, self.cloud.resize_server, server.id, '2')
        self.assertEqual("Cannot 'resize' instance %s while it is in vm_state building"
                         % server.id, str(error))

    def test_resizing_to_the_same_flavor_is_refused(self):
        server = self.boot()
        self.cloud.get_server(server.id)
        error = self.assertRaises(BadRequest, self.cloud.resize_server, server.id, '1')
        self.assertEqual('When resizing, instances must change flavor!', str(error))

    def test_suspend_and_resume(self):
        server = self.boot()
        self.cloud.get_server(server.id)
        self.cloud.suspend_server(server.id)
        suspended = self.cloud.get_server(server.id).status
        self.cloud.resume_server(server.id)
        self.assertEqual(('SUSPENDED', 'ACTIVE'),
                         (suspended, self.cloud.get_server(server.id).status))


class ComputeQuotaTest(SimTestCase):

    def test_instances_quota_gives_novas_message(self):
        self.config('cloud_sim', quota_instances=1)
        self.boot()
        error = self.assertRaises(QuotaExceeded, self.boot)
        self.assertEqual(('Quota exceeded for instances: Requested 1, but already used 1 of 1 '
                          'instances', 403), (str(error), error.status_code))

    def test_cores_quota_counts_the_flavors_vcpus(self):
        self.config('cloud_sim', quota_cores=3)
        self.boot(flavor='3')
        error = self.assertRaises(QuotaExceeded, self.boot, flavor='3', name='b')
        self.assertEqual('Quota exceeded for cores: Requested 2, but already used 2 of 3 cores',
                         str(error))

    def test_a_deleted_server_frees_its_quota(self):
        self.config('cloud_sim', quota_instances=1)
        self.cloud.delete_server(self.boot().id)
        self.assertEqual('BUILD', self.boot().status)

    def test_nothing_is_left_behind_when_a_quota_refuses(self):
        self.config('cloud_sim', quota_instances=0)
        self.assertRaises(QuotaExceeded, self.boot)
        self.assertEqual([], self.cloud.live_objects())


class FaultInjectionTest(SimTestCase):

    def test_the_nth_create_fails(self):
        self.cloud.inject_fault('create_server', nth=2, message='boom')
        self.boot('a')
        error = self.assertRaises(CloudError, self.boot, 'b')
        self.boot('c')
        self.assertEqual(('boom', ['a', 'c']),
                         (str(error), [s.name for s in self.cloud.servers()]))

    def test_a_failure_without_message_names_the_operation(self):
        self.cloud.inject_fault('create_volume')
        error = self.assertRaises(CloudError, self.cloud.create_volume, 1)
        self.assertEqual('Simulated failure of create_volume', str(error))

    def test_an_error_fault_sends_the_server_to_error_with_its_message(self):
        self.cloud.inject_fault('create_server', 'error', message='No valid host was found.')
        server = self.cloud.get_server(self.boot().id)
        self.assertEqual(('ERROR', 'No valid host was found.', 500),
                         (server.status, server.fault['message'], server.fault['code']))

    def test_a_hang_fault_keeps_the_server_building(self):
        self.cloud.inject_fault('create_server', 'hang')
        server = self.boot()
        time.sleep(0.05)
        self.assertEqual('BUILD', self.cloud.get_server(server.id).status)

    def test_a_rejected_delete_leaves_the_server_and_a_retry_deletes_it(self):
        server = self.boot()
        self.cloud.inject_fault('delete_server', message='Delete refused')
        self.assertRaises(CloudError, self.cloud.delete_server, server.id)
        self.assertEqual('ACTIVE', self.cloud.get_server(server.id).status)
        self.cloud.delete_server(server.id)
        self.assertRaises(NotFound, self.cloud.get_server, server.id)

    def test_a_delete_error_fault_sends_the_server_to_error(self):
        server = self.boot()
        self.cloud.inject_fault('delete_server', 'error')
        self.cloud.delete_server(server.id)
        shown = self.cloud.get_server(server.id)
        self.assertEqual(('ERROR', None), (shown.status, shown.task_state))

    def test_times_none_hits_every_call_from_nth(self):
        self.cloud.inject_fault('create_port', nth=2, times=None)
        net = self.cloud.find_network('private').id
        self.cloud.create_port(net)
        self.assertRaises(CloudError, self.cloud.create_port, net)
        self.assertRaises(CloudError, self.cloud.create_port, net)

    def test_used_up_faults_are_forgotten(self):
        self.cloud.inject_fault('create_server')
        self.assertRaises(CloudError, self.boot)
        self.assertEqual([], self.cloud.faults())

    def test_clear_faults(self):
        self.cloud.inject_fault('create_server')
        self.cloud.clear_faults()
        self.assertEqual('BUILD', self.boot().status)

    def test_hang_is_refused_for_a_request_without_lifecycle(self):
        error = self.assertRaises(ValueError, self.cloud.inject_fault, 'create_port', 'hang')
        self.assertEqual('create_port has no lifecycle: only a "fail" fault applies to it',
                         str(error))

    def test_faults_from_configuration(self):
        self.config('cloud_sim', faults=['create_server#2:error:disk full'])
        first = self.boot('a')
        second = self.boot('b')
        self.assertEqual(['ACTIVE', 'ERROR'], [self.cloud.get_server(s.id).status
                                               for s in (first, second)])

    def test_fault_specification_is_parsed(self):
        self.assertEqual(Fault('delete_volume', 'hang', 'x:y', nth=3, times=1),
                         Fault.parse('delete_volume#3:hang:x:y'))

    def test_an_unknown_effect_is_refused(self):
        error = self.assertRaises(ValueError, Fault.parse, 'create_server:explode')
        self.assertEqual('Unknown fault effect "explode" (one of fail, error, hang)', str(error))

    def test_set_status_sends_a_server_to_error(self):
        server = self.boot()
        self.cloud.set_status('server', server.id, 'ERROR', fault='disk failure')
        shown = self.cloud.get_server(server.id)
        self.assertEqual(('ERROR', 'disk failure'), (shown.status, shown.fault['message']))


class SettlingTest(SimTestCase):

    def test_a_reader_settling_does_not_undo_a_change_made_meanwhile(self):
        server = self.boot()
        with self.cloud._txn() as reader:
            reader.get('server', server.id)     # BUILD settles to ACTIVE, saved at the end
            self.cloud.delete_server(server.id)
        self.assertRaises(NotFound, self.cloud.get_server, server.id)
