"""Compute (Nova): servers, resizes and volume attachments."""

from __future__ import annotations

import base64
import threading

from heat_core.clouds.catalogue import CloudObject
from heat_plugins.cloud_openstack.convert import ref, to_object
from heat_plugins.cloud_openstack.errors import sdk_errors

#: what Nova says of a server's flavor (2.47+: all but the ID)
_FLAVOR_FIELDS = ('id', 'original_name', 'vcpus', 'ram', 'disk', 'ephemeral', 'swap',
                  'extra_specs')


def encode_user_data(user_data: str | bytes) -> str:
    """Nova wants user data base64-encoded."""
    raw = user_data.encode('utf-8') if isinstance(user_data, str) else user_data
    return base64.b64encode(raw).decode('ascii')


class ComputeMixin:
    """The compute requests of the interface through ``conn.compute``."""

    # -- servers ---------------------------------------------------------------
    @sdk_errors
    def create_server(self, name, image, flavor, *, key_name=None, user_data=None,
                      availability_zone=None, security_groups=None, networks=None,
                      block_device_mapping=None, metadata=None, scheduler_hints=None,
                      config_drive=None):
        attrs = {'name': name, 'flavor_id': flavor,
                 # Nova (2.37+) wants networks; "auto": the project's one network
                 'networks': networks if networks else 'auto'}
        if image:
            attrs['image_id'] = image
        optional = {
            'key_name': key_name,
            'availability_zone': availability_zone,
            'security_groups': (None if security_groups is None
                                else [{'name': g} for g in security_groups]),
            'block_device_mapping': block_device_mapping,
            'metadata': metadata,
            'scheduler_hints': scheduler_hints,
            'config_drive': config_drive,
            'user_data': encode_user_data(user_data) if user_data else None,
        }
        attrs.update((k, v) for k, v in optional.items() if v is not None)
        server = self.conn.compute.create_server(**attrs)
        # Nova answers with the ID only: the rest is what was asked for
        out = to_object(server)
        out.update(status=server.status or 'BUILD', image={'id': image} if image else {},
                   flavor={'id': flavor}, attached_volumes=server.attached_volumes or [],
                   security_groups=[{'name': g.get('name')}
                                    for g in server.security_groups or []])
        out.pop('image_id', None)
        out.pop('flavor_id', None)
        return out

    @sdk_errors
    def get_server(self, server_id):
        return self._server(self.conn.compute.get_server(server_id))

    @sdk_errors
    def delete_server(self, server_id):
        self.conn.compute.delete_server(server_id, ignore_missing=False)

    @sdk_errors
    def update_server(self, server_id, *, name=None):
        attrs = {} if name is None else {'name': name}
        return self._server(self.conn.compute.update_server(server_id, **attrs))

    @sdk_errors
    def set_server_metadata(self, server_id, metadata):
        from openstack.compute.v2 import server as _server
        server = _server.Server.existing(id=server_id)
        server.set_metadata(self.conn.compute, {str(k): str(v) for k, v in metadata.items()},
                            replace=True)
        return self.get_server(server_id)

    @sdk_errors
    def resize_server(self, server_id, flavor):
        self.conn.compute.resize_server(server_id, flavor)

    @sdk_errors
    def confirm_server_resize(self, server_id):
        self.conn.compute.confirm_server_resize(server_id)

    @sdk_errors
    def revert_server_resize(self, server_id):
        self.conn.compute.revert_server_resize(server_id)

    @sdk_errors
    def suspend_server(self, server_id):
        self.conn.compute.suspend_server(server_id)

    @sdk_errors
    def resume_server(self, server_id):
        self.conn.compute.resume_server(server_id)

    def _server(self, server) -> CloudObject:
        """A Nova server in the interface's shape: ``image`` and ``flavor``
        as ``{'id'}`` (Nova 2.47+ embeds the flavor without its ID: it is
        found by name), ``security_groups`` as ``[{'name'}]``,
        ``attached_volumes`` as ``[{'id'}]``."""
        out = to_object(server)
        out['image'] = ref(server.image)
        out['flavor'] = self._flavor_ref(server.flavor)
        out['security_groups'] = [{'name': g.get('name')} for g in server.security_groups or []]
        out['attached_volumes'] = [{'id': v.get('id')} for v in server.attached_volumes or []]
        out['addresses'] = server.addresses or {}
        out['metadata'] = server.metadata or {}
        out.pop('image_id', None)
        out.pop('flavor_id', None)
        return out

    # -- flavors by name (Nova 2.47+ shows a server's flavor by name) -----------
    def _remember_flavors(self, flavors):
        with self._flavor_lock:
            self._flavor_ids.update((f.name, f.id) for f in flavors if f.get('name'))

    def _flavor_ref(self, flavor) -> dict:
        if not flavor:
            return {}
        if isinstance(flavor, str):
            return {'id': flavor}
        shown = {k: v for k, v in dict(flavor).items()
                 if k in _FLAVOR_FIELDS and v is not None}
        name = shown.get('original_name')
        if not name:
            return shown            # Nova < 2.47: the ID
        # (openstacksdk shows the name as the ID)
        with self._flavor_lock:
            known = self._flavor_ids.get(name)
        if known is None and name:
            self.flavors()          # a flavor made since: look again
            with self._flavor_lock:
                known = self._flavor_ids.get(name)
        shown['id'] = known
        return shown

    @property
    def _flavor_lock(self):
        lock = self.__dict__.get('_flavor_lock_')
        if lock is None:
            lock = self.__dict__.setdefault('_flavor_lock_', threading.Lock())
        return lock

    @property
    def _flavor_ids(self) -> dict:
        return self.__dict__.setdefault('_flavor_ids_', {})

    # -- volume attachments ---------------------------------------------------------
    @sdk_errors
    def create_volume_attachment(self, server_id, volume_id, device=None):
        attrs = {} if device is None else {'device': device}
        attachment = self.conn.compute.create_volume_attachment(server_id, volume_id, **attrs)
        return self._attachment(server_id, attachment.volume_id or volume_id,
                                attachment.device, attachment.attachment_id or attachment.id)

    @sdk_errors
    def get_volume_attachment(self, server_id, volume_id):
        attachment = self.conn.compute.get_volume_attachment(server_id, volume_id)
        return self._attachment(server_id, attachment.volume_id or volume_id,
                                attachment.device, attachment.attachment_id or attachment.id)

    @sdk_errors
    def delete_volume_attachment(self, server_id, volume_id):
        # (the proxy's delete_volume_attachment GETs the server first, to
        # guess the order of its arguments)
        from openstack.compute.v2 import volume_attachment as _attachment
        _attachment.VolumeAttachment.existing(
            server_id=server_id, volume_id=volume_id).delete(self.conn.compute)

    @staticmethod
    def _attachment(server_id, volume_id, device, attachment_id=None) -> CloudObject:
        # Nova's legacy attachment ID is the volume's; 2.89+ gives Cinder's
        return CloudObject(id=attachment_id or volume_id, attachment_id=attachment_id,
                           server_id=server_id, volume_id=volume_id, device=device)
