"""Nested stacks and cross-stack exports (Fn::ImportValue).

The nested stacks themselves are made by their resources
(:mod:`heat_core.engine.nested`); here are the service's part (crash
recovery leaves a nested stack to its parent) and the exports.

An output with ``Export: {Name: ...}`` is recorded when its stack
completes (:func:`record_exports`); export names are unique in a tenant.
Another stack of the tenant reads it with ``Fn::ImportValue``
(:func:`import_value`, which records the import).  While a stack imports
an export, the exporting stack may not be deleted (:func:`check_delete`)
nor the export changed or removed by an update
(:func:`check_exports_change`), as in CloudFormation.

Exports and imports of deleted stacks are ignored (and replaced when the
name is exported again), so deleting a stack needs no clean-up.
"""

from __future__ import annotations

import json

from sqlalchemy import and_, delete, insert, select
from sqlalchemy.exc import IntegrityError

from heat_core.db import models as m
from heat_core.engine import nested
from heat_core.engine.context import RequestContext
from heat_core.errors import HeatError, Issues, TemplateInvalid, Unresolved
from heat_core.resources.runtime import ResourceFailure
from heat_core.template import functions as fn

X = m.Export.__table__
IM = m.StackImport.__table__
S = m.Stack.__table__

IMPORT_FUNCTION = 'Fn::ImportValue'


class ExportNotFound(ResourceFailure):
    """``Fn::ImportValue`` named an export no stack of the tenant has."""
    code = 'EntityNotFound'
    http_status = 404


class ExportInUse(HeatError):
    """The change would delete or change an export another stack imports."""
    code = 'ExportInUse'
    http_status = 409


def _live(query):
    """Restrict a query joined with ``stack`` to stacks not deleted."""
    return query.where(S.c.deleted_at.is_(None))


# -- exports -------------------------------------------------------------------------

def exports_of(outputs: dict) -> dict:
    """``{export name: value}`` from resolved outputs (see
    :meth:`Stack.outputs`); outputs that failed to resolve export nothing."""
    out = {}
    for entry in outputs.values():
        name = entry.get('export_name')
        if isinstance(name, str) and name and 'error' not in entry:
            out[name] = entry.get('value')
    return out


def record_exports(store, stack_id: str, tenant: str, exports: dict) -> str | None:
    """Replace the exports recorded for a stack by ``exports``.  Returns
    why that is impossible (another live stack exports one of the names),
    or None when recorded."""
    names = list(exports)
    try:
        with store._write() as c:
            if names:
                gone = select(S.c.id).where(S.c.deleted_at.is_not(None))
                c.execute(delete(X).where(and_(X.c.tenant == tenant, X.c.name.in_(names),
                                               X.c.stack_id.in_(gone))))
                taken = c.execute(_live(select(X.c.name, S.c.name).join(
                    S, S.c.id == X.c.stack_id).where(and_(
                        X.c.tenant == tenant, X.c.name.in_(names),
                        X.c.stack_id != stack_id)))).first()
                if taken is not None:
                    return _duplicate_message(taken[0], taken[1])
            c.execute(delete(X).where(X.c.stack_id == stack_id))
            if names:
                now = m.utcnow()
                c.execute(insert(X), [dict(stack_id=stack_id, tenant=tenant, name=n,
                                           value=_plain(v), created_at=now)
                                      for n, v in exports.items()])
    except IntegrityError:
        return 'Export names %s are already exported by another stack' % ', '.join(
            '"%s"' % n for n in sorted(names))
    return None


def record_stack_exports(stack, store, outputs: dict) -> str | None:
    """Record the exports of a stack that completed (``outputs`` as
    :meth:`Stack.outputs` resolved them); returns why they clash with
    another stack's, or None.  (Also for the end of an update: the exports
    are replaced.)  A stack that exports nothing and did not before costs
    one read."""
    exports = exports_of(outputs)
    if not exports and not any(o.export_name is not None
                               for o in stack.template.outputs.values()):
        with store.engine.connect() as c:
            if c.execute(select(X.c.id).where(X.c.stack_id == stack.id)).first() is None:
                return None
    return record_exports(store, stack.id, stack.tenant, exports)


def _plain(value):
    """``value`` as JSON can hold it (objects become their text)."""
    return json.loads(json.dumps(value, default=str))


