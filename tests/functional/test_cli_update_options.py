"""``heat stack update --converge`` and ``--dry-run --show-nested`` in local
mode: the installed ``heat``, each test on its own ``$XDG_DATA_HOME``; the
simulated cloud of that database is changed behind Heat's back with the
cloud's own API (as another user of the cloud would).  The same options
through the REST API, as python-heatclient sends them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

from tests.functional.test_api_base import ApiTestCase
from tests.functional.test_api_clients import wait_for
from tests.functional.test_cli_stack import StackCliTestCase, heat_executable, local_env
from tests.functional.test_cli_stack_remote import RemoteCliTestCase
from tests.functional.test_examples_cli import heat_manage_command

SERVER = '''\
heat_template_version: 2021-04-16
resources:
  vm:
    type: AWS::EC2::Instance
    properties: {ImageId: F17-x86_64-cfntools, InstanceType: m1.small}
  note:
    type: OS::Heat::TestResource
    properties: {value: kept}
'''

BOX = '''\
heat_template_version: 2021-04-16
parameters:
  flavor: {type: string}
resources:
  box:
    type: OS::Heat::TestResource
    properties: {value: {get_param: flavor}}
'''

USES_BOX = '''\
heat_template_version: 2021-04-16
parameters:
  flavor: {type: string, default: small}
resources:
  web: {type: box.yaml, properties: {flavor: {get_param: flavor}}}
'''

#: deletes a server of the local database's simulated cloud with the cloud's API
DELETE_SERVER = textwrap.dedent('''\
    import sys, time
    from heat_core import config
    config.load([])
    from heat_core.clouds import NotFound, get_cloud
    from heat_core.db import api
    cloud = get_cloud(engine=api.get_engine())
    cloud.delete_server(sys.argv[1])
    for _ in range(200):
        try:
            cloud.get_server(sys.argv[1])
        except NotFound:
            sys.exit(0)
        time.sleep(0.05)
    sys.exit('the server was not deleted')
''')


class ConvergeCliTest(StackCliTestCase):

    def setUp(self):
        super().setUp()
        self.write('server.yaml', SERVER)
        self.create('web', 'server.yaml')
        self.server = self.physical_id('vm')
        done = delete_server(self.server, self.env, self.dir)
        self.assertEqual(0, done.returncode, done.stderr)

    def physical_id(self, resource: str) -> str:
        return self.heat_json('stack', 'resource', 'show', 'web', resource)[
            'physical_resource_id']

    def servers(self) -> list[str]:
        done = subprocess.run(heat_manage_command() + ['cloud', 'list', '--type', 'server'],
                              cwd=self.dir, capture_output=True, text=True, timeout=120,
                              env=self.env)
        self.assertEqual(0, done.returncode, done.stderr)
        return [s['id'] for s in json.loads(done.stdout)]

    def test_converge_recreates_the_server_deleted_behind_heats_back(self):
        note = self.physical_id('note')
        result = self.heat('stack', 'update', '--existing', '--converge', '--wait', 'web')
        self.assertEqual(('', 0), (result.stderr, result.returncode))
        self.assertIn('[web.vm]: CREATE_COMPLETE', result.stdout)
        self.assertNotIn('[web.note]', result.stdout)
        now = self.physical_id('vm')
        self.assertNotEqual(self.server, now)
        self.assertEqual(([now], note, 'UPDATE_COMPLETE'),
                         (self.servers(), self.physical_id('note'), self.status('web')))

    def test_without_converge_the_update_changes_nothing(self):
        result = self.heat('stack', 'update', '--existing', 'web')
        self.assertEqual(0, result.returncode, result.stderr)
        self.assertEqual((self.server, [], 'UPDATE_COMPLETE'),
                         (self.physical_id('vm'), self.servers(), self.status('web')))

    def test_dry_run_with_converge_shows_the_server_replaced(self):
        changes = self.heat_json('stack', 'update', '--existing', '--converge', '--dry-run',
                                 'web')
        self.assertEqual((['vm'], ['note']),
                         ([r['resource_name'] for r in changes['replaced']],
                          [r['resource_name'] for r in changes['unchanged']]))
        self.assertEqual((self.server, 'CREATE_COMPLETE'),
                         (self.physical_id('vm'), self.status('web')))


def delete_server(server_id: str, env: dict, cwd: str) -> subprocess.CompletedProcess:
    """Delete a server of the simulated cloud of ``env``'s database."""
    return subprocess.run([sys.executable, '-c', DELETE_SERVER, server_id], cwd=cwd,
                          capture_output=True, text=True, timeout=120, env=env)


class ShowNestedDryRunCliTest(StackCliTestCase):

    def setUp(self):
        super().setUp()
        self.write('box.yaml', BOX)
        self.write('uses_box.yaml', USES_BOX)
        self.create('boxes', 'uses_box.yaml')

    def dry_run(self, *args: str) -> dict:
        return self.heat_json('stack', 'update', '--existing', '--parameter', 'flavor=large',
                              '--dry-run', *args, 'boxes')

    def test_show_nested_lists_the_nested_stacks_changes(self):
        updated = self.dry_run('--show-nested')['updated']
        self.assertEqual([('box', 'web'), ('web', None)],
                         sorted((r['resource_name'], r.get('parent_resource')) for r in updated))
        [box] = [r for r in updated if r['resource_name'] == 'box']
        self.assertTrue(box['stack_name'].startswith('boxes-web-'), box['stack_name'])

    def test_without_show_nested_only_the_stacks_own_resources(self):
        self.assertEqual(['web'], [r['resource_name'] for r in self.dry_run()['updated']])

    def test_the_table_shows_the_nested_resource_too(self):
        result = self.heat('stack', 'update', '--existing', '--parameter', 'flavor=large',
                           '--dry-run', '--show-nested', 'boxes', '-f', 'value', '-c',
                           'updated')
        self.assertEqual(0, result.returncode, result.stderr)
        self.assertEqual(['box (OS::Heat::TestResource)', 'web (box.yaml)'],
                         sorted(result.stdout.splitlines()))


