"""The cloud catalogue interface, the simulated cloud's catalogue and the
custom constraints (``heat.constraints`` plugins)."""

from heat_core import clouds
from heat_core import constraints as c
from heat_core.clouds.base import DuplicateResource, UnknownCloud
from heat_plugins.cloud_sim import catalog
from heat_plugins.cloud_sim.cloud import SimCloud
from tests import base


def check(name, value, cloud=None):
    """The message of custom constraint ``name`` for ``value`` (None: valid)."""
    return c.CustomConstraint(name).check(value, cloud)


class SimCatalogueTest(base.TestCase):

    def setUp(self):
        super().setUp()
        self.cloud = SimCloud()

    def test_flavors_are_the_classic_m1_set(self):
        self.assertEqual([
            ('m1.tiny', 1, 512, 1), ('m1.small', 1, 2048, 20), ('m1.medium', 2, 4096, 40),
            ('m1.large', 4, 8192, 80), ('m1.xlarge', 8, 16384, 160),
        ], [(f.name, f.vcpus, f.ram, f.disk) for f in self.cloud.flavors()])

    def test_images(self):
        self.assertEqual(['F17-x86_64-cfntools', 'F18-x86_64-cfntools', 'U10-x86_64-cfntools',
                          'cirros-0.6.2-x86_64-disk'], [i.name for i in self.cloud.images()])

    def test_image_ids_are_stable_uuids(self):
        image = self.cloud.find_image('cirros-0.6.2-x86_64-disk')
        self.assertEqual(catalog.stable_id('image', 'cirros-0.6.2-x86_64-disk'), image.id)
        self.assertEqual(image.id, SimCloud().find_image('cirros-0.6.2-x86_64-disk').id)
        self.assertEqual(36, len(image.id))

    def test_keypair_and_availability_zone(self):
        self.assertEqual(['heat_key'], [k.name for k in self.cloud.keypairs()])
        self.assertEqual(['nova'], self.cloud.availability_zone_names())

    def test_private_network_has_its_subnet(self):
        private = self.cloud.find_network('private')
        subnet = self.cloud.find_subnet('private-subnet')
        self.assertEqual((private.id, '10.0.0.0/24'), (subnet.network_id, subnet.cidr))
        self.assertEqual([subnet.id], private.subnet_ids)

    def test_public_network_is_external(self):
        self.assertTrue(self.cloud.find_network('public').is_router_external)

    def test_default_security_group(self):
        self.assertEqual(['default'], [g.name for g in self.cloud.security_groups()])

    def test_nothing_created_yet(self):
        self.assertEqual([[], [], [], [], []], [self.cloud.list(k) for k in (
            'server', 'volume', 'snapshot', 'port', 'router')])

    def test_objects_are_dicts_with_attributes(self):
        flavor = self.cloud.find_flavor('m1.small')
        self.assertEqual(('2', 2048), (flavor['id'], flavor.ram))

    def test_find_by_id_wins_over_name(self):
        self.cloud.add('flavor', name='1', vcpus=1, ram=1, disk=1)
        self.assertEqual('m1.tiny', self.cloud.find_flavor('1').name)

    def test_find_missing_is_none(self):
        self.assertIsNone(self.cloud.find('server', 'web'))

    def test_find_ambiguous_name_raises(self):
        self.cloud.add('server', name='web')
        self.cloud.add('server', name='web')
        error = self.assertRaises(DuplicateResource, self.cloud.find_server, 'web')
        self.assertEqual('2 servers are named "web": use an ID', str(error))

    def test_added_objects_do_not_leak_into_other_clouds(self):
        self.cloud.add('volume', name='data')
        self.assertEqual([], SimCloud().volumes())

    def test_listings_are_copies(self):
        self.cloud.flavors()[0]['name'] = 'changed'
        self.assertEqual('m1.tiny', self.cloud.flavors()[0].name)


class GetCloudTest(base.TestCase):

    def setUp(self):
        super().setUp()
        clouds.reset()
        self.addCleanup(clouds.reset)

    def test_default_cloud_is_the_simulated_one_created_once(self):
        cloud = clouds.get_cloud()
        self.assertIsInstance(cloud, SimCloud)
        self.assertIs(cloud, clouds.get_cloud('sim'))

    def test_unknown_cloud_names_the_installed_ones(self):
        self.config(default_cloud='simm')
        error = self.assertRaises(UnknownCloud, clouds.get_cloud)
        self.assertIn('Unknown cloud "simm" (did you mean "sim"?) (default_cloud); installed '
                      'clouds: ', str(error))


