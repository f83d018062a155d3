"""The ``openstack`` backend's block storage requests, at the HTTP level:
volumes (create, polling, update, extend, delete), snapshots, backups and
Cinder's refusals."""

from __future__ import annotations

from heat_core.clouds.errors import BadRequest, CloudError, NotFound, QuotaExceeded
from tests.unit.test_cloud_openstack_fixtures import (
    IMAGE_ID,
    SERVER_ID,
    VOLUME,
    VOLUME_ID,
    OpenStackTestCase,
    nova_error,
    volume_body,
)

VOLUMES = VOLUME + '/volumes'
THE_VOLUME = VOLUMES + '/' + VOLUME_ID
SNAPSHOT_ID = 'd4e5f6a7-b8c9-4d0e-8f1a-2b3c4d5e6f70'
BACKUP_ID = 'e5f6a7b8-c9d0-4e1f-9a2b-3c4d5e6f7081'
SNAPSHOTS = VOLUME + '/snapshots'
BACKUPS = VOLUME + '/backups'


def snapshot_body(**fields):
    body = {'id': SNAPSHOT_ID, 'name': 'snap', 'description': None, 'volume_id': VOLUME_ID,
            'size': 1, 'status': 'available', 'metadata': {},
            'created_at': '2026-11-25T10:01:00.000000', 'updated_at': None,
            'os-extended-snapshot-attributes:progress': '100%',
            'os-extended-snapshot-attributes:project_id': 'p', 'user_id': 'u',
            'group_snapshot_id': None, 'consumes_quota': True}
    body.update(fields)
    return body


def backup_body(**fields):
    body = {'id': BACKUP_ID, 'name': 'backup', 'description': None, 'volume_id': VOLUME_ID,
            'size': 1, 'status': 'available', 'availability_zone': 'nova',
            'container': 'volumebackups', 'object_count': 2, 'is_incremental': False,
            'has_dependent_backups': False, 'snapshot_id': None, 'fail_reason': None,
            'created_at': '2026-11-25T10:02:00.000000', 'updated_at': None,
            'data_timestamp': '2026-11-25T10:02:00.000000', 'links': [], 'metadata': {},
            'user_id': 'u', 'os-backup-project-attr:project_id': 'p', 'encryption_key_id': None}
    body.update(fields)
    return body


class CreateVolumeTest(OpenStackTestCase):

    def setUp(self):
        super().setUp()
        self.http.post(VOLUMES, status_code=202, json={'volume': volume_body(
            status='creating', name='data', size=2)})

    def test_posts_the_volume(self):
        self.cloud.create_volume(2, name='data', availability_zone='nova',
                                 metadata={'Name': 'data'})
        self.assertRequests(('POST', VOLUMES, {'volume': {
            'size': 2, 'name': 'data', 'availability_zone': 'nova',
            'metadata': {'Name': 'data'}}}))

    def test_negotiates_the_volume_microversion(self):
        self.cloud.create_volume(2)
        self.assertEqual('volume 3.71', self.last_request().headers['OpenStack-API-Version'])

    def test_returns_the_volume_creating(self):
        volume = self.cloud.create_volume(2, name='data')
        self.assertEqual((VOLUME_ID, 'data', 2, 'creating', 'nova', []),
                         (volume.id, volume.name, volume.size, volume.status,
                          volume.availability_zone, volume.attachments))

    def test_from_a_snapshot(self):
        self.cloud.create_volume(snapshot_id=SNAPSHOT_ID, description='restored')
        self.assertRequests(('POST', VOLUMES, {'volume': {
            'snapshot_id': SNAPSHOT_ID, 'description': 'restored'}}))

    def test_from_a_backup(self):
        self.cloud.create_volume(backup_id=BACKUP_ID, name='data')
        self.assertRequests(('POST', VOLUMES, {'volume': {
            'backup_id': BACKUP_ID, 'name': 'data'}}))

    def test_from_an_image_of_a_type(self):
        self.cloud.create_volume(10, image_id=IMAGE_ID, volume_type='lvmdriver-1')
        self.assertRequests(('POST', VOLUMES, {'volume': {
            'size': 10, 'imageRef': IMAGE_ID, 'volume_type': 'lvmdriver-1'}}))


