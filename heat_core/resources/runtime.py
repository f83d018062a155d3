"""What a resource does at run time: the handler interface plugins
implement and the state the engine keeps for them.

Handlers follow OpenStack Heat's plugin API: ``handle_<action>()`` starts
the action and returns a cookie; ``check_<action>_complete(cookie)`` is
polled until it returns True.  Handlers must be idempotent: after an engine
crash the action in flight is run again, so ``handle_create`` should find
and adopt what an earlier attempt created (``self.data`` survives crashes).
"""

from __future__ import annotations

from typing import Any

from heat_core.errors import HeatError, Unresolved
from heat_core.resources import schema as sch
from heat_core.template import functions as fn


class ResourceFailure(HeatError):
    """A handler failed; the message becomes the status reason."""


class UpdateReplace(Exception):
    """Raised by ``handle_update`` when the change needs a new resource."""


class SignalNotSupported(HeatError):
    """The resource type has no ``handle_signal``."""
    code = 'ResourceActionNotSupported'


class Properties(dict):
    """Resolved property values with schema defaults and Heat's type
    coercions applied."""

    @classmethod
    def build(cls, schemas: dict, values: dict | None, any_properties: bool = False):
        values = dict(values or {})
        out = cls()
        if any_properties or not schemas:
            out.update(values)
            return out
        for name, schema in schemas.items():
            if name in values and values[name] is not None:
                value, problem = sch.coerce(schema, values[name])
                if problem:
                    raise ResourceFailure('Property %s: %s' % (name, problem))
                out[name] = value
            else:
                out[name] = schema.default
        return out


class ResourceRuntime:
    """Mixin with the run-time state and default handlers of a resource."""

    #: poll interval (s) for check_*_complete; the engine may shorten it
    poll_interval: float = 0.2

    def __init__(self, name: str, definition, stack):
        self.name = name
        self.t = definition            # the ResourceDefinition
        self.stack = stack
        self.row_id: int | None = None
        self.action = 'INIT'
        self.status = 'COMPLETE'
        self.status_reason = ''
        self.resource_id: str | None = None     # physical resource id
        self.data: dict = {}
        self.attributes_data: dict = {}
        self.metadata_data: Any = None
        self.needs_replace = False
        #: the properties of the last completed create or update, as stored
        #: (what a stack update compares the new ones with); None: unknown
        self.stored_properties: dict | None = None
        self._properties: Properties | None = None

    @property
    def cloud(self):
        """The stack's cloud backend (the resource fails when there is none)."""
        cloud = self.stack.cloud
        if cloud is None:
            raise ResourceFailure('No cloud backend is configured')
        return cloud

    # -- values ------------------------------------------------------------
    @property
    def properties(self) -> Properties:
        if self._properties is None:
            self._properties = self.resolve_properties()
        return self._properties

    def resolve_properties(self, definition=None) -> Properties:
        defn = definition or self.t
        values = fn.resolve(defn.properties, self.stack.scope) if defn.properties else {}
        if not isinstance(values, dict):
            raise ResourceFailure('Properties must be a map')
        return Properties.build(self.properties_schema, values, self.accepts_any_properties)

    def metadata(self) -> Any:
        if self.metadata_data is not None:
            return self.metadata_data
        try:
            return fn.resolve(self.t.metadata, self.stack.scope)
        except Unresolved:
            return None

    # -- references --------------------------------------------------------
    def reference(self) -> str:
        """Value of ``Ref``/``get_resource``: the physical id, else the name."""
        return self.resource_id if self.resource_id is not None else self.name

    def attribute(self, name: str, *path) -> Any:
        """Value of ``Fn::GetAtt``/``get_attr`` (with an optional path into
        map and list values)."""
        if name == 'show':
            value = self.show_attribute()
        elif name in self.attributes_data:
            value = self.attributes_data[name]
        else:
            value = self.resolve_attribute(name)
        for key in path:
            if isinstance(value, dict):
                value = value.get(key)
            elif isinstance(value, list):
                try:
                    value = value[int(key)]
                except (ValueError, IndexError, TypeError):
                    value = None
            else:
                value = None
        return value

    def resolve_attribute(self, name: str) -> Any:
        """Compute one attribute; plugins override.  Unknown → None."""
        return None

    def show_attribute(self) -> Any:
        return {'id': self.resource_id, 'name': self.name}

    def all_attributes(self) -> dict:
        return {n: self.attribute(n) for n in self.attributes_schema}

    # -- handlers (defaults: nothing to do) ------------------------------------
    def handle_create(self):
        return None

    def check_create_complete(self, cookie) -> bool:
        return True

    def handle_update(self, new_definition, prop_diff: dict):
        """Apply changed properties in place (only update_allowed ones reach
        here); raise UpdateReplace to ask for a replacement."""
        return None

    def check_update_complete(self, cookie) -> bool:
        return True

    def handle_delete(self):
        return None

    def check_delete_complete(self, cookie) -> bool:
        return True

    def handle_suspend(self):
        return None

    def check_suspend_complete(self, cookie) -> bool:
        return True

    def handle_resume(self):
        return None

    def check_resume_complete(self, cookie) -> bool:
        return True

    def handle_check(self):
        """Check the resource still exists as recorded; raise to fail."""
        return None

    def handle_signal(self, details=None):
        """React to a signal (``details`` as posted, may be None); a
        non-empty return value becomes the event's reason as
        ``Signal: <value>``.  By default a resource accepts no signals."""
        raise SignalNotSupported('Resource %s (%s) does not accept signals'
                                 % (self.name, self.type_name or type(self).__name__))

    def handle_snapshot_delete(self):
        """DeletionPolicy Snapshot: keep a snapshot, then delete."""
        return self.handle_delete()

    def check_snapshot_delete_complete(self, cookie) -> bool:
        return self.check_delete_complete(cookie)

    def physical_resource_name(self) -> str:
        """A unique name for the cloud object: ``<stack>-<resource>-<suffix>``.

        The suffix is derived from the stack id and the resource's row, so
        the name is the same every time it is asked for that resource (a
        create retried after an engine crash finds what the first attempt
        made) and differs for a replacement, with nothing to persist first.
        """
        suffix = self.data.get('_name_suffix')   # names from before that rule
        if suffix is None:
            row_id = getattr(self, 'row_id', None)
            if row_id is None:   # not stored (a preview): any unique name
                import secrets
                suffix = secrets.token_hex(6)
                self.data['_name_suffix'] = suffix
            else:
                import hashlib
                suffix = hashlib.sha256(('%s/%s' % (self.stack.id, row_id)).encode()
                                        ).hexdigest()[:12]
        return '%s-%s-%s' % (self.stack.name, self.name, suffix)

    def resource_id_set(self, value: str | None, data: dict | None = None) -> None:
        """Record the physical resource id; ``data``: entries of the
        handler-private data (see :meth:`data_set`) stored in the same write."""
        self.resource_id = value
        if data:
            self.data.update(data)
            self.stack.persist_resource_data(self, physical_resource_id=value)
        else:
            self.stack.persist_resource_id(self)

    def data_set(self, key: str, value) -> None:
        """Handler-private state that survives crashes."""
        self.data[key] = value
        self.stack.persist_resource_data(self)

    def needs_replacement(self, new_definition, new_props: dict) -> bool:
        """Whether an update to ``new_props`` cannot be done in place."""
        if self.needs_replace:
            return True
        old = self.properties
        for name, value in new_props.items():
            if old.get(name) != value:
                schema = self.properties_schema.get(name)
                if schema is None:
                    if not self.accepts_any_properties:
                        return True
                    continue
                if not schema.update_allowed:
                    return True
        return False