class CatalogueConstraintTest(base.TestCase):

    def setUp(self):
        super().setUp()
        self.cloud = SimCloud()

    def test_every_catalogue_constraint_is_installed(self):
        names = c.constraint_names()
        for name in ('nova.flavor', 'nova.keypair', 'nova.server', 'nova.availability_zone',
                     'glance.image', 'neutron.network', 'neutron.subnet', 'neutron.port',
                     'neutron.router', 'neutron.security_group', 'cinder.volume',
                     'cinder.snapshot'):
            self.assertIn(name, names)

    def test_flavor_found(self):
        self.assertIsNone(check('nova.flavor', 'm1.small', self.cloud))

    def test_flavor_not_found(self):
        self.assertEqual("Error validating value 'm1.huge': The Flavor (m1.huge) could not be "
                         "found.", check('nova.flavor', 'm1.huge', self.cloud))

    def test_image_by_id(self):
        image_id = catalog.stable_id('image', 'F17-x86_64-cfntools')
        self.assertIsNone(check('glance.image', image_id, self.cloud))

    def test_network_subnet_and_security_group(self):
        self.assertEqual([None, None, None], [
            check('neutron.network', 'public', self.cloud),
            check('neutron.subnet', 'private-subnet', self.cloud),
            check('neutron.security_group', 'default', self.cloud)])

    def test_server_created_later_is_found(self):
        self.assertEqual("Error validating value 'web': The Server (web) could not be found.",
                         check('nova.server', 'web', self.cloud))
        self.cloud.add('server', name='web')
        self.assertIsNone(check('nova.server', 'web', self.cloud))

    def test_volume_snapshot_port_router_not_found(self):
        self.assertEqual([
            "Error validating value 'v': The Volume (v) could not be found.",
            "Error validating value 's': The Volume snapshot (s) could not be found.",
            "Error validating value 'p': The Port (p) could not be found.",
            "Error validating value 'r': The Router (r) could not be found.",
        ], [check('cinder.volume', 'v', self.cloud), check('cinder.snapshot', 's', self.cloud),
            check('neutron.port', 'p', self.cloud), check('neutron.router', 'r', self.cloud)])

    def test_keypair_and_availability_zone(self):
        self.assertEqual([None, None], [check('nova.keypair', 'heat_key', self.cloud),
                                        check('nova.availability_zone', 'nova', self.cloud)])

    def test_ambiguous_name_asks_for_an_id(self):
        self.cloud.add('volume', name='data')
        self.cloud.add('volume', name='data')
        self.assertEqual("Error validating value 'data': Multiple Volumes are named \"data\"; "
                         "use the ID instead (2 found).",
                         check('cinder.volume', 'data', self.cloud))

    def test_list_values_are_checked_item_by_item(self):
        self.assertEqual("Error validating value 'm9': The Flavor (m9) could not be found.",
                         check('nova.flavor', ['m1.tiny', 'm9'], self.cloud))

    def test_without_a_cloud_lookups_are_skipped(self):
        self.assertIsNone(check('nova.flavor', 'm1.huge'))

    def test_a_failing_cloud_is_a_message_not_a_crash(self):
        class Broken(SimCloud):
            def flavors(self):
                raise ConnectionError('compute service unreachable')
        self.assertEqual("Error validating value 'm1.tiny': compute service unreachable",
                         check('nova.flavor', 'm1.tiny', Broken()))

    def test_non_string_value(self):
        self.assertEqual("Error validating value '5': The Flavor must be given by name or ID "
                         "(a string), not int", check('nova.flavor', 5, self.cloud))


class CustomConstraintTest(base.TestCase):

    def test_exists(self):
        self.assertTrue(c.CustomConstraint('ip_addr').exists())
        self.assertFalse(c.CustomConstraint('ip_address').exists())

    def test_unknown_constraint_does_not_fail_values(self):
        self.assertIsNone(check('ip_address', 'anything'))

    def test_cloud_free_constraints_run_without_a_cloud(self):
        self.assertEqual("Error validating value '10.0.0': Not a valid IP address (IPv4 or "
                         "IPv6).", check('ip_addr', '10.0.0'))

    def test_empty_value_is_not_checked(self):
        self.assertIsNone(check('ip_addr', ''))

    def test_to_dict(self):
        self.assertEqual({'custom_constraint': 'nova.flavor'},
                         c.CustomConstraint('nova.flavor').to_dict())

    def test_every_plugin_has_a_description(self):
        from heat_core.plugins import constraint_plugin
        self.assertEqual([], [n for n in c.constraint_names()
                              if not constraint_plugin(n).description])


