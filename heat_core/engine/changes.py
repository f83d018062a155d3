"""The resource changes of a CloudFormation change set.

Computed with the stack update's own decisions
(:meth:`heat_core.engine.update.StackUpdate.decide`), so a change set says
what executing it will do: Add for a new resource, Remove for one the new
template drops, Modify for one updated in place (``replacement`` 'False')
or replaced ('True').  Nothing is written and nothing in the cloud is
touched.

A property whose value depends on a resource that is added, replaced or
modified (a ``Ref`` to a replaced resource, a ``GetAtt`` of a modified one)
cannot be known before the update runs: it is reported with evaluation
'Dynamic', and its resource as possibly replaced ('Conditional') when that
property cannot be updated in place.

The dicts use the engine's snake_case spelling of CloudFormation's
``ResourceChange`` (``action``, ``logical_resource_id``, ``replacement``,
``scope``, ``details: [{target: {attribute, name, requires_recreation},
evaluation, change_source, causing_entity}]``).
"""

from __future__ import annotations

from heat_core.engine import status as st
from heat_core.engine import update as upd
from heat_core.engine.resource_set import ResourceSet
from heat_core.resources.resource import Resource
from heat_core.template import functions as fn

ADD, MODIFY, REMOVE = 'Add', 'Modify', 'Remove'
ALWAYS, NEVER, CONDITIONALLY = 'Always', 'Never', 'Conditionally'
STATIC, DYNAMIC = 'Static', 'Dynamic'
#: properties CloudFormation reports under the Tags scope
TAG_PROPERTIES = ('Tags', 'tags')
REFERENCE_FUNCTIONS = ('Ref', 'get_resource')


def added(target) -> list[dict]:
    """Every resource of ``target`` (a run-time Stack) as an Add, in template order."""
    return [_add(name, res) for name, res in target.resources.items()]


def _add(name: str, res) -> dict:
    return {'action': ADD, 'logical_resource_id': name, 'physical_resource_id': None,
            'resource_type': res.type_name, 'replacement': None, 'scope': [],
            'details': []}


def compute(current: ResourceSet, target, old_values: dict) -> list[dict]:
    """The changes from ``current`` (the stack's resources as loaded from
    the database) to ``target`` (the Stack of the new template);
    ``old_values``: the stack's parameter values now."""
    update = upd.StackUpdate(current, target)
    _adopt_state(update, target)
    changed_params = {n for n in set(old_values) | set(target.param_values)
                      if old_values.get(n) != target.param_values.get(n)}
    order = _dependency_order(target)
    #: name -> 'replaced' | 'modified' (what dependents must treat as unknown)
    moving: dict[str, str] = {}
    found: dict[str, dict] = {}
    for name in order:
        new = target.resources[name]
        cur = update.live.get(name)
        if cur is None or cur.action == st.INIT:
            found[name] = _add(name, new)
            moving[name] = 'replaced'
            continue
        change = _modify(update, name, cur, new, changed_params, moving)
        if change is not None:
            found[name] = change
            moving[name] = 'replaced' if change['replacement'] != 'False' else 'modified'
    out = [found[n] for n in target.resources if n in found]
    for name, cur in update.live.items():
        if name not in target.resources:
            out.append({'action': REMOVE, 'logical_resource_id': name,
                        'physical_resource_id': cur.resource_id,
                        'resource_type': cur.type_name, 'replacement': None, 'scope': [],
                        'details': []})
    return out


def _adopt_state(update, target) -> None:
    """Give the target's resources the state of the live ones they will
    become (as the update preview does), so references resolve to today's
    physical ids and attributes."""
    for name, new in target.resources.items():
        cur = update.live.get(name)
        if cur is not None and cur.action != st.INIT and not update._must_replace(cur, new):
            for attr in ('resource_id', 'action', 'status'):
                setattr(new, attr, getattr(cur, attr))
            new.data, new.attributes_data = dict(cur.data), dict(cur.attributes_data)


def _dependency_order(target) -> list[str]:
    """Resource names, each after those it depends on."""
    graph = target.graph()
    order, seen = [], set()

    def visit(name):
        if name in seen:
            return
        seen.add(name)
        for dep in sorted(graph.get(name, ())):
            if dep in graph:
                visit(dep)
        order.append(name)
    for name in target.resources:
        visit(name)
    return order


