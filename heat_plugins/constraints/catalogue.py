"""Custom constraints that look a name or ID up in the cloud's catalogue:
``nova.flavor``, ``glance.image``, ``neutron.network`` and the rest.

Named as OpenStack Heat names them, so existing templates keep working.
"""

from __future__ import annotations

from heat_core.clouds.base import DuplicateResource
from heat_core.constraints import ConstraintPlugin


class CatalogueLookup(ConstraintPlugin):
    """The value must name (or be the ID of) exactly one ``kind`` object."""

    needs_cloud = True
    #: catalogue kind (see ``heat_core.clouds.base.KINDS``)
    kind: str = ''
    #: what users call it, in messages: ``The Flavor (m1.huge) could not be found.``
    label: str = ''

    def validate(self, value, cloud):
        if not isinstance(value, str):
            return 'The %s must be given by name or ID (a string), not %s' % (
                self.label, type(value).__name__)
        try:
            found = cloud.find(self.kind, value)
        except DuplicateResource as exc:
            return 'Multiple %ss are named "%s"; use the ID instead (%d found).' % (
                self.label, value, exc.count)
        if found is None:
            return 'The %s (%s) could not be found.' % (self.label, value)
        return None


class FlavorConstraint(CatalogueLookup):
    """A Nova flavor, by name or ID."""
    description = 'A Nova flavor, by name or ID.'
    kind, label = 'flavor', 'Flavor'


class KeypairConstraint(CatalogueLookup):
    """A Nova key pair, by name."""
    description = 'A Nova key pair, by name.'
    kind, label = 'keypair', 'Key pair'


class ServerConstraint(CatalogueLookup):
    """A Nova server, by name or ID."""
    description = 'A Nova server, by name or ID.'
    kind, label = 'server', 'Server'


class AvailabilityZoneConstraint(CatalogueLookup):
    """A Nova availability zone, by name."""
    description = 'A Nova availability zone, by name.'
    kind, label = 'availability_zone', 'Availability zone'


class ImageConstraint(CatalogueLookup):
    """A Glance image, by name or ID."""
    description = 'A Glance image, by name or ID.'
    kind, label = 'image', 'Image'


class NetworkConstraint(CatalogueLookup):
    """A Neutron network, by name or ID."""
    description = 'A Neutron network, by name or ID.'
    kind, label = 'network', 'Network'


class SubnetConstraint(CatalogueLookup):
    """A Neutron subnet, by name or ID."""
    description = 'A Neutron subnet, by name or ID.'
    kind, label = 'subnet', 'Subnet'


class PortConstraint(CatalogueLookup):
    """A Neutron port, by name or ID."""
    description = 'A Neutron port, by name or ID.'
    kind, label = 'port', 'Port'


class RouterConstraint(CatalogueLookup):
    """A Neutron router, by name or ID."""
    description = 'A Neutron router, by name or ID.'
    kind, label = 'router', 'Router'


class SecurityGroupConstraint(CatalogueLookup):
    """A Neutron security group, by name or ID."""
    description = 'A Neutron security group, by name or ID.'
    kind, label = 'security_group', 'Security group'


class VolumeConstraint(CatalogueLookup):
    """A Cinder volume, by name or ID."""
    description = 'A Cinder volume, by name or ID.'
    kind, label = 'volume', 'Volume'


class SnapshotConstraint(CatalogueLookup):
    """A Cinder volume snapshot, by name or ID."""
    description = 'A Cinder volume snapshot, by name or ID.'
    kind, label = 'snapshot', 'Volume snapshot'
