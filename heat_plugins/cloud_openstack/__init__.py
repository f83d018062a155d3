"""The ``openstack`` cloud backend: a real OpenStack through openstacksdk.

Configure it in heat.conf::

    [DEFAULT]
    default_cloud = openstack

    [cloud_openstack]
    cloud = mycloud          # an entry of clouds.yaml (unset: OS_CLOUD / OS_*)
    region_name = RegionOne  # unset: the cloud's own region

One module per service implements that service's part of the interface
(:mod:`heat_core.clouds`): ``compute``, ``block_storage``, ``network``,
``object_store``, ``identity`` and the ``catalogue`` listings; ``errors``
turns openstacksdk's exceptions into the interface's typed errors and
``connection`` makes the one Connection a process uses.
"""