def _modify(update, name, cur, new, changed_params, moving) -> dict | None:
    """The Modify change of a resource in both templates, or None."""
    try:
        kind, _, props = update.decide(name)
    except Exception:  # noqa: BLE001 - new properties unknown until the update runs
        kind, props = None, None
    details, scope = [], []
    retyped = cur.type_name != new.type_name or type(cur) is not type(new)
    if kind in (upd.UPDATE, upd.REPLACE) and props is not None and not retyped:
        details = _static_details(cur, new, props, changed_params, moving)
        if upd._metadata(cur) != upd._metadata(new):
            details.append(_detail('Metadata', None, NEVER, STATIC, 'DirectModification'))
    dynamic = _dynamic_details(cur, new, moving, {d['target']['name'] for d in details})
    details.extend(dynamic)
    if kind == upd.UNCHANGED and not dynamic:
        return None
    if kind == upd.REPLACE:
        replacement = 'True'
    elif kind is None or any(d['target']['requires_recreation'] != NEVER for d in dynamic):
        replacement = 'Conditional'
    else:
        replacement = 'False'
    for d in details:
        if d['target']['attribute'] not in scope:
            scope.append(d['target']['attribute'])
    return {'action': MODIFY, 'logical_resource_id': name,
            'physical_resource_id': cur.resource_id, 'resource_type': new.type_name,
            'replacement': replacement, 'scope': scope, 'details': details}


def _detail(attribute, prop, recreation, evaluation, source, causing=None) -> dict:
    out = {'target': {'attribute': attribute, 'name': prop,
                      'requires_recreation': recreation},
           'evaluation': evaluation, 'change_source': source}
    if causing is not None:
        out['causing_entity'] = causing
    return out


def _recreation(res, prop: str, replaced: bool) -> str:
    """Whether changing ``prop`` of ``res`` replaces it: Always (the schema
    says it cannot be updated), Never, or Conditionally (the plugin decides
    on the values: it did replace for this change when ``replaced``; for a
    value not known yet, whenever the plugin has its own rule)."""
    schema = res.properties_schema.get(prop)
    if schema is None:
        return NEVER if res.accepts_any_properties else ALWAYS
    if not schema.update_allowed:
        return ALWAYS
    if replaced is None:
        own_rule = type(res).needs_replacement is not Resource.needs_replacement
        return CONDITIONALLY if own_rule else NEVER
    return CONDITIONALLY if replaced else NEVER


def _tree(defn, prop):
    props = defn.properties
    return props.get(prop) if isinstance(props, dict) else props


def _static_details(cur, new, props, changed_params, moving) -> list[dict]:
    before, after = upd._stored(cur), upd._plain(props)
    replaced = update_replaces(cur, new, props)
    out = []
    for prop in sorted(set(before) | set(after)):
        if before.get(prop) == after.get(prop):
            continue
        old_tree, new_tree = _tree(cur.t, prop), _tree(new.t, prop)
        causing = None
        if old_tree != new_tree:
            source = 'DirectModification'
        else:
            refs = [r for r in _resource_refs(new_tree) if r[0] in moving]
            params = sorted({p for f in fn.iter_functions(new_tree)
                             for p in f.parameter_reference()} & changed_params)
            if params or not refs:
                source, causing = 'ParameterReference', ', '.join(params) or None
            else:
                source, causing = _ref_source(refs[0])
        attribute = 'Tags' if prop in TAG_PROPERTIES else 'Properties'
        out.append(_detail(attribute, prop, _recreation(cur, prop, replaced), STATIC, source,
                           causing))
    return out


def update_replaces(cur, new, props) -> bool:
    """Whether the resource's plugin replaces it for these properties."""
    try:
        return bool(cur.needs_replacement(new.t, props))
    except Exception:  # noqa: BLE001 - a plugin that cannot tell: assume it might
        return True


def _resource_refs(tree) -> list[tuple]:
    """``(resource, attribute or None)`` of every resource reference in ``tree``."""
    out = []
    for f in fn.iter_functions(tree):
        names = list(f.dependencies()) if not isinstance(f.args, fn.Function) else []
        for dep in names:
            if f.fn_name in REFERENCE_FUNCTIONS:
                out.append((dep, None))
            else:
                args = f.args if isinstance(f.args, list) else str(f.args).split('.', 1)
                out.append((dep, str(args[1]) if len(args) > 1 else ''))
    return out


def _ref_source(ref: tuple) -> tuple:
    name, attribute = ref
    if attribute is None:
        return 'ResourceReference', name
    return 'ResourceAttribute', '%s.%s' % (name, attribute) if attribute else name


def _dynamic_details(cur, new, moving, already) -> list[dict]:
    """Properties whose new value depends on a resource that changes: a
    reference to one replaced (its physical id changes) or an attribute of
    one replaced or modified."""
    props = new.t.properties
    if not isinstance(props, dict):
        return []
    out = []
    for prop, tree in props.items():
        if prop in already:
            continue
        for ref in _resource_refs(tree):
            state = moving.get(ref[0])
            if state is None or (ref[1] is None and state != 'replaced'):
                continue
            source, causing = _ref_source(ref)
            attribute = 'Tags' if prop in TAG_PROPERTIES else 'Properties'
            out.append(_detail(attribute, prop, _recreation(cur, prop, None), DYNAMIC,
                               source, causing))
            break
    return out