def _duplicate_message(name: str, other_stack: str) -> str:
    return ('Export "%s" is already exported by stack "%s" (export names are unique in a '
            'project)' % (name, other_stack))


def find_export(store, tenant: str, name: str) -> dict | None:
    """The live export ``name`` of the tenant: ``{stack_id, stack_name, value}``."""
    q = _live(select(X.c.stack_id, S.c.name.label('stack_name'), X.c.value).join(
        S, S.c.id == X.c.stack_id).where(and_(X.c.tenant == tenant, X.c.name == name)))
    with store.engine.connect() as c:
        row = c.execute(q).mappings().first()
    return dict(row) if row else None


def stack_exports(store, stack_ids: list) -> dict:
    """``{export name: (stack id, value)}`` of the given stacks."""
    with store.engine.connect() as c:
        rows = c.execute(select(X.c.name, X.c.stack_id, X.c.value).where(
            X.c.stack_id.in_(list(stack_ids)))).all()
    return {name: (sid, value) for name, sid, value in rows}


# -- imports -------------------------------------------------------------------------

def import_value(stack, export_name: str):
    """``Fn::ImportValue`` in ``stack``: the export's value; the import is
    recorded (once per stack object)."""
    store = stack.store
    if store is None:
        raise Unresolved('exports are known when the stack is created')
    found = find_export(store, stack.tenant, export_name)
    if found is None:
        raise ExportNotFound('No export named "%s" found' % export_name)
    recorded = stack.__dict__.setdefault('_imports_recorded', set())
    if export_name not in recorded:
        try:
            with store._write() as c:
                exists = c.execute(select(IM.c.id).where(and_(
                    IM.c.stack_id == stack.id, IM.c.export_name == export_name))).first()
                if exists is None:
                    c.execute(insert(IM).values(stack_id=stack.id, tenant=stack.tenant,
                                                export_name=export_name,
                                                created_at=m.utcnow()))
        except IntegrityError:
            pass  # recorded meanwhile by another thread
        recorded.add(export_name)
    return found['value']


def importers(store, tenant: str, export_name: str, exclude=()) -> list[str]:
    """Names of the live stacks importing ``export_name``, sorted."""
    q = _live(select(S.c.name, S.c.id).join(S, S.c.id == IM.c.stack_id).where(and_(
        IM.c.tenant == tenant, IM.c.export_name == export_name)))
    with store.engine.connect() as c:
        rows = c.execute(q).all()
    return sorted({name for name, sid in rows if sid not in exclude})


def forget_imports(store, stack_id: str) -> None:
    """Drop the imports recorded for a stack (an update records them again
    as it resolves ``Fn::ImportValue``)."""
    with store._write() as c:
        c.execute(delete(IM).where(IM.c.stack_id == stack_id))


# -- checks --------------------------------------------------------------------------

def _in_use(store, tenant: str, exports: dict, exclude) -> dict:
    """``{export name: [importing stacks]}`` for the exports in use."""
    out = {}
    for name in sorted(exports):
        users = importers(store, tenant, name, exclude)
        if users:
            out[name] = users
    return out


def _users_text(users: list) -> str:
    return ', '.join('"%s"' % u for u in users)


def check_delete(store, stack_id: str) -> None:
    """Refuse (ExportInUse) to delete a stack, or its nested stacks, while
    another stack imports one of their exports."""
    row = store.get_stack(stack_id)
    if row is None:
        return
    ids = [stack_id] + [r['id'] for r in nested.nested_stack_rows(store, stack_id, None)]
    exports = stack_exports(store, ids)
    for name, users in _in_use(store, row['tenant'], exports, set(ids)).items():
        raise ExportInUse('Export "%s" cannot be deleted as it is in use by stack %s' % (
            name, _users_text(users)))


def check_exports_change(store, stack_id: str, new_exports: dict) -> None:
    """For an update: refuse (ExportInUse) to remove an export another stack
    imports, or to change its value.  ``new_exports``: ``{name: value}``
    after the update (values may be :data:`Unresolved` when not known yet;
    those count as changed only once known)."""
    row = store.get_stack(stack_id)
    if row is None:
        return
    current = stack_exports(store, [stack_id])
    for name, users in _in_use(store, row['tenant'], current, {stack_id}).items():
        if name not in new_exports:
            raise ExportInUse('Export "%s" cannot be removed as it is in use by stack %s' % (
                name, _users_text(users)))
        value = new_exports[name]
        if value is not Unresolved and value != current[name][1]:
            raise ExportInUse('Export "%s" cannot be updated as it is in use by stack %s' % (
                name, _users_text(users)))


