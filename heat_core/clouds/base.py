"""What Heat may ask of a cloud, in openstacksdk's vocabulary.

A cloud backend is a :class:`Cloud` subclass registered in the
``heat.clouds`` entry-point namespace (``sim``: the embedded simulated
cloud; ``openstack``: a real one through openstacksdk).  Resource plugins
and validation talk only to this interface, so they run unchanged against
either.

For now the interface holds the *catalogue*: what exists (flavors, images,
key pairs, networks, ...) and how to find one by name or ID.  Creating and
deleting servers, volumes and the rest is added to the same class by the
engine's resource plugins.

Catalogue entries are :class:`CloudObject` s: dicts that also allow
attribute access (``flavor.ram`` and ``flavor['ram']``), with at least
``id`` and ``name``, and otherwise openstacksdk's attribute names
(``vcpus``, ``ram``, ``disk``; ``network_id``, ``cidr``; ...).
"""

from __future__ import annotations

import abc
from typing import ClassVar

from heat_core.errors import HeatError

#: catalogue kinds, singular as in openstacksdk's ``find_<kind>``
KINDS = ('flavor', 'image', 'keypair', 'network', 'subnet', 'port', 'security_group',
         'server', 'volume', 'snapshot', 'availability_zone', 'router')

#: the listing method of each kind
LISTINGS = {
    'flavor': 'flavors', 'image': 'images', 'keypair': 'keypairs', 'network': 'networks',
    'subnet': 'subnets', 'port': 'ports', 'security_group': 'security_groups',
    'server': 'servers', 'volume': 'volumes', 'snapshot': 'snapshots',
    'availability_zone': 'availability_zones', 'router': 'routers',
}


class CloudObject(dict):
    """One thing in a cloud: a dict whose keys are also attributes."""

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def id(self) -> str:
        return self.get('id')

    @property
    def name(self) -> str:
        return self.get('name')


class CloudError(HeatError):
    """A cloud request failed."""
    code = 'CloudError'


class UnknownCloud(CloudError):
    """``default_cloud`` (or the name asked for) is no installed backend."""
    code = 'UnknownCloud'


class DuplicateResource(CloudError):
    """A name matches more than one object (use the ID instead)."""
    code = 'DuplicateResource'

    def __init__(self, kind: str, name: str, count: int):
        super().__init__('%d %ss are named "%s": use an ID' % (count, kind, name))
        self.kind, self.name, self.count = kind, name, count


class Cloud(abc.ABC):
    """A cloud backend.

    Subclasses implement one listing method per catalogue kind; finding by
    name or ID is done here once, with openstacksdk's rules: an exact ID
    wins, otherwise the name must match exactly one object.
    """

    #: the entry-point name (``sim``, ``openstack``)
    name: ClassVar[str] = ''

    # -- catalogue listings -------------------------------------------------
    @abc.abstractmethod
    def flavors(self) -> list[CloudObject]:
        """Flavors: ``id``, ``name``, ``vcpus``, ``ram`` (MB), ``disk`` (GB)."""

    @abc.abstractmethod
    def images(self) -> list[CloudObject]:
        """Images: ``id``, ``name``, ``status``, ``disk_format``, ..."""

    @abc.abstractmethod
    def keypairs(self) -> list[CloudObject]:
        """Key pairs: ``id`` (same as the name), ``name``, ``fingerprint``."""

    @abc.abstractmethod
    def networks(self) -> list[CloudObject]:
        """Networks: ``id``, ``name``, ``subnet_ids``, ``is_router_external``."""

    @abc.abstractmethod
    def subnets(self) -> list[CloudObject]:
        """Subnets: ``id``, ``name``, ``network_id``, ``cidr``, ``ip_version``."""

    @abc.abstractmethod
    def ports(self) -> list[CloudObject]:
        """Ports: ``id``, ``name``, ``network_id``, ``fixed_ips``."""

    @abc.abstractmethod
    def security_groups(self) -> list[CloudObject]:
        """Security groups: ``id``, ``name``, ``security_group_rules``."""

    @abc.abstractmethod
    def servers(self) -> list[CloudObject]:
        """Servers: ``id``, ``name``, ``status``."""

    @abc.abstractmethod
    def volumes(self) -> list[CloudObject]:
        """Volumes: ``id``, ``name``, ``size`` (GB), ``status``."""

    @abc.abstractmethod
    def snapshots(self) -> list[CloudObject]:
        """Volume snapshots: ``id``, ``name``, ``volume_id``, ``status``."""

    @abc.abstractmethod
    def availability_zones(self) -> list[CloudObject]:
        """Availability zones: ``id`` (same as the name), ``name``, ``state``."""

    @abc.abstractmethod
    def routers(self) -> list[CloudObject]:
        """Routers: ``id``, ``name``, ``external_gateway_info``."""

    # -- finding ------------------------------------------------------------
    def list(self, kind: str) -> list[CloudObject]:
        """Everything of one kind (one of :data:`KINDS`)."""
        try:
            method = LISTINGS[kind]
        except KeyError:
            raise ValueError('Unknown cloud object kind "%s"' % kind) from None
        return getattr(self, method)()

    def find(self, kind: str, name_or_id) -> CloudObject | None:
        """The object of ``kind`` whose ID, or else whose name, is
        ``name_or_id``; None if there is none.  Raises
        :class:`DuplicateResource` when only names match and more than one
        does."""
        if name_or_id is None:
            return None
        wanted = str(name_or_id)
        items = self.list(kind)
        for item in items:
            if str(item.get('id')) == wanted:
                return item
        named = [item for item in items if item.get('name') == wanted]
        if len(named) > 1:
            raise DuplicateResource(kind, wanted, len(named))
        return named[0] if named else None

    def find_flavor(self, name_or_id) -> CloudObject | None:
        return self.find('flavor', name_or_id)

    def find_image(self, name_or_id) -> CloudObject | None:
        return self.find('image', name_or_id)

    def find_keypair(self, name_or_id) -> CloudObject | None:
        return self.find('keypair', name_or_id)

    def find_network(self, name_or_id) -> CloudObject | None:
        return self.find('network', name_or_id)

    def find_subnet(self, name_or_id) -> CloudObject | None:
        return self.find('subnet', name_or_id)

    def find_port(self, name_or_id) -> CloudObject | None:
        return self.find('port', name_or_id)

    def find_security_group(self, name_or_id) -> CloudObject | None:
        return self.find('security_group', name_or_id)

    def find_server(self, name_or_id) -> CloudObject | None:
        return self.find('server', name_or_id)

    def find_volume(self, name_or_id) -> CloudObject | None:
        return self.find('volume', name_or_id)

    def find_snapshot(self, name_or_id) -> CloudObject | None:
        return self.find('snapshot', name_or_id)

    def find_availability_zone(self, name_or_id) -> CloudObject | None:
        return self.find('availability_zone', name_or_id)

    def find_router(self, name_or_id) -> CloudObject | None:
        return self.find('router', name_or_id)

    def availability_zone_names(self) -> list[str]:
        """Names of the availability zones (what ``Fn::GetAZs`` returns)."""
        return [z.name for z in self.availability_zones()]
