"""Reading stacks, resources, events and outputs, in Heat's wire format
(see :mod:`heat_core.engine.wire` for the shapes and NoEcho masking)."""

from __future__ import annotations

from typing import NamedTuple

from heat_core.engine import listing as q
from heat_core.engine import status as st
from heat_core.engine import wire
from heat_core.engine.cache import ReadCache
from heat_core.engine.context import RequestContext
from heat_core.engine.read_rows import StackReader, StackRows
from heat_core.engine.stack import Stack
from heat_core.errors import HeatError, Issues
from heat_core.template import dependencies as deps
from heat_core.template.parameters import MASK
from heat_core.template.source import Document

InvalidRequest = q.InvalidRequest


class ResourceNotFound(HeatError):
    code = 'ResourceNotFound'
    http_status = 404


class NotFound(HeatError):
    code = 'NotFound'
    http_status = 404


class Forbidden(HeatError):
    code = 'Forbidden'
    http_status = 403


class View(NamedTuple):
    """What reading a stack needs: its template, parameter values, the live
    stack (None when it cannot be built, or is not needed) and its secrets."""
    tmpl: object
    values: dict
    stack: object
    secrets: wire.Secrets


class ReadsMixin:
    """Read-only calls of :class:`~heat_core.engine.service.EngineService`."""

    # -- stacks ------------------------------------------------------------------------
    def show_stack(self, ctx: RequestContext, name_or_id: str) -> dict:
        """The stack in detail (a deleted stack by id too).

        The hot path of the REST API: by id, one query reads the stack, its
        template's stamp and its resources; the parsed template comes from
        the read cache (:mod:`heat_core.engine.cache`)."""
        found = self._reader().stack_rows(name_or_id)
        if found is None or found.row['tenant'] != ctx.tenant:
            # a name, or not the caller's: the lookup rules of identify()
            found = self._reader().stack_rows(
                self.identify(ctx, name_or_id, include_deleted=True)['id'])
            if found is None:
                from heat_core.engine.service import StackNotFound  # (a cycle at import)
                raise StackNotFound('The Stack (%s) could not be found.' % name_or_id)
        return self._format_detail(found.row, self._view(found.row, found=found))

    def list_stacks(self, ctx: RequestContext, filters=None, tags=None, tags_any=None,
                    not_tags=None, not_tags_any=None, sort_keys=None, sort_dir=None,
                    limit=None, marker=None, show_nested=False, show_deleted=False,
                    global_tenant=False) -> list[dict]:
        """The caller's stacks (every tenant's with ``global_tenant``, admin
        only), filtered, sorted (newest first by default) and paged: ``marker``
        is the id of the last stack of the previous page."""
        if global_tenant and not ctx.is_admin:
            raise Forbidden('You are not authorized to complete this action.')
        where = q.stack_where(filters)
        order = q.stack_order(sort_keys, sort_dir)
        rows = self.store.query_stacks(None if global_tenant else ctx.tenant, where,
                                       include_deleted=show_deleted,
                                       include_nested=show_nested)
        rows = [r for r in rows if q.tags_match(r['tags'] or [], q.words(tags), q.words(tags_any),
                                               q.words(not_tags), q.words(not_tags_any))]
        descending = q.sort_dir_of(sort_dir) == 'desc'
        rows.sort(key=lambda r: q.sort_value(r, order), reverse=descending)
        if marker:
            rows = q.after(rows, self._marker_row(ctx, marker, global_tenant), order, descending)
        rows = rows[:q.count(limit, 'limit')] if limit is not None else rows
        return [wire.stack_summary(r, self._secrets(r) if wire.reason_needs_scrub(
            r['status_reason']) else None, include_project=global_tenant) for r in rows]

    def get_template(self, ctx: RequestContext, name_or_id: str) -> dict:
        """The stack's template as data (as submitted, parsed)."""
        raw = self.store.get_template(self.identify(ctx, name_or_id, True)['raw_template_id'])
        data = Document.parse(raw['template'], raw['template_name'], Issues()).data
        return data if isinstance(data, dict) else {}

    def get_environment(self, ctx: RequestContext, name_or_id: str) -> dict:
        """The user's environment (files merged, given parameter values in
        ``parameters``); NoEcho parameter values are masked."""
        row = self.identify(ctx, name_or_id, include_deleted=True)
        raw = self.store.get_template(row['raw_template_id'])
        env = wire.user_environment([tuple(e) for e in raw['environment']], row['parameters'],
                                    encrypted_names=True)
        view = self._view(row, live=False)
        for name, p in getattr(view.tmpl, 'parameters', {}).items():
            for section in ('parameters', 'parameter_defaults'):
                if p.no_echo and name in env[section]:
                    env[section][name] = MASK
        return env

    def get_files(self, ctx: RequestContext, name_or_id: str) -> dict:
        """The files given with the template (``{name: content}``)."""
        row = self.identify(ctx, name_or_id, include_deleted=True)
        return dict(self.store.get_template(row['raw_template_id'])['files'] or {})

    # -- outputs -------------------------------------------------------------------
    def list_outputs(self, ctx: RequestContext, name_or_id: str) -> list[dict]:
        """``[{output_key, description}]`` (values: :meth:`show_output`)."""
        row = self.identify(ctx, name_or_id)
        return [wire.output(k, v, with_value=False)
                for k, v in self._outputs(self._view(row)).items()]

    def show_output(self, ctx: RequestContext, name_or_id: str, key: str) -> dict:
        """One output, resolved now: ``{output_key, output_value,
        description[, output_error]}``."""
        row = self.identify(ctx, name_or_id)
        view = self._view(row)
        outputs = self._outputs(view)
        if key not in outputs:
            raise NotFound('Specified output key %s not found.' % key)
        return view.secrets.scrub_fields(wire.output(key, outputs[key]))

    # -- resources -------------------------------------------------------------------
    def list_resources(self, ctx: RequestContext, name_or_id: str, nested_depth: int = 0,
                       with_detail: bool = False, filters: dict | None = None) -> list[dict]:
        """The stack's resources (and those of stacks nested up to
        ``nested_depth`` levels below, with ``parent_resource``); ``filters``
        by name, type, status, action, id or physical_resource_id."""
        row = self.identify(ctx, name_or_id, include_deleted=True)
        nested = self.nested_rows(row['id'], q.count(nested_depth, 'nested_depth'))
        match = q.resource_matcher(filters)
        out = []
        for srow in [row] + nested:
            view = self._view(srow, live=with_detail)
            required_by = _required_by(view.tmpl)
            children = {c['id']: c for c in self.store.find_stacks(owner_id=srow['id'])}
            parent = None if srow is row else (srow.get('parent_resource') or
                                               self._parent_resource(srow))
            for r in self._current_resources(srow['id']):
                if not match(r):
                    continue
                item = wire.resource(srow, r, required_by.get(r['name']),
                                     children.get(r['physical_resource_id']), parent)
                if with_detail:
                    item.update(self._resource_detail(view, r['name']))
                out.append(view.secrets.scrub_fields(item))
        return out

    def show_resource(self, ctx: RequestContext, name_or_id: str, resource_name: str,
                      with_attr=None) -> dict:
        """One resource with its ``description`` and live ``attributes``
        (``with_attr``: more attribute names to resolve)."""
        row = self.identify(ctx, name_or_id, include_deleted=True)
        r = self._resource_row(row, resource_name)
        view = self._view(row)
        children = {c['id']: c for c in self.store.find_stacks(owner_id=row['id'])}
        item = wire.resource(row, r, _required_by(view.tmpl).get(resource_name),
                             children.get(r['physical_resource_id']),
                             self._parent_resource(row) if row['owner_id'] else None)
        item.update(self._resource_detail(view, resource_name, with_attr))
        return view.secrets.scrub_fields(item)

    def resource_metadata(self, ctx: RequestContext, name_or_id: str,
                          resource_name: str):
        """The resource's metadata (stored, else the template's resolved
        now).  Not masked: in-instance agents read their configuration here."""
        row = self.identify(ctx, name_or_id)
        r = self._resource_row(row, resource_name)
        if r['rsrc_metadata'] is not None:
            return r['rsrc_metadata']
        view = self._view(row)
        res = view.stack.resources.get(resource_name) if view.stack is not None else None
        value = res.metadata() if res is not None else None
        return value if value is not None else {}

    def resource_access_allowed(self, ctx: RequestContext, name_or_id: str,
                                credential_id: str, resource_name: str) -> bool:
        """Whether the holder of credentials a resource of the stack made
        (the resource whose physical ID is ``credential_id``, e.g. an access
        key) may read ``resource_name``: that resource's
        ``access_allowed(resource_name)`` decides; other credentials may not."""
        row = self.identify(ctx, name_or_id)
        stack = self._load(row)
        for res in stack.resources.values():
            check = getattr(res, 'access_allowed', None)
            if res.resource_id == credential_id and callable(check):
                return bool(check(resource_name))
        return False

    # -- events ----------------------------------------------------------------------
    def list_events(self, ctx: RequestContext, name_or_id: str, resource_name=None,
                    marker=None, limit=None, sort_dir='asc', nested_depth=0,
                    filters=None) -> list[dict]:
        """The stack's events in the order they happened (``sort_dir``),
        those of nested stacks too down to ``nested_depth``.  ``marker`` (an
        event id) and ``limit`` page them: a client follows a running
        operation by passing the last id it has seen."""
        row = self.identify(ctx, name_or_id, include_deleted=True)
        direction = q.sort_dir_of(sort_dir or 'asc')
        depth = q.count(nested_depth, 'nested_depth')
        stacks = {s['id']: s for s in [row] + self.nested_rows(row['id'], depth)}
        where = q.event_where(filters)
        if resource_name is not None:
            where['resource_name'] = resource_name
        after = None
        if marker:
            found = self.store.event_by_uuid(marker)
            if found is None or found['stack_id'] not in stacks:
                raise NotFound('The Event (%s) could not be found.' % marker)
            after = found['id']
        events = self.store.find_events(list(stacks), where, after,
                                        q.count(limit, 'limit') if limit is not None else None,
                                        direction)
        if resource_name is not None and not events and not marker and not filters:
            raise NotFound('No events found for resource %s' % resource_name)
        secrets = self._all_secrets(stacks.values())
        root = row if depth > 0 else None
        return [secrets.scrub_fields(wire.event(stacks[e['stack_id']], e, root_row=root))
                for e in events]

    def show_event(self, ctx: RequestContext, name_or_id: str, resource_name: str,
                   event_id: str) -> dict:
        """One event of one resource, with ``resource_type`` and
        ``resource_properties``."""
        row = self.identify(ctx, name_or_id, include_deleted=True)
        e = self.store.event_by_uuid(event_id)
        if e is None or e['stack_id'] != row['id'] or e['resource_name'] != resource_name:
            raise NotFound('No event %s found' % event_id)
        return self._secrets(row).scrub_fields(wire.event(row, e, detail=True))

    def wait(self, stack_id: str, timeout: float | None = None) -> None:
        """Wait for the stack's running operation (if any) to end."""
        thread = self._threads.get(stack_id)
        if thread is not None:
            thread.join(timeout)

    def _marker_row(self, ctx: RequestContext, marker: str, global_tenant: bool) -> dict:
        row = self.store.get_stack(marker)
        if row is None or not (global_tenant or row['tenant'] == ctx.tenant):
            raise NotFound('The marker stack (%s) could not be found.' % marker)
        return row

    # -- nested stacks -------------------------------------------------------------------
    def nested_rows(self, stack_id: str, depth: int) -> list[dict]:
        """Rows of the live stacks nested under ``stack_id`` down to
        ``depth`` levels (parents before children).

        Hook: ``heat_core.engine.nested.nested_stack_rows(store, stack_id,
        depth)`` answers when it exists; otherwise the ``owner_id`` links
        are followed here."""
        if depth <= 0:
            return []
        try:
            from heat_core.engine.nested import nested_stack_rows
        except ImportError:
            nested_stack_rows = None
        if nested_stack_rows is not None:
            return list(nested_stack_rows(self.store, stack_id, depth))
        out, frontier = [], [stack_id]
        for _ in range(depth):
            frontier_rows = [c for sid in frontier for c in self.store.find_stacks(owner_id=sid)]
            out.extend(frontier_rows)
            frontier = [c['id'] for c in frontier_rows]
        return out

    def _parent_resource(self, row: dict) -> str | None:
        """The name of the resource (in the owner stack) a nested stack belongs to."""
        if not row.get('owner_id'):
            return None
        for r in self.store.resources(row['owner_id']):
            if r['physical_resource_id'] == row['id']:
                return r['name']
        return None

    # -- helpers ---------------------------------------------------------------------
    def _view(self, row: dict, live: bool = True, found: StackRows | None = None) -> View:
        """Template, values, live stack (when ``live`` and it can be built)
        and secrets of a stack row (``found``: the row as
        :meth:`StackReader.stack_rows` read it, with its resources)."""
        if found is not None:
            parsed, values = self._parsed(row, found.template_stamp, found.parameters_key)
        else:
            parsed, values = self._parsed(row)
        stack = None
        if live and parsed.template is not None and not (
                row['action'] == st.DELETE and row['status'] == st.COMPLETE):
            try:
                stack = self._live_stack(row, parsed, values.values,
                                         found.resources if found is not None else None)
            except Exception:  # noqa: BLE001 - show what can be shown without it
                stack = None
        return View(parsed.template, values.values, stack, values.secrets)

    def _read_cache(self) -> ReadCache:
        found = self.__dict__.get('_read_cache_')
        if found is None:
            found = self.__dict__.setdefault('_read_cache_', ReadCache())
        return found

    def _keep_parsed(self, template_id: int, template) -> None:
        """Let reads use ``template``, just parsed from what was stored as
        raw template ``template_id`` (a create has it): the first read of a
        new stack (a client following its events) need not parse it again
        while the stack's resources start."""
        stamp = self._reader().template_stamp(template_id)
        if stamp is not None and template is not None:
            self._read_cache().keep(template_id, stamp, template)

    def _reader(self) -> StackReader:
        found = self.__dict__.get('_reader_')
        if found is None:
            found = self.__dict__.setdefault('_reader_', StackReader(self.store.engine))
        return found

    def _parsed(self, row: dict, stamp=None, params_key: str | None = None) -> tuple:
        """``(ParsedTemplate, Values)`` of a stack row, from the read cache."""
        template_id = row['raw_template_id']
        if stamp is None:
            stamp = self._reader().template_stamp(template_id)
        return self._read_cache().stack_view(
            template_id, stamp, row['parameters'],
            lambda: self.store.get_template(template_id), params_key)

    def _live_stack(self, row: dict, parsed, values: dict, resource_rows: list | None):
        """The run-time stack of a row for reading (as ``EngineService._load``
        builds it, on the cached template and its registry)."""
        stack = Stack(row['id'], row['name'], row['tenant'], parsed.template, dict(values),
                      self.cloud, registry=parsed.registry, store=self.store)
        if resource_rows is None:
            resource_rows = self._current_resources(row['id'])
        stack.load_rows(resource_rows)
        return stack

    def _secrets(self, row: dict) -> wire.Secrets:
        """A stack's secrets (cached by template and parameter values)."""
        return self._parsed(row)[1].secrets

    def _all_secrets(self, rows) -> wire.Secrets:
        values: set = set()
        for r in rows:
            values |= self._secrets(r).values
        return wire.Secrets(values)

    def _outputs(self, view: View) -> dict:
        if view.stack is not None:
            return view.stack.outputs()
        return {}

    def _current_resources(self, stack_id: str) -> list[dict]:
        """Resource rows, without those an update replaced (kept only for
        its rollback)."""
        return [r for r in self.store.resources(stack_id) if r.get('replaced_by') is None]

    def _resource_row(self, row: dict, resource_name: str) -> dict:
        for r in self._current_resources(row['id']):
            if r['name'] == resource_name:
                return r
        raise ResourceNotFound('The Resource (%s) could not be found in Stack %s.'
                               % (resource_name, row['name']))

    def _resource_detail(self, view: View, name: str, with_attr=None) -> dict:
        defn = view.tmpl.resources.get(name) if view.tmpl is not None else None
        description = defn.description if defn is not None else ''
        res = view.stack.resources.get(name) if view.stack is not None else None
        return {'description': description if isinstance(description, str) else '',
                'attributes': _attributes(res, with_attr)}

    # -- formatting (kept for other callers) ------------------------------------------
    @staticmethod
    def identity(row: dict) -> dict:
        """``{stack_name, stack_id, tenant, path}`` of a stack row."""
        return wire.identity(row)

    def format_stack(self, row: dict, detail: bool = False) -> dict:
        """A stack as the stack list shows it, or (``detail``) as show does."""
        if not detail:
            return wire.stack_summary(row, self._secrets(row) if wire.reason_needs_scrub(
                row['status_reason']) else None)
        return self._format_detail(row, self._view(row))

    def _format_detail(self, row: dict, view: View) -> dict:
        """A stack as show gives it, from its row and view."""
        out = wire.stack_summary(row, view.secrets)
        description = getattr(view.tmpl, 'description', '') or ''
        out.update({
            'description': description, 'template_description': description,
            'disable_rollback': row['disable_rollback'], 'timeout_mins': row['timeout'],
            'parameters': wire.shown_parameters(view.tmpl, row, view.values),
            'capabilities': [], 'notification_topics': [],
        })
        if not (row['action'] == st.DELETE and row['status'] == st.COMPLETE):
            outputs = self._outputs(view) if view.stack is not None else (row['outputs'] or {})
            out['outputs'] = [view.secrets.scrub_fields(wire.output(k, v))
                              for k, v in outputs.items()]
        return out

    def format_resource(self, stack_row: dict, r: dict) -> dict:
        """A resource row as the resource list shows it (no required_by)."""
        return wire.resource(stack_row, r)

    def format_event(self, stack_row: dict, e: dict) -> dict:
        """An event row as the event list shows it."""
        return wire.event(stack_row, e)


def _required_by(tmpl) -> dict:
    """``{resource: sorted names of the resources that depend on it}``."""
    if tmpl is None:
        return {}
    out: dict = {}
    for name, needs in deps.graph(tmpl).items():
        for dep in needs:
            out.setdefault(dep, []).append(name)
    return {k: sorted(v) for k, v in out.items()}


def _attributes(res, with_attr=None) -> dict:
    """Live attribute values (Heat: a resource whose ``show`` gives a map
    shows that; otherwise every attribute of its schema), None where one
    cannot be resolved."""
    if res is None:
        return {}
    from heat_core.resources.runtime import ResourceRuntime
    extra = [a for a in q.as_list(with_attr) if a] if with_attr else []

    def value(name):
        try:
            return res.attribute(name)
        except Exception:  # noqa: BLE001 - Heat shows None for what cannot be resolved
            return None
    if type(res).show_attribute is not ResourceRuntime.show_attribute:
        shown = value('show')
        if isinstance(shown, dict):
            for name in extra:
                shown.setdefault(name, value(name))
            return shown
    names = list(res.attributes_schema) + [a for a in extra
                                           if a not in res.attributes_schema]
    return {name: value(name) for name in names}
