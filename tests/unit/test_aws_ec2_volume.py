"""AWS::EC2::Volume and AWS::EC2::VolumeAttachment on the simulated cloud."""

from heat_core.errors import TemplateInvalid
from tests.unit.test_aws_common import AwsTestCase, template

VOLUME = '''
    Data:
      Type: AWS::EC2::Volume
      Properties:
        Size: 2
        AvailabilityZone: nova
        Tags: [{Key: purpose, Value: db}]
'''
WEB = '''
    Web:
      Type: AWS::EC2::Instance
      Properties: {ImageId: F17-x86_64-cfntools, InstanceType: m1.small}
'''
MOUNT = '''
    Mount:
      Type: AWS::EC2::VolumeAttachment
      Properties: {InstanceId: !Ref Web, VolumeId: !Ref Data, Device: /dev/vdb}
'''


class VolumeTest(AwsTestCase):

    def volume(self):
        return self.cloud.get_volume(self.physical_id('Data'))

    def test_the_volume_is_available_when_created(self):
        self.stack(VOLUME)
        volume = self.volume()
        self.assertEqual(('available', 2, 'nova', {'purpose': 'db'}),
                         (volume.status, volume.size, volume.availability_zone,
                          volume.metadata))

    def test_the_volume_is_named_after_stack_and_resource(self):
        self.stack(VOLUME)
        self.assertRegex(self.volume().name, r'^stack-Data-[0-9a-f]{12}$')

    def test_a_volume_in_error_fails_the_create(self):
        self.cloud.inject_fault('create_volume', 'error')
        self.stack(VOLUME, disable_rollback=True)
        self.assertEqual(('CREATE_FAILED', 'Went to status error due to "Unknown"'),
                         (self.status(), self.reason('Data')))

    def test_an_exceeded_quota_is_cinders_message(self):
        self.config('cloud_sim', quota_gigabytes=1)
        self.stack(VOLUME, disable_rollback=True)
        self.assertEqual('QuotaExceeded: Requested volume or snapshot exceeds allowed gigabytes '
                         'quota. Requested 2G, quota is 1G and 0G has been consumed.',
                         self.reason('Data'))

    def test_an_unknown_snapshot_id_is_refused(self):
        error = self.assertRaises(TemplateInvalid, self.service.create_stack, self.ctx, 's',
                                  template('''
    Data:
      Type: AWS::EC2::Volume
      Properties: {AvailabilityZone: nova, SnapshotId: no-such-backup}
'''), template_name='t.yaml')
        self.assertEqual([(('Resources', 'Data', 'Properties', 'SnapshotId'),
                           "Error validating value 'no-such-backup': The Backup "
                           "(no-such-backup) could not be found.")],
                         [(i.path, i.message) for i in error.issues.errors])

    def test_snapshot_id_restores_a_backup(self):
        source = self.cloud.create_volume(3)
        self.cloud.get_volume(source.id)
        backup = self.cloud.create_backup(source.id)
        self.cloud.get_backup(backup.id)
        self.stack('''
    Data:
      Type: AWS::EC2::Volume
      Properties: {AvailabilityZone: nova, SnapshotId: %s}
''' % backup.id)
        self.assertEqual((3, 'available'), (self.volume().size, self.volume().status))

    def test_delete_removes_the_volume(self):
        self.stack(VOLUME)
        self.delete()
        self.assertEqual([], self.live())

    def test_deletion_policy_snapshot_keeps_a_backup(self):
        self.stack(VOLUME.replace('      Properties:', '      DeletionPolicy: Snapshot\n'
                                  '      Properties:'))
        volume_id = self.physical_id('Data')
        self.delete()
        backups = self.cloud.backups()
        self.assertEqual(([('backup', backups[0].id)], volume_id, 2, 'available'),
                         (self.live(), backups[0].volume_id, backups[0].size,
                          backups[0].status))

    def test_a_larger_size_grows_the_volume_in_place(self):
        self.stack(VOLUME)
        before = self.physical_id('Data')
        self.update(VOLUME.replace('Size: 2', 'Size: 5'))
        self.assertEqual(('UPDATE_COMPLETE', before, 5),
                         (self.status(), self.physical_id('Data'), self.volume().size))

    def test_new_tags_change_the_metadata_in_place(self):
        self.stack(VOLUME)
        before = self.physical_id('Data')
        self.update(VOLUME.replace('Value: db', 'Value: logs'))
        self.assertEqual((before, {'purpose': 'logs'}),
                         (self.physical_id('Data'), self.volume().metadata))

    def test_a_new_zone_replaces_the_volume(self):
        self.cloud.add('availability_zone', name='zone2', state={'available': True})
        self.stack(VOLUME)
        before = self.physical_id('Data')
        self.update(VOLUME.replace('AvailabilityZone: nova', 'AvailabilityZone: zone2'))
        self.assertEqual(('zone2', [('volume', self.physical_id('Data'))]),
                         (self.volume().availability_zone, self.live()))
        self.assertNotEqual(before, self.physical_id('Data'))


class AttachmentTest(AwsTestCase):

    def test_the_volume_is_in_use_at_the_device(self):
        self.stack(WEB + VOLUME + MOUNT)
        volume = self.cloud.get_volume(self.physical_id('Data'))
        self.assertEqual(('in-use', self.physical_id('Web'), '/dev/vdb'),
                         (volume.status, volume.attachments[0]['server_id'],
                          volume.attachments[0]['device']))

    def test_the_physical_id_is_the_attachment(self):
        self.stack(WEB + VOLUME + MOUNT)
        volume = self.cloud.get_volume(self.physical_id('Data'))
        self.assertEqual(volume.attachments[0]['id'], self.physical_id('Mount'))

    def test_a_failed_attach_fails_the_create(self):
        self.cloud.inject_fault('create_volume_attachment', 'error')
        self.stack(WEB + VOLUME + MOUNT, disable_rollback=True)
        self.assertEqual('Failed to attach volume %s to server %s - volume is available'
                         % (self.physical_id('Data'), self.physical_id('Web')),
                         self.reason('Mount'))

    def test_deleting_the_attachment_detaches_the_volume(self):
        self.stack(WEB + VOLUME + MOUNT)
        self.update(WEB + VOLUME)
        volume = self.cloud.get_volume(self.physical_id('Data'))
        self.assertEqual(('available', []), (volume.status, volume.attachments))

    def test_a_failed_detach_fails_the_delete(self):
        self.stack(WEB + VOLUME + MOUNT)
        self.cloud.inject_fault('delete_volume_attachment', 'error')
        self.delete()
        self.assertEqual(('DELETE_FAILED', 'Failed to detach volume %s from server %s - volume '
                          'is in-use' % (self.physical_id('Data'), self.physical_id('Web'))),
                         (self.status(), self.reason('Mount')))

    def test_deleting_the_stack_leaves_nothing(self):
        self.stack(WEB + VOLUME + MOUNT)
        self.delete()
        self.assertEqual([], self.live())

    def test_the_device_must_be_a_virtio_disk(self):
        error = self.assertRaises(TemplateInvalid, self.service.create_stack, self.ctx, 's',
                                  template(WEB + VOLUME + MOUNT.replace('/dev/vdb', '/dev/sdb')),
                                  template_name='t.yaml')
        self.assertEqual(['"/dev/sdb" does not match pattern "/dev/vd[b-z]"'],
                         [i.message for i in error.issues.errors])
