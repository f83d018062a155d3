"""The templates of ``examples/`` on the simulated cloud, through the
engine service: create, outputs, an InstanceType update, delete leaving
nothing, and what faults do to them."""

import base64
import json
import os
import subprocess
import sys
import tempfile

from tests.unit.test_aws_common import AwsTestCase

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PARAMS = {'DBPassword': 'wp4all', 'DBRootPassword': 'r00tpw'}


class ExampleChecks:
    """The checks every WordPress example passes (mixed into a test case
    that names its file, its instances and a request that fails late)."""

    filename = ''
    instances: tuple = ()
    late_request = ''

    def launch(self, **kwargs) -> dict:
        with open(os.path.join(ROOT, 'examples', self.filename), encoding='utf-8') as f:
            text = f.read()
        ident = self.service.create_stack(self.ctx, 'wordpress', text, params=dict(PARAMS),
                                          template_name=self.filename, wait=True, **kwargs)
        return self.service.store.get_stack(ident['stack_id'])

    def flavors(self) -> dict:
        return {name: self.cloud.get_server(self.physical_id(name, 'wordpress'))
                .flavor['original_name'] for name in self.instances}

    def test_creates_on_the_simulated_cloud(self):
        self.launch()
        self.assertEqual('CREATE_COMPLETE', self.status('wordpress'))

    def test_every_instance_is_an_active_server(self):
        self.launch()
        self.assertEqual(['ACTIVE'] * len(self.instances),
                         [self.cloud.get_server(self.physical_id(name, 'wordpress')).status
                          for name in self.instances])

    def test_passwords_are_not_shown(self):
        self.launch()
        shown = self.service.show_stack(self.ctx, 'wordpress')['parameters']
        self.assertEqual(('******', '******', 'admin'),
                         (shown['DBPassword'], shown['DBRootPassword'], shown['DBUsername']))

    def test_the_user_data_reaches_the_servers_with_the_parameters(self):
        self.launch()
        scripts = [base64.b64decode(self.cloud.get_server(
            self.physical_id(name, 'wordpress')).user_data).decode() for name in self.instances]
        self.assertEqual([(True, True, False)] * len(self.instances),
                         [(s.startswith('#!/bin/bash'), 'wp4all' in s, '${' in s)
                          for s in scripts])

    def test_a_new_instance_type_resizes_the_servers_in_place(self):
        if getattr(self.service, 'update_stack', None) is None:
            self.skipTest('the engine service has no update_stack yet')
        self.launch()
        before = [self.physical_id(name, 'wordpress') for name in self.instances]
        self.service.update_stack(self.ctx, 'wordpress', existing=True,
                                  params={'InstanceType': 'm1.medium'}, wait=True)
        self.assertEqual(('UPDATE_COMPLETE', before, {n: 'm1.medium' for n in self.instances}),
                         (self.status('wordpress'),
                          [self.physical_id(name, 'wordpress') for name in self.instances],
                          self.flavors()))

    def test_delete_leaves_nothing_in_the_cloud(self):
        row = self.launch()
        self.delete('wordpress')
        self.assertEqual(('DELETE_COMPLETE', []),
                         (self.service.show_stack(self.ctx, row['id'])['stack_status'],
                          self.live()))

    def test_a_create_that_fails_half_way_rolls_back_to_nothing(self):
        self.cloud.inject_fault(self.late_request, 'error')
        self.launch()
        events = self.event_words('wordpress')
        self.assertEqual(('ROLLBACK_COMPLETE', [], True),
                         (self.status('wordpress'), self.live(),
                          'WebServerSecurityGroup CREATE_COMPLETE' in events))

    def test_a_delete_the_cloud_rejects_fails_with_the_reason(self):
        self.launch()
        self.cloud.inject_fault('delete_server', message='Nova is down for maintenance')
        self.delete('wordpress')
        failed = {name: r['resource_status_reason']
                  for name, r in ((r['resource_name'], r)
                                  for r in self.service.list_resources(self.ctx, 'wordpress'))
                  if r['resource_status'] == 'DELETE_FAILED'}
        self.assertEqual(('DELETE_FAILED', ['CloudError: Nova is down for maintenance']),
                         (self.status('wordpress'), list(failed.values())))

    def test_a_retried_delete_succeeds(self):
        row = self.launch()
        self.cloud.inject_fault('delete_server', message='Nova is down for maintenance')
        self.delete('wordpress')
        self.delete('wordpress')
        self.assertEqual(('DELETE_COMPLETE', []),
                         (self.service.show_stack(self.ctx, row['id'])['stack_status'],
                          self.live()))


class SingleInstanceTest(ExampleChecks, AwsTestCase):
    filename = 'wordpress_single_instance.yaml'
    instances = ('WebServer',)
    late_request = 'create_server'

    def test_the_website_url_is_the_servers_address(self):
        self.launch()
        self.assertEqual({'WebsiteURL': 'http://10.0.0.2/wordpress',
                          'InstanceId': self.physical_id('WebServer', 'wordpress')},
                         self.outputs('wordpress'))


    def cloud_list(self) -> list:
        """``(type, id)`` of what ``heat-manage cloud list`` prints for the test's database."""
        with tempfile.NamedTemporaryFile('w', suffix='.conf', delete=False) as conf:
            conf.write('[database]\nconnection = %s\n' % self.db_url)
        self.addCleanup(os.unlink, conf.name)
        done = subprocess.run([sys.executable, '-m', 'heat_core.cmd.manage', '--config-file',
                               conf.name, 'cloud', 'list'], capture_output=True, text=True,
                              timeout=120, check=True)
        return [(o['type'], o['id']) for o in json.loads(done.stdout)]

    def test_heat_manage_lists_the_stacks_objects_until_it_is_deleted(self):
        self.launch()
        server = self.physical_id('WebServer', 'wordpress')
        group = self.physical_id('WebServerSecurityGroup', 'wordpress')
        listed = self.cloud_list()
        self.delete('wordpress')
        self.assertEqual((True, True, []),
                         (('server', server) in listed, ('security_group', group) in listed,
                          self.cloud_list()))


class TwoInstancesTest(ExampleChecks, AwsTestCase):
    filename = 'wordpress_two_instances_volume_eip.yaml'
    instances = ('WebServer', 'DatabaseServer')
    late_request = 'create_volume_attachment'

    def test_the_website_url_is_the_elastic_ip(self):
        self.launch()
        database = self.cloud.get_server(self.physical_id('DatabaseServer', 'wordpress'))
        self.assertEqual({'WebsiteURL': 'http://172.24.4.2/wordpress',
                          'DatabasePrivateIp': database.addresses['private'][0]['addr']},
                         self.outputs('wordpress'))

    def test_the_database_volume_is_attached_to_the_database_server(self):
        self.launch()
        volume = self.cloud.get_volume(self.physical_id('DataVolume', 'wordpress'))
        self.assertEqual(('in-use', self.physical_id('DatabaseServer', 'wordpress'), '/dev/vdb'),
                         (volume.status, volume.attachments[0]['server_id'],
                          volume.attachments[0]['device']))

    def test_the_web_server_has_the_elastic_ip(self):
        self.launch()
        web = self.cloud.get_server(self.physical_id('WebServer', 'wordpress'))
        self.assertEqual(['fixed', 'floating'],
                         [a['OS-EXT-IPS:type'] for a in web.addresses['private']])
