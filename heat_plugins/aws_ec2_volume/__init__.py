"""AWS::EC2::Volume and AWS::EC2::VolumeAttachment: block storage.

- Volume creates a volume (``Size`` GB in ``AvailabilityZone``, or
  restored from the backup named by ``SnapshotId``, as Heat does) and
  waits for ``available``.  ``Size`` grows it in place and ``Tags`` (its
  metadata) change in place; a new zone or source replaces it.
  ``DeletionPolicy: Snapshot`` makes a backup before deleting it (the
  backup stays in the cloud).
- VolumeAttachment attaches a volume to an instance at ``Device`` and
  waits for ``in-use``; deleting it detaches and waits for ``available``.
  Any change replaces it.
"""
