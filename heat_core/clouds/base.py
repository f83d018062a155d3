"""What Heat may ask of a cloud, in openstacksdk's vocabulary.

A cloud backend is a :class:`Cloud` subclass registered in the
``heat.clouds`` entry-point namespace (``sim``: the embedded simulated
cloud; ``openstack``: a real one through openstacksdk).  Resource plugins
and validation talk only to this interface (as ``self.stack.cloud``), so
they run unchanged against either.

The interface is grouped by service, one module each:

- :mod:`~heat_core.clouds.catalogue` — what exists (flavors, images, key
  pairs, networks, ...) and finding one thing by name or ID;
- :mod:`~heat_core.clouds.compute` — servers, resizes, volume attachments;
- :mod:`~heat_core.clouds.block_storage` — volumes, snapshots, backups;
- :mod:`~heat_core.clouds.network` — ports, floating IPs, security groups;
- :mod:`~heat_core.clouds.object_store` — containers;
- :mod:`~heat_core.clouds.identity` — stack users and EC2 credentials.

Objects are :class:`CloudObject` s with openstacksdk's attribute names.
Long requests (booting a server, creating a volume) return at once with
the object in its transitional status; plugins poll ``get_<kind>`` from
``check_<action>_complete``.  Failures are typed
(:mod:`~heat_core.clouds.errors`): :class:`NotFound` (a 404 on delete
counts as deleted, see :func:`ignore_not_found`), :class:`QuotaExceeded`
with the cloud's message, :class:`Conflict`, :class:`BadRequest`, and
:class:`CloudError` for the rest.  A backend that lacks a request raises
:class:`NotSupported`.
"""

from __future__ import annotations

from typing import ClassVar

from heat_core.clouds.block_storage import BlockStorageAPI
from heat_core.clouds.catalogue import KINDS, LISTINGS, CatalogueAPI, CloudObject
from heat_core.clouds.compute import ComputeAPI
from heat_core.clouds.errors import (
    BadRequest,
    CloudError,
    Conflict,
    DuplicateResource,
    NotFound,
    NotSupported,
    QuotaExceeded,
    UnknownCloud,
    ignore_not_found,
)
from heat_core.clouds.identity import IdentityAPI
from heat_core.clouds.network import NetworkAPI
from heat_core.clouds.object_store import ObjectStoreAPI

__all__ = ['KINDS', 'LISTINGS', 'LIVE_KINDS', 'BadRequest', 'Cloud', 'CloudError',
           'CloudObject', 'Conflict', 'DuplicateResource', 'NotFound', 'NotSupported',
           'QuotaExceeded', 'UnknownCloud', 'ignore_not_found']

#: the kinds stacks create (what ``heat-manage cloud list`` shows)
LIVE_KINDS = ('server', 'volume', 'volume_attachment', 'snapshot', 'backup', 'floating_ip',
              'security_group', 'security_group_rule', 'port', 'network', 'subnet', 'router',
              'container', 'user', 'ec2_credential')


class Cloud(CatalogueAPI, ComputeAPI, BlockStorageAPI, NetworkAPI, ObjectStoreAPI,
            IdentityAPI):
    """A cloud backend: the catalogue plus one group of requests per
    service.  Subclasses implement the catalogue listings and whichever
    requests their cloud supports."""

    #: the entry-point name (``sim``, ``openstack``)
    name: ClassVar[str] = ''

    @classmethod
    def from_config(cls, engine=None) -> Cloud:
        """The backend as configured.  ``engine`` is the SQLAlchemy engine
        of the Heat database in use (a backend that keeps state, like the
        simulated cloud, keeps it there)."""
        return cls()

    def live_objects(self, kind: str | None = None) -> list[CloudObject]:
        """Everything stacks could have created (of one kind, or of all
        :data:`LIVE_KINDS`), each with its ``type`` (the kind)."""
        out = []
        for k in ([kind] if kind else LIVE_KINDS):
            try:
                items = self.list(k)
            except NotSupported:
                continue
            out.extend(CloudObject(item, type=k) for item in items)
        return out
