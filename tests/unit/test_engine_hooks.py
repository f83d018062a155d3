"""Resource breakpoints (hooks) set by the environment: a resource pauses
before its create / update / delete until a signal ``unset_hook`` clears
the hook; through the engine service, on a real database."""

import json
import textwrap
import time

from heat_core.engine.hooks import InvalidBreakPointHook
from heat_core.engine.service_reads import NotFound
from tests import base

PAIR = '''
    heat_template_version: 2018-08-31
    resources:
      first: {type: OS::Heat::None}
      second: {type: OS::Heat::None, depends_on: first}
      other: {type: OS::Heat::None}
'''

PAUSED = 'CREATE paused until Hook pre-create is cleared'


def hooks_env(**hooks) -> list:
    """``env_texts`` setting ``hooks`` (resource name -> hook or list)."""
    resources = {name.replace('_STAR', '*'): {'hooks': hook} for name, hook in hooks.items()}
    return [(json.dumps({'resource_registry': {'resources': resources}}), 'hooks.yaml')]


class HookTestCase(base.EngineTestCase):

    def start(self, text=PAIR, **kwargs):
        """Start a create (not waiting); returns the stack id."""
        ident = self.service.create_stack(self.ctx, 'stack', textwrap.dedent(text),
                                          template_name='template.yaml', wait=False, **kwargs)
        self.addCleanup(self.service.wait, ident['stack_id'], 30)
        self.addCleanup(self.unblock, ident['stack_id'])
        return ident['stack_id']

    def unblock(self, stack_id):
        """Clear what a failed test left paused (the service stops only
        when its operations have ended)."""
        ends = time.monotonic() + 10
        while self.status(stack_id).endswith('IN_PROGRESS') and time.monotonic() < ends:
            for sid in [stack_id] + [r['id'] for r in self.service.nested_rows(stack_id, 5)]:
                for row in self.service.store.resources(sid):
                    for hook, on in ((row['data'] or {}).get('pending_hooks') or {}).items():
                        if on:
                            self.service.signal_resource(self.ctx, sid, row['name'],
                                                         {'unset_hook': hook})
            time.sleep(0.05)

    def reasons(self, resource_name, name='stack') -> list:
        try:
            events = self.service.list_events(self.ctx, name, resource_name=resource_name)
        except NotFound:      # none yet
            return []
        return [e['resource_status_reason'] for e in events]

    def wait_for_event(self, resource_name, reason, name='stack', timeout=10.0):
        ends = time.monotonic() + timeout
        while reason not in self.reasons(resource_name, name):
            if time.monotonic() > ends:
                self.fail('no event "%s" of %s: %s' % (reason, resource_name,
                                                      self.reasons(resource_name, name)))
            time.sleep(0.02)


class PreCreateTest(HookTestCase):

    def test_a_pre_create_hook_pauses_the_resource_and_its_dependents(self):
        stack_id = self.start(env_texts=hooks_env(first='pre-create'))
        self.wait_for_event('first', PAUSED)
        self.service.wait(stack_id, 0.3)      # it stays paused
        self.assertEqual('CREATE_IN_PROGRESS', self.status())
        statuses = self.resource_statuses()
        self.assertEqual('CREATE_IN_PROGRESS', statuses['first'])
        self.assertEqual('INIT_COMPLETE', statuses['second'])
        # a resource without the hook is not held up
        self.assertEqual('CREATE_COMPLETE', statuses['other'])

    def test_clearing_the_hook_by_signal_lets_the_create_finish(self):
        stack_id = self.start(env_texts=hooks_env(first='pre-create'))
        self.wait_for_event('first', PAUSED)
        self.service.signal_resource(self.ctx, 'stack', 'first', {'unset_hook': 'pre-create'})
        self.service.wait(stack_id, 10)
        self.assertEqual('CREATE_COMPLETE', self.status())
        self.assertEqual(['state changed', PAUSED, 'Hook pre-create is cleared',
                          'state changed'], self.reasons('first'))

    def test_a_name_pattern_sets_hooks_on_every_matching_resource(self):
        stack_id = self.start(env_texts=hooks_env(o_STAR=['pre-create', 'pre-delete']))
        self.wait_for_event('other', PAUSED)
        self.assertNotIn(PAUSED, self.reasons('first'))
        self.service.signal_resource(self.ctx, 'stack', 'other', {'unset_hook': 'pre-create'})
        self.service.wait(stack_id, 10)
        self.assertEqual('CREATE_COMPLETE', self.status())

    def test_the_stack_timeout_applies_while_paused(self):
        stack_id = self.start(env_texts=hooks_env(first='pre-create'), timeout_mins=0.02,
                              disable_rollback=True)
        self.service.wait(stack_id, 10)
        shown = self.service.show_stack(self.ctx, 'stack')
        self.assertEqual('CREATE_FAILED', shown['stack_status'])
        self.assertIn('timed out', shown['stack_status_reason'])
        self.assertEqual(['state changed', PAUSED, 'Failure occurred while waiting.',
                          'CREATE timed out'], self.reasons('first'))


