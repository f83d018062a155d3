"""AWS::EC2::Volume and AWS::EC2::VolumeAttachment (see the package docstring)."""

from __future__ import annotations

from heat_core.clouds.errors import NotFound, ignore_not_found
from heat_core.constraints import AllowedPattern, CustomConstraint, Range
from heat_core.resources.resource import Resource
from heat_core.resources.runtime import ResourceFailure
from heat_core.resources.schema import INTEGER, LIST, MAP, STRING, Schema
from heat_core.template import functions as fn


def step(cookie) -> bool:
    """Advance a waiting generator; True when it has finished."""
    if cookie is None:
        return True
    try:
        next(cookie)
    except StopIteration:
        return True
    return False


def _in_error(status: str) -> ResourceFailure:
    return ResourceFailure('Went to status %s due to "Unknown"' % status)


class Volume(Resource):
    """A block storage volume (an EBS volume).

    Created empty with Size GB, or restored from the backup named by
    SnapshotId; DeletionPolicy Snapshot keeps a backup when it is deleted.
    """

    properties_schema = {
        'AvailabilityZone': Schema(STRING, 'The availability zone in which the volume will be '
                                   'created.', required=True),
        'Size': Schema(INTEGER, 'The size of the volume in GB.', update_allowed=True,
                       constraints=[Range(min=1)]),
        'SnapshotId': Schema(STRING, 'If specified, the backup used as the source to create '
                             'the volume.'),
        'Tags': Schema(LIST, 'The list of tags to associate with the volume.',
                       update_allowed=True,
                       schema=Schema(MAP, schema={'Key': Schema(STRING, required=True),
                                                  'Value': Schema(STRING, required=True)})),
    }

    @classmethod
    def validate_definition(cls, definition, ctx) -> None:
        super().validate_definition(definition, ctx)
        props = fn.try_resolve(definition.properties, ctx.scope, None)
        backup = props.get('SnapshotId') if isinstance(props, dict) else None
        if not isinstance(backup, str) or not backup or ctx.cloud is None:
            return
        try:
            found = ctx.cloud.find_backup(backup) is not None
            problem = None if found else 'The Backup (%s) could not be found.' % backup
        except Exception as exc:  # noqa: BLE001 - a cloud error is a finding, not a crash
            problem = str(exc) or type(exc).__name__
        if problem:
            ctx.issues.error(definition.key_path('properties') + ('SnapshotId',),
                             "Error validating value '%s': %s" % (backup, problem))

    @staticmethod
    def _tags(items) -> dict:
        return {t['Key']: t['Value'] for t in items or ()}

    # -- create -------------------------------------------------------------------------------
    def handle_create(self):
        cloud = self.cloud
        props = self.properties
        volume = None
        if self.resource_id is not None:        # a retried create: adopt the volume
            with ignore_not_found():
                volume = cloud.get_volume(self.resource_id)
        name = self.data.get('volume_name')
        if volume is None and name is not None:
            # an earlier attempt may have made it before the engine went down
            volume = next((v for v in cloud.volumes() if v.name == name), None)
        elif name is None:
            name = self.physical_resource_name()
            self.data_set('volume_name', name)
        if volume is None:
            volume = cloud.create_volume(
                props.get('Size'), name=name, description=name,
                availability_zone=props.get('AvailabilityZone') or None,
                backup_id=props.get('SnapshotId'),
                metadata=self._tags(props.get('Tags')) or None)
        self.resource_id_set(volume.id)
        return self._until('available', ('creating', 'restoring-backup', 'downloading'))

    def _until(self, wanted, waiting, size=None):
        cloud = self.cloud
        while True:
            volume = cloud.get_volume(self.resource_id)
            if volume.status in wanted and (size is None or volume.size == size):
                return
            if volume.status not in waiting:
                raise _in_error(volume.status)
            yield

    def check_create_complete(self, cookie) -> bool:
        return step(cookie)

    # -- update -------------------------------------------------------------------------------
    def handle_update(self, new_definition, prop_diff):
        cloud = self.cloud
        if 'Tags' in prop_diff:
            cloud.update_volume(self.resource_id, metadata=self._tags(prop_diff['Tags']))
        size = prop_diff.get('Size')
        if size is not None and size != cloud.get_volume(self.resource_id).size:
            cloud.extend_volume(self.resource_id, size)
            return self._until(('available', 'in-use'), ('extending',), size)
        return None

    def check_update_complete(self, cookie) -> bool:
        return step(cookie)

    # -- delete -------------------------------------------------------------------------------
    def handle_delete(self):
        return self._delete_steps(backup=False)

    def handle_snapshot_delete(self):
        return self._delete_steps(backup=True)

    def _delete_steps(self, backup: bool):
        if self.resource_id is None:
            return
        cloud = self.cloud
        try:
            volume = cloud.get_volume(self.resource_id)
        except NotFound:
            return
        # a volume that never worked has nothing worth keeping
        if backup and volume.status in ('available', 'in-use'):
            yield from self._backup(cloud)
            volume = cloud.get_volume(self.resource_id)
        if volume.status == 'in-use':
            raise ResourceFailure('Volume in use')
        try:
            if volume.status != 'deleting':
                cloud.delete_volume(self.resource_id)
            while True:
                status = cloud.get_volume(self.resource_id).status
                if status == 'error_deleting':
                    raise _in_error(status)
                yield
        except NotFound:
            return

    def _backup(self, cloud):
        backup_id = self.data.get('backup_id')
        if backup_id is None:
            backup_id = cloud.create_backup(self.resource_id, name=self.physical_resource_name(),
                                            force=True).id
            self.data_set('backup_id', backup_id)
        while True:
            status = cloud.get_backup(backup_id).status
            if status == 'available':
                break
            if status != 'creating':
                raise ResourceFailure('Volume backup failed: backup %s went to status %s'
                                      % (backup_id, status))
            yield
        # the volume is busy (backing-up) until the backup is made
        while cloud.get_volume(self.resource_id).status == 'backing-up':
            yield

    def check_delete_complete(self, cookie) -> bool:
        return step(cookie)

    def check_snapshot_delete_complete(self, cookie) -> bool:
        return step(cookie)

    def show_attribute(self):
        if self.resource_id is None:
            return None
        try:
            return dict(self.cloud.get_volume(self.resource_id))
        except NotFound:
            return None


