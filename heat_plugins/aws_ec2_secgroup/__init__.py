"""AWS::EC2::SecurityGroup: a Neutron security group with the template's
ingress and egress rules.

Rules (``IpProtocol``, ``FromPort``/``ToPort``, ``CidrIp`` or
``SourceSecurityGroupId``/``SourceSecurityGroupName``) become Neutron
rules (``-1`` means any protocol or port).  Without
``SecurityGroupEgress`` the group keeps Neutron's default egress rules
(anywhere, IPv4 and IPv6); with it, exactly the given ones.  Changing
the rules updates the group in place (only the difference is applied);
changing ``GroupDescription`` or ``VpcId`` replaces it.  ``Ref`` gives the
group's ID, which instances accept in ``SecurityGroups``.
"""