class UnsetHookTest(HookTestCase):

    def test_clearing_a_hook_that_is_not_pending_is_refused(self):
        stack_id = self.start(env_texts=hooks_env(first='pre-create'))
        self.wait_for_event('first', PAUSED)
        err = self.assertRaises(InvalidBreakPointHook, self.service.signal_resource,
                                self.ctx, 'stack', 'other', {'unset_hook': 'pre-create'})
        self.assertEqual('InvalidBreakPointHook', err.code)
        self.assertEqual(400, err.http_status)
        self.assertRegex(str(err), r'^The "pre-create" hook is not defined on \w+ "other" ')
        self.service.signal_resource(self.ctx, 'stack', 'first', {'unset_hook': 'pre-create'})
        self.service.wait(stack_id, 10)
        self.assertEqual('CREATE_COMPLETE', self.status())

    def test_an_unknown_hook_type_is_refused(self):
        self.create(PAIR)
        err = self.assertRaises(InvalidBreakPointHook, self.service.signal_resource,
                                self.ctx, 'stack', 'first', {'unset_hook': 'pre-lunch'})
        self.assertRegex(str(err), r'^Invalid hook type "pre-lunch" for \w+ "first" ')

    def test_a_cleared_hook_cannot_be_cleared_again(self):
        stack_id = self.start(env_texts=hooks_env(first='pre-create'))
        self.wait_for_event('first', PAUSED)
        self.service.signal_resource(self.ctx, 'stack', 'first', {'unset_hook': 'pre-create'})
        self.service.wait(stack_id, 10)
        self.assertRaises(InvalidBreakPointHook, self.service.signal_resource,
                          self.ctx, 'stack', 'first', {'unset_hook': 'pre-create'})


class PreDeleteTest(HookTestCase):

    def test_a_pre_delete_hook_pauses_the_delete_until_cleared(self):
        row = self.create(PAIR, env_texts=hooks_env(second='pre-delete'))
        self.assertEqual('CREATE_COMPLETE', self.status())
        self.service.delete_stack(self.ctx, 'stack')
        self.addCleanup(self.service.wait, row['id'], 30)
        paused = 'DELETE paused until Hook pre-delete is cleared'
        self.wait_for_event('second', paused, name=row['id'])
        self.assertEqual('DELETE_IN_PROGRESS', self.status(row['id']))
        # its dependency waits for it
        self.assertEqual('CREATE_COMPLETE', self.resource_statuses(row['id'])['first'])
        self.service.signal_resource(self.ctx, row['id'], 'second',
                                     {'unset_hook': 'pre-delete'})
        self.service.wait(row['id'], 10)
        self.assertEqual('DELETE_COMPLETE', self.status(row['id']))


class NoHooksTest(HookTestCase):

    def test_hooks_of_other_actions_do_not_pause_a_create(self):
        self.create(PAIR, env_texts=hooks_env(first=['pre-update', 'pre-delete']))
        self.assertEqual('CREATE_COMPLETE', self.status())
        self.assertNotIn(PAUSED, self.reasons('first'))