class VolumeAttachment(Resource):
    """Attaches a volume to an instance."""

    properties_schema = {
        'InstanceId': Schema(STRING, 'The ID of the instance to which the volume attaches.',
                             required=True, constraints=[CustomConstraint('nova.server')]),
        'VolumeId': Schema(STRING, 'The ID of the volume to be attached.', required=True,
                           constraints=[CustomConstraint('cinder.volume')]),
        'Device': Schema(STRING, 'The device where the volume is exposed on the instance. This '
                         'assignment may not be honored and it is advised that the path '
                         '/dev/disk/by-id/virtio-<VolumeId> be used instead.', required=True,
                         constraints=[AllowedPattern('/dev/vd[b-z]')]),
    }

    def handle_create(self):
        cloud = self.cloud
        server_id, volume_id = self.properties['InstanceId'], self.properties['VolumeId']
        try:
            attachment = cloud.get_volume_attachment(server_id, volume_id)  # a retried create
        except NotFound:
            attachment = cloud.create_volume_attachment(server_id, volume_id,
                                                        self.properties['Device'])
        self.resource_id_set(attachment.id)
        return self._attached(cloud, server_id, volume_id)

    @staticmethod
    def _attached(cloud, server_id, volume_id):
        while True:
            status = cloud.get_volume(volume_id).status
            if status == 'in-use':
                return
            if status not in ('attaching', 'reserved'):
                raise ResourceFailure('Failed to attach volume %s to server %s - volume is %s'
                                      % (volume_id, server_id, status))
            yield

    def check_create_complete(self, cookie) -> bool:
        return step(cookie)

    def handle_delete(self):
        if self.resource_id is None:
            return None
        return self._detach_steps()

    def _detach_steps(self):
        cloud = self.cloud
        server_id, volume_id = self.properties['InstanceId'], self.properties['VolumeId']
        try:
            cloud.delete_volume_attachment(server_id, volume_id)
        except NotFound:
            return      # not attached (any more)
        while True:
            try:
                volume = cloud.get_volume(volume_id)
            except NotFound:
                return
            attached = any(a.get('server_id') == server_id
                           for a in volume.get('attachments') or ())
            if not attached:
                return
            if volume.status != 'detaching':
                raise ResourceFailure('Failed to detach volume %s from server %s - volume is %s'
                                      % (volume_id, server_id, volume.status))
            yield

    def check_delete_complete(self, cookie) -> bool:
        return step(cookie)
