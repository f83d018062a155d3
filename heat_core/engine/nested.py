"""Nested stacks: resources whose physical resource is a child stack.

A :class:`NestedStackResource` creates its child through the engine: the
child is a stack row of its own (``owner_id`` = the parent's id,
``nested_depth`` = the parent's + 1, named ``<parent>-<resource>-<suffix>``)
with its own resources and events.  The child's operation runs in the
thread of the parent's resource action, so the parent's lock covers the
whole tree; a child never rolls back by itself: a failed child fails the
parent resource with the child's reason, and the parent's rollback deletes
it.  The child gets the parent's files and environment (without the
``parameters`` section: its parameters are what the resource passes).

Subclasses say what the child is (:meth:`NestedStackResource.child_template`
and :meth:`~NestedStackResource.child_params`): a provider template
(:class:`TemplateResource`, a type mapped to a template file or a file used
as the type), ``OS::Heat::Stack``, ``AWS::CloudFormation::Stack`` and
``OS::Heat::ResourceGroup``.
"""

from __future__ import annotations

import json
import os

from heat_core import config
from heat_core.config import CONF
from heat_core.engine import status as st
from heat_core.engine.child_stacks import (
    child_environment,
    errors_text,
    inline_template_name,
    load_stack,
    nested_stack_rows,
    select_path,
    stack_arn,
    stack_chain,
    tree_resource_count,
    validate_child,
)
from heat_core.errors import HeatError, Issues, Unresolved
from heat_core.resources.resource import Resource
from heat_core.resources.runtime import ResourceFailure, UpdateReplace

__all__ = ['NestedStackResource', 'NestingTooDeep', 'TemplateResource', 'child_environment',
           'facade_value', 'inline_template_name', 'load_stack', 'nested_stack_rows',
           'select_path', 'stack_arn', 'stack_chain', 'validate_child']

#: a child never rolls back by itself: its parent's rollback deletes it
CHILD_ON_FAILURE = 'DO_NOTHING'


class NestingTooDeep(ResourceFailure):
    """A child stack would be nested deeper than ``max_nested_stack_depth``."""
    code = 'RecursionDepthExceeded'


# -- resource_facade ---------------------------------------------------------------------

def facade_value(stack, kind: str):
    """``resource_facade`` in ``stack``: ``kind`` (metadata,
    deletion_policy, update_policy) of the resource of the parent stack
    that ``stack`` is the child of.  Known when the resource made the stack
    object, else found through the parent (once per stack object)."""
    facade = getattr(stack, 'facade', None)
    if facade is None:
        facade = stack.facade = _find_facade(stack) or False
    if not facade:
        raise Unresolved('only a nested stack has a facade resource')
    return facade(kind)


def _find_facade(stack):
    store = stack.store
    row = store.get_stack(stack.id) if store is not None else None
    parent_row = store.get_stack(row['owner_id']) if row and row['owner_id'] else None
    if parent_row is None:
        return None
    parent = load_stack(store, parent_row, stack.cloud)
    for res in parent.resources.values():
        if isinstance(res, NestedStackResource) and res.resource_id == stack.id:
            return res.child_facade()
    return None


# -- the resource ------------------------------------------------------------------------

