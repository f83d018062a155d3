"""Nested stacks on bounded thread pools: a resource that is a nested stack
waits for its child's operation, and the child's resources need threads
too.  However wide or deep the tree, the operation ends; these tests run
with pools far smaller than the real ones so that a tree that exhausts
them is small and quick (an engine that deadlocks fails them after a
timeout instead of hanging)."""

import time

from heat_core.engine import nested, walker
from tests import base

#: threads per pool in these tests (a real engine has walker.POOL_SIZE)
SMALL_POOL = 4

LEAF = '''
heat_template_version: 2018-08-31
resources:
  leaf: {type: OS::Heat::TestResource, properties: {value: leaf}}
outputs:
  value: {value: {get_attr: [leaf, output]}}
'''

#: one nested stack holding another (a member of the group below)
MIDDLE = '''
heat_template_version: 2018-08-31
resources:
  inner: {type: leaf.yaml}
outputs:
  value: {value: {get_attr: [inner, value]}}
'''

WIDE = '''
heat_template_version: 2018-08-31
resources:
  group:
    type: OS::Heat::ResourceGroup
    properties:
      count: %d
      resource_def: {type: middle.yaml}
outputs:
  values: {value: {get_attr: [group, value]}}
'''


def chain_files(depth: int) -> dict:
    """``level0.yaml`` nests ``level1.yaml`` ... down to ``depth``, a leaf."""
    files = {'level%d.yaml' % depth: LEAF}
    for i in range(depth - 1, -1, -1):
        files['level%d.yaml' % i] = (
            'heat_template_version: 2018-08-31\n'
            'resources:\n  next: {type: level%d.yaml}\n'
            'outputs:\n  value: {value: {get_attr: [next, value]}}\n' % (i + 1))
    return files


class SmallPoolsTest(base.EngineTestCase):

    #: seconds an operation may take before the engine counts as stuck
    TIMEOUT = 30

    def setUp(self):
        super().setUp()
        self.use_pools(SMALL_POOL)

    def use_pools(self, size: int) -> None:
        """Pools of ``size`` threads for this test only (the process's
        own pools come back afterwards)."""
        saved = walker.POOL_SIZE, walker._pools
        walker.POOL_SIZE, walker._pools = size, {}

        def restore():
            pools = walker._pools
            walker.POOL_SIZE, walker._pools = saved
            for pair in pools.values():
                for pool in pair:
                    pool.shutdown(wait=False)
        self.addCleanup(restore)

    def wait_for(self, stack_id: str, action: str) -> dict:
        """The stack's row once ``action`` has ended (fails after TIMEOUT)."""
        end = time.monotonic() + self.TIMEOUT
        while time.monotonic() < end:
            row = self.service.store.get_stack(stack_id)
            if row['action'] == action and row['status'] != 'IN_PROGRESS':
                self.service.wait(stack_id)
                return row
            time.sleep(0.05)
        self.service._threads.clear()   # the stuck thread is not joined at cleanup
        self.fail('the %s is still %s after %d s: the engine is stuck (all pool threads '
                  'wait for nested stacks)' % (action, row['status'], self.TIMEOUT))

    def create_and_wait(self, text, files) -> dict:
        ident = self.service.create_stack(self.ctx, 'stack', text, files=files,
                                          template_name='template.yaml')
        return self.wait_for(ident['stack_id'], 'CREATE')

    def test_a_group_of_nested_stacks_wider_than_the_pools_completes(self):
        count = 3 * SMALL_POOL
        row = self.create_and_wait(WIDE % count, {'middle.yaml': MIDDLE, 'leaf.yaml': LEAF})
        self.assertEqual('COMPLETE', row['status'], row['status_reason'])
        values = self.service.show_output(self.ctx, 'stack', 'values')['output_value']
        self.assertEqual(['leaf'] * count, values)

    def test_nesting_deeper_than_the_pools_are_wide_completes(self):
        depth = SMALL_POOL + 1
        self.config(max_nested_stack_depth=depth + 1)
        row = self.create_and_wait(
            'heat_template_version: 2018-08-31\nresources:\n  top: {type: level0.yaml}\n'
            'outputs:\n  value: {value: {get_attr: [top, value]}}\n', chain_files(depth))
        self.assertEqual('COMPLETE', row['status'], row['status_reason'])
        self.assertEqual('leaf', self.service.show_output(self.ctx, 'stack', 'value')[
            'output_value'])

    def test_deleting_a_wide_tree_completes(self):
        count = 3 * SMALL_POOL
        row = self.create_and_wait(WIDE % count, {'middle.yaml': MIDDLE, 'leaf.yaml': LEAF})
        self.service.delete_stack(self.ctx, 'stack')
        row = self.wait_for(row['id'], 'DELETE')
        self.assertEqual('COMPLETE', row['status'], row['status_reason'])
        self.assertEqual([], nested.nested_stack_rows(self.service.store, row['id']))


class PostgreSQLSmallPoolsTest(SmallPoolsTest):
    backend = 'postgresql'