class PreUpdateTest(HookTestCase):

    def test_a_pre_update_hook_pauses_an_in_place_update_until_cleared(self):
        template = textwrap.dedent('''
            heat_template_version: 2018-08-31
            resources:
              first: {type: OS::Heat::TestResource, properties: {value: %s}}
        ''')
        row = self.create(template % 'one')
        self.service.update_stack(self.ctx, 'stack', template % 'two',
                                  env_texts=hooks_env(first='pre-update'), wait=False)
        self.addCleanup(self.service.wait, row['id'], 30)
        self.addCleanup(self.unblock, row['id'])
        paused = 'UPDATE paused until Hook pre-update is cleared'
        self.wait_for_event('first', paused)
        self.assertEqual('UPDATE_IN_PROGRESS', self.status())
        self.service.signal_resource(self.ctx, 'stack', 'first', {'unset_hook': 'pre-update'})
        self.service.wait(row['id'], 10)
        self.assertEqual('UPDATE_COMPLETE', self.status())
        self.assertEqual(['Hook pre-update is cleared', 'state changed'],
                         self.reasons('first')[-2:])


CHILD = '''
    heat_template_version: 2018-08-31
    resources:
      inner: {type: OS::Heat::None}
'''


class NestedHookTest(HookTestCase):

    def test_a_hook_on_a_resource_of_a_child_stack_pauses_it(self):
        env = [(json.dumps({'resource_registry': {'resources': {
            'nested': {'inner': {'hooks': 'pre-create'}}}}}), 'hooks.yaml')]
        stack_id = self.start('''
            heat_template_version: 2018-08-31
            resources:
              nested: {type: child.yaml}
              inner: {type: OS::Heat::None}
        ''', env_texts=env, files={'child.yaml': textwrap.dedent(CHILD)})

        def children():
            return self.service.nested_rows(stack_id, 1)
        ends = time.monotonic() + 10
        while not children() and time.monotonic() < ends:
            time.sleep(0.02)
        child = children()[0]['id']
        self.wait_for_event('inner', PAUSED, name=child)
        self.assertEqual(child, self.service.show_resource(
            self.ctx, 'stack', 'nested')['physical_resource_id'])
        # only the child's "inner": the parent's resource of that name is not held
        self.assertNotIn(PAUSED, self.reasons('inner'))
        self.assertEqual('CREATE_COMPLETE', self.resource_statuses()['inner'])
        self.service.signal_resource(self.ctx, child, 'inner', {'unset_hook': 'pre-create'})
        self.service.wait(stack_id, 10)
        self.assertEqual('CREATE_COMPLETE', self.status())


    def test_a_hook_of_the_parent_does_not_reach_a_child_resource_of_that_name(self):
        # "inner" at the top level names the parent's resources only (as in
        # Heat, a child gets just the entries under its own resource name)
        stack_id = self.start('''
            heat_template_version: 2018-08-31
            resources:
              nested: {type: child.yaml}
        ''', env_texts=hooks_env(inner='pre-create'),
            files={'child.yaml': textwrap.dedent(CHILD)})
        self.service.wait(stack_id, 10)
        self.assertEqual('CREATE_COMPLETE', self.status())

class PostCreateTest(HookTestCase):

    def test_a_post_create_hook_pauses_after_the_handler_ran(self):
        stack_id = self.start(env_texts=hooks_env(first='post-create'))
        paused = 'CREATE paused until Hook post-create is cleared'
        self.wait_for_event('first', paused)
        shown = self.service.show_resource(self.ctx, 'stack', 'first')
        self.assertEqual('CREATE_IN_PROGRESS', shown['resource_status'])
        self.assertEqual('INIT_COMPLETE', self.resource_statuses()['second'])
        self.service.signal_resource(self.ctx, 'stack', 'first',
                                     {'unset_hook': 'post-create'})
        self.service.wait(stack_id, 10)
        self.assertEqual('CREATE_COMPLETE', self.status())
