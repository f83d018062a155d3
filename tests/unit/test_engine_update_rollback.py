"""Update failure, rollback, cancel update, continue rollback and engine
death during an update, on a real database."""

import datetime
import time

from sqlalchemy import update as sql_update

from heat_core.db import models as m
from heat_core.engine import service_update
from heat_core.engine import update as upd
from heat_core.engine.service import EngineService
from heat_core.engine.service_update import NotSupported
from tests.unit.test_engine_update import UpdateTestCase

ONE = '''
    heat_template_version: 2018-08-31
    resources:
      server:
        type: OS::Heat::TestResource
        properties: {value: one, update_replace: true}
      config:
        type: OS::Heat::TestResource
        properties: {value: one}
    outputs:
      server: {value: {get_attr: [server, output]}}
      config: {value: {get_attr: [config, output]}}
'''

# server replaced and config updated in place, then "bad" fails
TWO_FAILING = '''
    heat_template_version: 2018-08-31
    resources:
      server:
        type: OS::Heat::TestResource
        properties: {value: two, update_replace: true}
      config:
        type: OS::Heat::TestResource
        properties: {value: two}
      extra:
        type: OS::Heat::TestResource
      bad:
        type: OS::Heat::TestResource
        properties: {fail: true}
        depends_on: [server, config, extra]
    outputs:
      server: {value: {get_attr: [server, output]}}
      config: {value: {get_attr: [config, output]}}
'''


class RollbackTest(UpdateTestCase):

    def test_failed_update_rolls_back_to_the_previous_template(self):
        old = self.create(ONE)
        self.update(TWO_FAILING)
        shown = self.service.show_stack(self.ctx, 'stack')
        self.assertEqual('ROLLBACK_COMPLETE', shown['stack_status'])
        self.assertEqual('Stack ROLLBACK completed successfully', shown['stack_status_reason'])
        words = [w for w in self.event_words() if w.startswith('stack ')]
        self.assertEqual(['stack CREATE_IN_PROGRESS', 'stack CREATE_COMPLETE',
                          'stack UPDATE_IN_PROGRESS', 'stack UPDATE_FAILED',
                          'stack ROLLBACK_IN_PROGRESS', 'stack ROLLBACK_COMPLETE'], words)
        row = self.service.store.get_stack(old['id'])
        self.assertEqual(old['raw_template_id'], row['raw_template_id'])
        # the failed template is now the previous one: this ROLLBACK is an update's
        self.assertIn('fail: true', self.service.store.get_template(
            row['prev_raw_template_id'])['template'])
        self.assertTrue(upd.is_update_rollback(row))

    def test_create_rollback_is_not_an_update_rollback(self):
        row = self.create(TWO_FAILING)
        self.assertEqual('ROLLBACK_COMPLETE', self.status())
        self.assertFalse(upd.is_update_rollback(self.service.store.get_stack(row['id'])))

    def test_update_failure_reason_names_the_resource(self):
        self.create(ONE)
        self.update(TWO_FAILING)
        events = self.service.list_events(self.ctx, 'stack', resource_name='stack')
        failed = [e for e in events if e['resource_status'] == 'UPDATE_FAILED']
        self.assertEqual('Resource UPDATE failed: bad: Test Resource failed bad',
                         failed[0]['resource_status_reason'])

    def test_rollback_restores_the_old_values(self):
        self.create(ONE)
        self.update(TWO_FAILING)
        self.assertEqual(('one', 'one'), (self.output('server'), self.output('config')))

    def test_rollback_swaps_the_replaced_resource_back_without_recreating_it(self):
        self.create(ONE)
        old_id = self.resource_rows()['server']['physical_resource_id']
        self.update(TWO_FAILING)
        server_events = [w for w in self.update_events() if w.startswith('server ')]
        # the replacement is created during the update and deleted by the rollback
        self.assertEqual(['server CREATE_IN_PROGRESS', 'server CREATE_COMPLETE',
                          'server DELETE_IN_PROGRESS', 'server DELETE_COMPLETE'],
                         server_events)
        rows = self.resource_rows()
        self.assertEqual(old_id, rows['server']['physical_resource_id'])
        self.assertEqual(('CREATE', 'COMPLETE', None),
                         (rows['server']['action'], rows['server']['status'],
                          rows['server']['replaced_by']))

    def test_rollback_deletes_the_resources_the_update_created(self):
        self.create(ONE)
        self.update(TWO_FAILING)
        self.assertEqual({'server': 'CREATE_COMPLETE', 'config': 'UPDATE_COMPLETE'},
                         self.resource_statuses())
        row = self.service.identify(self.ctx, 'stack')
        self.assertEqual(2, len(self.service.store.resources(row['id'])))

    def test_failed_in_place_update_is_retried_by_the_rollback(self):
        self.create(ONE)
        self.update(ONE.replace('{value: one}', '{value: two, fail: true}'))
        self.assertEqual('ROLLBACK_COMPLETE', self.status())
        events = [w for w in self.update_events() if w.startswith('config ')]
        self.assertEqual(['config UPDATE_IN_PROGRESS', 'config UPDATE_FAILED',
                          'config UPDATE_IN_PROGRESS', 'config UPDATE_COMPLETE'], events)
        self.assertEqual('one', self.output('config'))

    def test_disable_rollback_leaves_update_failed(self):
        self.create(ONE)
        self.update(TWO_FAILING, disable_rollback=True)
        self.assertEqual('UPDATE_FAILED', self.status())
        self.assertEqual({'server': 'CREATE_COMPLETE', 'config': 'UPDATE_COMPLETE',
                          'extra': 'CREATE_COMPLETE', 'bad': 'CREATE_FAILED'},
                         self.resource_statuses())

    def test_next_update_after_a_failed_one_takes_the_kept_resource_back(self):
        self.create(ONE)
        old_id = self.resource_rows()['server']['physical_resource_id']
        self.update(TWO_FAILING, disable_rollback=True)
        self.update(ONE)
        self.assertEqual('UPDATE_COMPLETE', self.status())
        rows = self.resource_rows()
        self.assertEqual(['config', 'server'], sorted(rows))
        self.assertEqual(old_id, rows['server']['physical_resource_id'])
        self.assertEqual(('one', 'one'), (self.output('server'), self.output('config')))


