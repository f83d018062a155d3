"""Reading stacks, resources, events and outputs, in Heat's wire format."""

from __future__ import annotations

import json

from heat_core.config import CONF
from heat_core.engine import status as st
from heat_core.engine.context import RequestContext
from heat_core.errors import Issues
from heat_core.template import loader, validation


class ReadsMixin:
    """Read-only calls of :class:`~heat_core.engine.service.EngineService`."""

    # -- reading ---------------------------------------------------------------------
    def show_stack(self, ctx: RequestContext, name_or_id: str) -> dict:
        row = self.identify(ctx, name_or_id, include_deleted=True)
        return self.format_stack(row, detail=True)

    def list_stacks(self, ctx: RequestContext, **filters) -> list[dict]:
        rows = self.store.find_stacks(tenant=ctx.tenant, owner_id=None)
        return [self.format_stack(r) for r in rows]

    def list_resources(self, ctx: RequestContext, name_or_id: str) -> list[dict]:
        row = self.identify(ctx, name_or_id)
        return [self.format_resource(row, r) for r in self.store.resources(row['id'])]

    def list_events(self, ctx: RequestContext, name_or_id: str, resource_name=None,
                    marker=None, limit=None, sort_dir='asc') -> list[dict]:
        row = self.identify(ctx, name_or_id, include_deleted=True)
        return [self.format_event(row, e) for e in self.store.events(
            row['id'], resource_name, marker, limit, sort_dir)]

    def list_outputs(self, ctx: RequestContext, name_or_id: str) -> list[dict]:
        row = self.identify(ctx, name_or_id)
        return [{'output_key': k, 'output_value': v.get('value'),
                 'description': v.get('description'),
                 **({'output_error': v['error']} if 'error' in v else {})}
                for k, v in (row['outputs'] or {}).items()]

    def wait(self, stack_id: str, timeout: float | None = None) -> None:
        thread = self._threads.get(stack_id)
        if thread is not None:
            thread.join(timeout)

    # -- formatting (Heat's wire format) -----------------------------------------
    @staticmethod
    def identity(row: dict) -> dict:
        return {'stack_name': row['name'], 'stack_id': row['id'], 'tenant': row['tenant'],
                'path': ''}

    def format_stack(self, row: dict, detail: bool = False) -> dict:
        out = {
            'id': row['id'], 'stack_name': row['name'],
            'stack_status': st.word(row['action'], row['status']),
            'stack_status_reason': row['status_reason'],
            'creation_time': _iso(row['created_at']), 'updated_time': _iso(row['updated_at']),
            'deletion_time': _iso(row['deleted_at']), 'tags': row['tags'] or None,
            'stack_owner': row['username'], 'parent': row['owner_id'],
            'stack_user_project_id': row['tenant'],
        }
        if detail:
            raw = self.store.get_template(row['raw_template_id'])
            loaded = loader.load(raw['template'], raw['template_name'],
                                 [tuple(e) for e in raw['environment']], raw['files'])
            tmpl = loaded.template
            out['description'] = tmpl.description if tmpl else ''
            out['template_description'] = out['description']
            out['disable_rollback'] = row['disable_rollback']
            out['timeout_mins'] = row['timeout']
            out['parameters'] = self._shown_parameters(row, tmpl)
            out['outputs'] = [
                {'output_key': k, 'output_value': v.get('value'),
                 'description': v.get('description')}
                for k, v in (row['outputs'] or {}).items()]
            out['capabilities'] = []
            out['notification_topics'] = []
        return out

    def _shown_parameters(self, row, tmpl) -> dict:
        shown = {'OS::stack_name': row['name'], 'OS::stack_id': row['id'],
                 'OS::project_id': row['tenant'], 'AWS::StackName': row['name'],
                 'AWS::StackId': 'arn:openstack:heat::%s:stacks/%s/%s' % (
                     row['tenant'], row['name'], row['id']),
                 'AWS::Region': CONF.region_name_for_services}
        if tmpl is None:
            return shown
        values = validation.parameter_values(tmpl, row['parameters'], Issues(), None,
                                             check_values=False)
        for name, p in tmpl.parameters.items():
            if name in values:
                v = values[name]
                v = ','.join(str(i) for i in v) if isinstance(v, list) else v
                shown[name] = p.shown(v if not isinstance(v, dict) else json.dumps(v))
        return shown

    @staticmethod
    def format_resource(stack_row: dict, r: dict) -> dict:
        return {
            'resource_name': r['name'], 'logical_resource_id': r['name'],
            'physical_resource_id': r['physical_resource_id'] or '',
            'resource_type': r['type'],
            'resource_status': st.word(r['action'], r['status']),
            'resource_status_reason': r['status_reason'],
            'creation_time': _iso(r['created_at']), 'updated_time': _iso(r['updated_at']),
            'required_by': [], 'stack_name': stack_row['name'], 'stack_id': stack_row['id'],
        }

    @staticmethod
    def format_event(stack_row: dict, e: dict) -> dict:
        return {
            'id': e['uuid'], 'event_time': _iso(e['created_at']),
            'resource_name': e['resource_name'], 'logical_resource_id': e['resource_name'],
            'physical_resource_id': e['physical_resource_id'] or '',
            'resource_type': e['resource_type'],
            'resource_status': st.word(e['action'], e['status']),
            'resource_action': e['action'], 'resource_status_reason': e['reason'],
            'stack_name': stack_row['name'], 'stack_id': stack_row['id'],
        }



def _iso(value):
    return value.strftime('%Y-%m-%dT%H:%M:%SZ') if value else None