def template_problems(store, tenant: str, template, values: dict, scope=None,
                      stack_id: str | None = None) -> Issues:
    """Export and import problems of a template about to be created: an
    export name used twice or already exported by another stack, an
    ``Fn::ImportValue`` of an export that does not exist (names known
    statically only)."""
    from heat_core.template.scope import StaticScope
    issues = Issues(source=template.issues.source)
    scope = scope or StaticScope(template, values)
    seen = {}
    for out in template.outputs.values():
        if out.export_name is None:
            continue
        name = fn.try_resolve(out.export_name, scope)
        if not isinstance(name, str):
            continue
        path = out.key_path('export_name') + ('Name',)
        if name in seen:
            issues.error(path, 'Export "%s" is also exported by output "%s"' % (
                name, seen[name]))
            continue
        seen[name] = out.name
        found = find_export(store, tenant, name)
        if found is not None and found['stack_id'] != stack_id:
            issues.error(path, _duplicate_message(name, found['stack_name']))
    for f in _import_calls(template):
        name = fn.try_resolve(f.args, scope)
        if isinstance(name, str) and find_export(store, tenant, name) is None:
            issues.error(f.path, 'No export named "%s" found' % name)
    return issues.locate()


def _import_calls(template):
    trees = []
    for d in template.resources.values():
        trees += [d.properties, d.metadata]
    for o in template.outputs.values():
        trees.append(o.value)
    for tree in trees:
        for f in fn.iter_functions(tree):
            if getattr(f, 'name', None) == IMPORT_FUNCTION:
                yield f


class NestedMixin:
    """Calls of :class:`~heat_core.engine.service.EngineService` (see the module doc)."""

    def list_exports(self, ctx: RequestContext) -> list[dict]:
        """The tenant's exports, as CloudFormation's ListExports gives them."""
        q = _live(select(X.c.name.label('export'), X.c.value, S.c.id, S.c.name, S.c.tenant)
                  .join(S, S.c.id == X.c.stack_id).where(X.c.tenant == ctx.tenant)
                  ).order_by(X.c.name)
        with self.store.engine.connect() as c:
            rows = [dict(r) for r in c.execute(q).mappings()]
        return [{'ExportingStackId': nested.stack_arn(r), 'Name': r['export'], 'Value': r['value']}
                for r in rows]

    def list_imports(self, ctx: RequestContext, export_name: str) -> list[str]:
        """Names of the stacks importing an export (CloudFormation's
        ListImports); an unknown export is not found."""
        if find_export(self.store, ctx.tenant, export_name) is None:
            raise ExportNotFound('Export "%s" does not exist' % export_name)
        return importers(self.store, ctx.tenant, export_name)

    # -- checks used by create and delete -------------------------------------------
    def _check_exports(self, ctx: RequestContext, loaded, params=None) -> None:
        """Raise TemplateInvalid for export/import problems (see
        :func:`template_problems`)."""
        from heat_core.template import validation
        values = validation.parameter_values(loaded.template, params, Issues(), None,
                                             check_values=False)
        issues = template_problems(self.store, ctx.tenant, loaded.template, values)
        if issues:
            raise TemplateInvalid(issues)

    def _check_delete_allowed(self, row: dict) -> None:
        """Raise ActionInProgress for a nested stack whose parent's operation
        is running (the parent drives it), ExportInUse if deleting the stack
        would delete an export another stack imports."""
        if self._parent_drives(row):
            from heat_core.engine.service import ActionInProgress
            parent = self.store.get_stack(row['owner_id'])
            raise ActionInProgress('Stack %s already has an action (%s) in progress (in its '
                                   'parent stack %s).' % (row['name'], parent['action'],
                                                          parent['name']))
        check_delete(self.store, row['id'])

    def _parent_drives(self, row: dict) -> bool:
        """Whether a stack left IN_PROGRESS is a nested stack whose parent's
        operation (resumed by crash recovery) will resume it."""
        if not row['owner_id']:
            return False
        parent = self.store.get_stack(row['owner_id'])
        return parent is not None and parent['status'] == 'IN_PROGRESS'