SLOW_ONE = '''
    heat_template_version: 2018-08-31
    resources:
      slow:
        type: OS::Heat::TestResource
        properties: {value: one, action_wait_secs: {update: 0.3}}
      after:
        type: OS::Heat::TestResource
        properties: {value: one}
        depends_on: slow
    outputs:
      slow: {value: {get_attr: [slow, output]}}
'''


class CancelTest(UpdateTestCase):

    def start_slow_update(self):
        row = self.create(SLOW_ONE)
        self.update(SLOW_ONE.replace('value: one', 'value: two'), wait=False)
        deadline = time.monotonic() + 10
        while 'slow UPDATE_IN_PROGRESS' not in self.event_words():
            self.assertLess(time.monotonic(), deadline)
            time.sleep(0.01)
        return row

    def test_cancel_without_rollback_leaves_update_failed(self):
        row = self.start_slow_update()
        self.service.cancel_update(self.ctx, 'stack', rollback=False)
        self.service.wait(row['id'])
        shown = self.service.show_stack(self.ctx, 'stack')
        self.assertEqual(('UPDATE_FAILED', 'Stack UPDATE cancelled'),
                         (shown['stack_status'], shown['stack_status_reason']))
        # the resource in flight finished; the one after it never started
        self.assertEqual({'slow': 'UPDATE_COMPLETE', 'after': 'CREATE_COMPLETE'},
                         self.resource_statuses())

    def test_cancel_rolls_back(self):
        row = self.start_slow_update()
        self.service.cancel_update(self.ctx, 'stack')
        self.service.wait(row['id'])
        self.assertEqual('ROLLBACK_COMPLETE', self.status())
        self.assertEqual('one', self.output('slow'))
        self.assertNotIn('after UPDATE_IN_PROGRESS', self.event_words())

    def test_cancel_needs_an_update_in_progress(self):
        self.create(SLOW_ONE)
        err = self.assertRaises(NotSupported, self.service.cancel_update, self.ctx, 'stack')
        self.assertEqual('Cancelling update when stack is CREATE_COMPLETE is not supported.',
                         str(err))


HANGING_DELETE = '''
    heat_template_version: 2018-08-31
    resources:
      server:
        type: OS::Heat::TestResource
        properties: {value: one, update_replace: true}
      config:
        type: OS::Heat::TestResource
        properties: {value: one}
      slow_delete:
        type: OS::Heat::TestResource
        properties: {action_wait_secs: {delete: 1.5}}
      bad:
        type: OS::Heat::TestResource
        properties: {fail: true}
        depends_on: slow_delete
'''


