"""A stack at run time: its template, parameter values, resources and the
scope functions are resolved in."""

from __future__ import annotations

from typing import Any

from heat_core.errors import Unresolved
from heat_core.resources import registry as reg
from heat_core.template import dependencies as deps
from heat_core.template import functions as fn
from heat_core.template.scope import Scope


class StackScope(Scope):
    """Resolves functions against a live stack."""

    def __init__(self, stack):
        super().__init__(stack.template, stack.param_values, stack.cloud,
                         stack_name=stack.name, stack_id=stack.id, project_id=stack.tenant)
        self.stack = stack

    def resource(self, name: str):
        res = self.stack.resources.get(name)
        if res is None:
            raise Unresolved('resource %s is not part of the stack' % name)
        return res

    def resource_facade(self, kind: str) -> Any:
        """``resource_facade``/``Fn::ResourceFacade``: metadata,
        deletion_policy or update_policy of the resource a nested stack
        stands for (see :mod:`heat_core.engine.nested`)."""
        from heat_core.engine.nested import facade_value
        return facade_value(self.stack, kind)

    def import_value(self, export_name: str) -> Any:
        finder = getattr(self.stack, 'find_export', None)
        if finder is None:
            raise Unresolved('no exports')
        return finder(export_name)


class Stack:
    """The resources of one stack, built from a validated template."""

    def __init__(self, stack_id: str, name: str, tenant: str, template, param_values: dict,
                 cloud=None, registry: reg.TypeRegistry | None = None, store=None):
        self.id = stack_id
        self.name = name
        self.tenant = tenant
        self.template = template
        self.param_values = param_values
        self.cloud = cloud
        self.store = store
        self.registry = registry or reg.TypeRegistry(template.env)
        self.scope = StackScope(self)
        self.resources: dict = {}
        self.active = self._active_resources()
        for name in self.active:
            defn = template.resources[name]
            res = self.registry.resolve(defn.type, name)
            if res.kind == reg.TEMPLATE:
                # a provider template: a nested stack (see heat_core.engine.nested)
                from heat_core.engine.nested import TemplateResource
                instance = TemplateResource(name, defn, self, res)
            elif res.kind != reg.PLUGIN:
                raise Unresolved(res.message or 'resource type %s cannot be used' % defn.type)
            else:
                instance = res.cls(name, defn, self)
            instance.type_name = res.name
            self.resources[name] = instance

    def load_rows(self, rows) -> None:
        """Give the resources their stored state from their database rows
        (``Store.resources``); rows an update replaced (kept for its
        rollback) are not current and are skipped."""
        by_name = {r['name']: r for r in rows if r.get('replaced_by') is None}
        for name, res in self.resources.items():
            r = by_name.get(name)
            if r is None:
                continue
            res.row_id = r['id']
            res.action, res.status = r['action'], r['status']
            res.status_reason = r['status_reason']
            res.resource_id = r['physical_resource_id']
            res.data = dict(r['data'] or {})
            res.attributes_data = dict(r['attributes'] or {})

    def _active_resources(self) -> list:
        out = []
        for name, defn in self.template.resources.items():
            cond = defn.condition
            if cond is None:
                out.append(name)
            elif isinstance(cond, str):
                if self.scope.condition(cond):
                    out.append(name)
            elif isinstance(cond, bool):
                if cond:
                    out.append(name)
            elif fn.resolve(cond, self.scope):
                out.append(name)
        return out

    def graph(self) -> dict:
        """``{resource: set(resources it depends on)}`` for active resources."""
        return deps.graph(self.template, set(self.active))

    def outputs(self) -> dict:
        """Resolved outputs: ``{name: {value, description, error}}``."""
        out = {}
        for name, defn in self.template.outputs.items():
            if isinstance(defn.condition, str) and not self.scope.condition(defn.condition):
                continue
            entry = {'description': defn.description or 'No description given'}
            try:
                entry['value'] = fn.resolve(defn.value, self.scope)
                if defn.export_name is not None:
                    entry['export_name'] = fn.resolve(defn.export_name, self.scope)
            except Exception as exc:  # noqa: BLE001 - the error is shown in the output
                entry['value'] = None
                entry['error'] = str(exc) or type(exc).__name__
            out[name] = entry
        return out

    def find_export(self, export_name: str) -> Any:
        """``Fn::ImportValue``: another stack's export (the import is recorded)."""
        from heat_core.engine.service_nested import import_value
        return import_value(self, export_name)

    # -- persistence hooks used by resources ----------------------------------
    def persist_resource_id(self, res) -> None:
        if self.store is not None and res.row_id is not None:
            self.store.update_resource(res.row_id, physical_resource_id=res.resource_id)

    def persist_resource_data(self, res, **columns) -> None:
        """Store ``res.data`` (and ``columns`` of its row, in the same write)."""
        if self.store is not None and res.row_id is not None:
            # signals are merged into the stored data by whoever receives
            # them, possibly while this resource's handler runs: keep them
            from heat_core.resources.signals import DATA_KEY
            res.data = self.store.save_resource_data(res.row_id, dict(res.data),
                                                     merged=(DATA_KEY,), **columns)