class NestedStackResource(Resource):
    """A resource that is a child stack, created, deleted and read through
    the engine.  Subclasses implement :meth:`child_template` and usually
    :meth:`child_params`; the child's outputs are in :meth:`child_outputs`
    and its resources in :meth:`child_stack`."""

    #: a stack update should update the child even when the resource's
    #: properties did not change (its template file may have; as in Heat)
    update_always = True

    # -- what the child is (subclasses) ---------------------------------------------
    def child_template(self) -> tuple:
        """``(template text, template name)`` of the child stack."""
        raise NotImplementedError

    def child_params(self) -> dict:
        """Parameter values of the child stack."""
        return {}

    def child_timeout(self, parent_row: dict) -> int | None:
        """Minutes the child's operations may take (default: the parent's)."""
        return parent_row.get('timeout')

    def child_facade(self):
        """``resource_facade`` of the child: ``kind -> value`` (metadata,
        deletion_policy, update_policy of this resource), or None."""
        return None

    # -- the child stack --------------------------------------------------------------
    @property
    def _store(self):
        store = self.stack.store
        if store is None:
            raise ResourceFailure('%s needs the engine: a nested stack is a stack of its own'
                                  % self.name)
        return store

    def child_row(self) -> dict | None:
        """The child's stack row (None before it exists)."""
        store = self._store
        if self.resource_id:
            return store.get_stack(self.resource_id)
        name = self.data.get('child_name')
        if name:
            rows = store.find_stacks(tenant=self.stack.tenant, name=name, owner_id=self.stack.id,
                                     include_deleted=True)
            if rows:
                return rows[0]
        return None

    def child_stack(self):
        """The child as a run-time Stack (resources in their recorded state),
        or None before it exists."""
        row = self.child_row()
        if row is None:
            return None
        cached = self.__dict__.get('_child_cache')
        key = (row['id'], row['updated_at'], row['action'], row['status'])
        if cached is not None and cached[0] == key:
            return cached[1]
        stack = load_stack(self._store, row, self.stack.cloud)
        self._set_facade(stack)
        self.__dict__['_child_cache'] = (key, stack)
        return stack

    def child_outputs(self) -> dict:
        """``{output name: value}`` of the child (as recorded when it completed)."""
        row = self.child_row()
        if row is None:
            return {}
        return {k: v.get('value') for k, v in (row['outputs'] or {}).items()}

    def _set_facade(self, stack) -> None:
        stack.facade = self.child_facade() or False

    # -- create -----------------------------------------------------------------------
    def handle_create(self):
        from heat_core.engine import operations
        self.__dict__.pop('_child_cache', None)
        row = self.child_row()
        resumed = row is not None
        if row is None:
            row = self._new_child()
        if row['action'] != st.CREATE or row['status'] != st.IN_PROGRESS:
            return row['id']  # finished before an engine failure
        child = load_stack(self._store, row, self.stack.cloud, ensure_rows=True)
        self._set_facade(child)
        operations.create(child, self._store, row['timeout'] or config.stack_action_timeout_mins(),
                          operations.ON_FAILURE_NOTHING, resumed=resumed)
        return row['id']

    def check_create_complete(self, child_id) -> bool:
        return self._check_child(child_id, st.CREATE)

    def _check_child(self, child_id, action: str) -> bool:
        row = self._store.get_stack(child_id)
        if row is None:
            raise ResourceFailure('The nested stack of %s has disappeared' % self.name)
        if row['action'] == action and row['status'] == st.COMPLETE:
            return True
        if row['status'] == st.IN_PROGRESS and row['action'] == action:
            return False
        raise ResourceFailure(row['status_reason'] or '%s %s' % (row['action'], row['status']))

    def _prepare_child(self, parent: dict, child_id: str | None = None) -> tuple:
        """``(text, template name, params, files, environment texts, parsed
        template, parameter values)`` of the child, validated (export names
        included; ``child_id``: the child's own exports do not clash)."""
        from heat_core.engine import service_nested
        from heat_core.template import loader, validation
        text, template_name = self.child_template()
        params = self.child_params()
        raw = self._store.get_template(parent['raw_template_id'])
        files = raw['files'] or {}
        env_texts = child_environment(raw['environment'], self.stack.template.env, self.name)
        loaded = loader.validate(text, template_name, env_texts, params, files, self.stack.cloud)
        if loaded.issues:
            raise ResourceFailure('The nested stack template is invalid: %s'
                                  % errors_text(loaded.issues))
        values = validation.parameter_values(loaded.template, params, Issues(), None,
                                             check_values=False)
        problems = service_nested.template_problems(self._store, parent['tenant'],
                                                    loaded.template, values, stack_id=child_id)
        if problems:
            raise ResourceFailure(errors_text(problems))
        self._check_tree_size(loaded.template, child_id)
        return text, template_name, params, files, env_texts, loaded.template, values

    def _check_tree_size(self, child_template, child_id: str | None) -> None:
        """``max_resources_per_stack`` counts the resources of the whole
        tree of stacks (as in Heat); an update does not count the child's
        current resources twice."""
        limit = CONF.max_resources_per_stack
        if limit < 0:
            return
        store = self._store
        total = tree_resource_count(store, self.stack.id) + len(child_template.resources)
        if child_id is not None:
            total -= len([r for r in store.resources(child_id) if r.get('replaced_by') is None
                          and (r['action'], r['status']) != (st.DELETE, st.COMPLETE)])
        if total > limit:
            raise ResourceFailure('The stack would have %d resources with its nested stacks, '
                                  'more than the limit of %d (max_resources_per_stack)'
                                  % (total, limit))

    def _new_child(self) -> dict:
        store = self._store
        parent = store.get_stack(self.stack.id)
        depth = (parent['nested_depth'] or 0) + 1
        limit = CONF.max_nested_stack_depth
        name = self.data.get('child_name') or self.physical_resource_name()
        if depth > limit:
            chain = stack_chain(store, self.stack.id) + [name]
            raise NestingTooDeep('Nested stacks are more than %d deep (max_nested_stack_depth): '
                                 '%s' % (limit, ' → '.join(chain)))
        text, template_name, params, files, env_texts, _t, _v = self._prepare_child(parent)
        self.data_set('child_name', name)
        tid = store.add_template(text, template_name, files, env_texts)
        child_id = store.add_stack(
            name=name, tenant=parent['tenant'], username=parent['username'],
            raw_template_id=tid, parameters=_storable(params), disable_rollback=True,
            on_failure=CHILD_ON_FAILURE, timeout=self.child_timeout(parent),
            owner_id=parent['id'], nested_depth=depth, action=st.CREATE,
            status=st.IN_PROGRESS, status_reason='Stack CREATE started')
        self.resource_id_set(child_id)
        return store.get_stack(child_id)

    # -- update -----------------------------------------------------------------------
    def handle_update(self, new_definition, prop_diff: dict):
        """Update the child stack to what the new definition makes of it
        (with the engine's stack update; the child never rolls back by
        itself: a failed parent update rolls it back by updating it again)."""
        from heat_core.engine import update as upd
        from heat_core.engine.resource_set import from_rows
        from heat_core.engine.stack import Stack
        from heat_core.engine.update_control import UpdateControl
        self.__dict__.pop('_child_cache', None)
        self._properties = self.resolve_properties(new_definition)
        self.t = new_definition
        store = self._store
        row = self.child_row()
        if row is None or row['deleted_at'] is not None:
            raise UpdateReplace('the nested stack of %s is gone' % self.name)
        parent = store.get_stack(self.stack.id)
        self.before_child_update(row)
        text, template_name, params, files, env_texts, tmpl, values = self._prepare_child(
            parent, row['id'])
        current = from_rows(load_stack(store, row, self.stack.cloud),
                                store.resources(row['id']))
        tid = store.add_template(text, template_name, files, env_texts)
        store.update_stack(row['id'], raw_template_id=tid,
                           prev_raw_template_id=row['raw_template_id'],
                           parameters=_storable(params), prev_parameters=row['parameters'],
                           timeout=self.child_timeout(parent))
        store.stack_state(row['id'], row['name'], st.UPDATE, st.IN_PROGRESS,
                          'Stack UPDATE started')
        row = store.get_stack(row['id'])
        target = Stack(row['id'], row['name'], row['tenant'], tmpl, values, self.stack.cloud,
                       store=store)
        self._set_facade(target)

        def previous(template_id, prev_params):   # only for a rollback, which children skip
            return load_stack(store, dict(row, raw_template_id=template_id,
                                          parameters=prev_params), self.stack.cloud)
        # a converging update converges the child's resources too (as in Heat)
        target.converge = getattr(self.stack, 'converge', False)
        # (update records outputs and exports)
        upd.update(target, current, row, UpdateControl(), previous,
                   row['timeout'] or config.stack_action_timeout_mins())
        return row['id']

    def check_update_complete(self, child_id) -> bool:
        return self._check_child(child_id, st.UPDATE)

    def before_child_update(self, row: dict) -> None:
        """Hook run before the child's new template is made (the old child
        is in ``row``)."""

    # -- suspend, resume, check: the same action on the child ---------------------------
    def _child_action(self, action: str):
        from heat_core.engine import lifecycle
        row = self.child_row()
        if row is None or row['deleted_at'] is not None:
            if action == st.CHECK:
                raise ResourceFailure('The nested stack of %s does not exist' % self.name)
            return None
        child = load_stack(self._store, row, self.stack.cloud)
        self._set_facade(child)
        getattr(lifecycle, action.lower())(child, self._store,
                                           row['timeout'] or config.stack_action_timeout_mins())
        return row['id']

    def handle_suspend(self):
        return self._child_action(st.SUSPEND)

    def check_suspend_complete(self, child_id) -> bool:
        return child_id is None or self._check_child(child_id, st.SUSPEND)

    def handle_resume(self):
        return self._child_action(st.RESUME)

    def check_resume_complete(self, child_id) -> bool:
        return child_id is None or self._check_child(child_id, st.RESUME)

    def handle_check(self):
        return self._child_action(st.CHECK)

    def check_check_complete(self, child_id) -> bool:
        return self._check_child(child_id, st.CHECK)

    # -- delete -----------------------------------------------------------------------
    def handle_delete(self):
        from heat_core.engine import operations, service_nested
        self.__dict__.pop('_child_cache', None)
        row = self.child_row()
        if row is None or row['deleted_at'] is not None:
            return None
        try:
            service_nested.check_delete(self._store, row['id'])
        except HeatError as exc:
            raise ResourceFailure(str(exc)) from None
        child = load_stack(self._store, row, self.stack.cloud)
        self._set_facade(child)
        operations.delete(child, self._store, row['timeout'])
        return row['id']

    def check_delete_complete(self, child_id) -> bool:
        if child_id is None:
            return True
        row = self._store.get_stack(child_id)
        if row is None or row['deleted_at'] is not None:
            return True
        return self._check_child(child_id, st.DELETE)

    # -- values -----------------------------------------------------------------------
    def attribute(self, name: str, *path):
        if name == 'OS::stack_id':
            return select_path(self.resource_id, path)
        return super().attribute(name, *path)

    @staticmethod
    def resource_path(name: str, path) -> list | None:
        """``[resource, attr, *path]`` when the attribute names a resource of
        the child: ``resource.<name>[.<attr>]`` (from ``get_attr``) or
        ``resource`` with ``<name>[.<attr>]`` next (from ``Fn::GetAtt``);
        None otherwise."""
        if name == 'resource' and path:
            return str(path[0]).split('.', 1) + list(path[1:])
        if name.startswith('resource.'):
            return name.split('.', 2)[1:] + list(path)
        return None

    def nested_resource_value(self, resource_name: str, attr=None, *path):
        """Reference (``attr`` None) or attribute of a resource of the child."""
        child = self.child_stack()
        res = child.resources.get(resource_name) if child is not None else None
        if res is None:
            return None
        if attr is None:
            return res.reference()
        return res.attribute(attr, *path)



