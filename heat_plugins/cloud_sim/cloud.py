"""The embedded simulated cloud (``default_cloud = sim``): Heat's default
backend and test bed.

It starts from the built-in catalogue (:mod:`heat_plugins.cloud_sim.catalog`:
the m1.* flavors, the cfntools images, key pair ``heat_key``, zone
``nova``, networks ``private`` and ``public``) and implements every
request of :class:`heat_core.clouds.base.Cloud` with the real services'
lifecycles (server ``BUILD`` → ``ACTIVE``, volume ``creating`` →
``available`` → ``in-use``), refusals and quota messages.

``SimCloud()`` keeps its objects in memory; the ``sim`` backend the engine
uses (:meth:`SimCloud.from_config`) keeps them in Heat's database, so they
persist across runs and processes (``heat-manage cloud list`` shows them).

Testing without mocks — the test API:

- ``inject_fault(operation, effect='fail'|'error'|'hang', nth=1, times=1,
  message=None)``: the ``nth`` ``create_server`` from now fails, ends in
  ERROR, or never finishes; ``clear_faults()``, ``faults()``;
  ``[cloud_sim] faults`` does the same from configuration;
- ``set_latency(operation, seconds)`` (or ``[cloud_sim] latency``): how
  long an object stays ``BUILD``/``creating``/``deleting``/...;
- ``set_status(kind, id, status, fault=None)``: send a server to ERROR.
"""

from __future__ import annotations

from heat_core.clouds.base import KINDS, LISTINGS, LIVE_KINDS, Cloud, CloudObject
from heat_plugins.cloud_sim import catalog
from heat_plugins.cloud_sim.block_storage import SimBlockStorage
from heat_plugins.cloud_sim.compute import SimCompute
from heat_plugins.cloud_sim.core import SimCore, new_id, public
from heat_plugins.cloud_sim.identity import SimIdentity
from heat_plugins.cloud_sim.network import SimNetwork
from heat_plugins.cloud_sim.object_store import SimObjectStore
from heat_plugins.cloud_sim.state import DatabaseBackend, MemoryBackend


class SimCloud(SimCompute, SimBlockStorage, SimNetwork, SimObjectStore, SimIdentity, SimCore,
               Cloud):
    """A simulated cloud over a storage backend (in memory by default)."""

    name = 'sim'

    def __init__(self, objects: dict | None = None, backend=None):
        SimCore.__init__(self, backend if backend is not None else MemoryBackend())
        self._seed = catalog.default_catalog() if objects is None else objects
        for kind in KINDS:
            self._seed.setdefault(kind, [])

    @classmethod
    def from_config(cls, engine=None) -> SimCloud:
        """The engine's simulated cloud: objects in the database of
        ``engine`` (default: ``[database] connection``, followed at each
        request)."""
        return cls(backend=DatabaseBackend(engine))

    @property
    def persistent(self) -> bool:
        """Whether the objects outlive this process (kept in a database)."""
        return isinstance(self._backend, DatabaseBackend)

    def add(self, kind: str, **fields) -> CloudObject:
        """Put an object into the cloud as it is, without a lifecycle (a
        random ID unless given; key pairs and availability zones are
        identified by name)."""
        if kind not in KINDS:
            raise ValueError('Unknown cloud object kind "%s"' % kind)
        if 'id' not in fields:
            by_name = kind in ('keypair', 'availability_zone', 'container')
            fields['id'] = fields.get('name') if by_name else new_id()
        fields.setdefault('name', '')
        with self._txn(write=True) as t:
            t.put(kind, fields)
        return CloudObject(fields)

    def _catalogue(self, kind: str) -> list[CloudObject]:
        with self._txn() as t:
            return [public(o) for o in self._seed.get(kind, []) + t.list(kind)]

    def flavors(self):
        return self._catalogue('flavor')

    def images(self):
        return self._catalogue('image')

    def keypairs(self):
        return self._catalogue('keypair')

    def availability_zones(self):
        return self._catalogue('availability_zone')

    def live_objects(self, kind: str | None = None) -> list[CloudObject]:
        """What requests made and is not deleted (the catalogue left out),
        each with its ``type``; secrets are never shown."""
        seeded = {(k, o.get('id')) for k, items in self._seed.items() for o in items}
        out = []
        for k in [kind] if kind else LIVE_KINDS + ('object',):
            if k in LISTINGS:
                items = self.list(k)
            else:
                with self._txn() as t:
                    items = [public(o) for o in t.list(k)]
            out.extend(CloudObject(item, type=k) for item in items
                       if (k, item.get('id')) not in seeded)
        return out
