"""The embedded simulated cloud: Heat's default backend and test bed.

=================  ==============================================================
``cloud``          ``SimCloud``: the ``sim`` entry point, composed of the services
``catalog``        what exists before anything is created (flavors, images, ...)
``core``           lifecycles settled on read, latency, injected faults
``state``          objects and faults in memory or in Heat's database
``models``         the ``sim_object`` and ``sim_fault`` tables (migration 0005_cloud_sim)
``quotas``         ``[cloud_sim] quota_*`` with Nova's, Cinder's, Neutron's messages
``compute``        servers, resizes, volume attachments (Nova)
``block_storage``  volumes, snapshots, backups (Cinder)
``network``        networks, ports, floating IPs, security groups (Neutron)
``object_store``   containers and objects (Swift)
``identity``       users and EC2 credentials (Keystone)
=================  ==============================================================

``heat-manage cloud list`` prints the live objects; the test API
(``inject_fault``, ``set_latency``, ``set_status``) is described in
:mod:`heat_plugins.cloud_sim.cloud`.
"""