class ContinueRollbackTest(UpdateTestCase):

    def test_continue_update_rollback_retries_a_failed_rollback(self):
        row = self.create(ONE)
        # the rollback must delete slow_delete, which outlasts the 0.6 s timeout
        self.update(HANGING_DELETE, timeout_mins=0.01)
        shown = self.service.show_stack(self.ctx, 'stack')
        self.assertEqual(('ROLLBACK_FAILED', 'Resource ROLLBACK failed: slow_delete: DELETE '
                          'timed out'), (shown['stack_status'], shown['stack_status_reason']))
        self.service.continue_update_rollback(self.ctx, 'stack', wait=True)
        self.assertEqual('ROLLBACK_COMPLETE', self.status())
        self.assertEqual({'server': 'CREATE_COMPLETE', 'config': 'CREATE_COMPLETE'},
                         self.resource_statuses())
        self.assertEqual(row['raw_template_id'],
                         self.service.identify(self.ctx, 'stack')['raw_template_id'])

    def test_continue_update_rollback_needs_a_failed_rollback(self):
        self.create(ONE)
        err = self.assertRaises(NotSupported, self.service.continue_update_rollback,
                                self.ctx, 'stack')
        self.assertEqual('Continuing an update rollback when stack is CREATE_COMPLETE is '
                         'not supported.', str(err))


class EngineDeathTest(UpdateTestCase):

    def test_update_interrupted_by_engine_death_is_failed_and_rolled_back(self):
        row = self.create(ONE)
        old_id = self.resource_rows()['server']['physical_resource_id']

        def dies_after_replacing_server(target, current, row, control, load_stack,
                                        timeout_mins=None):
            upd.StackUpdate(current, target).perform('server')

        self.patch(upd, 'update', dies_after_replacing_server)
        self.patch(self.service.liveness, 'release', lambda stack_id: None)
        self.update(TWO_FAILING.replace('fail: true', 'fail: false'), wait=True)
        self.assertEqual('UPDATE_IN_PROGRESS', self.status())
        self._kill(self.service)

        other = EngineService()
        self.addCleanup(other.stop)
        self.assertEqual([row['id']], other.recover(wait=True))
        words = [w for w in self.event_words() if w.startswith('stack ')]
        self.assertEqual(['stack UPDATE_FAILED', 'stack ROLLBACK_IN_PROGRESS',
                          'stack ROLLBACK_COMPLETE'], words[-3:])
        events = self.service.list_events(self.ctx, 'stack', resource_name='stack')
        self.assertEqual('Engine went down during stack UPDATE',
                         events[-3]['resource_status_reason'])
        rows = self.resource_rows()
        self.assertEqual(['config', 'server'], sorted(rows))
        self.assertEqual(old_id, rows['server']['physical_resource_id'])

    def _kill(self, service):
        """The engine stops beating, as if its process died."""
        service.liveness._stop.set()
        service.liveness._thread.join()
        engines = m.Engine.__table__
        with service.store.engine.begin() as c:
            c.execute(sql_update(engines).where(engines.c.id == service.liveness.id).values(
                heartbeat_at=m.utcnow() - datetime.timedelta(hours=1)))


class PostgreSQLRollbackTest(UpdateTestCase):
    """Update rollback on PostgreSQL."""

    backend = 'postgresql'

    def test_failed_update_rolls_back(self):
        self.create(ONE)
        old_id = self.resource_rows()['server']['physical_resource_id']
        self.update(TWO_FAILING)
        self.assertEqual('ROLLBACK_COMPLETE', self.status())
        self.assertEqual(old_id, self.resource_rows()['server']['physical_resource_id'])
        self.assertEqual(('one', 'one'), (self.output('server'), self.output('config')))


class EngineErrorTest(UpdateTestCase):

    def test_an_engine_error_fails_the_update_instead_of_leaving_it_in_progress(self):
        self.create(ONE)

        def broken(*args, **kwargs):
            raise RuntimeError('boom')

        self.patch(upd, 'update', broken)
        self.patch(service_update.LOG, 'disabled', True)   # the traceback is expected
        self.update(TWO_FAILING)
        shown = self.service.show_stack(self.ctx, 'stack')
        self.assertEqual(('UPDATE_FAILED', 'Stack UPDATE failed: RuntimeError: boom'),
                         (shown['stack_status'], shown['stack_status_reason']))
