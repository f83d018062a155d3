"""The stack collection, lookups by name or ARN, and one stack's URLs
(``/stacks/{stack_name}/{stack_id}/...``)."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlencode

from heat_api.faults import BadRequest, HTTPError
from heat_api.openstack import params as p
from heat_api.openstack import resources, views
from heat_api.openstack.routing import NO_BODY, Node, Reply
from heat_api.openstack.scoped import StackScoped
from heat_core.engine.service import StackNotFound

#: Heat's rule for stack names (they are URL path segments)
STACK_NAME = re.compile(r'^[a-zA-Z][a-zA-Z0-9_.-]{0,254}$')

#: stack list filters (Heat's filter whitelist plus the stack keys it allows)
STACK_FILTERS = ('id', 'status', 'name', 'action', 'tenant', 'username', 'owner_id',
                 'stack_name', 'stack_status', 'stack_owner', 'parent', 'disable_rollback',
                 'timeout_mins', 'stack_user_project_id', 'stack_status_reason')
TAG_PARAMS = ('tags', 'tags_any', 'not_tags', 'not_tags_any')


def redirect(req, tenant: str, name: str, stack_id: str, path: str = '') -> Reply:
    """302 to the canonical URL of a stack (absolute, query string kept)."""
    location = views.stack_url(req, tenant, name, stack_id) + path
    if req.query_string:
        location += '?' + req.query_string
    return Reply(302, NO_BODY, {'Location': location})


def _converge(body: dict) -> bool:
    """The update body's ``converge`` (Heat's api-ref: observe the
    resources' reality before updating; default false)."""
    value = body.get('converge')
    return False if value is None else p.to_bool('converge', value)


# -- one stack's sub-resources --------------------------------------------------------

class StackTemplate(StackScoped):
    def GET(self, req):
        return self.engine.get_template(req.ctx, self.stack_id(req))


class StackEnvironment(StackScoped):
    def GET(self, req):
        return self.engine.get_environment(req.ctx, self.stack_id(req))


class StackFiles(StackScoped):
    def GET(self, req):
        return self.engine.get_files(req.ctx, self.stack_id(req))


class StackUpdatePreview(StackScoped):
    """``PUT``/``PATCH .../preview``: what an update would change."""

    def _preview(self, req, patch: bool):
        body = p.object_body(req)
        data = p.StackData(body, patch=patch)
        # heatclient sends show_nested in the query string (its preview_update)
        changes = self.engine.preview_update(
            req.ctx, self.stack_id(req), converge=_converge(body),
            show_nested=p.query_bool(req, 'show_nested', False), **data.update_args())
        return {'resource_changes': changes}

    def PUT(self, req):
        return self._preview(req, patch=False)

    def PATCH(self, req):
        return self._preview(req, patch=True)


class StackAbandon(StackScoped):
    def DELETE(self, req):
        return self.engine.abandon_stack(req.ctx, self.stack_id(req))


class StackExport(StackScoped):
    def GET(self, req):
        return self.engine.export_stack(req.ctx, self.stack_id(req))


class StackOutput(StackScoped):
    def GET(self, req):
        return {'output': self.engine.show_output(req.ctx, self.stack_id(req),
                                                  self.path['output_key'])}


class StackOutputs(StackScoped):
    variable = ('output_key', StackOutput)

    def GET(self, req):
        return {'outputs': self.engine.list_outputs(req.ctx, self.stack_id(req))}


class StackActions(StackScoped):
    """``POST .../actions`` with exactly one of the actions as the key."""

    ACTIONS = ('suspend', 'resume', 'check', 'cancel_update', 'cancel_without_rollback')

    def POST(self, req):
        body = p.object_body(req, required=False)
        if not body:
            raise BadRequest('No action specified')
        if len(body) > 1:
            raise BadRequest('Multiple actions specified')
        action = next(iter(body))
        if action not in self.ACTIONS:
            raise BadRequest('Invalid action %s specified' % action)
        ctx, sid = req.ctx, self.stack_id(req)
        if action == 'suspend':
            self.engine.suspend_stack(ctx, sid)
        elif action == 'resume':
            self.engine.resume_stack(ctx, sid)
        elif action == 'check':
            self.engine.check_stack(ctx, sid)
        else:
            self.engine.cancel_update(ctx, sid, rollback=action == 'cancel_update')
        return Reply(200, None)


