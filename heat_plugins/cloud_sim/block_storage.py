"""The simulated block storage service (Cinder): volumes, snapshots and
backups, with Cinder's statuses and refusals."""

from __future__ import annotations

from heat_core.clouds.errors import BadRequest, NotFound
from heat_plugins.cloud_sim import quotas
from heat_plugins.cloud_sim.core import new_id, now_iso, public

#: statuses in which Cinder deletes a volume
_DELETABLE = ('available', 'error', 'error_restoring', 'error_extending', 'error_managing')


class SimBlockStorage:
    """Block storage requests of the simulated cloud."""

    # -- shared with compute ------------------------------------------------------------------
    def _storage_usage(self, t) -> dict:
        volumes = [v for v in t.list('volume') if not self._going(v)]
        snapshots = [s for s in t.list('snapshot') if not self._going(s)]
        backups = [b for b in t.list('backup') if not self._going(b)]
        return {'volumes': len(volumes), 'snapshots': len(snapshots), 'backups': len(backups),
                'gigabytes': sum(v.get('size') or 0 for v in volumes + snapshots)}

    def _check_zone(self, t, zone: str | None) -> str:
        zone = zone or 'nova'
        if zone not in [z['name'] for z in self._everything(t, 'availability_zone')]:
            raise BadRequest("Availability zone '%s' is invalid." % zone)
        return zone

    def _volume_body(self, t, size, *, name=None, description=None, availability_zone=None,
                     snapshot_id=None, backup_id=None, image_id=None, volume_type=None,
                     metadata=None) -> dict:
        """A new volume in ``creating`` (not stored yet), quotas checked."""
        zone = self._check_zone(t, availability_zone)
        source_size = None
        if snapshot_id is not None:
            snap = t.get('snapshot', snapshot_id)
            if snap is None:
                raise NotFound('Snapshot %s could not be found.' % snapshot_id)
            if snap['status'] != 'available':
                raise BadRequest('Invalid snapshot: Originating snapshot status must be one of '
                                 "'available' values")
            source_size = snap['size']
        if backup_id is not None:
            backup = t.get('backup', backup_id)
            if backup is None:
                raise NotFound('Backup %s could not be found.' % backup_id)
            if backup['status'] != 'available':
                raise BadRequest('Invalid backup: Backup status must be available')
            source_size = backup['size']
        if image_id is not None:
            image = next((i for i in self.images() if i['id'] == image_id), None)
            if image is None:
                raise NotFound('Image %s could not be found.' % image_id)
            source_size = max(1, image.get('min_disk') or 0)
        if size is None:
            size = source_size
        try:
            size = int(size)
        except (TypeError, ValueError):
            size = 0
        if size < 1:
            raise BadRequest("Invalid input received: Volume size '%s' must be an integer and "
                             "greater than 0." % (size or ''))
        if source_size is not None and size < source_size:
            raise BadRequest("Invalid input received: Volume size '%d'GB cannot be smaller "
                             "than the source size %dGB." % (size, source_size))
        quotas.check_block_storage(self._storage_usage(t), {'volumes': 1, 'gigabytes': size})
        return {'id': new_id(), 'name': name, 'description': description, 'size': size,
                'status': 'restoring-backup' if backup_id else 'creating',
                'availability_zone': zone, 'snapshot_id': snapshot_id,
                'source_volid': None, 'volume_type': volume_type or 'lvmdriver-1',
                'metadata': dict(metadata or {}), 'attachments': [],
                'is_bootable': image_id is not None, 'is_encrypted': False,
                'created_at': now_iso(), 'updated_at': now_iso()}

    def _get(self, t, kind: str, object_id: str, what: str) -> dict:
        body = t.get(kind, object_id)
        if body is None:
            raise NotFound('%s %s could not be found.' % (what, object_id))
        return body

    # -- listings -----------------------------------------------------------------------------
    def volumes(self):
        with self._txn() as t:
            return [public(v) for v in t.list('volume')]

    def snapshots(self):
        with self._txn() as t:
            return [public(s) for s in t.list('snapshot')]

    def backups(self):
        with self._txn() as t:
            return [public(b) for b in t.list('backup')]

    # -- volumes ------------------------------------------------------------------------------
    def create_volume(self, size=None, *, name=None, description=None, availability_zone=None,
                      snapshot_id=None, backup_id=None, image_id=None, volume_type=None,
                      metadata=None):
        fault = self._request('create_volume')
        with self._txn(write=True) as t:
            body = self._volume_body(t, size, name=name, description=description,
                                     availability_zone=availability_zone,
                                     snapshot_id=snapshot_id, backup_id=backup_id,
                                     image_id=image_id, volume_type=volume_type,
                                     metadata=metadata)
            self._schedule(body, 'create_volume', fault, then={'status': 'available'},
                           error={'status': 'error'})
            t.put('volume', body)
        return public(body)

    def get_volume(self, volume_id):
        with self._txn() as t:
            return public(self._get(t, 'volume', volume_id, 'Volume'))

    def delete_volume(self, volume_id):
        fault = self._request('delete_volume')
        with self._txn(write=True) as t:
            body = self._get(t, 'volume', volume_id, 'Volume')
            if body['status'] == 'deleting':
                return
            if body['status'] not in _DELETABLE or body.get('attachments') or any(
                    s['volume_id'] == volume_id for s in t.list('snapshot')):
                raise BadRequest('Invalid volume: Volume status must be available or error or '
                                 'error_restoring or error_extending or error_managing and must '
                                 'not be migrating, attached, belong to a group, have snapshots '
                                 'or be disassociated from snapshots after volume transfer.')
            body['status'] = 'deleting'
            self._schedule(body, 'delete_volume', fault, then={}, gone=True,
                           error={'status': 'error_deleting'})
            t.put('volume', body)

    def extend_volume(self, volume_id, size):
        fault = self._request('extend_volume')
        with self._txn(write=True) as t:
            body = self._get(t, 'volume', volume_id, 'Volume')
            if body['status'] not in ('available', 'in-use'):
                raise BadRequest('Invalid volume: Volume %s status must be available or in-use '
                                 'to extend, but current status is: %s.'
                                 % (volume_id, body['status']))
            size = int(size)
            if size <= body['size']:
                raise BadRequest('Invalid input received: New size for extend must be greater '
                                 'than current size. (current: %d, extended: %d).'
                                 % (body['size'], size))
            quotas.check_block_storage(self._storage_usage(t),
                                       {'gigabytes': size - body['size']})
            previous = body['status']
            body['status'] = 'extending'
            self._schedule(body, 'extend_volume', fault, then={'status': previous, 'size': size},
                           error={'status': 'error_extending'})
            t.put('volume', body)

    def update_volume(self, volume_id, *, name=None, description=None, metadata=None):
        self._request('update_volume')
        with self._txn(write=True) as t:
            body = self._get(t, 'volume', volume_id, 'Volume')
            if name is not None:
                body['name'] = name
            if description is not None:
                body['description'] = description
            if metadata is not None:
                body['metadata'] = dict(metadata)
            body['updated_at'] = now_iso()
            t.put('volume', body)
        return public(body)

    # -- snapshots ----------------------------------------------------------------------------
    def _check_copyable(self, volume: dict, force: bool, what: str) -> None:
        if volume['status'] == 'available' or (volume['status'] == 'in-use' and force):
            return
        if volume['status'] == 'in-use':
            raise BadRequest('Invalid volume: %s an in-use volume must use the force flag.'
                             % what)
        raise BadRequest('Invalid volume: Volume %s status must be available or in-use, but '
                         'current status is: %s.' % (volume['id'], volume['status']))

    def create_snapshot(self, volume_id, *, name=None, description=None, force=False):
        fault = self._request('create_snapshot')
        with self._txn(write=True) as t:
            volume = self._get(t, 'volume', volume_id, 'Volume')
            self._check_copyable(volume, force, 'Snapshotting')
            quotas.check_block_storage(self._storage_usage(t),
                                       {'snapshots': 1, 'gigabytes': volume['size']})
            body = {'id': new_id(), 'name': name, 'description': description,
                    'volume_id': volume_id, 'size': volume['size'], 'status': 'creating',
                    'metadata': {}, 'created_at': now_iso()}
            self._schedule(body, 'create_snapshot', fault, then={'status': 'available'},
                           error={'status': 'error'})
            t.put('snapshot', body)
        return public(body)

    def get_snapshot(self, snapshot_id):
        with self._txn() as t:
            return public(self._get(t, 'snapshot', snapshot_id, 'Snapshot'))

    def delete_snapshot(self, snapshot_id):
        fault = self._request('delete_snapshot')
        with self._txn(write=True) as t:
            body = self._get(t, 'snapshot', snapshot_id, 'Snapshot')
            if body['status'] == 'deleting':
                return
            if body['status'] not in ('available', 'error'):
                raise BadRequest('Invalid snapshot: Volume Snapshot status must be available '
                                 'or error.')
            body['status'] = 'deleting'
            self._schedule(body, 'delete_snapshot', fault, then={}, gone=True,
                           error={'status': 'error_deleting'})
            t.put('snapshot', body)

    # -- backups ------------------------------------------------------------------------------
    def create_backup(self, volume_id, *, name=None, description=None, force=False):
        fault = self._request('create_backup')
        with self._txn(write=True) as t:
            volume = self._get(t, 'volume', volume_id, 'Volume')
            self._check_copyable(volume, force, 'Backing up')
            quotas.check_block_storage(self._storage_usage(t), {'backups': 1})
            body = {'id': new_id(), 'name': name, 'description': description,
                    'volume_id': volume_id, 'size': volume['size'], 'status': 'creating',
                    'availability_zone': volume['availability_zone'],
                    'is_incremental': False, 'object_count': 0, 'created_at': now_iso()}
            self._schedule(body, 'create_backup', fault, then={'status': 'available'},
                           error={'status': 'error'})
            # Cinder keeps the volume in backing-up until the backup is made
            previous = volume['status']
            volume['status'] = 'backing-up'
            volume['_pending'] = {'at': body['_pending']['at'], 'then': {'status': previous},
                                  'gone': False}
            t.put('volume', volume)
            t.put('backup', body)
        return public(body)

    def get_backup(self, backup_id):
        with self._txn() as t:
            return public(self._get(t, 'backup', backup_id, 'Backup'))

    def delete_backup(self, backup_id):
        fault = self._request('delete_backup')
        with self._txn(write=True) as t:
            body = self._get(t, 'backup', backup_id, 'Backup')
            if body['status'] == 'deleting':
                return
            if body['status'] not in ('available', 'error'):
                raise BadRequest('Invalid backup: Backup status must be available or error')
            body['status'] = 'deleting'
            self._schedule(body, 'delete_backup', fault, then={}, gone=True,
                           error={'status': 'error'})
            t.put('backup', body)
