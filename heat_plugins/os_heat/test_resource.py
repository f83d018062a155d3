"""OS::Heat::TestResource: a resource with knobs, for testing Heat itself.

It has no cloud object.  To let tests check that the engine never makes a
resource twice (e.g. when it resumes a create after a crash) nor forgets
one, it records what a real resource would make and delete: when the
environment variable ``HEAT_TEST_RESOURCE_LEDGER`` names a file, every
create and delete appends one JSON line ``{"op", "stack", "row", "resource",
"id"}`` to it (one ``write`` of a short line in append mode, so lines of
several processes do not mix).
"""

import json
import os
import time

from heat_core.constraints import CustomConstraint
from heat_core.resources.resource import Resource, SupportStatus
from heat_core.resources.schema import BOOLEAN, MAP, NUMBER, STRING, Attribute, Schema


def _wait(action: str) -> Schema:
    return Schema(NUMBER, 'Seconds to wait after a %s; when unset, wait_secs applies.' % action,
                  update_allowed=True)


class TestResource(Resource):
    """Stores a string and can be told to wait, fail or be replaced.

    Meant for testing stacks and the engine: ``fail`` makes the current
    action fail, ``wait_secs`` and ``action_wait_secs`` slow actions down,
    ``update_replace`` turns an update of ``value`` into a replacement (and
    turning it on replaces the resource, as in Heat).
    """

    support_status = SupportStatus(version='5.0.0')

    properties_schema = {
        'value': Schema(
            STRING, 'The string to store; the output attribute and the reference give it back.',
            default='test_string', update_allowed=True),
        'update_replace': Schema(
            BOOLEAN, 'When true, a change of value replaces the resource instead of '
            'updating it in place; turning it on replaces the resource.', default=False,
            update_allowed=True),
        'update_replace_value': Schema(
            STRING, 'A stored value whose change always replaces the resource.',
            support_status=SupportStatus(version='7.0.0')),
        'fail': Schema(
            BOOLEAN, 'When true, the action fails (to test failure handling).',
            default=False, update_allowed=True),
        'client_name': Schema(
            STRING, 'Name of a client to poll while waiting.', default='', update_allowed=True),
        'entity_name': Schema(
            STRING, 'Kind of entity the client polls while waiting.', default='',
            update_allowed=True),
        'wait_secs': Schema(
            NUMBER, 'Seconds every action waits before completing (-1: forever).',
            default=0, update_allowed=True),
        'action_wait_secs': Schema(
            MAP, 'Seconds to wait per action, overriding wait_secs.', update_allowed=True,
            schema={'create': _wait('create'), 'update': _wait('update'),
                    'delete': _wait('delete')}),
        'attr_wait_secs': Schema(
            NUMBER, 'Seconds to wait before the output attribute is given.', default=0,
            update_allowed=True, support_status=SupportStatus(version='6.0.0')),
        'constraint_prop_secs': Schema(
            NUMBER, 'Seconds the validation of this value takes (to test slow '
            'constraint checks).', default=0, update_allowed=True,
            constraints=[CustomConstraint('test_constr')],
            support_status=SupportStatus(version='6.0.0')),
    }

    attributes_schema = {
        'output': Attribute('The stored string (the reference gives it too).'),
    }

    # -- run time --------------------------------------------------------------
    def _wait_secs(self, action: str) -> float:
        per_action = self.properties.get('action_wait_secs') or {}
        wait = per_action.get(action)
        return float(self.properties.get('wait_secs') or 0) if wait is None else float(wait)

    def _start(self, action: str):
        return time.monotonic(), self._wait_secs(action)

    def _waited(self, cookie) -> bool:
        """Whether the wait is over.  Each check sleeps up to a poll
        interval of what is left, so the action takes wait_secs (not
        wait_secs plus up to a poll interval), and a long wait costs a check
        per poll interval rather than the engine's quick first polls (which
        a stack of many waiting resources pays in CPU while the others are
        still starting)."""
        started, wait = cookie
        if wait < 0:
            return False
        left = started + wait - time.monotonic()
        if left > 0:
            time.sleep(min(left, self.poll_interval))
            return left <= self.poll_interval
        return True

    def _done(self, cookie) -> bool:
        if not self._waited(cookie):
            return False
        if self.properties.get('fail'):
            from heat_core.resources.runtime import ResourceFailure
            raise ResourceFailure('Test Resource failed %s' % self.name)
        return True

    def handle_create(self):
        if not self.properties.get('fail'):
            # The name is the same when a create is retried after an engine
            # crash, so a retry finds the "object" the first attempt made.
            name = self.physical_resource_name()
            _record('create', self, name)
            self.resource_id_set(name, data={'value': self.properties.get('value')})
        return self._start('create')

    def check_create_complete(self, cookie) -> bool:
        return self._done(cookie)

    def handle_update(self, new_definition, prop_diff):
        if 'value' in prop_diff:
            self.data_set('value', prop_diff['value'])
        self._properties = None
        return self._start('update')

    def check_update_complete(self, cookie) -> bool:
        return self._done(cookie)

    def handle_delete(self):
        if self.resource_id is not None:
            _record('delete', self, self.resource_id)
        return time.monotonic(), self._wait_secs('delete')

    def check_delete_complete(self, cookie) -> bool:
        return self._waited(cookie)

    def needs_replacement(self, new_definition, new_props) -> bool:
        if self.needs_replace:
            return True
        old = self.properties
        if new_props.get('update_replace') and not old.get('update_replace'):
            return True   # turned on: replaced (as in Heat)
        if new_props.get('update_replace') and new_props.get('value') != old.get('value'):
            return True
        if new_props.get('update_replace_value') != old.get('update_replace_value'):
            return True
        return super().needs_replacement(new_definition, new_props)

    def resolve_attribute(self, name):
        if name == 'output':
            return self.data.get('value')
        return None


LEDGER_ENV = 'HEAT_TEST_RESOURCE_LEDGER'


def _record(op: str, res, physical_id: str) -> None:
    path = os.environ.get(LEDGER_ENV)
    if not path:
        return
    line = json.dumps({'op': op, 'stack': res.stack.id, 'row': res.row_id,
                       'resource': res.name, 'id': physical_id}) + '\n'
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, line.encode())
    finally:
        os.close(fd)
