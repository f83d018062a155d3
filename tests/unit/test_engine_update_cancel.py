"""Cancelling an update that another engine runs: two engine services on
one real database (as heat-api and heat-engine, or two ``heat`` processes
in local mode), the request travels through the stack lock."""

import datetime
import time

from sqlalchemy import update as sql_update

from heat_core.db import models as m
from heat_core.engine.service import EngineService
from heat_core.engine.service_update import EventSendFailed, NotSupported
from tests.unit.test_engine_update import UpdateTestCase
from tests.unit.test_engine_update_rollback import SLOW_ONE


class CancelFromAnotherEngineTest(UpdateTestCase):
    """``self.service`` runs the update, ``self.other`` cancels it."""

    def setUp(self):
        super().setUp()
        self.other = EngineService()
        self.addCleanup(self.other.stop)

    def start_slow_update(self):
        row = self.create(SLOW_ONE)
        self.update(SLOW_ONE.replace('value: one', 'value: two'), wait=False)
        deadline = time.monotonic() + 10
        while 'slow UPDATE_IN_PROGRESS' not in self.event_words():
            self.assertLess(time.monotonic(), deadline)
            time.sleep(0.01)
        return row

    def test_cancel_rolls_back_to_the_previous_template(self):
        row = self.start_slow_update()
        self.other.cancel_update(self.ctx, 'stack')
        self.service.wait(row['id'])
        words = [w for w in self.event_words() if w.startswith('stack ')]
        self.assertEqual(['stack UPDATE_IN_PROGRESS', 'stack UPDATE_FAILED',
                          'stack ROLLBACK_IN_PROGRESS', 'stack ROLLBACK_COMPLETE'], words[-4:])
        events = self.service.list_events(self.ctx, 'stack', resource_name='stack')
        self.assertEqual('Stack UPDATE cancelled', events[-3]['resource_status_reason'])
        self.assertEqual('one', self.output('slow'))
        self.assertNotIn('after UPDATE_IN_PROGRESS', self.event_words())

    def test_cancel_without_rollback_leaves_the_update_failed(self):
        row = self.start_slow_update()
        self.other.cancel_update(self.ctx, 'stack', rollback=False)
        self.service.wait(row['id'])
        shown = self.other.show_stack(self.ctx, 'stack')
        self.assertEqual(('UPDATE_FAILED', 'Stack UPDATE cancelled'),
                         (shown['stack_status'], shown['stack_status_reason']))
        # the resource in flight finished; the one after it never started
        self.assertEqual({'slow': 'UPDATE_COMPLETE', 'after': 'CREATE_COMPLETE'},
                         self.resource_statuses())

    def test_the_request_ends_with_the_operation(self):
        row = self.start_slow_update()
        self.other.cancel_update(self.ctx, 'stack', rollback=False)
        self.service.wait(row['id'])
        self.assertIsNone(self.service.liveness.holder(row['id']))
        # the next update is not cancelled by the old request
        self.update(SLOW_ONE.replace('value: one', 'value: three'))
        self.assertEqual('UPDATE_COMPLETE', self.status())
        self.assertEqual('three', self.output('slow'))

    def test_cancel_of_an_idle_stack_is_refused(self):
        self.create(SLOW_ONE)
        err = self.assertRaises(NotSupported, self.other.cancel_update, self.ctx, 'stack')
        self.assertEqual('Cancelling update when stack is CREATE_COMPLETE is not supported.',
                         str(err))

    def test_cancel_of_an_update_whose_engine_died_fails_to_send(self):
        row = self.start_slow_update()
        # the engine stops beating, as if its process died
        self.service.liveness._stop.set()
        self.service.liveness._thread.join()
        engines = m.Engine.__table__
        with self.service.store.engine.begin() as c:
            c.execute(sql_update(engines).where(engines.c.id == self.service.liveness.id)
                      .values(heartbeat_at=m.utcnow() - datetime.timedelta(hours=1)))
        err = self.assertRaises(EventSendFailed, self.other.cancel_update, self.ctx, 'stack')
        self.assertEqual('Failed to send message to stack (stack) on other engine (%s)'
                         % self.service.liveness.id, str(err))
        self.assertEqual(('EventSendFailed', 500), (err.code, err.http_status))
        self.service.wait(row['id'])


class PostgreSQLCancelFromAnotherEngineTest(CancelFromAnotherEngineTest):
    backend = 'postgresql'
