"""AWS::EC2::Instance (see the package docstring)."""

from __future__ import annotations

import itertools

from heat_core.clouds.errors import NotFound, ignore_not_found
from heat_core.constraints import AllowedValues, CustomConstraint
from heat_core.resources.resource import Resource
from heat_core.resources.runtime import ResourceFailure
from heat_core.resources.schema import BOOLEAN, LIST, MAP, NUMBER, STRING, Attribute, Schema
from heat_core.template import functions as fn
from heat_plugins.aws_ec2_instance.userdata import user_data_text

#: statuses a server passes through on its way to ACTIVE (Heat's list)
DEFERRED = ('BUILD', 'HARD_REBOOT', 'PASSWORD', 'REBOOT', 'RESCUE', 'RESIZE',
            'REVERT_RESIZE', 'SHUTOFF', 'SUSPENDED', 'VERIFY_RESIZE')


def _not_implemented(kind=STRING, **kwargs) -> Schema:
    return Schema(kind, 'Not Implemented.', implemented=False, **kwargs)


def _key_value(description: str) -> Schema:
    return Schema(LIST, description, schema=Schema(MAP, schema={
        'Key': Schema(STRING, required=True),
        'Value': Schema(STRING, required=True),
    }))


def _tags(items) -> dict:
    return {t['Key']: t['Value'] for t in items or ()}


def in_error(server) -> str:
    """Heat's status reason for a server in ERROR, with the cloud's fault."""
    fault = server.get('fault') or {}
    return 'Went to status ERROR due to "Message: %s, Code: %s"' % (
        fault.get('message', 'Unknown'), fault.get('code', 'Unknown'))


def step(cookie) -> bool:
    """Advance a waiting generator; True when it has finished."""
    if cookie is None:
        return True
    try:
        next(cookie)
    except StopIteration:
        return True
    return False


