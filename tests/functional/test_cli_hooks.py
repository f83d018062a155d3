"""``heat stack create --pre-create``, ``heat stack hook poll`` and ``heat stack
hook clear`` in local mode: a create paused at a hook in one ``heat``
process is cleared from another (the signal goes through the database)."""

from __future__ import annotations

import json
import subprocess
import time

from tests.functional.test_api_base import ApiTestCase
from tests.functional.test_cli_stack import StackCliTestCase, heat_executable

PAIR = '''\
heat_template_version: 2021-04-16
resources:
  r1:
    type: OS::Heat::TestResource
    properties: {value: one}
  r2:
    type: OS::Heat::TestResource
    properties:
      value: {get_attr: [r1, output]}
'''


def wait_until(predicate, timeout: float = 60.0, interval: float = 0.2) -> bool:
    ends = time.monotonic() + timeout
    while time.monotonic() < ends:
        if predicate():
            return True
        time.sleep(interval)
    return False


class TestHooks(StackCliTestCase):

    def setUp(self):
        super().setUp()
        self.write('pair.yaml', PAIR)

    def start_create(self, *args: str) -> subprocess.Popen:
        create = subprocess.Popen([heat_executable(), 'stack', 'create', '--wait', '-t',
                                   'pair.yaml', *args, 'paused'], cwd=self.dir, env=self.env,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.addCleanup(lambda: create.poll() is None and create.kill())
        return create

    def pending(self, create: subprocess.Popen) -> list:
        """``stack hook poll`` rows (none while the stack does not exist yet)."""
        if create.poll() is not None:
            out, err = create.communicate()
            self.fail('the create ended (%s) before the hook was cleared: %s%s'
                      % (create.returncode, out, err))
        poll = self.heat('stack', 'hook', 'poll', 'paused', '-f', 'json')
        return json.loads(poll.stdout) if poll.returncode == 0 else []

    def test_a_pre_create_hook_is_polled_and_cleared_from_another_heat(self):
        create = self.start_create('--pre-create', 'r1')
        self.assertTrue(wait_until(lambda: self.pending(create)),
                        self.heat('stack', 'event', 'list', 'paused').stdout)
        rows = self.pending(create)
        self.assertEqual([('r1', 'CREATE paused until Hook pre-create is cleared',
                           'CREATE_IN_PROGRESS')],
                         [(r['Resource Name'], r['Resource Status Reason'],
                           r['Resource Status']) for r in rows])
        self.assertEqual(['Resource Name', 'ID', 'Resource Status Reason', 'Resource Status',
                          'Event Time'], list(rows[0]))
        # the dependent resource waits for r1
        shown = self.heat('stack', 'resource', 'show', 'paused', 'r2', '-f', 'value',
                          '-c', 'resource_status')
        self.assertEqual('INIT_COMPLETE', shown.stdout.strip())

        cleared = self.heat('stack', 'hook', 'clear', 'paused', 'r1')
        self.assertEqual(('', 0), (cleared.stderr, cleared.returncode))
        out, err = create.communicate(timeout=120)
        self.assertEqual(0, create.returncode, out + err)
        self.assertIn('Hook pre-create is cleared', out)
        self.assertEqual('CREATE_COMPLETE', self.status('paused'))

    def test_the_hook_of_the_command_line_is_kept_in_the_stack_environment(self):
        create = self.start_create('--pre-create', 'r*')
        self.assertTrue(wait_until(lambda: self.pending(create)))
        env = self.heat_json('stack', 'environment', 'show', 'paused')
        self.assertEqual({'r*': {'hooks': 'pre-create'}},
                         env['resource_registry']['resources'])
        cleared = self.heat('stack', 'hook', 'clear', '--pre-create', 'paused', 'r1')
        self.assertEqual(('', 0), (cleared.stderr, cleared.returncode))
        # r2 pauses next, once r1 is created
        self.assertTrue(wait_until(lambda: [r['Resource Name'] for r in self.pending(create)]
                                   == ['r2']))
        cleared = self.heat('stack', 'hook', 'clear', 'paused', 'r2')
        self.assertEqual(0, cleared.returncode, cleared.stderr)
        out, err = create.communicate(timeout=120)
        self.assertEqual(0, create.returncode, out + err)

    def test_clearing_a_hook_that_is_not_pending_fails(self):
        create = self.start_create('--pre-create', 'r1')
        self.assertTrue(wait_until(lambda: self.pending(create)))
        refused = self.heat('stack', 'hook', 'clear', 'paused', 'r2')
        self.assertEqual(1, refused.returncode)
        self.assertIn('The "pre-create" hook is not defined on', refused.stderr)
        self.assertEqual(0, self.heat('stack', 'hook', 'clear', 'paused', 'r1').returncode)
        create.communicate(timeout=120)
        self.assertEqual(0, create.returncode)

    def test_hook_poll_of_a_stack_not_in_progress_fails(self):
        self.create('pair', 'pair.yaml')
        poll = self.heat('stack', 'hook', 'poll', 'pair')
        self.assertEqual(1, poll.returncode)
        self.assertIn('Stack status CREATE_COMPLETE not IN_PROGRESS', poll.stderr)


class TestHooksThroughHeatclient(ApiTestCase):
    """python-heatclient's own hook helpers (``hooks_to_env``,
    ``get_hook_events``, ``clear_hook``) against the REST API."""

    def test_heatclient_sees_and_clears_a_pre_create_hook(self):
        from heatclient import client, exc
        from heatclient.common import event_utils, hook_utils, template_utils
        heat = client.Client('1', endpoint=self.endpoint, token=self.token)
        env: dict = {}
        template_utils.hooks_to_env(env, ['r1'], 'pre-create')
        heat.stacks.create(stack_name='paused', template=PAIR, environment=env,
                           parameters={})
        self.addCleanup(self.service.wait, heat.stacks.get('paused').id, 30)

        def pending():
            return event_utils.get_hook_events(heat, 'paused', {'sort_dir': 'asc'},
                                               hook_type='pre-create')
        self.assertTrue(wait_until(pending, timeout=30))
        self.assertEqual(['r1'], [e.resource_name for e in pending()])
        self.assertEqual('pre-create', hook_utils.get_hook_type_via_status(heat, 'paused'))

        hook_utils.clear_hook(heat, 'paused', 'r1', 'pre-create')
        self.assertTrue(wait_until(
            lambda: heat.stacks.get('paused').stack_status == 'CREATE_COMPLETE', timeout=30))
        self.assertEqual([], pending())
        # a hook no longer pending: Heat's 400 InvalidBreakPointHook
        err = self.assertRaises(exc.HTTPBadRequest, hook_utils.clear_hook, heat, 'paused',
                                'r1', 'pre-create')
        self.assertIn('The "pre-create" hook is not defined on', str(err))