class NetworkFormatTest(base.TestCase):

    def test_ip_addr(self):
        self.assertEqual([None, None], [check('ip_addr', '10.0.0.1'), check('ip_addr', '::1')])
        self.assertIsNotNone(check('ip_addr', '10.0.0.256'))

    def test_net_cidr(self):
        self.assertIsNone(check('net_cidr', '10.0.0.0/24'))
        self.assertIsNone(check('net_cidr', 'fd00::/64'))
        self.assertEqual("Error validating value '10.0.0.0': Not a network CIDR "
                         "(address/prefix length, e.g. 10.0.0.0/24).",
                         check('net_cidr', '10.0.0.0'))

    def test_net_cidr_with_host_bits_suggests_the_network(self):
        self.assertEqual("Error validating value '10.0.0.1/24': Not a network CIDR: the address "
                         "has host bits set (did you mean '10.0.0.0/24'?).",
                         check('net_cidr', '10.0.0.1/24'))

    def test_mac_addr(self):
        self.assertIsNone(check('mac_addr', 'fa:16:3e:00:00:01'))
        self.assertEqual("Error validating value 'fa:16:3e:00:01': Not a valid MAC address.",
                         check('mac_addr', 'fa:16:3e:00:01'))

    def test_dns_name(self):
        self.assertEqual([None, None], [check('dns_name', 'www.example.com'),
                                        check('dns_name', 'www.example.com.')])
        self.assertEqual("Error validating value '-www.example.com': The label \"-www\" starts "
                         "or ends with a hyphen.", check('dns_name', '-www.example.com'))

    def test_dns_name_label_length(self):
        self.assertEqual('The label "%s" must be 1-63 letters, digits or hyphens.' % ('a' * 64),
                         check('dns_name', 'a' * 64 + '.com').split(': ', 1)[1])

    def test_dns_name_numeric_top_level_domain(self):
        self.assertEqual("Error validating value 'host.123': The top-level domain \"123\" is "
                         "all-numeric.", check('dns_name', 'host.123'))

    def test_dns_domain_needs_the_trailing_dot(self):
        self.assertIsNone(check('dns_domain', 'example.com.'))
        self.assertEqual("Error validating value 'example.com': A DNS domain must end with a "
                         "dot (did you mean 'example.com.'?).", check('dns_domain', 'example.com'))

    def test_rel_dns_name_has_no_trailing_dot(self):
        self.assertIsNone(check('rel_dns_name', 'www'))
        self.assertEqual("Error validating value 'www.': A relative DNS name may not end with a "
                         "dot.", check('rel_dns_name', 'www.'))


class TextFormatTest(base.TestCase):

    def test_iso_8601(self):
        self.assertEqual([None, None], [check('iso_8601', '2026-01-31T12:00:00Z'),
                                        check('iso_8601', '2026-01-31')])
        self.assertEqual("Error validating value '31/01/2026': Not an ISO 8601 date or date-time "
                         "(e.g. 2026-01-31T12:00:00Z).", check('iso_8601', '31/01/2026'))

    def test_expiration_must_be_in_the_future(self):
        self.assertIsNone(check('expiration', '2999-01-01T00:00:00Z'))
        self.assertEqual("Error validating value '2001-01-01T00:00:00Z': The expiration time is "
                         "in the past.", check('expiration', '2001-01-01T00:00:00Z'))

    def test_timezone(self):
        self.assertIsNone(check('timezone', 'Europe/Paris'))
        self.assertEqual("Error validating value 'Mars/Olympus': Not a known time zone (IANA "
                         "names such as Europe/Paris or UTC).", check('timezone', 'Mars/Olympus'))

    def test_json_string(self):
        self.assertIsNone(check('json_string', '{"a": [1, 2]}'))
        self.assertTrue(check('json_string', '{a').startswith(
            "Error validating value '{a': Not a valid JSON string: "))

    def test_cron_expression_valid_forms(self):
        self.assertEqual([None] * 5, [check('cron_expression', v) for v in (
            '* * * * *', '*/15 2 * * mon-fri', '0 0 1,15 jan-jun 0', '5-10/2 23 31 12 7',
            '@daily')])

    def test_cron_expression_needs_five_fields(self):
        self.assertEqual("Error validating value '* * *': A cron expression has 5 fields (minute "
                         "hour day-of-month month day-of-week), not 3.",
                         check('cron_expression', '* * *'))

    def test_cron_expression_values_in_range(self):
        self.assertEqual("Error validating value '0 24 * * *': The hour field value 24 is out "
                         "of range (0-23).", check('cron_expression', '0 24 * * *'))

    def test_cron_expression_unknown_name(self):
        self.assertEqual("Error validating value '0 0 * foo *': The month field has an invalid "
                         "value \"foo\".", check('cron_expression', '0 0 * foo *'))
