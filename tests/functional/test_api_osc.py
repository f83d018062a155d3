"""python-openstackclient, unchanged, against the REST API: the real
``openstack`` executable (its orchestration plugin comes from
python-heatclient) with a token and the endpoint (``admin_token`` auth),
as an operator would run it.  Each run costs ~0.7 s, so each test walks a
whole story with few of them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import textwrap

from tests.functional.test_api_base import ApiTestCase

TEMPLATE = textwrap.dedent('''\
    heat_template_version: 2016-10-14
    description: Two things
    parameters:
      name:
        type: string
        default: web
    resources:
      first:
        type: OS::Heat::None
      second:
        type: OS::Heat::Value
        properties:
          value: {get_param: name}
        depends_on: first
    outputs:
      shown:
        description: The value
        value: {get_attr: [second, value]}
    ''')

SCRIPT = '#!/bin/sh\necho hello\n'
DEFINITION = textwrap.dedent('''\
    inputs:
    - name: who
    outputs:
    - name: result
    options:
      debug: true
    ''')


class TestOpenstackClient(ApiTestCase):

    def setUp(self):
        super().setUp()
        self.executable = shutil.which('openstack')
        if self.executable is None:
            self.skipTest('python-openstackclient is not installed (pip install .[test])')
        import tempfile
        self.tmp = tempfile.mkdtemp(prefix='heat-osc-')
        self.addCleanup(shutil.rmtree, self.tmp, True)
        # no clouds.yaml, OS_* variable or cache of the caller's may change the outcome
        self.env = {k: v for k, v in os.environ.items() if not k.startswith('OS_')}
        self.env.update(HOME=self.tmp, XDG_CONFIG_HOME=self.tmp, XDG_CACHE_HOME=self.tmp)

    def write(self, name: str, text: str) -> str:
        path = os.path.join(self.tmp, name)
        with open(path, 'w', encoding='utf-8') as f:
            f.write(text)
        return path

    def command(self, args) -> list:
        # tokens may begin with "-": given as --os-token=..., never as a separate word
        return [self.executable, '--os-auth-type', 'admin_token',
                '--os-endpoint=' + self.endpoint, '--os-token=' + self.token, *args]

    def check(self, args, returncode: int, stdout: str, stderr: str, expect: int) -> None:
        self.assertEqual(expect, returncode, 'openstack %s\nstdout: %s\nstderr: %s' % (
            ' '.join(args), stdout, stderr))
        self.assertNotIn('Traceback', stderr)

    def run_osc(self, *args: str, expect: int = 0) -> subprocess.CompletedProcess:
        done = subprocess.run(self.command(args), capture_output=True, text=True,
                              env=self.env, cwd=self.tmp, timeout=120,
                              stdin=subprocess.DEVNULL)
        self.check(args, done.returncode, done.stdout, done.stderr, expect)
        return done

    def run_together(self, *commands: tuple) -> list[str]:
        """The outputs of commands that need not wait for each other, run at
        once (each ``(args..., expected exit code)``)."""
        procs = [(cmd[:-1], cmd[-1], subprocess.Popen(
            self.command(cmd[:-1]), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True, env=self.env, cwd=self.tmp, stdin=subprocess.DEVNULL))
            for cmd in commands]
        outputs = []
        for args, expect, proc in procs:
            stdout, stderr = proc.communicate(timeout=120)
            self.check(args, proc.returncode, stdout, stderr, expect)
            outputs.append(stdout + stderr if expect else stdout)
        return outputs

    @staticmethod
    def parse_json(out: str):
        """The JSON document a command printed (``-f json``), after any
        progress lines (``--wait`` prints events first)."""
        lines = out.splitlines()
        starts = [i for i, line in enumerate(lines) if line.startswith(('[', '{'))]
        if not starts:
            raise AssertionError('no JSON in: %r' % out)
        return json.loads('\n'.join(lines[starts[0]:]))

    def osc_json(self, *args: str):
        return self.parse_json(self.run_osc(*args, '-f', 'json').stdout)

    def test_stack_commands(self):
        tpl = self.write('tpl.yaml', TEMPLATE)
        created = self.osc_json('stack', 'create', '-t', tpl, '--parameter', 'name=osc',
                                '--wait', 'web')
        self.assertEqual(('web', 'CREATE_COMPLETE', 'Two things'),
                         (created['stack_name'], created['stack_status'],
                          created['description']))

        J = ('-f', 'json')
        outs = self.run_together(('stack', 'list', *J, 0), ('stack', 'show', 'web', *J, 0),
                                 ('stack', 'output', 'show', 'web', 'shown', *J, 0),
                                 ('stack', 'resource', 'list', 'web', *J, 0),
                                 ('stack', 'event', 'list', 'web', *J, 0),
                                 ('stack', 'show', 'nope', 1),
                                 ('orchestration', 'template', 'version', 'list', *J, 0))
        (listed,), shown, output, resources, events = map(self.parse_json, outs[:5])
        self.assertIn({'Version': 'heat_template_version.2016-10-14', 'Type': 'hot',
                       'Aliases': ['heat_template_version.newton']},
                      self.parse_json(outs[6]))
        self.assertEqual((created['id'], 'web', 'CREATE_COMPLETE', self.alpha),
                         (listed['ID'], listed['Stack Name'], listed['Stack Status'],
                          listed['Project']))

        self.assertEqual('osc', shown['parameters']['name'])
        self.assertEqual([{'output_key': 'shown', 'description': 'The value',
                           'output_value': 'osc'}], shown['outputs'])

        self.assertEqual('osc', output['output_value'])

        self.assertEqual({('first', 'OS::Heat::None', 'CREATE_COMPLETE'),
                          ('second', 'OS::Heat::Value', 'CREATE_COMPLETE')},
                         {(r['resource_name'], r['resource_type'], r['resource_status'])
                          for r in resources})

        self.assertEqual(('web', 'CREATE_IN_PROGRESS'),
                         (events[0]['resource_name'], events[0]['resource_status']))
        self.assertEqual(('web', 'CREATE_COMPLETE'),
                         (events[-1]['resource_name'], events[-1]['resource_status']))
        self.assertEqual(6, len(events))

        self.assertIn('Stack not found: nope', outs[5])

        self.run_osc('stack', 'delete', '--yes', '--wait', 'web')
        resp = self.http('GET', '~/stacks')
        self.assertEqual([], resp.json()['stacks'])

    def test_software_config_commands(self):
        script = self.write('hello.sh', SCRIPT)
        definition = self.write('definition.yaml', DEFINITION)
        # the client validates a template using OS::Heat::SoftwareConfig first
        created = self.osc_json('software', 'config', 'create', '--config-file', script,
                                '--definition-file', definition, '--group', 'script',
                                'hello')
        self.assertEqual(('hello', 'script', SCRIPT, {'debug': True}),
                         (created['name'], created['group'], created['config'],
                          created['options']))
        self.assertEqual([{'name': 'who', 'type': 'String'}], created['inputs'])

        # a deployment: the client derives a config with the input values
        J = ('-f', 'json')
        listing, deployment = map(self.parse_json, self.run_together(
            ('software', 'config', 'list', *J, 0),
            ('software', 'deployment', 'create', '--config', created['id'], '--server',
             'server-1', '--input-value', 'who=world', '--signal-transport', 'NO_SIGNAL',
             'hi', *J, 0)))
        # the deployment's derived config may or may not be listed yet (the
        # two commands ran at once); ours must be
        (listed,) = [c for c in listing if c['id'] == created['id']]
        self.assertLessEqual(len(listing), 2)
        self.assertEqual((created['id'], 'hello', 'script'),
                         (listed['id'], listed['name'], listed['group']))
        self.assertEqual(('server-1', 'IN_PROGRESS'),
                         (deployment['server_id'], deployment['status']))

        # what the server's agent reports back
        resp = self.http('PUT', '~/software_deployments/%s' % deployment['id'],
                         json={'status': 'COMPLETE', 'output_values': {'result': '42'}})
        self.assertEqual(200, resp.status_code, resp.text)
        # (metadata show always prints JSON, and takes no -f)
        metadata, output = self.run_together(
            ('software', 'deployment', 'metadata', 'show', 'server-1', 0),
            ('software', 'deployment', 'output', 'show', deployment['id'], 'result', 0))
        (deployed,) = json.loads(metadata)
        self.assertEqual(('hi', SCRIPT), (deployed['name'], deployed['config']))
        inputs = {i['name']: i.get('value') for i in deployed['inputs']}
        self.assertEqual(('world', 'server-1'), (inputs['who'], inputs['deploy_server_id']))
        self.assertIn('result: 42', output)

        # deleting the deployment deletes the config the client derived for it
        self.run_together(('software', 'deployment', 'delete', deployment['id'], 0),
                          ('software', 'config', 'delete', created['id'], 0))
        self.assertEqual([], self.http('GET', '~/software_configs').json()[
            'software_configs'])
        self.assertEqual([], self.http('GET', '~/software_deployments').json()[
            'software_deployments'])
