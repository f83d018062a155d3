"""AWS::EC2::Volume's update and its DeletionPolicy Snapshot (a Cinder
backup), and the refusals of VolumeAttachment, on the ``openstack``
backend: a real engine whose cloud is openstacksdk over mocked Cinder and
Nova."""

from __future__ import annotations

from tests.unit.test_aws_common import template
from tests.unit.test_cloud_openstack_block_storage import BACKUP_ID, BACKUPS, backup_body
from tests.unit.test_cloud_openstack_fixtures import (
    COMPUTE,
    SERVER_ID,
    VOLUME,
    VOLUME_ID,
    nova_error,
    server_body,
    volume_body,
)
from tests.unit.test_cloud_openstack_resources import (
    ATTACHMENTS,
    MOUNT,
    THE_VOLUME,
    VOLUME_TEMPLATE,
    EngineOnOpenStackTestCase,
)

THE_BACKUP = BACKUPS + '/' + BACKUP_ID
SNAPSHOT_POLICY = '''
    Data:
      Type: AWS::EC2::Volume
      DeletionPolicy: Snapshot
      Properties: {Size: 1, AvailabilityZone: nova}
'''
GONE = nova_error(404, 'Volume %s could not be found.' % VOLUME_ID, 'itemNotFound')


class VolumeTestCase(EngineOnOpenStackTestCase):

    def setUp(self):
        super().setUp()
        self.http.post(VOLUME + '/volumes', status_code=202,
                       json={'volume': volume_body(status='creating')})
        self.http.delete(THE_VOLUME, status_code=202)
        self.http.post(BACKUPS, status_code=202, json={'backup': {
            'id': BACKUP_ID, 'name': 'backup', 'links': []}})

    def reason(self, resource='Data') -> str:
        found, = [r for r in self.service.list_resources(self.ctx, 'stack')
                  if r['resource_name'] == resource]
        return found['resource_status_reason']


class SnapshotPolicyTest(VolumeTestCase):

    def test_delete_backs_the_volume_up_waits_then_deletes_it(self):
        self.http.get(THE_VOLUME, [
            {'json': {'volume': volume_body()}},                       # create
            {'json': {'volume': volume_body()}},                       # delete
            {'json': {'volume': volume_body(status='backing-up')}},
            {'json': {'volume': volume_body()}},
            {'json': {'volume': volume_body()}},
            GONE])
        self.http.get(THE_BACKUP, [{'json': {'backup': backup_body(status='creating')}},
                                   {'json': {'backup': backup_body()}}])
        self.stack(SNAPSHOT_POLICY)
        self.service.delete_stack(self.ctx, 'stack', wait=True)
        backup, = [r for r in self.changes() if r[1] == BACKUPS]
        name = backup[2]['backup']['name']
        self.assertRegex(name, r'^stack-Data-[0-9a-f]{12}$')
        self.assertEqual(
            ([('POST', BACKUPS, {'backup': {'volume_id': VOLUME_ID, 'name': name,
                                            'force': True}}),
              ('DELETE', THE_VOLUME + '?cascade=False&force=False', None)], 2, []),
            (self.changes()[1:], self.count('GET', THE_BACKUP),
             self.service.list_stacks(self.ctx)))

    def test_the_backup_is_left_in_the_cloud(self):
        self.http.get(THE_VOLUME, [{'json': {'volume': volume_body()}}] * 4 + [GONE])
        self.http.get(THE_BACKUP, json={'backup': backup_body()})
        self.stack(SNAPSHOT_POLICY)
        self.service.delete_stack(self.ctx, 'stack', wait=True)
        self.assertEqual(0, self.count('DELETE', THE_BACKUP))

    def test_a_failed_backup_fails_the_delete_and_keeps_the_volume(self):
        self.http.get(THE_VOLUME, json={'volume': volume_body()})
        self.http.get(THE_BACKUP, json={'backup': backup_body(
            status='error', fail_reason='Volume backup driver failed')})
        self.stack(SNAPSHOT_POLICY)
        self.service.delete_stack(self.ctx, 'stack', wait=True)
        self.assertEqual(('DELETE_FAILED', 'Volume backup failed: backup %s went to status '
                          'error' % BACKUP_ID, 0),
                         (self.status(), self.reason(),
                          self.count('DELETE', THE_VOLUME + '?cascade=False&force=False')))

    def test_the_backup_quota_fails_the_delete_naming_it(self):
        self.http.get(THE_VOLUME, json={'volume': volume_body()})
        self.http.post(BACKUPS, **nova_error(
            413, 'BackupLimitExceeded: Maximum number of backups allowed (10) exceeded',
            'overLimit'))
        self.stack(SNAPSHOT_POLICY)
        self.service.delete_stack(self.ctx, 'stack', wait=True)
        self.assertEqual('DELETE_FAILED', self.status())
        self.assertIn('Maximum number of backups allowed (10) exceeded', self.reason())

    def test_a_volume_in_error_is_deleted_without_a_backup(self):
        self.http.get(THE_VOLUME, [{'json': {'volume': volume_body()}},
                                   {'json': {'volume': volume_body(status='error')}}, GONE])
        self.stack(SNAPSHOT_POLICY)
        self.service.delete_stack(self.ctx, 'stack', wait=True)
        self.assertEqual(([], 0), (self.service.list_stacks(self.ctx),
                                   self.count('POST', BACKUPS)))

    def test_a_volume_already_gone_needs_no_backup(self):
        self.http.get(THE_VOLUME, [{'json': {'volume': volume_body()}}, GONE])
        self.stack(SNAPSHOT_POLICY)
        self.service.delete_stack(self.ctx, 'stack', wait=True)
        self.assertEqual(([], 0), (self.service.list_stacks(self.ctx),
                                   self.count('POST', BACKUPS)))