class UpdateOptionsHeatclientTest(ApiTestCase):
    """``converge`` in the update body and ``show_nested`` in the preview's
    query string, from python-heatclient to a REST server on loopback."""

    def setUp(self):
        super().setUp()
        from heatclient import client
        self.heat = client.Client('1', endpoint=self.endpoint, token=self.token)

    def create(self, name: str, template: str, files=None) -> None:
        self.heat.stacks.create(stack_name=name, template=template, files=files or {})
        self.assertTrue(wait_for(
            lambda: self.heat.stacks.get(name).stack_status == 'CREATE_COMPLETE'))

    def physical_id(self, stack: str, resource: str) -> str:
        return self.heat.resources.get(stack, resource).physical_resource_id

    def test_converge_in_the_update_body_recreates_a_deleted_server(self):
        self.create('web', SERVER)
        gone = self.physical_id('web', 'vm')
        self.service.cloud.delete_server(gone)
        self.assertTrue(wait_for(lambda: not self.service.cloud.live_objects('server')))
        self.heat.stacks.update('web', existing=True, converge=True)
        self.assertTrue(wait_for(
            lambda: self.heat.stacks.get('web').stack_status == 'UPDATE_COMPLETE'))
        now = self.physical_id('web', 'vm')
        self.assertNotEqual(gone, now)
        self.assertEqual([now], [o['id'] for o in self.service.cloud.live_objects('server')])

    def test_a_converge_that_is_not_a_boolean_is_400(self):
        self.create('web', SERVER)
        resp = self.http('PATCH', '~/stacks/web/%s' % self.heat.stacks.get('web').id,
                         json={'converge': 'sometimes'})
        self.assertError(resp, 400, 'HTTPBadRequest', 'converge')

    def test_preview_update_with_show_nested(self):
        self.create('boxes', USES_BOX, files={'box.yaml': BOX})
        changes = self.heat.stacks.preview_update(
            'boxes', existing=True, parameters={'flavor': 'large'},
            show_nested=True)['resource_changes']
        self.assertEqual([('box', 'web'), ('web', None)],
                         sorted((r['resource_name'], r.get('parent_resource'))
                                for r in changes['updated']))
        plain = self.heat.stacks.preview_update(
            'boxes', existing=True, parameters={'flavor': 'large'})['resource_changes']
        self.assertEqual(['web'], [r['resource_name'] for r in plain['updated']])


class UpdateOptionsRemoteCliTest(RemoteCliTestCase):
    """``heat stack update --converge`` and ``--dry-run --show-nested`` in
    remote mode, against a Heat API server on a free local port."""

    def setUp(self):
        super().setUp()
        for name, text in (('server.yaml', SERVER), ('box.yaml', BOX),
                           ('uses_box.yaml', USES_BOX)):
            with open(os.path.join(self.dir, name), 'w', encoding='utf-8') as f:
                f.write(text)

    def heat(self, *args: str) -> str:
        result = subprocess.run([heat_executable(), *args], cwd=self.dir,
                                capture_output=True, text=True, timeout=120, env=self.env)
        self.assertEqual(('', 0), (result.stderr, result.returncode))
        return result.stdout

    def heat_json(self, *args: str):
        return json.loads(self.heat(*args, '-f', 'json'))

    def test_converge_recreates_the_server_deleted_behind_heats_back(self):
        self.heat('stack', 'create', '--wait', '-t', 'server.yaml', 'r-converge')
        gone = self.heat_json('stack', 'resource', 'show', 'r-converge', 'vm')[
            'physical_resource_id']
        done = delete_server(gone, local_env(os.path.join(self.server_dir, 'data')), self.dir)
        self.assertEqual(0, done.returncode, done.stderr)
        printed = self.heat('stack', 'update', '--existing', '--converge', '--wait',
                            'r-converge')
        self.assertIn('[r-converge.vm]: CREATE_COMPLETE', printed)
        self.assertEqual('UPDATE_COMPLETE', self.heat_json(
            'stack', 'show', 'r-converge', '-c', 'stack_status')['stack_status'])
        now = self.heat_json('stack', 'resource', 'show', 'r-converge', 'vm')[
            'physical_resource_id']
        self.assertNotEqual(gone, now)

    def test_dry_run_show_nested(self):
        self.heat('stack', 'create', '--wait', '-t', 'uses_box.yaml', 'r-boxes')
        updated = self.heat_json('stack', 'update', '--existing', '--parameter',
                                 'flavor=large', '--dry-run', '--show-nested',
                                 'r-boxes')['updated']
        self.assertEqual([('box', 'web'), ('web', None)],
                         sorted((r['resource_name'], r.get('parent_resource'))
                                for r in updated))