class Stack(StackScoped):
    """``/stacks/{stack_name}/{stack_id}``: show, update, patch, delete."""

    children = {'template': StackTemplate, 'environment': StackEnvironment,
                'files': StackFiles, 'preview': StackUpdatePreview, 'abandon': StackAbandon,
                'export': StackExport, 'outputs': StackOutputs, 'actions': StackActions,
                'resources': resources.Resources, 'events': resources.StackEvents}

    def GET(self, req):
        resolve_outputs = p.query_bool(req, 'resolve_outputs', True)
        name, sid = self.ref
        # the hot path: one engine call, the URL checked against its answer
        data = self.engine.show_stack(req.ctx, sid)
        if data.get('id') != sid or data.get('stack_name') != name:
            raise StackNotFound('The Stack (%s) could not be found.' % name)
        if not resolve_outputs:
            data.pop('outputs', None)
        return {'stack': views.stack(req, req.ctx.tenant, data)}

    def _update(self, req, patch: bool) -> Reply:
        body = p.object_body(req)
        args = p.StackData(body, patch=patch).update_args()
        self.engine.update_stack(req.ctx, self.stack_id(req), converge=_converge(body), **args)
        return Reply(202)

    def PUT(self, req):
        return self._update(req, patch=False)

    def PATCH(self, req):
        return self._update(req, patch=True)

    def DELETE(self, req):
        self.engine.delete_stack(req.ctx, self.stack_id(req))
        return Reply(204)


# -- lookups: a name (or id) or an ARN redirects to the stack's own URL ---------------

class SubpathLookup(Stack):
    """``/stacks/{name}/{resources|events|template|actions|environment|files}``:
    GET (and POST for the first four) redirects to that URL of the stack;
    other methods take the segment as a stack id, as Heat's routes do."""

    GET_PATHS = ('resources', 'events', 'template', 'actions', 'environment', 'files')
    POST_PATHS = ('resources', 'events', 'template', 'actions')

    def _redirect(self, req):
        name, segment = self.ref
        row = self.engine.identify(req.ctx, name, include_deleted=True)
        return redirect(req, row['tenant'], row['name'], row['id'], '/' + segment)

    def allowed(self) -> list[str]:
        methods = super().allowed()
        if self.path['stack_id'] not in self.POST_PATHS:
            methods.remove('POST')
        return methods

    def GET(self, req):
        return self._redirect(req)

    def POST(self, req):
        if self.path['stack_id'] not in self.POST_PATHS:
            raise HTTPError(405, 'The method POST is not allowed for this URL.',
                            headers={'Allow': ','.join(self.allowed())})
        return self._redirect(req)


class StackLookup(Node):
    """``/stacks/{stack_name}`` (a name or an id): every method redirects."""

    def child(self, segment):
        cls = SubpathLookup if segment in SubpathLookup.GET_PATHS else Stack
        return cls(self.api, **self.path, stack_id=segment)

    def _redirect(self, req):
        row = self.engine.identify(req.ctx, self.path['stack_name'], include_deleted=True)
        return redirect(req, row['tenant'], row['name'], row['id'])

    GET = POST = PUT = PATCH = DELETE = _redirect


class ArnLookup(Node):
    """``/stacks/arn:openstack:heat::{tenant}:stacks/{name}/{id}[/path]``."""

    ARN_PATH = re.compile(r'stacks/([^/]+)/([^/]+)(/.*)?$')

    def _redirect(self, req):
        arn = self.path['arn']
        fields = arn.split(':', 5)
        found = self.ARN_PATH.match(fields[5]) if len(fields) == 6 else None
        if found is None or fields[1:3] != ['openstack', 'heat']:
            # not a Heat ARN: a stack name after all (and there is none by that name)
            row = self.engine.identify(req.ctx, arn, include_deleted=True)
            return redirect(req, row['tenant'], row['name'], row['id'])
        return redirect(req, unquote(fields[4]), unquote(found.group(1)),
                        unquote(found.group(2)), found.group(3) or '')

    GET = POST = PUT = PATCH = DELETE = _redirect


