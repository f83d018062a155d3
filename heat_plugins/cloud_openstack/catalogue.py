"""Listings of what exists (the catalogue half of the interface)."""

from __future__ import annotations

import json

from heat_core.clouds.catalogue import CloudObject
from heat_plugins.cloud_openstack.convert import to_object
from heat_plugins.cloud_openstack.errors import sdk_errors
from heat_plugins.cloud_openstack.network import security_group_rule


class CatalogueMixin:
    """Listings through openstacksdk's proxies: compute (flavors, key pairs,
    availability zones, servers), image, network, block storage, object
    storage and identity."""

    @sdk_errors
    def flavors(self):
        flavors = [to_object(f) for f in self.conn.compute.flavors()]
        self._remember_flavors(flavors)
        return flavors

    @sdk_errors
    def images(self):
        return [to_object(i) for i in self.conn.image.images()]

    @sdk_errors
    def keypairs(self):
        # a key pair is known by its name
        return [to_object(k, id=k.name) for k in self.conn.compute.keypairs()]

    @sdk_errors
    def availability_zones(self):
        return [to_object(z, id=z.name) for z in self.conn.compute.availability_zones()]

    @sdk_errors
    def servers(self):
        return [self._server(s) for s in self.conn.compute.servers()]

    @sdk_errors
    def networks(self):
        return [to_object(n) for n in self.conn.network.networks()]

    @sdk_errors
    def subnets(self):
        return [to_object(s) for s in self.conn.network.subnets()]

    @sdk_errors
    def ports(self):
        return [to_object(p) for p in self.conn.network.ports()]

    @sdk_errors
    def security_groups(self):
        return [to_object(g) for g in self.conn.network.security_groups()]

    @sdk_errors
    def security_group_rules(self):
        return [security_group_rule(r) for r in self.conn.network.security_group_rules()]

    @sdk_errors
    def routers(self):
        return [to_object(r) for r in self.conn.network.routers()]

    @sdk_errors
    def floating_ips(self):
        return [to_object(ip) for ip in self.conn.network.ips()]

    @sdk_errors
    def volumes(self):
        return [to_object(v) for v in self.conn.block_storage.volumes()]

    @sdk_errors
    def volume_attachments(self):
        # Nova lists attachments per server only: the volumes say where
        # they are attached
        out = []
        for volume in self.conn.block_storage.volumes():
            for attachment in volume.attachments or ():
                out.append(self._attachment(attachment.get('server_id'), volume.id,
                                            attachment.get('device'),
                                            attachment.get('attachment_id')))
        return out

    @sdk_errors
    def snapshots(self):
        return [to_object(s) for s in self.conn.block_storage.snapshots()]

    @sdk_errors
    def backups(self):
        return [to_object(b) for b in self.conn.block_storage.backups()]

    @sdk_errors
    def containers(self):
        return [self._container(c) for c in self.conn.object_store.containers()]

    @sdk_errors
    def users(self):
        return [to_object(u) for u in self.conn.identity.users()]

    @sdk_errors
    def ec2_credentials(self):
        return [self._ec2_credential(c, secret=False)
                for c in self.conn.identity.credentials(type='ec2')]

    @staticmethod
    def _ec2_credential(credential, secret=True) -> CloudObject:
        blob = credential.blob
        if isinstance(blob, str):
            try:
                blob = json.loads(blob)
            except ValueError:
                blob = {}
        blob = blob or {}
        out = CloudObject(id=blob.get('access'), access=blob.get('access'),
                          user_id=credential.user_id, project_id=credential.project_id,
                          credential_id=credential.id)
        if secret:
            out['secret'] = blob.get('secret')
        return out
