"""Engine policies against the simulated cloud: DeletionPolicy
RetainExceptOnCreate and Snapshot, UpdateReplacePolicy Snapshot, OnFailure
words, the limit on resources of a whole tree of nested stacks, and the
runtime knobs of OS::Heat::TestResource (update_replace, action_wait_secs)."""

import time

from heat_core.engine import nested
from heat_core.engine.listing import InvalidRequest
from tests.unit.test_aws_common import AwsTestCase

VOLUME = '''
    Data:
      Type: AWS::EC2::Volume%s
      Properties: {AvailabilityZone: nova, Size: 2%s}
'''
#: a second resource that fails its create
FAILING = '''
    Broken:
      Type: OS::Heat::TestResource
      DependsOn: Data
      Properties: {fail: true}
'''


def volume(policy: str = '', extra: str = '') -> str:
    return VOLUME % ('\n      ' + policy if policy else '', extra)


class DeletionPolicyTest(AwsTestCase):

    def test_retain_except_on_create_keeps_the_volume_when_the_stack_is_deleted(self):
        self.stack(volume('DeletionPolicy: RetainExceptOnCreate'))
        volume_id = self.physical_id('Data')
        self.delete()
        self.assertEqual([('volume', volume_id)], self.live('volume'))

    def test_retain_except_on_create_deletes_the_volume_when_the_create_rolls_back(self):
        self.stack(volume('DeletionPolicy: RetainExceptOnCreate') + FAILING)
        self.assertEqual('ROLLBACK_COMPLETE', self.status())
        self.assertEqual([], self.live('volume'))

    def test_retain_keeps_the_volume_even_when_the_create_rolls_back(self):
        # Heat: the rollback of a create honours Retain (only
        # RetainExceptOnCreate makes the difference)
        self.stack(volume('DeletionPolicy: Retain') + FAILING)
        self.assertEqual('ROLLBACK_COMPLETE', self.status())
        self.assertEqual(1, len(self.live('volume')))

    def test_snapshot_keeps_a_backup_and_deletes_the_volume(self):
        self.stack(volume('DeletionPolicy: Snapshot'))
        volume_id = self.physical_id('Data')
        self.delete()
        self.assertEqual([], self.live('volume'))
        [backup] = self.cloud.backups()
        self.assertEqual(volume_id, backup.volume_id)


class UpdateReplacePolicyTest(AwsTestCase):

    def test_snapshot_keeps_a_backup_of_the_replaced_volume(self):
        self.stack(volume('UpdateReplacePolicy: Snapshot'))
        old = self.physical_id('Data')
        self.service.mark_unhealthy(self.ctx, 'stack', 'Data', True, 'disk errors')
        self.update(volume('UpdateReplacePolicy: Snapshot'))   # replaces it
        self.assertEqual('UPDATE_COMPLETE', self.status())
        new = self.physical_id('Data')
        self.assertNotEqual(old, new)
        self.assertEqual([('volume', new)], self.live('volume'))
        [backup] = self.cloud.backups()
        self.assertEqual(old, backup.volume_id)

    def test_retain_keeps_the_replaced_volume(self):
        self.stack(volume('UpdateReplacePolicy: Retain'))
        old = self.physical_id('Data')
        self.service.mark_unhealthy(self.ctx, 'stack', 'Data', True, 'disk errors')
        self.update(volume('UpdateReplacePolicy: Retain'))
        new = self.physical_id('Data')
        self.assertEqual(sorted([('volume', old), ('volume', new)]),
                         sorted(self.live('volume')))
        self.assertEqual([], self.cloud.backups())


class OnFailureTest(AwsTestCase):

    def test_do_nothing_leaves_the_failed_create(self):
        self.stack(volume() + FAILING, on_failure='DO_NOTHING')
        self.assertEqual('CREATE_FAILED', self.status())
        self.assertEqual(1, len(self.live('volume')))

    def test_rollback_is_the_default(self):
        self.stack(volume() + FAILING)
        self.assertEqual('ROLLBACK_COMPLETE', self.status())
        self.assertEqual([], self.live('volume'))

    def test_an_unknown_on_failure_word_is_refused_before_anything_is_written(self):
        err = self.assertRaises(InvalidRequest, self.stack, volume(), on_failure='SOMETIMES')
        self.assertEqual('OnFailure must be one of ROLLBACK, DELETE, DO_NOTHING, not '
                         '"SOMETIMES"', str(err))
        self.assertEqual([], self.service.list_stacks(self.ctx))

    def test_disable_rollback_contradicting_on_failure_is_refused(self):
        err = self.assertRaises(InvalidRequest, self.stack, volume(), on_failure='ROLLBACK',
                                disable_rollback=True)
        self.assertIn('disable_rollback and OnFailure', str(err))
        self.assertEqual([], self.service.list_stacks(self.ctx))


