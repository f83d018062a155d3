"""Block storage (Cinder v3): volumes, snapshots and backups."""

from __future__ import annotations

from heat_plugins.cloud_openstack.convert import to_object
from heat_plugins.cloud_openstack.errors import sdk_errors


def _given(**attrs) -> dict:
    return {k: v for k, v in attrs.items() if v is not None}


class BlockStorageMixin:
    """The block storage requests of the interface through
    ``conn.block_storage``."""

    @sdk_errors
    def create_volume(self, size=None, *, name=None, description=None, availability_zone=None,
                      snapshot_id=None, backup_id=None, image_id=None, volume_type=None,
                      metadata=None):
        # backup_id: Cinder 3.47+ restores a backup into the new volume
        volume = self.conn.block_storage.create_volume(**_given(
            size=size, name=name, description=description,
            availability_zone=availability_zone, snapshot_id=snapshot_id,
            backup_id=backup_id, image_id=image_id, volume_type=volume_type,
            metadata=metadata))
        return to_object(volume)

    @sdk_errors
    def get_volume(self, volume_id):
        return to_object(self.conn.block_storage.get_volume(volume_id))

    @sdk_errors
    def delete_volume(self, volume_id):
        self.conn.block_storage.delete_volume(volume_id, ignore_missing=False)

    @sdk_errors
    def extend_volume(self, volume_id, size):
        self.conn.block_storage.extend_volume(volume_id, size)

    @sdk_errors
    def update_volume(self, volume_id, *, name=None, description=None, metadata=None):
        # Cinder's PUT replaces the metadata it is given
        attrs = _given(name=name, description=description, metadata=metadata)
        if not attrs:
            return self.get_volume(volume_id)
        return to_object(self.conn.block_storage.update_volume(volume_id, **attrs))

    @sdk_errors
    def create_snapshot(self, volume_id, *, name=None, description=None, force=False):
        snapshot = self.conn.block_storage.create_snapshot(**_given(
            volume_id=volume_id, name=name, description=description,
            is_forced=force or None))
        return to_object(snapshot)

    @sdk_errors
    def get_snapshot(self, snapshot_id):
        return to_object(self.conn.block_storage.get_snapshot(snapshot_id))

    @sdk_errors
    def delete_snapshot(self, snapshot_id):
        self.conn.block_storage.delete_snapshot(snapshot_id, ignore_missing=False)

    @sdk_errors
    def create_backup(self, volume_id, *, name=None, description=None, force=False):
        backup = self.conn.block_storage.create_backup(**_given(
            volume_id=volume_id, name=name, description=description, force=force or None))
        return to_object(backup)

    @sdk_errors
    def get_backup(self, backup_id):
        return to_object(self.conn.block_storage.get_backup(backup_id))

    @sdk_errors
    def delete_backup(self, backup_id):
        self.conn.block_storage.delete_backup(backup_id, ignore_missing=False)