def _storable(values: dict) -> dict:
    try:
        json.dumps(values)
        return dict(values)
    except (TypeError, ValueError):
        return {k: str(v) for k, v in values.items()}


# -- provider templates ------------------------------------------------------------------

class TemplateResource(NestedStackResource):
    """A resource whose type is a template: the properties become the
    child's parameters and its outputs are the resource's attributes
    (``resource.<name>[.<attr>]`` reaches a resource inside).  Its
    reference is the child's ``OS::stack_id`` output, else its ARN."""

    accepts_any_properties = True

    def __init__(self, name: str, definition, stack, resolution=None):
        super().__init__(name, definition, stack)
        self.resolution = resolution

    def provider_key(self) -> str:
        """The key of the provider template in the stack's files."""
        from heat_core.template import provider
        res = self.resolution
        tmpl = self.stack.template
        bases = []
        if res.mapping is not None and tmpl.env.files_base.get(res.template) is not None:
            bases.append(tmpl.env.files_base[res.template])
        doc_name = getattr(getattr(tmpl, 'doc', None), 'name', None)
        if doc_name and '://' not in doc_name:
            bases.append(os.path.dirname(doc_name))
        key = provider._find(tmpl.files or {}, res.template, bases)
        if key is None:
            raise ResourceFailure('Provider template "%s" was not supplied: it is not among '
                                  'the files given with the template' % res.template)
        return key

    def child_template(self) -> tuple:
        key = self.provider_key()
        return self.stack.template.files[key], key

    def child_params(self) -> dict:
        return {k: v for k, v in self.properties.items() if v is not None}

    def child_facade(self):
        def facade(kind):
            from heat_core.template import functions as fn
            if kind == 'metadata':
                return self.metadata()
            value = getattr(self.t, kind, None)
            return fn.resolve(value, self.stack.scope) if value is not None else None
        return facade

    def reference(self) -> str:
        if self.resource_id is None:
            return self.name
        outputs = self.child_outputs()
        if outputs.get('OS::stack_id') is not None:
            return outputs['OS::stack_id']
        row = self.child_row()
        return stack_arn(row) if row is not None else self.resource_id

    def attribute(self, name: str, *path):
        if name == 'OS::stack_id' or name == 'show':
            return super().attribute(name, *path)
        parts = self.resource_path(name, path)
        if parts is not None:
            return self.nested_resource_value(*parts)
        return select_path(self.child_outputs().get(name), path)

    def all_attributes(self) -> dict:
        return self.child_outputs()