class VolumeUpdateTest(VolumeTestCase):

    def test_a_bigger_size_extends_in_place_and_waits(self):
        self.http.get(THE_VOLUME, [
            {'json': {'volume': volume_body()}}, {'json': {'volume': volume_body()}},
            {'json': {'volume': volume_body(status='extending')}},
            {'json': {'volume': volume_body(size=2)}}])
        self.http.post(THE_VOLUME + '/action', status_code=202)
        self.stack(VOLUME_TEMPLATE)
        self.service.update_stack(self.ctx, 'stack', template(VOLUME_TEMPLATE.replace(
            'Size: 1', 'Size: 2')), template_name='t.yaml', wait=True)
        self.assertEqual(('UPDATE_COMPLETE', ('POST', THE_VOLUME + '/action', {
            'os-extend': {'new_size': 2}})), (self.status(), self.changes()[-1]))

    def test_an_extend_over_the_quota_fails_the_update_naming_it(self):
        self.http.get(THE_VOLUME, json={'volume': volume_body()})
        self.http.post(THE_VOLUME + '/action', **nova_error(
            413, 'VolumeSizeExceedsAvailableQuota: Requested volume or snapshot exceeds '
                 'allowed gigabytes quota. Requested 2G, quota is 1000G and 999G has been '
                 'consumed.', 'overLimit'))
        self.stack(VOLUME_TEMPLATE)
        self.service.update_stack(self.ctx, 'stack', template(VOLUME_TEMPLATE.replace(
            'Size: 1', 'Size: 2')), template_name='t.yaml', wait=True, disable_rollback=True)
        self.assertEqual('UPDATE_FAILED', self.status())
        self.assertIn('exceeds allowed gigabytes quota', self.reason())

    def test_new_tags_replace_the_volume_metadata(self):
        self.http.get(THE_VOLUME, json={'volume': volume_body()})
        self.http.put(THE_VOLUME, json={'volume': volume_body(metadata={'tier': 'db'})})
        self.stack(VOLUME_TEMPLATE)
        self.service.update_stack(self.ctx, 'stack', template(VOLUME_TEMPLATE.replace(
            'AvailabilityZone: nova}', 'AvailabilityZone: nova, Tags: [{Key: tier, Value: '
            'db}]}')), template_name='t.yaml', wait=True)
        self.assertEqual(('UPDATE_COMPLETE', [('PUT', THE_VOLUME, {'volume': {
            'metadata': {'tier': 'db'}}})]), (self.status(), self.changes()[1:]))


class VolumeAttachmentRefusedTest(VolumeTestCase):

    def setUp(self):
        super().setUp()
        self.http.get(COMPUTE + '/servers/detail', json={'servers': [server_body()]})
        self.http.get(VOLUME + '/volumes/detail', json={'volumes': [volume_body()]})
        self.http.get(ATTACHMENTS + '/' + VOLUME_ID, **nova_error(
            404, 'volume_id not found: %s' % VOLUME_ID, 'itemNotFound'))

    def test_nova_refusing_the_attach_fails_the_create_with_its_reason(self):
        self.http.post(ATTACHMENTS, **nova_error(
            400, 'Invalid volume: volume %s status must be available or downloading'
                 % VOLUME_ID))
        self.stack(MOUNT, disable_rollback=True)
        self.assertEqual(('CREATE_FAILED', 'BadRequest: Invalid volume: volume %s status '
                          'must be available or downloading' % VOLUME_ID),
                         (self.status(), self.reason('Mount')))

    def test_a_detach_nova_refuses_fails_the_delete_with_its_reason(self):
        self.http.post(ATTACHMENTS, json={'volumeAttachment': {
            'device': '/dev/vdb', 'serverId': SERVER_ID, 'volumeId': VOLUME_ID}})
        self.http.get(THE_VOLUME, json={'volume': volume_body(status='in-use')})
        self.http.delete(ATTACHMENTS + '/' + VOLUME_ID, **nova_error(
            409, "Cannot 'detach_volume' instance %s while it is in task_state "
                 "rebuilding" % SERVER_ID, 'conflictingRequest'))
        self.stack(MOUNT)
        self.service.delete_stack(self.ctx, 'stack', wait=True)
        self.assertEqual('DELETE_FAILED', self.status())
        self.assertIn("Cannot 'detach_volume' instance", self.reason('Mount'))

    def test_a_detach_of_a_volume_no_longer_attached_completes(self):
        self.http.post(ATTACHMENTS, json={'volumeAttachment': {
            'device': '/dev/vdb', 'serverId': SERVER_ID, 'volumeId': VOLUME_ID}})
        self.http.get(THE_VOLUME, json={'volume': volume_body(status='in-use')})
        self.http.delete(ATTACHMENTS + '/' + VOLUME_ID, **nova_error(
            404, 'volume_id not found: %s' % VOLUME_ID, 'itemNotFound'))
        self.stack(MOUNT)
        self.service.delete_stack(self.ctx, 'stack', wait=True)
        self.assertEqual([], self.service.list_stacks(self.ctx))
