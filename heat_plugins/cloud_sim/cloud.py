"""The embedded simulated cloud (``default_cloud = sim``).

For now it is an in-memory catalogue (:mod:`heat_plugins.cloud_sim.catalog`)
that answers validation's questions; objects with lifecycles, quotas and
fault injection follow with the engine.
"""

from __future__ import annotations

import uuid

from heat_core.clouds.base import KINDS, Cloud, CloudObject
from heat_plugins.cloud_sim import catalog


class SimCloud(Cloud):
    """A cloud that lives in this process: every listing is answered from
    memory, starting from the built-in catalogue."""

    name = 'sim'

    def __init__(self, objects: dict | None = None):
        self._objects = catalog.default_catalog() if objects is None else objects
        for kind in KINDS:
            self._objects.setdefault(kind, [])

    def add(self, kind: str, **fields) -> CloudObject:
        """Put an object into the catalogue (a random ID unless given; key
        pairs and availability zones are identified by name)."""
        if kind not in KINDS:
            raise ValueError('Unknown cloud object kind "%s"' % kind)
        if 'id' not in fields:
            by_name = kind in ('keypair', 'availability_zone')
            fields['id'] = fields.get('name') if by_name else str(uuid.uuid4())
        fields.setdefault('name', '')
        self._objects[kind].append(dict(fields))
        return CloudObject(fields)

    def _listing(self, kind: str) -> list[CloudObject]:
        # copies: callers must not change the catalogue by accident
        return [CloudObject(item) for item in self._objects[kind]]

    def flavors(self):
        return self._listing('flavor')

    def images(self):
        return self._listing('image')

    def keypairs(self):
        return self._listing('keypair')

    def networks(self):
        return self._listing('network')

    def subnets(self):
        return self._listing('subnet')

    def ports(self):
        return self._listing('port')

    def security_groups(self):
        return self._listing('security_group')

    def servers(self):
        return self._listing('server')

    def volumes(self):
        return self._listing('volume')

    def snapshots(self):
        return self._listing('snapshot')

    def availability_zones(self):
        return self._listing('availability_zone')

    def routers(self):
        return self._listing('router')
