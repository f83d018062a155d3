"""AWS::EC2::EIP and AWS::EC2::EIPAssociation: floating IPs.

- EIP allocates a floating IP from the cloud's external network (its
  physical ID is the floating IP's ID; ``Ref`` gives the address,
  ``AllocationId`` the ID) and, with ``InstanceId``, points it at the
  instance's port.  Changing ``InstanceId`` moves it in place.
- EIPAssociation points an existing floating IP (``EIP`` address or
  ``AllocationId``) at an instance's port (``InstanceId``) or a port
  (``NetworkInterfaceId``); any change replaces it, as in CloudFormation.
  Deleting it disassociates the address only if it still points where the
  association put it.
"""