class Instance(Resource):
    """Launches a server (an EC2 instance) from an image and a flavor.

    The server gets the template's user data (decoded when it is the
    output of Fn::Base64), its key pair, security groups and tags as
    metadata; volumes listed in Volumes are attached once it is ACTIVE.
    Changing InstanceType resizes the server in place.
    """

    #: CreationPolicy ResourceSignal: the create waits for its signals
    #: (see heat_core.resources.signals)
    creation_policy_signals = True

    properties_schema = {
        'ImageId': Schema(STRING, 'Glance image ID or name.', required=True,
                          constraints=[CustomConstraint('glance.image')]),
        # AWS does not require InstanceType but Nova needs a flavor
        'InstanceType': Schema(STRING, 'Nova instance type (flavor).', required=True,
                               update_allowed=True,
                               constraints=[CustomConstraint('nova.flavor')]),
        'KeyName': Schema(STRING, 'Optional Nova keypair name.',
                          constraints=[CustomConstraint('nova.keypair')]),
        'AvailabilityZone': Schema(STRING, 'Availability zone to launch the instance in.',
                                   constraints=[CustomConstraint('nova.availability_zone')]),
        'DisableApiTermination': _not_implemented(),
        'KernelId': _not_implemented(),
        'Monitoring': _not_implemented(BOOLEAN),
        'PlacementGroupName': _not_implemented(),
        'PrivateIpAddress': _not_implemented(),
        'RamDiskId': _not_implemented(),
        'SecurityGroups': Schema(LIST, 'Security group names to assign.'),
        'SecurityGroupIds': Schema(LIST, 'Security group IDs to assign.', update_allowed=True),
        'NetworkInterfaces': Schema(LIST, 'Network interfaces to associate with instance.'),
        'SourceDestCheck': _not_implemented(BOOLEAN),
        'SubnetId': Schema(STRING, 'Subnet ID to launch instance in.',
                           constraints=[CustomConstraint('neutron.subnet')]),
        'Tags': Schema(LIST, 'Tags to attach to instance.', update_allowed=True,
                       schema=Schema(MAP, schema={'Key': Schema(STRING, required=True),
                                                  'Value': Schema(STRING, required=True)})),
        'NovaSchedulerHints': _key_value('Scheduler hints to pass to Nova (Heat extension).'),
        'Tenancy': _not_implemented(constraints=[AllowedValues(['dedicated', 'default'])]),
        'UserData': Schema(STRING, 'User data to pass to instance.'),
        'Volumes': Schema(
            LIST, 'Volumes to attach to instance.', default=[], update_allowed=True,
            schema=Schema(MAP, schema={
                'Device': Schema(STRING, 'The device where the volume is exposed on the '
                                 'instance. This assignment may not be honored and it is '
                                 'advised that the path /dev/disk/by-id/virtio-<VolumeId> be '
                                 'used instead.', required=True),
                'VolumeId': Schema(STRING, 'The ID of the volume to be attached.',
                                   required=True,
                                   constraints=[CustomConstraint('cinder.volume')]),
            })),
        'BlockDeviceMappings': Schema(
            LIST, 'Block device mappings to attach to instance.',
            schema=Schema(MAP, schema={
                'DeviceName': Schema(STRING, 'A device name where the volume will be attached '
                                     'in the system at /dev/device_name. e.g. vdb',
                                     required=True),
                'Ebs': Schema(MAP, 'The ebs volume to attach to the instance.', schema={
                    'DeleteOnTermination': Schema(
                        BOOLEAN, 'Indicate whether the volume should be deleted when the '
                        'instance is terminated.', default=True),
                    'Iops': Schema(NUMBER, 'The number of I/O operations per second that the '
                                   'volume supports.', implemented=False),
                    'SnapshotId': Schema(STRING, 'The ID of the snapshot to create a volume '
                                         'from.',
                                         constraints=[CustomConstraint('cinder.snapshot')]),
                    'VolumeSize': Schema(STRING, 'The size of the volume, in GB. Must be equal '
                                         'or greater than the size of the snapshot. It is safe '
                                         'to leave this blank and have the Compute service '
                                         'infer the size.'),
                    'VolumeType': Schema(STRING, 'The volume type.', implemented=False),
                }),
                'NoDevice': Schema(MAP, 'The can be used to unmap a defined device.',
                                   implemented=False),
                'VirtualName': Schema(STRING, 'The name of the virtual device. The name must '
                                      'be in the form ephemeralX where X is a number starting '
                                      'from zero (0); for example, ephemeral0.',
                                      implemented=False),
            })),
    }

    attributes_schema = {
        'AvailabilityZone': Attribute('The Availability Zone where the specified instance is '
                                      'launched.', STRING),
        'PrivateDnsName': Attribute('Private DNS name of the specified instance.', STRING),
        'PublicDnsName': Attribute('Public DNS name of the specified instance.', STRING),
        'PrivateIp': Attribute('Private IP address of the specified instance.', STRING),
        'PublicIp': Attribute('Public IP address of the specified instance.', STRING),
    }

    # -- template checks ----------------------------------------------------------------------
    @classmethod
    def validate_definition(cls, definition, ctx) -> None:
        super().validate_definition(definition, ctx)
        props = fn.try_resolve(definition.properties, ctx.scope, None)
        if not isinstance(props, dict):
            return
        path = definition.key_path('properties')
        if (props.get('SecurityGroups') or props.get('SecurityGroupIds')) and \
                props.get('NetworkInterfaces'):
            ctx.issues.error(path, 'Cannot define the following properties at the same time: '
                             'SecurityGroups/SecurityGroupIds, NetworkInterfaces.')
        mappings = props.get('BlockDeviceMappings')
        for i, mapping in enumerate(mappings if isinstance(mappings, list) else ()):
            if not isinstance(mapping, dict):
                continue
            where = path + ('BlockDeviceMappings', i)
            ebs = mapping.get('Ebs')
            if not ebs:
                ctx.issues.error(where, 'Ebs is missing, this is required when specifying '
                                 'BlockDeviceMappings.')
            elif isinstance(ebs, dict) and not ebs.get('SnapshotId'):
                ctx.issues.error(where + ('Ebs',), 'SnapshotId is missing, this is required '
                                 'when specifying BlockDeviceMappings.')

    # -- helpers ------------------------------------------------------------------------------
    def _server(self):
        return self.cloud.get_server(self.resource_id)

    def _security_groups(self, ids=None) -> list | None:
        props = self.properties
        groups = list(props.get('SecurityGroups') or ())
        groups += list(props.get('SecurityGroupIds') or () if ids is None else ids)
        return groups or None

    def _networks(self, groups) -> list | None:
        props = self.properties
        interfaces = props.get('NetworkInterfaces')
        if interfaces:
            nics = [{'NetworkInterfaceId': nic, 'DeviceIndex': i} if isinstance(nic, str)
                    else nic for i, nic in enumerate(interfaces)]
            nics.sort(key=lambda nic: int(nic.get('DeviceIndex', 0)))
            return [{'port': nic['NetworkInterfaceId']} for nic in nics]
        subnet_id = props.get('SubnetId')
        if not subnet_id:
            return None
        port_id = self.data.get('port_id')
        if port_id:
            with ignore_not_found():
                return [{'port': self.cloud.get_port(port_id).id}]
        subnet = self.cloud.find_subnet(subnet_id)
        if subnet is None:
            raise ResourceFailure('Subnet %s could not be found.' % subnet_id)
        port = self.cloud.create_port(subnet.network_id, name=self.physical_resource_name(),
                                      fixed_ips=[{'subnet_id': subnet.id}],
                                      security_groups=groups)
        # the port is ours: deleted with the instance
        self.data_set('port_id', port.id)
        return [{'port': port.id}]

    def _block_devices(self) -> list | None:
        out = []
        for mapping in self.properties.get('BlockDeviceMappings') or ():
            ebs = mapping.get('Ebs') or {}
            size = ebs.get('VolumeSize')
            out.append({'device_name': mapping['DeviceName'], 'source_type': 'snapshot',
                        'uuid': ebs.get('SnapshotId'), 'destination_type': 'volume',
                        'volume_size': int(size) if size else None,
                        'delete_on_termination': ebs.get('DeleteOnTermination', True)})
        return out or None

    def _scheduler_hints(self) -> dict | None:
        hints: dict = {}
        for hint in self.properties.get('NovaSchedulerHints') or ():
            key, value = hint['Key'], hint['Value']
            if key in hints:
                hints[key] = (hints[key] if isinstance(hints[key], list) else [hints[key]])
                hints[key].append(value)
            else:
                hints[key] = value
        return hints or None

    @staticmethod
    def _volume_pairs(volumes) -> list:
        return [(v['VolumeId'], v['Device']) for v in volumes or ()]

    # -- create -------------------------------------------------------------------------------
    def handle_create(self):
        cloud = self.cloud
        props = self.properties
        server = None
        if self.resource_id is not None:       # a retried create: adopt the server
            with ignore_not_found():
                server = self._server()
        name = self.data.get('server_name')
        if server is None and name is not None:
            # an earlier attempt may have made it before the engine went down
            server = next((s for s in cloud.servers() if s.name == name), None)
        elif name is None:
            name = self.physical_resource_name()
            self.data_set('server_name', name)
        if server is None:
            image = cloud.find_image(props['ImageId'])
            if image is None:
                raise ResourceFailure('Image %s could not be found.' % props['ImageId'])
            flavor = cloud.find_flavor(props['InstanceType'])
            if flavor is None:
                raise ResourceFailure('Flavor %s could not be found.' % props['InstanceType'])
            groups = self._security_groups()
            server = cloud.create_server(
                name, image.id, flavor.id, key_name=props.get('KeyName'),
                user_data=user_data_text(props.get('UserData')),
                availability_zone=props.get('AvailabilityZone'),
                security_groups=groups, networks=self._networks(groups),
                block_device_mapping=self._block_devices(),
                metadata=_tags(props.get('Tags')) or None,
                scheduler_hints=self._scheduler_hints())
        self.resource_id_set(server.id)
        return self._create_steps()

    def _create_steps(self):
        yield from self._until_active()
        yield from self._attach(self._volume_pairs(self.properties.get('Volumes')))

    def check_create_complete(self, cookie) -> bool:
        return step(cookie)

    def _until_active(self):
        while True:
            try:
                server = self._server()
            except NotFound:
                raise ResourceFailure('Server %s disappeared' % self.resource_id) from None
            status = server.get('status')
            if status == 'ACTIVE' and not server.get('task_state'):
                return server
            if status == 'ERROR':
                raise ResourceFailure(in_error(server))
            if status not in DEFERRED and status != 'ACTIVE':
                raise ResourceFailure('Unknown status %s due to "Instance is not active"'
                                      % status)
            yield

    def _attach(self, pairs):
        cloud, server_id = self.cloud, self.resource_id
        for volume_id, device in pairs:
            try:
                cloud.get_volume_attachment(server_id, volume_id)   # done before a retry
            except NotFound:
                cloud.create_volume_attachment(server_id, volume_id, device)
        for volume_id, _ in pairs:
            while True:
                status = cloud.get_volume(volume_id).status
                if status == 'in-use':
                    break
                if status not in ('attaching', 'reserved'):
                    raise ResourceFailure('Failed to attach volume %s to server %s - volume is '
                                          '%s' % (volume_id, server_id, status))
                yield

    def _detach(self, pairs):
        cloud, server_id = self.cloud, self.resource_id
        for volume_id, _ in pairs:
            with ignore_not_found():
                cloud.delete_volume_attachment(server_id, volume_id)
        for volume_id, _ in pairs:
            while True:
                try:
                    volume = cloud.get_volume(volume_id)
                except NotFound:
                    break
                attached = any(a.get('server_id') == server_id
                               for a in volume.get('attachments') or ())
                if volume.status == 'detaching' or (attached and volume.status != 'in-use'):
                    yield
                    continue
                if attached:
                    raise ResourceFailure('Failed to detach volume %s from server %s'
                                          % (volume_id, server_id))
                break

    # -- update -------------------------------------------------------------------------------
    def handle_update(self, new_definition, prop_diff: dict):
        cloud = self.cloud
        steps = []
        if 'Tags' in prop_diff:
            cloud.set_server_metadata(self.resource_id, _tags(prop_diff['Tags']))
        if 'SecurityGroupIds' in prop_diff:
            groups = self._security_groups(prop_diff['SecurityGroupIds'] or []) or ['default']
            for port in cloud.server_ports(self.resource_id):
                cloud.update_port(port.id, security_groups=groups)
        if 'InstanceType' in prop_diff:
            steps.append(self._resize(prop_diff['InstanceType']))
        if 'Volumes' in prop_diff:
            old = self._volume_pairs(self.properties.get('Volumes'))
            new = self._volume_pairs(prop_diff['Volumes'])
            steps.append(self._detach([p for p in old if p not in new]))
            steps.append(self._attach([p for p in new if p not in old]))
        return itertools.chain(*steps)

    def check_update_complete(self, cookie) -> bool:
        return step(cookie)

    def _resize(self, instance_type):
        cloud = self.cloud
        flavor = cloud.find_flavor(instance_type)
        if flavor is None:
            raise ResourceFailure('Flavor %s could not be found.' % instance_type)
        current = self._server().get('flavor') or {}
        if flavor.id == current.get('id') or (
                current.get('id') is None and flavor.name == current.get('original_name')):
            return
        cloud.resize_server(self.resource_id, flavor.id)
        while True:
            server = self._server()
            if server.status == 'VERIFY_RESIZE':
                break
            if server.status not in ('RESIZE', 'ACTIVE') or (
                    server.status == 'ACTIVE' and not server.get('task_state')):
                raise ResourceFailure("Resizing to '%s' failed, status '%s'"
                                      % (instance_type, server.status))
            yield
        cloud.confirm_server_resize(self.resource_id)
        while True:
            server = self._server()
            if server.status == 'ACTIVE' and not server.get('task_state'):
                return
            if server.status != 'VERIFY_RESIZE':
                raise ResourceFailure("Confirming the resize of server %s failed, status "
                                      "'%s'" % (self.resource_id, server.status))
            yield

    # -- delete -------------------------------------------------------------------------------
    def handle_delete(self):
        return self._delete_steps()

    def _delete_steps(self):
        cloud = self.cloud
        if self.resource_id is not None:
            try:
                cloud.delete_server(self.resource_id)
                while True:
                    server = self._server()
                    if server.status == 'ERROR' and server.get('task_state') != 'deleting':
                        raise ResourceFailure(in_error(server))
                    yield
            except NotFound:
                pass            # gone: deleted
        port_id = self.data.get('port_id')
        if port_id:
            with ignore_not_found():
                cloud.delete_port(port_id)

    def check_delete_complete(self, cookie) -> bool:
        return step(cookie)

    # -- suspend, resume, check ---------------------------------------------------------------
    def handle_suspend(self):
        if self.resource_id is None:
            raise ResourceFailure('Cannot suspend %s, resource not found' % self.name)
        return self._suspend_steps()

    def _suspend_steps(self):
        if self._server().status != 'SUSPENDED':
            self.cloud.suspend_server(self.resource_id)
        while True:
            server = self._server()
            if server.status == 'SUSPENDED':
                return
            if server.status != 'ACTIVE':
                raise ResourceFailure('Suspend of instance %s failed, status %s'
                                      % (self.resource_id, server.status))
            yield

    def check_suspend_complete(self, cookie) -> bool:
        return step(cookie)

    def handle_resume(self):
        if self.resource_id is None:
            raise ResourceFailure('Cannot resume %s, resource not found' % self.name)
        return self._resume_steps()

    def _resume_steps(self):
        if self._server().status == 'SUSPENDED':
            self.cloud.resume_server(self.resource_id)
        yield from self._until_active()

    def check_resume_complete(self, cookie) -> bool:
        return step(cookie)

    def handle_check(self):
        server = self._server()
        if server.status != 'ACTIVE':
            raise ResourceFailure('Instance is not ACTIVE (was: %s)' % server.status)

    # -- attributes ---------------------------------------------------------------------------
    def _addresses(self) -> tuple[str | None, str | None]:
        """(first fixed address, first floating address) of the server."""
        if self.resource_id is None:
            return None, None
        try:
            server = self._server()
        except NotFound:
            return None, None
        fixed = floating = None
        for entries in (server.get('addresses') or {}).values():
            for entry in entries:
                if entry.get('OS-EXT-IPS:type') == 'floating':
                    floating = floating or entry.get('addr')
                else:
                    fixed = fixed or entry.get('addr')
        return fixed, floating

    def resolve_attribute(self, name):
        if name == 'AvailabilityZone':
            zone = self.properties.get('AvailabilityZone')
            if zone or self.resource_id is None:
                return zone
            try:
                return self._server().get('availability_zone')
            except NotFound:
                return None
        if name in ('PrivateIp', 'PrivateDnsName', 'PublicIp', 'PublicDnsName'):
            fixed, floating = self._addresses()
            if name.startswith('Public'):
                return floating or fixed
            return fixed
        return None

    def show_attribute(self):
        if self.resource_id is None:
            return None
        try:
            return dict(self._server())
        except NotFound:
            return None
