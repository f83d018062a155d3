"""The simulated cloud runs servers' user data ([cloud_sim] run_user_data):
heat-all serving the REST and CloudFormation APIs, the WordPress wait
condition example completing because its own cfn-signal (heat-cfntools,
curl) signalled the handle; on an engine with the CFN API on a loopback
port, scripts that fail, hang, or use cfn-init against the CFN API."""

from __future__ import annotations

import json
import os
import textwrap
import time

from tests.functional.test_api_processes import ProcessTestCase
from tests.functional.test_waitcondition_signal import ServedTestCase

EXAMPLE = os.path.join(os.path.dirname(__file__), '..', '..', 'examples',
                       'wordpress_wait_condition.yaml')


def instance(script: str, timeout: int = 10, metadata: str = '') -> str:
    """A handle, a server running ``script`` (its lines indented) and a wait condition."""
    body = '\n'.join('            ' + line if line.strip() else ''
                     for line in textwrap.dedent(script).strip().splitlines())
    return '''
    Handle:
      Type: AWS::CloudFormation::WaitConditionHandle
    Server:
      Type: AWS::EC2::Instance
%s      Properties:
        ImageId: F18-x86_64-cfntools
        InstanceType: m1.small
        UserData:
          Fn::Base64: !Sub |
%s
    Wait:
      Type: AWS::CloudFormation::WaitCondition
      DependsOn: Server
      Properties: {Handle: !Ref Handle, Timeout: %d}
''' % (metadata, body, timeout)


class ExampleOnHeatAllTest(ProcessTestCase):
    """heat-all on loopback ports, configured to run user data."""

    def setUp(self):
        super().setUp()
        with open(self.conf, 'a', encoding='utf-8') as f:
            f.write('public_url = http://127.0.0.1:%d\n[cloud_sim]\nrun_user_data = True\n'
                    'user_data_timeout = 30\n' % self.cfn_port)

    def test_the_wordpress_example_completes_by_its_own_cfn_signal(self):
        boot = self.bootstrap()
        proc = self.start('heat-all', '--config-file', self.conf)
        heat = self.heat(boot['project_id'], boot['token'])
        with open(EXAMPLE, encoding='utf-8') as f:
            heat.stacks.create(stack_name='wordpress', template=f.read(),
                               parameters={'DBPassword': 'wpSecret4all',
                                           'DBRootPassword': 'r00tSecretPw'})
        self.wait_status(heat, 'wordpress', 'CREATE_COMPLETE', timeout=30)
        stack = heat.stacks.get('wordpress')
        outputs = {o['output_key']: o['output_value'] for o in stack.outputs}
        report = json.loads(outputs['ConfigurationReport'])
        self.assertEqual(['WebServer'], list(report))
        self.assertRegex(report['WebServer'], r'^http://.+/wordpress$')
        events = [e.resource_status_reason for e in heat.events.list('wordpress')
                  if e.resource_name == 'WaitHandle']
        self.assertIn('Signal: status:SUCCESS reason:WordPress configured', events)
        log = self.output(proc)
        self.assertIn('User data of simulated server %s: exited with status 0'
                      % outputs['InstanceId'], log)
        # the script (bash -v echoes it, passwords and all) stays on the server's console
        self.assertNotIn('wpSecret4all', log)
        self.assertNotIn('r00tSecretPw', log)


