"""The installed processes serving the CloudFormation API: heat-all (both
APIs and the engine in one process, each API on its own port) and
heat-api-cfn."""

from __future__ import annotations

import signal
import time

from tests.functional.test_api_cfn_base import ONE_RESOURCE
from tests.functional.test_api_processes import ProcessTestCase


class TestCfnProcesses(ProcessTestCase):

    def cfn(self, boot: dict):
        import boto3
        from botocore.config import Config
        return boto3.session.Session().client(
            'cloudformation', endpoint_url='http://127.0.0.1:%d' % self.cfn_port,
            region_name='RegionOne', aws_access_key_id=boot['ec2_access_key'],
            aws_secret_access_key=boot['ec2_secret_key'],
            config=Config(retries={'max_attempts': 0}))

    def test_heat_all_serves_both_apis_in_one_process(self):
        boot = self.bootstrap()
        proc = self.start('heat-all', '--config-file', self.conf)
        cfn = self.cfn(boot)
        stack_id = cfn.create_stack(StackName='both', TemplateBody=ONE_RESOURCE)['StackId']
        cfn.get_waiter('stack_create_complete').wait(
            StackName='both', WaiterConfig={'Delay': 0.1, 'MaxAttempts': 300})
        # the same stack through the REST API of the same process
        heat = self.heat(boot['project_id'], boot['token'])
        self.assertEqual(stack_id.rsplit('/', 1)[1], heat.stacks.get('both').id)
        proc.send_signal(signal.SIGTERM)
        self.assertEqual(0, proc.wait(30), self.output(proc))

    def test_heat_api_cfn_serves_the_query_api(self):
        boot = self.bootstrap()
        proc = self.start_cfn()
        self.assertEqual([], self.cfn(boot).describe_stacks()['Stacks'])
        proc.send_signal(signal.SIGTERM)
        self.assertEqual(0, proc.wait(30), self.output(proc))

    def test_gunicorns_threaded_workers_serve_heat_api_cfn_wsgi(self):
        boot = self.bootstrap()
        self.env['HEAT_CONFIG_FILE'] = self.conf
        proc = self.start_cfn('gunicorn', '--worker-class', 'gthread', '--workers', '1',
                              '--threads', '2', '--bind', '127.0.0.1:%d' % self.cfn_port,
                              'heat_api.cfn.wsgi:application')
        cfn = self.cfn(boot)
        cfn.create_stack(StackName='served', TemplateBody=ONE_RESOURCE)
        cfn.get_waiter('stack_create_complete').wait(
            StackName='served', WaiterConfig={'Delay': 0.1, 'MaxAttempts': 300})
        self.assertEqual(['served'], [s['StackName'] for s in cfn.describe_stacks()['Stacks']])
        proc.send_signal(signal.SIGTERM)
        self.assertEqual(0, proc.wait(30), self.output(proc))

    def start_cfn(self, *argv):
        """Start ``argv`` (default: heat-api-cfn), which answers no REST
        version document: wait for its port."""
        import os
        import subprocess

        import requests

        from tests.functional.test_api_processes import executable
        log = open(os.path.join(self.home, 'cfn.log'), 'w+')
        self.addCleanup(log.close)
        argv = argv or ('heat-api-cfn', '--config-file', self.conf)
        proc = subprocess.Popen([executable(argv[0]), *argv[1:]],
                                env=self.env, stdout=log, stderr=subprocess.STDOUT)
        proc.log = log
        self.addCleanup(self._stop, proc)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            self.assertIsNone(proc.poll(), self.output(proc))
            try:
                requests.get('http://127.0.0.1:%d/' % self.cfn_port, timeout=5)
                return proc
            except requests.ConnectionError:
                time.sleep(0.1)
        self.fail('heat-api-cfn not listening:\n%s' % self.output(proc))