LEAVES = '''
heat_template_version: 2018-08-31
resources:
  a: {type: OS::Heat::None}
  b: {type: OS::Heat::None}
  c: {type: OS::Heat::None}
'''


class NestedResourceLimitTest(AwsTestCase):
    """max_resources_per_stack counts the resources of the whole tree (as
    Heat counts a top-level stack's)."""

    TEMPLATE = '''
        heat_template_version: 2018-08-31
        resources:
          one: {type: leaves.yaml}
          two: {type: leaves.yaml, depends_on: one}
    '''

    def test_a_tree_over_the_limit_fails_naming_the_limit(self):
        self.config(max_resources_per_stack=6)   # 2 + 3 + 3 = 8
        self.create(self.TEMPLATE, files={'leaves.yaml': LEAVES}, disable_rollback=True)
        self.assertEqual('CREATE_FAILED', self.status())
        reason = self.service.show_stack(self.ctx, 'stack')['stack_status_reason']
        self.assertEqual('Resource CREATE failed: two: The stack would have 8 resources with '
                         'its nested stacks, more than the limit of 6 '
                         '(max_resources_per_stack)', reason)

    def test_a_tree_at_the_limit_is_created(self):
        self.config(max_resources_per_stack=8)
        self.create(self.TEMPLATE, files={'leaves.yaml': LEAVES})
        self.assertEqual('CREATE_COMPLETE', self.status())

    def test_an_update_does_not_count_the_child_twice(self):
        self.config(max_resources_per_stack=8)
        row = self.create(self.TEMPLATE, files={'leaves.yaml': LEAVES})
        self.service.update_stack(self.ctx, 'stack', self.TEMPLATE.replace('one}', 'one, '
                                  'metadata: {x: 1}}'), files={'leaves.yaml': LEAVES},
                                  template_name='template.yaml', wait=True)
        self.assertEqual('UPDATE_COMPLETE', self.status())
        self.assertEqual(2, len(nested.nested_stack_rows(self.service.store, row['id'])))

    def test_minus_one_is_unlimited(self):
        self.config(max_resources_per_stack=-1)
        self.create(self.TEMPLATE, files={'leaves.yaml': LEAVES})
        self.assertEqual('CREATE_COMPLETE', self.status())


class TestResourceRuntimeTest(AwsTestCase):

    ONE = '''
        heat_template_version: 2018-08-31
        resources:
          r:
            type: OS::Heat::TestResource
            properties: %s
    '''

    def update_to(self, props: str) -> None:
        self.service.update_stack(self.ctx, 'stack', self.ONE % props,
                                  template_name='template.yaml', wait=True)

    def test_update_replace_turning_true_replaces_the_resource(self):
        self.create(self.ONE % '{value: a}')
        before = self.physical_id('r')
        self.update_to('{value: a, update_replace: true}')
        self.assertEqual('UPDATE_COMPLETE', self.status())
        self.assertNotEqual(before, self.physical_id('r'))

    def test_update_replace_false_updates_in_place(self):
        self.create(self.ONE % '{value: a}')
        before = self.physical_id('r')
        self.update_to('{value: b}')
        self.assertEqual(before, self.physical_id('r'))

    def test_action_wait_secs_apply_per_action(self):
        started = time.monotonic()
        self.create(self.ONE % '{action_wait_secs: {create: 0.4, delete: 0}, wait_secs: 5}')
        created = time.monotonic()
        self.delete()
        deleted = time.monotonic()
        self.assertGreaterEqual(created - started, 0.4)
        self.assertLess(created - started, 3)
        self.assertLess(deleted - created, 2)   # not wait_secs: delete says 0


class PostgreSQLDeletionPolicyTest(DeletionPolicyTest):
    backend = 'postgresql'


class PostgreSQLNestedResourceLimitTest(NestedResourceLimitTest):
    backend = 'postgresql'