# -- the collection -----------------------------------------------------------------

class StacksDetail(StackLookup):
    """``GET /stacks/detail``: every stack with all its keys (other methods:
    a stack named "detail")."""

    def GET(self, req):
        return {'stacks': [views.stack(req, req.ctx.tenant, s)
                           for s in self.engine.list_stacks(req.ctx)]}


class StacksPreview(StackLookup):
    """``POST /stacks/preview``: the stack a create would make, making nothing."""

    def POST(self, req):
        data = p.StackData(p.object_body(req))
        result = self.engine.preview_stack(req.ctx, stack_name(data), **data.create_args())
        return {'stack': views.stack(req, req.ctx.tenant, result)}


def stack_name(data: p.StackData) -> str:
    name = data.stack_name()
    if not STACK_NAME.match(name):
        raise HTTPError(400, 'Invalid stack name %s must contain only alphanumeric or "_-." '
                             'characters, must start with alpha and must be 255 characters '
                             'or less.' % name, 'StackValidationFailed')
    return name


class Stacks(Node):
    """``/stacks``: list (GET) and create or adopt (POST)."""

    def resolve(self, segment, rest):
        if segment.startswith('arn:'):
            return ArnLookup(self.api, **self.path, arn='/'.join([segment, *rest])), []
        cls = {'detail': StacksDetail, 'preview': StacksPreview}.get(segment, StackLookup)
        return cls(self.api, **self.path, stack_name=segment), rest

    def list_args(self, req) -> dict:
        """``list_stacks`` arguments from the query (only those given)."""
        ctx = req.ctx
        args = {}
        filters = p.allowed(req.GET, dict.fromkeys(STACK_FILTERS, p.MIXED))
        if filters:
            args['filters'] = filters
        for name in TAG_PARAMS:
            if req.GET.get(name):
                args[name] = p.to_tags(req.GET[name])
        for name in ('show_deleted', 'show_nested'):
            value = p.query_bool(req, name)
            if value is not None:
                args[name] = value
        p.query_bool(req, 'show_hidden')      # checked; hidden stacks are not kept apart yet
        args.update(p.page(req))
        if req.GET.getall('sort_keys'):
            args['sort_keys'] = req.GET.getall('sort_keys')
        if p.sort_dir(req):
            args['sort_dir'] = req.GET['sort_dir']
        if p.query_bool(req, 'global_tenant', False):
            if not ctx.is_admin:
                raise HTTPError(403, 'Only an admin may list the stacks of every project '
                                     '(global_tenant).')
            args['global_tenant'] = True
        return args

    def GET(self, req):
        args = self.list_args(req)
        with_count = p.query_bool(req, 'with_count', False)
        stacks = self.engine.list_stacks(req.ctx, **args)
        ctx = req.ctx
        out = [views.stack(req, ctx.tenant, s, views.STACK_LIST_KEYS,
                           include_project=ctx.is_admin) for s in stacks]
        result = {'stacks': out}
        limit = args.get('limit')
        if limit and len(out) == limit:
            query = [(k, v) for k, v in req.GET.items() if k != 'marker']
            query.append(('marker', out[-1]['id']))
            result['links'] = [{'rel': 'next', 'href': '%s?%s' % (req.path_url,
                                                                 urlencode(query))}]
        if with_count:
            unpaged = {k: v for k, v in args.items() if k not in ('limit', 'marker')}
            result['count'] = len(self.engine.list_stacks(ctx, **unpaged))
        return result

    def POST(self, req):
        data = p.StackData(p.object_body(req))
        name = stack_name(data)
        ident = self.engine.create_stack(req.ctx, name, **data.create_args())
        body = views.stack_link(req, ident.get('tenant') or req.ctx.tenant,
                                ident['stack_name'], ident['stack_id'])
        return Reply(201, body, {'Location': body['stack']['links'][0]['href']})
