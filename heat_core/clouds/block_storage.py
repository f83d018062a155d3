"""Block storage requests (Cinder): volumes, snapshots and backups.

Volumes go ``creating`` → ``available`` (or ``error``), ``in-use`` while
attached, ``deleting`` → gone (or ``error_deleting``); snapshots and
backups ``creating`` → ``available``.  Requests return at once: poll
``get_<kind>``.
"""

from __future__ import annotations

from heat_core.clouds.catalogue import CloudObject


class BlockStorageAPI:
    """What a resource plugin may ask of the block storage service."""

    def create_volume(self, size: int | None = None, *, name: str | None = None,
                      description: str | None = None, availability_zone: str | None = None,
                      snapshot_id: str | None = None, backup_id: str | None = None,
                      image_id: str | None = None, volume_type: str | None = None,
                      metadata: dict | None = None) -> CloudObject:
        """Start creating a volume of ``size`` GB (from a snapshot, a backup
        or an image when given; the size then defaults to theirs).  The
        volume has ``id``, ``name``, ``size``, ``status``,
        ``availability_zone``, ``snapshot_id``, ``metadata`` and
        ``attachments`` (``[{'server_id', 'attachment_id', 'device'}]``)."""
        self._unsupported('create_volume')

    def get_volume(self, volume_id: str) -> CloudObject:
        """The volume; NotFound when it does not exist (any more)."""
        self._unsupported('get_volume')

    def delete_volume(self, volume_id: str) -> None:
        """Start deleting a volume (refused while it is attached)."""
        self._unsupported('delete_volume')

    def extend_volume(self, volume_id: str, size: int) -> None:
        """Start growing a volume to ``size`` GB (``extending`` → ``available``)."""
        self._unsupported('extend_volume')

    def update_volume(self, volume_id: str, *, name: str | None = None,
                      description: str | None = None,
                      metadata: dict | None = None) -> CloudObject:
        """Rename, describe, or replace the metadata of a volume."""
        self._unsupported('update_volume')

    def create_snapshot(self, volume_id: str, *, name: str | None = None,
                        description: str | None = None, force: bool = False) -> CloudObject:
        """Start a snapshot of a volume (``force`` also when attached)."""
        self._unsupported('create_snapshot')

    def get_snapshot(self, snapshot_id: str) -> CloudObject:
        self._unsupported('get_snapshot')

    def delete_snapshot(self, snapshot_id: str) -> None:
        self._unsupported('delete_snapshot')

    def create_backup(self, volume_id: str, *, name: str | None = None,
                      description: str | None = None, force: bool = False) -> CloudObject:
        """Start a backup of a volume (``force`` also when attached); it
        outlives the volume and can be restored with
        ``create_volume(backup_id=...)``."""
        self._unsupported('create_backup')

    def get_backup(self, backup_id: str) -> CloudObject:
        self._unsupported('get_backup')

    def delete_backup(self, backup_id: str) -> None:
        self._unsupported('delete_backup')
