"""python-heatclient options of ``heat stack ...`` that our commands take
too (local mode: the installed ``heat``, each test on its own data home)."""

from __future__ import annotations

import json

from heat_core.engine.context import RequestContext
from tests import base
from tests.functional.test_cli_stack import StackCliTestCase

WAIT_HANDLE = '''\
AWSTemplateFormatVersion: '2010-09-09'
Resources:
  handle:
    Type: AWS::CloudFormation::WaitConditionHandle
'''


class TestCreatePoll(StackCliTestCase):

    def test_create_wait_with_a_poll_interval_streams_the_events(self):
        result = self.heat('stack', 'create', '--wait', '--poll', '1', '-t', 'hello.yaml',
                           'hello')
        self.assertEqual(('', 0), (result.stderr, result.returncode))
        self.assertIn('[hello]: CREATE_COMPLETE', result.stdout)
        self.assertEqual('CREATE_COMPLETE', self.status())

    def test_poll_must_be_a_positive_number_of_seconds(self):
        result = self.heat('stack', 'create', '--wait', '--poll', '0', '-t', 'hello.yaml',
                           'hello')
        self.assertEqual(('--poll must be a positive number of seconds\n', 1),
                         (result.stderr, result.returncode))
        result = self.heat('stack', 'create', '--poll', 'soon', '-t', 'hello.yaml', 'hello')
        self.assertEqual(2, result.returncode)
        self.assertIn("argument --poll: invalid int value: 'soon'", result.stderr)


class TestListProject(StackCliTestCase):

    def test_project_is_refused_in_local_mode_with_one_line(self):
        self.create()
        result = self.heat('stack', 'list', '--project', 'other')
        self.assertEqual(('--project: local mode has a single project; use a Heat endpoint '
                          '(--os-heat-url) to list the stacks of a project\n', 1),
                         (result.stderr, result.returncode))

    def test_project_domain_needs_a_project(self):
        result = self.heat('stack', 'list', '--project-domain', 'Default')
        self.assertEqual(('--project-domain needs --project\n', 1),
                         (result.stderr, result.returncode))


class TestTenantFilter(base.EngineTestCase):
    """What ``--project`` sends a Heat endpoint: the ``tenant`` list filter
    with ``global_tenant`` (admin)."""

    def test_an_admin_lists_the_stacks_of_one_project(self):
        other = RequestContext(tenant='tenant-b', user='bob')
        self.service.create_stack(self.ctx, 'mine', HELLO_CFN, wait=True)
        self.service.create_stack(other, 'theirs', HELLO_CFN, wait=True)
        admin = RequestContext(tenant='tenant-a', user='root', roles=['admin'])
        listed = self.service.list_stacks(admin, filters={'tenant': 'tenant-b'},
                                          global_tenant=True)
        self.assertEqual(['theirs'], [s['stack_name'] for s in listed])
        # without global_tenant a project sees only its own stacks
        self.assertEqual([], self.service.list_stacks(self.ctx, filters={'tenant': 'tenant-b'}))


HELLO_CFN = '''\
AWSTemplateFormatVersion: '2010-09-09'
Resources:
  store:
    Type: OS::Heat::TestResource
'''


class TestWaitConditionHandleMetadata(StackCliTestCase):

    def test_the_metadata_of_a_signalled_handle_shows_the_signals(self):
        self.write('handle.yaml', WAIT_HANDLE)
        self.create('waiting', 'handle.yaml')
        self.assertEqual({}, self.heat_json('stack', 'resource', 'metadata', 'waiting',
                                            'handle'))
        signal = {'Status': 'SUCCESS', 'Reason': 'configured', 'UniqueId': 'web1',
                  'Data': 'ready'}
        result = self.heat('stack', 'resource', 'signal', 'waiting', 'handle',
                           '--data', json.dumps(signal))
        self.assertEqual(('', 0), (result.stderr, result.returncode))
        self.assertEqual({'web1': signal},
                         self.heat_json('stack', 'resource', 'metadata', 'waiting', 'handle'))
