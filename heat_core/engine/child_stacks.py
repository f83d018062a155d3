"""The stacks nested in a stack: reading the tree, loading a child as a
run-time stack, the environment a child gets, and the template-time check
of a child template given by a resource's properties.

Used by :mod:`heat_core.engine.nested` (the resources that are nested
stacks) and by the reads of the engine service (``nested_depth``).
"""

from __future__ import annotations

import json

import yaml
from sqlalchemy import and_, select

from heat_core.config import CONF
from heat_core.db import models as m
from heat_core.errors import Issues
from heat_core.resources.runtime import ResourceFailure

S = m.Stack.__table__
R = m.Resource.__table__

#: how many errors of an invalid child template a failure reason shows
SHOWN_ERRORS = 3


def nested_stack_rows(store, stack_id: str, depth: int | None = None,
                      include_deleted: bool = False) -> list[dict]:
    """The stacks nested in ``stack_id``, ``depth`` levels down (every
    level when None), level by level.  Each row has two more keys:
    ``parent_resource`` (the name of the resource of its parent stack that
    owns it, when known) and ``parent_name`` (the parent stack's name)."""
    out = []
    level = {stack_id: None}
    done = 0
    while level and (depth is None or done < depth):
        done += 1
        q = select(S).where(S.c.owner_id.in_(list(level)))
        if not include_deleted:
            q = q.where(S.c.deleted_at.is_(None))
        with store.engine.connect() as c:
            rows = [dict(r) for r in c.execute(q.order_by(S.c.created_at, S.c.id)).mappings()]
            owners = dict(c.execute(select(R.c.physical_resource_id, R.c.name).where(and_(
                R.c.stack_id.in_(list(level)),
                R.c.physical_resource_id.in_([r['id'] for r in rows])))).all()) if rows else {}
            names = dict(c.execute(select(S.c.id, S.c.name).where(
                S.c.id.in_(list(level)))).all())
        for row in rows:
            parent_name = names.get(row['owner_id'], '')
            row['parent_name'] = parent_name
            row['parent_resource'] = owners.get(row['id']) or _resource_from_name(
                row['name'], parent_name)
        out.extend(rows)
        level = {r['id']: None for r in rows}
    return out


def tree_resource_count(store, stack_id: str) -> int:
    """Resources of the whole tree ``stack_id`` is part of: its outermost
    stack's and those of every stack nested in it (what
    ``max_resources_per_stack`` limits, as in Heat).  Resources an update
    replaced and has not deleted yet are not counted."""
    from sqlalchemy import func, not_
    root, row = stack_id, store.get_stack(stack_id)
    while row is not None and row['owner_id']:
        root, row = row['owner_id'], store.get_stack(row['owner_id'])
    ids = [root] + [r['id'] for r in nested_stack_rows(store, root)]
    with store.engine.connect() as c:
        return c.execute(select(func.count()).select_from(R).where(
            R.c.stack_id.in_(ids), R.c.replaced_by.is_(None),
            not_(and_(R.c.action == 'DELETE', R.c.status == 'COMPLETE'))
        )).scalar_one()


def _resource_from_name(child_name: str, parent_name: str) -> str | None:
    """``res`` from a child named ``<parent>-<res>-<suffix>``."""
    prefix = parent_name + '-'
    if child_name.startswith(prefix) and child_name.count('-') >= parent_name.count('-') + 2:
        return child_name[len(prefix):].rsplit('-', 1)[0]
    return None


def stack_chain(store, stack_id: str) -> list[str]:
    """Names of the stacks from the outermost one down to ``stack_id``."""
    names = []
    row = store.get_stack(stack_id)
    while row is not None and len(names) <= CONF.max_nested_stack_depth + 1:
        names.append(row['name'])
        row = store.get_stack(row['owner_id']) if row['owner_id'] else None
    return names[::-1]


def load_stack(store, row: dict, cloud=None, ensure_rows: bool = False):
    """The run-time :class:`~heat_core.engine.stack.Stack` of a stack row,
    its resources in their recorded state.  ``ensure_rows``: give resources
    that have no row yet one (a create interrupted early)."""
    from heat_core.engine.stack import Stack
    from heat_core.template import loader, validation
    raw = store.get_template(row['raw_template_id'])
    loaded = loader.load(raw['template'], raw['template_name'],
                         [tuple(e) for e in raw['environment']], raw['files'])
    if loaded.template is None:
        raise ResourceFailure('The template of stack %s cannot be read: %s' % (
            row['name'], errors_text(loaded.issues)))
    values = validation.parameter_values(loaded.template, row['parameters'], Issues(), None,
                                         check_values=False)
    stack = Stack(row['id'], row['name'], row['tenant'], loaded.template, values, cloud,
                  store=store)
    stack.load_rows(store.resources(row['id']))
    missing = [(n, r.type_name) for n, r in stack.resources.items() if r.row_id is None]
    if ensure_rows and missing:   # a create interrupted before they were written
        for name, rid in store.add_resources(row['id'], missing).items():
            stack.resources[name].row_id = rid
    return stack