class UserDataTest(ServedTestCase):
    """An engine on the test's database, its CFN API on a loopback port."""

    def setUp(self):
        super().setUp()
        self.config(group='cloud_sim', run_user_data=True, user_data_timeout=20)

    def console(self) -> str:
        server_id = self.physical_id('Server')
        if not server_id:       # not created yet
            return ''
        return self.cloud.get_server_console_output(server_id)['output']

    def console_until(self, text: str, timeout: float = 10) -> str:
        ends = time.monotonic() + timeout
        while time.monotonic() < ends:
            output = self.console()
            if text in output:
                return output
            time.sleep(0.05)
        self.fail('%r never reached the console:\n%s' % (text, self.console()))

    def test_a_script_calling_opt_aws_bin_cfn_signal_completes_the_stack(self):
        stack_id = self.start(instance('''
            #!/bin/bash
            echo "sim=$HEAT_CLOUD_SIM home=$HOME"
            /opt/aws/bin/cfn-signal -e 0 -r done -d "$(pwd)" -i id1 '${Handle}'
        '''), 'Data: {Value: !GetAtt Wait.Data}\n')
        self.assertEqual('CREATE_COMPLETE', self.finish(stack_id))
        sandbox = json.loads(self.outputs()['Data'])['id1']
        console = self.console_until('user data exited with status 0')
        self.assertIn('sim=1 home=%s' % sandbox, console)
        self.assertFalse(os.path.exists(sandbox), 'the temporary directory is removed')

    def test_a_script_that_fails_before_signalling_ends_in_the_wait_timeout(self):
        stack_id = self.start(instance('''
            #!/bin/sh
            echo configuring
            exit 7
            cfn-signal -e 0 '${Handle}'
        ''', timeout=1), disable_rollback=True)
        self.assertEqual('CREATE_FAILED', self.finish(stack_id))
        self.assertIn('WaitConditionTimeout', self.reason('Wait'))
        self.assertEqual('CREATE_COMPLETE', self.resource('Server')['resource_status'])
        self.assertEqual('ACTIVE', self.cloud.get_server(self.physical_id('Server')).status)
        self.assertIn('configuring\n[heat-cloud-sim] user data exited with status 7',
                      self.console())

    def test_a_failing_command_signalled_by_its_exit_code_fails_the_wait(self):
        stack_id = self.start(instance('''
            #!/bin/bash
            false
            cfn-signal -e $? -r "install failed" '${Handle}'
        '''), disable_rollback=True)
        self.assertEqual('CREATE_FAILED', self.finish(stack_id))
        self.assertIn('WaitConditionFailure: install failed', self.reason('Wait'))

    def test_a_hung_script_and_its_children_are_killed_at_user_data_timeout(self):
        self.config(group='cloud_sim', user_data_timeout=1)
        stack_id = self.start(instance('''
            #!/bin/bash
            sleep 60 &
            echo "pids $$ $!"
            sleep 60
        ''', timeout=2), disable_rollback=True)
        console = self.console_until('user data killed after 1 s (user_data_timeout)')
        pids = [int(p) for p in console.split('pids ')[1].split()[:2]]
        time.sleep(0.2)
        self.assertEqual([], [pid for pid in pids if _running(pid)])
        self.assertEqual('CREATE_FAILED', self.finish(stack_id))

    def test_a_server_without_a_script_runs_nothing(self):
        stack_id = self.start(instance('just some data', timeout=1), disable_rollback=True)
        self.assertEqual('CREATE_FAILED', self.finish(stack_id))
        console = self.console_until('user data nothing to run')
        self.assertIn('not a script (no #! line)', console)

    def test_cfn_init_fetches_metadata_from_the_cfn_api_and_records_packages(self):
        metadata = '''      Metadata:
        AWS::CloudFormation::Init:
          config:
            packages: {yum: {httpd: []}}
            services: {systemd: {httpd: {enabled: "true", ensureRunning: "true"}}}
            files:
              /etc/greeting: {content: hello from metadata, mode: "000600", owner: root}
            commands:
              a_copy: {command: cat etc/greeting > copied}
'''
        resources = '''
    Key:
      Type: AWS::IAM::AccessKey
      Properties: {UserName: !Ref User}
    User:
      Type: AWS::IAM::User
''' + instance('''
            #!/bin/bash
            cfn-init -s ${AWS::StackName} -r Server \\
              --access-key ${Key} --secret-key ${Key.SecretAccessKey}
            cfn-signal -e $? -i init '${Handle}' \\
              -d "$(cat copied) $(grep -c '"kind"' var/log/cfn-init-actions.json)"
        ''', metadata=metadata)
        stack_id = self.start(resources, 'Data: {Value: !GetAtt Wait.Data}\n',
                              disable_rollback=True)
        self.assertEqual('CREATE_COMPLETE', self.finish(stack_id), self.reason('Wait'))
        # the file written, the command run; packages, services, owner recorded
        self.assertEqual({'init': 'hello from metadata 3'}, json.loads(self.outputs()['Data']))
        console = self.console_until('user data exited with status 0')
        self.assertIn('cfn-init (simulated): packages of config config recorded, not '
                      'performed: {"yum": {"httpd": []}}', console)

    def test_a_multipart_runs_its_shell_scripts_with_its_cfn_init_data(self):
        stack_id = self.start(instance('''
            Content-Type: multipart/mixed; boundary="==BOUNDARY=="
            MIME-Version: 1.0

            --==BOUNDARY==
            Content-Type: text/x-cfninitdata; charset="us-ascii"
            Content-Disposition: attachment; filename="cfn-init-data"

            {"AWS::CloudFormation::Init":
              {"config": {"files": {"/srv/motd": {"content": "booted"}}}}}
            --==BOUNDARY==
            Content-Type: text/cloud-config; charset="us-ascii"
            Content-Disposition: attachment; filename="cloud-config"

            runcmd: [reboot]
            --==BOUNDARY==
            Content-Type: text/x-shellscript; charset="us-ascii"
            Content-Disposition: attachment; filename="configure"

            #!/bin/sh
            /opt/aws/bin/cfn-init -s ${AWS::StackName} -r Server
            cfn-signal -e $? -i part -d "$(cat srv/motd)" '${Handle}'
            --==BOUNDARY==--
        '''), 'Data: {Value: !GetAtt Wait.Data}\n', disable_rollback=True)
        self.assertEqual('CREATE_COMPLETE', self.finish(stack_id), self.console())
        self.assertEqual({'part': 'booted'}, json.loads(self.outputs()['Data']))
        self.assertIn('part cloud-config (text/cloud-config) is not run',
                      self.console_until('user data exited with status 0'))


def _running(pid: int) -> bool:
    """Whether ``pid`` is a live process.  A killed orphan can linger as a
    zombie where PID 1 (a container's init) does not reap it: it has
    ended, so it counts as gone."""
    try:
        with open('/proc/%d/stat' % pid) as f:
            state = f.read().rsplit(')', 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ('Z', 'X')
