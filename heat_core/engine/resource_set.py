"""The resources of a stack as the database has them: the objects an update
walks from, including those an update replaced and has not deleted yet."""

from __future__ import annotations

from heat_core.engine import status as st
from heat_core.resources import registry as reg
from heat_core.resources.resource import Resource
from heat_core.template.definitions import ResourceDefinition


class ResourceSet:
    """The resources of a stack as they are.

    ``live`` maps each name to the resource object holding its current
    state; ``superseded`` holds resources an update replaced and has not
    deleted yet; ``graph`` is the dependency graph the live resources were
    made with (they are deleted in its reverse order).
    """

    def __init__(self, live: dict, superseded: list, graph: dict):
        self.live = live
        self.superseded = superseded
        self.graph = graph


def apply_row(res, row: dict) -> None:
    """Give a resource object the state recorded in its row."""
    res.row_id = row['id']
    res.action, res.status = row['action'], row['status']
    res.status_reason = row['status_reason']
    res.resource_id = row['physical_resource_id']
    res.data = dict(row['data'] or {})
    res.attributes_data = dict(row['attributes'] or {})
    res.needs_replace = bool(row['needs_replace'])
    res.stored_properties = row['properties_data']


def resource_from_row(stack, row: dict):
    """An object for a row the stack's template does not describe (a
    superseded resource, or one the template no longer has)."""
    defn = ResourceDefinition(row['name'], row['type'],
                              properties=dict(row['properties_data'] or {}))
    found = stack.registry.resolve(row['type'], row['name'])
    if found.kind == reg.TEMPLATE:
        from heat_core.engine.nested import TemplateResource
        res = TemplateResource(row['name'], defn, stack, found)
    else:
        res = (found.cls if found.kind == reg.PLUGIN else Resource)(row['name'], defn, stack)
    res.type_name = row['type']
    return res


def from_rows(stack, rows: list) -> ResourceSet:
    """The resource set of a stack loaded from the database: ``stack`` is
    built from its current template, ``rows`` are all its resource rows."""
    live, superseded = {}, []
    for row in rows:
        if row['action'] == st.DELETE and row['status'] == st.COMPLETE:
            continue
        name = row['name']
        res = stack.resources.get(name)
        current = row['replaced_by'] is None and name not in live
        if not current or res is None or res.type_name != row['type']:
            res = resource_from_row(stack, row)
        apply_row(res, row)
        if current:
            live[name] = res
        else:
            superseded.append(res)
    return ResourceSet(live, superseded, stack.graph())