def errors_text(issues) -> str:
    """The first errors of ``issues`` on one line."""
    errors = [str(i) for i in issues.errors]
    text = '; '.join(errors[:SHOWN_ERRORS])
    if len(errors) > SHOWN_ERRORS:
        text += ' (and %d more)' % (len(errors) - SHOWN_ERRORS)
    return text


def child_environment(parent_env_texts: list, parent_env, resource_name: str) -> list:
    """The environment files of a child stack: the parent's without their
    ``parameters`` sections (the child's parameters are what its resource
    passes) and without their per-resource entries (``resource_registry:
    resources:`` name the parent's resources: a hook on the parent's "web"
    must not stop a "web" in the child), plus the parent environment's
    entries for resources inside ``resource_name``
    (``resource_registry: resources: <name>: {...}``), as in Heat."""
    out = []
    for text, name in parent_env_texts or []:
        out.append((_for_child(text), name))
    entries = getattr(parent_env, 'nested_resources', {}).get(resource_name)
    if entries:
        out.append((json.dumps({'resource_registry': {'resources': entries}}),
                    'environment of %s' % resource_name))
    return out


def _for_child(text: str) -> str:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return text
    if not isinstance(data, dict):
        return text
    registry = data.get('resource_registry')
    own = isinstance(registry, dict) and 'resources' in registry
    if 'parameters' not in data and not own:
        return text
    data.pop('parameters', None)
    if own:
        data['resource_registry'] = {k: v for k, v in registry.items() if k != 'resources'}
    return json.dumps(data)


def inline_template_name(template, resource_name: str) -> str:
    """The name a child template given inline by a property is known by:
    ``<parent template>#<resource>`` (relative file names in it are found
    next to the parent's)."""
    doc_name = getattr(getattr(template, 'doc', None), 'name', None) or 'template'
    return '%s#%s' % (doc_name, resource_name)


def validate_child(ctx, definition, text, name: str, params, params_path: tuple) -> None:
    """Template-time check of a child template given by a resource's
    properties (``OS::Heat::Stack``, ``AWS::CloudFormation::Stack``):
    parameters the template does not declare, the template itself with the
    values known statically (issues located in it), nesting depth."""
    import dataclasses

    from heat_core.errors import Unresolved, did_you_mean
    from heat_core.template import functions as fn
    from heat_core.template import loader, validation
    chain = getattr(ctx.template, '_provider_chain', None) or (
        getattr(getattr(ctx.template, 'doc', None), 'name', None) or '<template>',)
    limit = CONF.max_nested_stack_depth
    if len(chain) > limit:
        ctx.issues.error(definition.key_path('type'), 'Nested stacks are more than %d deep '
                         '(max_nested_stack_depth): %s' % (limit, ' → '.join(chain + (name,))))
        return
    env = dataclasses.replace(ctx.template.env, parameters={})
    loaded = loader.load(text, name, files=ctx.template.files, environment=env)
    nested = loaded.template
    if nested is None:
        ctx.issues.items.extend(loaded.issues.items)
        return
    given = {}
    if isinstance(params, fn.Function):
        params = fn.try_resolve(params, ctx.scope)
    for key, value in (params if isinstance(params, dict) else {}).items():
        if key not in nested.parameters:
            ctx.issues.error(params_path + (key,), 'Parameter "%s" is not defined in the '
                             'nested template%s' % (key, did_you_mean(str(key),
                                                                      nested.parameters)))
            continue
        if isinstance(value, fn.Function) or fn.contains_function(value):
            value = fn.try_resolve(value, ctx.scope)
        if value is not Unresolved and value is not fn.NO_VALUE and value is not None:
            given[key] = value
    nested._provider_root = getattr(ctx.template, '_provider_root', ctx.template)
    nested._provider_chain = tuple(chain) + (name,)
    ctx.issues.items.extend(validation.validate(nested, ctx.registry, given, ctx.cloud).items)


def stack_arn(row: dict) -> str:
    """A stack's ARN (what ``AWS::StackId`` gives)."""
    return 'arn:openstack:heat::%s:stacks/%s/%s' % (row['tenant'], row['name'], row['id'])


def select_path(value, path):
    """``value[path[0]][path[1]]...`` (None where a step is missing)."""
    for key in path:
        if isinstance(value, dict):
            value = value.get(key)
        elif isinstance(value, list):
            try:
                value = value[int(key)]
            except (ValueError, IndexError, TypeError):
                return None
        else:
            return None
    return value
