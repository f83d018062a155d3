"""The acceptance run of ``examples/`` as a user does it: the installed
``heat`` in local mode (its own ``$XDG_DATA_HOME``), and ``heat-manage cloud
list`` on the same data home to see what is left in the simulated cloud.

For each WordPress example: create --wait, show the outputs, update
InstanceType (a resize in place: the servers keep their IDs) or the image
(a replacement: new servers, the old ones gone), delete leaving nothing.
Faults come from a ``[cloud_sim] faults`` configuration file, as an
operator would inject them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

from heat_plugins.cloud_sim.catalog import stable_id
from tests.functional.test_cli_stack import StackCliTestCase

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PASSWORDS = ('--parameter', 'DBPassword=wp4all', '--parameter', 'DBRootPassword=r00tpw')


def heat_manage_command() -> list[str]:
    here = os.path.join(os.path.dirname(sys.executable), 'heat-manage')
    found = here if os.path.exists(here) else shutil.which('heat-manage')
    return [found] if found else [sys.executable, '-m', 'heat_core.cmd.manage']


class ExampleCliTestCase(StackCliTestCase):
    """One example template run through the real CLI."""

    filename = ''
    instances = 0

    def setUp(self):
        super().setUp()
        self.template = os.path.join(ROOT, 'examples', self.filename)

    def heat_ok(self, *args: str) -> subprocess.CompletedProcess:
        result = self.heat(*args)
        self.assertEqual(0, result.returncode, result.stdout + result.stderr)
        return result

    def launch(self, *config: str, check: bool = True) -> subprocess.CompletedProcess:
        """``heat stack create --wait`` of the example as ``wordpress``
        (``config``: ``--config-file`` arguments; ``check``: it must succeed)."""
        args = (*config, 'stack', 'create', '--wait', '-t', self.template, *PASSWORDS,
                'wordpress')
        return self.heat_ok(*args) if check else self.heat(*args)

    def fault_config(self, *faults: str) -> tuple[str, str]:
        """``--config-file`` arguments of a heat.conf that injects ``faults``."""
        path = self.write('faults.conf', '[cloud_sim]\n' + ''.join(
            'faults = %s\n' % f for f in faults))
        return '--config-file', path

    def cloud_list(self, kind: str | None = None) -> list[dict]:
        """What ``heat-manage cloud list`` prints (JSON on stdout)."""
        args = ['cloud', 'list'] + (['--type', kind] if kind else [])
        done = subprocess.run(heat_manage_command() + args, cwd=self.dir, capture_output=True,
                              text=True, timeout=120, env=self.env)
        self.assertEqual(0, done.returncode, done.stderr)
        return json.loads(done.stdout)

    def servers(self) -> dict:
        """``{server id: flavor name}`` of the live servers."""
        return {s['id']: s['flavor']['original_name'] for s in self.cloud_list('server')}

    def stack_field(self, field: str):
        return self.heat_json('stack', 'show', 'wordpress', '-c', field)[field]


class ExampleLifecycle:
    """Checks every WordPress example passes through the CLI (mixed into
    an :class:`ExampleCliTestCase` that names its file)."""

    def test_create_completes_and_shows_the_website_url(self):
        self.launch()
        outputs = self.heat_json('stack', 'output', 'show', 'wordpress', '--all')
        self.assertEqual(('CREATE_COMPLETE', 'http://%s/wordpress' % self.public_address()),
                         (self.stack_field('stack_status'),
                          outputs['WebsiteURL']['output_value']))

    def test_a_new_instance_type_resizes_the_servers_in_place(self):
        self.launch()
        before = self.servers()
        self.heat_ok('stack', 'update', '--wait', '--existing', '--parameter',
                     'InstanceType=m1.medium', 'wordpress')
        self.assertEqual(('UPDATE_COMPLETE', sorted(before), ['m1.medium'] * self.instances),
                         (self.stack_field('stack_status'), sorted(self.servers()),
                          list(self.servers().values())))

    def test_delete_leaves_nothing_in_the_cloud(self):
        self.launch()
        listed = self.cloud_list()
        self.heat_ok('stack', 'delete', '--wait', '-y', 'wordpress')
        self.assertEqual((self.instances, []),
                         (sum(1 for o in listed if o['type'] == 'server'), self.cloud_list()))

    def test_a_create_that_fails_half_way_rolls_back_to_nothing(self):
        failed = self.launch(*self.fault_config(self.late_fault), check=False)
        self.assertEqual((1, 'ROLLBACK_COMPLETE', []),
                         (failed.returncode, self.stack_field('stack_status'),
                          self.cloud_list()))
        # half-way: the security group was made (then deleted by the rollback)
        self.assertEqual((True, True), (
            '[wordpress.WebServerSecurityGroup]: CREATE_COMPLETE' in failed.stdout,
            'No valid host was found' in failed.stdout + failed.stderr))

    def test_a_delete_the_cloud_rejects_fails_with_the_reason_and_a_retry_succeeds(self):
        self.launch()
        rejected = self.heat(*self.fault_config('delete_server:fail:Nova is down'),
                             'stack', 'delete', '--wait', '-y', 'wordpress')
        failed = (rejected.returncode, self.stack_field('stack_status'),
                  self.stack_field('stack_status_reason'), len(self.servers()))
        self.heat_ok('stack', 'delete', '--wait', '-y', 'wordpress')
        self.assertEqual(((1, 'DELETE_FAILED', True, self.instances), []),
                         ((failed[0], failed[1], 'CloudError: Nova is down' in failed[2],
                           failed[3]), self.cloud_list()))


class SingleInstanceCliTest(ExampleLifecycle, ExampleCliTestCase):
    filename = 'wordpress_single_instance.yaml'
    instances = 1
    # the server is the last of two resources: the security group is made first
    late_fault = 'create_server:error:No valid host was found.'

    def public_address(self) -> str:
        """The server's own address (it has no floating IP)."""
        server, = self.cloud_list('server')
        return server['addresses']['private'][0]['addr']

    def test_the_instance_id_output_is_the_server(self):
        self.launch()
        shown = self.heat_json('stack', 'output', 'show', 'wordpress', 'InstanceId')
        self.assertEqual(list(self.servers()), [shown['output_value']])

    def test_a_new_image_replaces_the_server(self):
        self.launch()
        before = self.servers()
        self.heat_ok('stack', 'update', '--wait', '--existing', '--parameter',
                     'LinuxDistribution=F17', 'wordpress')
        after = self.cloud_list('server')
        self.assertEqual(('UPDATE_COMPLETE', 1, False, [stable_id('image', 'F17-x86_64-cfntools')]),
                         (self.stack_field('stack_status'), len(after), after[0]['id'] in before,
                          [s['image']['id'] for s in after]))


class TwoInstancesCliTest(ExampleLifecycle, ExampleCliTestCase):
    filename = 'wordpress_two_instances_volume_eip.yaml'
    instances = 2
    # the second server fails: the database server, its volume and the
    # groups were made before it
    late_fault = 'create_server#2:error:No valid host was found.'

    def public_address(self) -> str:
        """The Elastic IP."""
        address, = self.cloud_list('floating_ip')
        return address['floating_ip_address']

    def test_delete_releases_the_volume_and_the_elastic_ip(self):
        self.launch()
        kinds = sorted({o['type'] for o in self.cloud_list()})
        self.heat_ok('stack', 'delete', '--wait', '-y', 'wordpress')
        self.assertEqual((True, True, [], []),
                         ('volume' in kinds, 'floating_ip' in kinds,
                          self.cloud_list('volume'), self.cloud_list('floating_ip')))