class CreateVolumeRefusedTest(OpenStackTestCase):

    def test_volume_limit_exceeded(self):
        self.http.post(VOLUMES, **nova_error(
            413, "VolumeLimitExceeded: Maximum number of volumes allowed (10) exceeded for "
                 "quota 'volumes'.", 'overLimit'))
        error = self.assertRaises(QuotaExceeded, self.cloud.create_volume, 1)
        self.assertEqual(("VolumeLimitExceeded: Maximum number of volumes allowed (10) "
                          "exceeded for quota 'volumes'.", 413, 'volumes'),
                         (str(error), error.status_code, error.quota))

    def test_gigabytes_quota_exceeded(self):
        self.http.post(VOLUMES, **nova_error(
            413, 'VolumeSizeExceedsAvailableQuota: Requested volume or snapshot exceeds allowed '
                 'gigabytes quota. Requested 2000G, quota is 1000G and 0G has been consumed.',
            'overLimit'))
        error = self.assertRaises(QuotaExceeded, self.cloud.create_volume, 2000)
        self.assertEqual('gigabytes', error.quota)

    def test_unknown_zone_is_a_bad_request(self):
        self.http.post(VOLUMES, **nova_error(
            400, "Invalid input received: Availability zone 'az9' is invalid."))
        error = self.assertRaises(BadRequest, self.cloud.create_volume, 1,
                                  availability_zone='az9')
        self.assertEqual("Invalid input received: Availability zone 'az9' is invalid.",
                         str(error))

    def test_server_error_is_a_cloud_error(self):
        self.http.post(VOLUMES, **nova_error(
            503, 'The server is currently unavailable. Please try again at a later time.',
            'serviceUnavailable'))
        error = self.assertRaises(CloudError, self.cloud.create_volume, 1)
        self.assertEqual((503, 'The server is currently unavailable. Please try again at a '
                          'later time.'), (error.status_code, str(error)))


class GetVolumeTest(OpenStackTestCase):

    def test_gets_the_volume(self):
        self.http.get(THE_VOLUME, json={'volume': volume_body()})
        self.cloud.get_volume(VOLUME_ID)
        self.assertRequests(('GET', THE_VOLUME, None))

    def test_available(self):
        self.http.get(THE_VOLUME, json={'volume': volume_body()})
        self.assertEqual('available', self.cloud.get_volume(VOLUME_ID).status)

    def test_error(self):
        self.http.get(THE_VOLUME, json={'volume': volume_body(status='error')})
        self.assertEqual('error', self.cloud.get_volume(VOLUME_ID).status)

    def test_in_use_with_its_attachments(self):
        attachment = {'id': VOLUME_ID, 'attachment_id': '4a5b6c7d-8e9f-4a0b-b1c2-d3e4f5a6b7c8',
                      'volume_id': VOLUME_ID, 'server_id': SERVER_ID, 'host_name': None,
                      'device': '/dev/vdb', 'attached_at': '2026-11-25T10:05:00.000000'}
        self.http.get(THE_VOLUME, json={'volume': volume_body(status='in-use',
                                                              attachments=[attachment])})
        volume = self.cloud.get_volume(VOLUME_ID)
        self.assertEqual(('in-use', [attachment]), (volume.status, volume.attachments))

    def test_gone_is_not_found(self):
        self.http.get(THE_VOLUME, **nova_error(
            404, 'Volume %s could not be found.' % VOLUME_ID, 'itemNotFound'))
        error = self.assertRaises(NotFound, self.cloud.get_volume, VOLUME_ID)
        self.assertEqual('Volume %s could not be found.' % VOLUME_ID, str(error))


