"""AWS::EC2::Instance: a server in the cloud (``self.stack.cloud``).

- ``ImageId`` (name or ID), ``InstanceType`` (a flavor), ``KeyName``,
  ``AvailabilityZone``, ``SecurityGroups``/``SecurityGroupIds``,
  ``SubnetId`` (a port is made on it) or ``NetworkInterfaces`` (ports),
  ``BlockDeviceMappings`` (volumes from snapshots), ``Volumes`` (attached
  once the server is ACTIVE), ``Tags`` (server metadata), ``UserData``
  (an ``Fn::Base64`` value is decoded: the server gets the text).
- Create waits for BUILD → ACTIVE; ERROR fails with the cloud's fault.
- Updates as CloudFormation documents them: ``InstanceType`` resizes in
  place (Nova's resize + confirm), ``Tags``, ``Volumes`` and
  ``SecurityGroupIds`` change in place; anything else replaces the server.
- Attributes ``AvailabilityZone``, ``PrivateIp``, ``PrivateDnsName``,
  ``PublicIp``, ``PublicDnsName`` (the floating IP when there is one,
  else the private address, as Heat gives).
"""
