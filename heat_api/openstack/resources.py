"""A stack's resources (show, metadata, signal, mark unhealthy) and events."""

from __future__ import annotations

from heat_api.faults import BadRequest, NotFound
from heat_api.openstack import params as p
from heat_api.openstack import views
from heat_api.openstack.routing import Reply
from heat_api.openstack.scoped import StackScoped

#: resource list filters
RESOURCE_FILTERS = ('type', 'status', 'name', 'action', 'id', 'physical_resource_id')
#: event list filters
EVENT_FILTERS = ('resource_status', 'resource_action', 'resource_name', 'resource_type')


def list_events(node: StackScoped, req, resource_name: str | None = None) -> list:
    """``list_events`` with the query's paging, sorting and filters."""
    args = p.page(req)
    if p.sort_dir(req):
        args['sort_dir'] = req.GET['sort_dir']
    nested_depth = p.query_int(req, 'nested_depth')
    if nested_depth:
        args['nested_depth'] = nested_depth
    filters = p.allowed(req.GET, dict.fromkeys(EVENT_FILTERS, p.MIXED))
    if resource_name is not None:
        filters.pop('resource_name', None)
        args['resource_name'] = resource_name
    if filters:
        args['filters'] = filters
    events = node.engine.list_events(req.ctx, node.stack_id(req), **args)
    root = node.ref if nested_depth else None
    return [views.event(req, req.ctx.tenant, node.ref, e, summary=True, root=root)
            for e in events]


class Event(StackScoped):
    """``.../resources/{resource_name}/events/{event_id}``."""

    def GET(self, req):
        event = self.engine.show_event(req.ctx, self.stack_id(req), self.path['resource_name'],
                                       self.path['event_id'])
        return {'event': views.event(req, req.ctx.tenant, self.ref, event, summary=False)}


class ResourceEvents(StackScoped):
    variable = ('event_id', Event)

    def GET(self, req):
        name = self.path['resource_name']
        events = list_events(self, req, name)
        if not events:
            raise NotFound('No events found for resource %s' % name)
        return {'events': events}


class StackEvents(StackScoped):
    def GET(self, req):
        return {'events': list_events(self, req)}


class ResourceMetadata(StackScoped):
    def GET(self, req):
        return {'metadata': self.engine.resource_metadata(req.ctx, self.stack_id(req),
                                                          self.path['resource_name'])}


class ResourceSignal(StackScoped):
    """``POST .../signal``: the body (any JSON) is the signal's details."""

    def POST(self, req):
        details = p.body(req, required=False)
        self.engine.signal_resource(req.ctx, self.stack_id(req), self.path['resource_name'],
                                    details=details if details != {} else None)
        return Reply(200, None)


class Resource(StackScoped):
    """``.../resources/{resource_name}``: show (GET), mark unhealthy (PATCH)."""

    children = {'metadata': ResourceMetadata, 'signal': ResourceSignal,
                'events': ResourceEvents}
    MARK_KEYS = ('mark_unhealthy', 'resource_status_reason')

    def GET(self, req):
        args = {}
        with_attr = req.GET.getall('with_attr')
        if with_attr:
            args['with_attr'] = with_attr
        data = self.engine.show_resource(req.ctx, self.stack_id(req),
                                         self.path['resource_name'], **args)
        return {'resource': views.resource(req, req.ctx.tenant, self.ref, data)}

    def PATCH(self, req):
        body = p.object_body(req)
        invalid = set(body) - set(self.MARK_KEYS)
        if invalid:
            raise BadRequest('Invalid keys in resource mark unhealthy %s' % sorted(invalid))
        if 'mark_unhealthy' not in body:
            raise BadRequest('Missing mandatory (mark_unhealthy) key from mark unhealthy '
                             'request')
        unhealthy = p.to_bool('mark_unhealthy', body['mark_unhealthy'])
        reason = body.get('resource_status_reason') or ''
        if not isinstance(reason, str):
            raise BadRequest('resource_status_reason must be a string')
        self.engine.mark_unhealthy(req.ctx, self.stack_id(req), self.path['resource_name'],
                                   unhealthy=unhealthy, reason=reason)
        return Reply(200, None)


class Resources(StackScoped):
    """``.../resources``: the stack's resources (nested_depth, with_detail,
    filters)."""

    variable = ('resource_name', Resource)

    def GET(self, req):
        invalid = set(req.GET.keys()) - set(RESOURCE_FILTERS) - {'nested_depth', 'with_detail'}
        if invalid:
            raise BadRequest('Invalid filter parameters %s' % sorted(invalid))
        args = {}
        nested_depth = p.query_int(req, 'nested_depth', 0)
        if nested_depth:
            args['nested_depth'] = nested_depth
        if p.query_bool(req, 'with_detail', False):
            args['with_detail'] = True
        filters = p.allowed(req.GET, dict.fromkeys(RESOURCE_FILTERS, p.MIXED))
        if filters:
            args['filters'] = filters
        found = self.engine.list_resources(req.ctx, self.stack_id(req), **args)
        return {'resources': [views.resource(req, req.ctx.tenant, self.ref, r) for r in found]}
