"""AWS::EC2::EIP and AWS::EC2::EIPAssociation (see the package docstring)."""

from __future__ import annotations

from heat_core.clouds.errors import NotFound, ignore_not_found
from heat_core.constraints import AllowedValues, CustomConstraint
from heat_core.resources.resource import Resource
from heat_core.resources.runtime import ResourceFailure
from heat_core.resources.schema import STRING, Attribute, Schema


def _port_of(cloud, instance_id: str | None, port_id: str | None = None) -> str:
    """The port to point an address at: the given one, or the instance's first."""
    if port_id:
        return cloud.get_port(port_id).id
    ports = cloud.server_ports(instance_id)
    if not ports:
        raise ResourceFailure('Instance %s has no port to associate the address with'
                              % instance_id)
    return ports[0].id


class ElasticIp(Resource):
    """Allocates a floating IP address (an Elastic IP) for an instance.

    With InstanceId the address points at the instance's port; Ref gives
    the address, AllocationId the floating IP's ID.
    """

    properties_schema = {
        'Domain': Schema(STRING, 'Set to "vpc" to have IP address allocation associated to '
                         'your VPC.', constraints=[AllowedValues(['vpc'])]),
        'InstanceId': Schema(STRING, 'Instance ID to associate with EIP.', update_allowed=True,
                             constraints=[CustomConstraint('nova.server')]),
    }

    attributes_schema = {
        'AllocationId': Attribute('ID that AWS assigns to represent the allocation of the '
                                  'address for use with Amazon VPC. Returned only for VPC '
                                  'elastic IP addresses.', STRING),
    }

    def handle_create(self):
        cloud = self.cloud
        fip = None
        if self.resource_id is not None:        # a retried create: adopt the address
            with ignore_not_found():
                fip = cloud.get_floating_ip(self.resource_id)
        if fip is None:
            fip = cloud.create_floating_ip()
            self.resource_id_set(fip.id)
        self.data_set('address', fip.floating_ip_address)
        instance_id = self.properties.get('InstanceId')
        if instance_id:
            cloud.associate_floating_ip(fip.id, _port_of(cloud, instance_id))

    def handle_update(self, new_definition, prop_diff):
        if 'InstanceId' not in prop_diff:
            return
        cloud = self.cloud
        instance_id = prop_diff['InstanceId']
        if instance_id:
            # moving the address also takes it from the old instance
            cloud.associate_floating_ip(self.resource_id, _port_of(cloud, instance_id))
        else:
            cloud.disassociate_floating_ip(self.resource_id)

    def handle_delete(self):
        if self.resource_id is None:
            return
        with ignore_not_found():
            self.cloud.delete_floating_ip(self.resource_id)

    def reference(self) -> str:
        address = self.data.get('address')
        if address is None and self.resource_id is not None and self.stack.cloud is not None:
            with ignore_not_found():
                address = self.stack.cloud.get_floating_ip(self.resource_id).floating_ip_address
        return address or self.name

    def resolve_attribute(self, name):
        if name == 'AllocationId':
            return self.resource_id
        return None

    def show_attribute(self):
        if self.resource_id is None:
            return None
        try:
            return dict(self.cloud.get_floating_ip(self.resource_id))
        except NotFound:
            return None


class ElasticIpAssociation(Resource):
    """Associates a floating IP with an instance or a network interface.

    The address is named by EIP (the address) or AllocationId (its ID).
    """

    properties_schema = {
        'InstanceId': Schema(STRING, 'Instance ID to associate with EIP specified by EIP '
                             'property.', constraints=[CustomConstraint('nova.server')]),
        'EIP': Schema(STRING, 'EIP address to associate with instance.',
                      constraints=[CustomConstraint('ip_addr')]),
        'AllocationId': Schema(STRING, 'Allocation ID for VPC EIP address.'),
        'NetworkInterfaceId': Schema(STRING, 'Network interface ID to associate with EIP.'),
    }

    @classmethod
    def validate_definition(cls, definition, ctx) -> None:
        super().validate_definition(definition, ctx)
        props = definition.properties
        if not isinstance(props, dict):
            return

        def given(key):
            return props.get(key) not in (None, '')
        path = definition.key_path('properties')
        if given('EIP') == given('AllocationId'):
            ctx.issues.error(path, "Either 'EIP' or 'AllocationId' must be provided.")
        elif given('EIP') and not given('InstanceId'):
            ctx.issues.error(path, "Must specify 'InstanceId' if you specify 'EIP'.")
        if not given('InstanceId') and not given('NetworkInterfaceId'):
            ctx.issues.error(path, 'At least one of the following properties must be '
                             'specified: InstanceId, NetworkInterfaceId.')

    def handle_create(self):
        cloud = self.cloud
        props = self.properties
        wanted = props.get('EIP') or props.get('AllocationId')
        fip = cloud.find_floating_ip(wanted)
        if fip is None:
            raise ResourceFailure('Floating IP %s could not be found' % wanted)
        port_id = _port_of(cloud, props.get('InstanceId'), props.get('NetworkInterfaceId'))
        self.data_set('floating_ip_id', fip.id)
        self.data_set('port_id', port_id)
        cloud.associate_floating_ip(fip.id, port_id)
        self.resource_id_set(props.get('EIP') or fip.id)

    def handle_delete(self):
        fip_id, port_id = self.data.get('floating_ip_id'), self.data.get('port_id')
        if fip_id is None:
            return
        cloud = self.cloud
        with ignore_not_found():
            # only undo what this association did: a replacement may own it now
            if cloud.get_floating_ip(fip_id).port_id == port_id:
                cloud.disassociate_floating_ip(fip_id)