class DeleteVolumeTest(OpenStackTestCase):

    def test_deletes(self):
        self.http.delete(THE_VOLUME, status_code=202)
        self.cloud.delete_volume(VOLUME_ID)
        self.assertRequests(('DELETE', THE_VOLUME + '?cascade=False&force=False', None))

    def test_gone_is_not_found_for_ignore_not_found(self):
        self.http.delete(THE_VOLUME, **nova_error(
            404, 'Volume %s could not be found.' % VOLUME_ID, 'itemNotFound'))
        self.assertRaises(NotFound, self.cloud.delete_volume, VOLUME_ID)

    def test_attached_is_a_bad_request(self):
        message = ('Invalid volume: Volume status must be available or error or error_restoring '
                   'or error_extending or error_managing and must not be migrating, attached, '
                   'belong to a group, have snapshots or be disassociated from snapshots after '
                   'volume transfer.')
        self.http.delete(THE_VOLUME, **nova_error(400, message))
        error = self.assertRaises(BadRequest, self.cloud.delete_volume, VOLUME_ID)
        self.assertEqual(message, str(error))

    def test_polling_until_gone(self):
        self.http.get(THE_VOLUME, [
            {'json': {'volume': volume_body(status='deleting')}},
            nova_error(404, 'Volume %s could not be found.' % VOLUME_ID, 'itemNotFound')])
        self.assertEqual('deleting', self.cloud.get_volume(VOLUME_ID).status)
        self.assertRaises(NotFound, self.cloud.get_volume, VOLUME_ID)


class UpdateVolumeTest(OpenStackTestCase):

    def test_extends(self):
        self.http.post(THE_VOLUME + '/action', status_code=202)
        self.cloud.extend_volume(VOLUME_ID, 2)
        self.assertRequests(('POST', THE_VOLUME + '/action', {'os-extend': {'new_size': 2}}))

    def test_extend_over_the_gigabytes_quota(self):
        self.http.post(THE_VOLUME + '/action', **nova_error(
            413, 'VolumeSizeExceedsAvailableQuota: Requested volume or snapshot exceeds allowed '
                 'gigabytes quota. Requested 999G, quota is 1000G and 2G has been consumed.',
            'overLimit'))
        error = self.assertRaises(QuotaExceeded, self.cloud.extend_volume, VOLUME_ID, 1000)
        self.assertEqual('gigabytes', error.quota)

    def test_replaces_name_and_metadata(self):
        self.http.put(THE_VOLUME, json={'volume': volume_body(name='logs',
                                                              metadata={'Name': 'logs'})})
        volume = self.cloud.update_volume(VOLUME_ID, name='logs', metadata={'Name': 'logs'})
        self.assertRequests(('PUT', THE_VOLUME, {'volume': {'name': 'logs',
                                                            'metadata': {'Name': 'logs'}}}))
        self.assertEqual({'Name': 'logs'}, volume.metadata)


class SnapshotTest(OpenStackTestCase):

    def test_creates_a_forced_snapshot(self):
        self.http.post(SNAPSHOTS, status_code=202, json={'snapshot': snapshot_body(
            status='creating', force=True)})
        snapshot = self.cloud.create_snapshot(VOLUME_ID, name='snap', force=True)
        self.assertRequests(('POST', SNAPSHOTS, {'snapshot': {
            'volume_id': VOLUME_ID, 'name': 'snap', 'force': True}}))
        self.assertEqual((SNAPSHOT_ID, 'creating'), (snapshot.id, snapshot.status))

    def test_snapshot_limit_exceeded(self):
        self.http.post(SNAPSHOTS, **nova_error(
            413, 'SnapshotLimitExceeded: Maximum number of snapshots allowed (10) exceeded',
            'overLimit'))
        error = self.assertRaises(QuotaExceeded, self.cloud.create_snapshot, VOLUME_ID)
        self.assertEqual('snapshots', error.quota)

    def test_gets_a_snapshot(self):
        self.http.get(SNAPSHOTS + '/' + SNAPSHOT_ID, json={'snapshot': snapshot_body()})
        snapshot = self.cloud.get_snapshot(SNAPSHOT_ID)
        self.assertEqual(('available', VOLUME_ID, 1),
                         (snapshot.status, snapshot.volume_id, snapshot.size))

    def test_deletes_a_snapshot(self):
        self.http.delete(SNAPSHOTS + '/' + SNAPSHOT_ID, status_code=202)
        self.cloud.delete_snapshot(SNAPSHOT_ID)
        self.assertRequests(('DELETE', SNAPSHOTS + '/' + SNAPSHOT_ID, None))

    def test_delete_of_a_gone_snapshot_is_not_found(self):
        self.http.delete(SNAPSHOTS + '/' + SNAPSHOT_ID, **nova_error(
            404, 'Snapshot %s could not be found.' % SNAPSHOT_ID, 'itemNotFound'))
        self.assertRaises(NotFound, self.cloud.delete_snapshot, SNAPSHOT_ID)


