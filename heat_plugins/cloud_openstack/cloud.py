"""The ``openstack`` cloud backend (``default_cloud = openstack``).

Every request goes through openstacksdk, configured the usual way: a
clouds.yaml entry (``[cloud_openstack] cloud``, else ``OS_CLOUD``) or the
``OS_*`` environment, in ``[cloud_openstack] region_name`` (else the
cloud's region).  The Connection is made on first use and shared by the
whole process.  Errors leave as the interface's typed errors
(:mod:`heat_plugins.cloud_openstack.errors`): a delete of what is already
gone raises NotFound, which callers absorb with ``ignore_not_found()``.
"""

from __future__ import annotations

from heat_core.clouds.base import Cloud
from heat_plugins.cloud_openstack import connection, logs
from heat_plugins.cloud_openstack.block_storage import BlockStorageMixin
from heat_plugins.cloud_openstack.catalogue import CatalogueMixin
from heat_plugins.cloud_openstack.compute import ComputeMixin
from heat_plugins.cloud_openstack.identity import IdentityMixin
from heat_plugins.cloud_openstack.network import NetworkMixin
from heat_plugins.cloud_openstack.object_store import ObjectStoreMixin


class OpenStackCloud(CatalogueMixin, ComputeMixin, BlockStorageMixin, NetworkMixin,
                     ObjectStoreMixin, IdentityMixin, Cloud):
    """A real OpenStack cloud."""

    name = 'openstack'

    def __init__(self, cloud: str | None = None, region_name: str | None = None,
                 conn=None):
        """``cloud``: the clouds.yaml entry (None: ``OS_CLOUD`` / ``OS_*``);
        ``conn``: a ready openstacksdk Connection to use instead."""
        self.cloud = cloud
        self.region_name = region_name
        self._conn = conn
        # keystoneauth logs request and answer bodies at DEBUG: no secrets there
        logs.install()

    @classmethod
    def from_config(cls, engine=None):
        from heat_core.config import CONF
        group = CONF.cloud_openstack
        return cls(cloud=group.cloud, region_name=group.region_name)

    @property
    def conn(self):
        """The openstacksdk Connection (made on first use, once per process)."""
        if self._conn is None:
            self._conn = connection.connect(self.cloud, self.region_name)
        return self._conn