class BackupTest(OpenStackTestCase):

    def test_creates_a_backup(self):
        self.http.post(BACKUPS, status_code=202, json={'backup': {
            'id': BACKUP_ID, 'name': 'backup', 'links': []}})
        backup = self.cloud.create_backup(VOLUME_ID, name='backup', force=True)
        self.assertRequests(('POST', BACKUPS, {'backup': {
            'volume_id': VOLUME_ID, 'name': 'backup', 'force': True}}))
        self.assertEqual(BACKUP_ID, backup.id)

    def test_backup_limit_exceeded(self):
        self.http.post(BACKUPS, **nova_error(
            413, 'BackupLimitExceeded: Maximum number of backups allowed (10) exceeded',
            'overLimit'))
        error = self.assertRaises(QuotaExceeded, self.cloud.create_backup, VOLUME_ID)
        self.assertEqual('backups', error.quota)

    def test_gets_a_backup_until_available(self):
        self.http.get(BACKUPS + '/' + BACKUP_ID, [
            {'json': {'backup': backup_body(status='creating')}},
            {'json': {'backup': backup_body()}}])
        self.assertEqual(['creating', 'available'],
                         [self.cloud.get_backup(BACKUP_ID).status for _ in range(2)])

    def test_failed_backup_says_why(self):
        self.http.get(BACKUPS + '/' + BACKUP_ID, json={'backup': backup_body(
            status='error', fail_reason='Volume backup driver failed')})
        backup = self.cloud.get_backup(BACKUP_ID)
        self.assertEqual(('error', 'Volume backup driver failed'),
                         (backup.status, backup.fail_reason))

    def test_deletes_a_backup(self):
        self.http.delete(BACKUPS + '/' + BACKUP_ID, status_code=202)
        self.cloud.delete_backup(BACKUP_ID)
        self.assertRequests(('DELETE', BACKUPS + '/' + BACKUP_ID, None))


class BlockStorageListingTest(OpenStackTestCase):

    def test_volumes(self):
        self.http.get(VOLUMES + '/detail', json={'volumes': [volume_body()]})
        self.assertEqual([(VOLUME_ID, 'data', 1, 'available')],
                         [(v.id, v.name, v.size, v.status) for v in self.cloud.volumes()])

    def test_volume_attachments_come_from_the_volumes(self):
        self.http.get(VOLUMES + '/detail', json={'volumes': [
            volume_body(status='in-use', attachments=[{
                'id': VOLUME_ID, 'attachment_id': '4a5b6c7d-8e9f-4a0b-b1c2-d3e4f5a6b7c8',
                'volume_id': VOLUME_ID, 'server_id': SERVER_ID, 'device': '/dev/vdb'}]),
            volume_body(id='0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e')]})
        self.assertEqual([{'id': '4a5b6c7d-8e9f-4a0b-b1c2-d3e4f5a6b7c8',
                           'attachment_id': '4a5b6c7d-8e9f-4a0b-b1c2-d3e4f5a6b7c8',
                           'server_id': SERVER_ID, 'volume_id': VOLUME_ID,
                           'device': '/dev/vdb'}], self.cloud.volume_attachments())

    def test_snapshots(self):
        self.http.get(SNAPSHOTS + '/detail', json={'snapshots': [snapshot_body()]})
        self.assertEqual([(SNAPSHOT_ID, 'snap', VOLUME_ID)],
                         [(s.id, s.name, s.volume_id) for s in self.cloud.snapshots()])

    def test_backups(self):
        self.http.get(BACKUPS + '/detail', json={'backups': [backup_body()]})
        self.assertEqual([(BACKUP_ID, 'backup', VOLUME_ID, 1)],
                         [(b.id, b.name, b.volume_id, b.size) for b in self.cloud.backups()])
