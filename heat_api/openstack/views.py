"""Links and the shapes of stacks, resources and events in responses.

The engine answers in Heat's wire format with ``links`` relative to the
API's ``/v1/`` base (``{tenant}/stacks/{name}/{id}...``); the API makes
them absolute on the host the client used (python-heatclient follows them
and reads stack names and ids from them), builds them where the engine
gave none, and keeps only the keys Heat's API shows.
"""

from __future__ import annotations

from urllib.parse import quote

#: the keys of a stack in stack lists (Heat's ``stacks_view.basic_keys``)
STACK_LIST_KEYS = ('id', 'links', 'stack_name', 'description', 'stack_status',
                   'stack_status_reason', 'creation_time', 'deletion_time', 'updated_time',
                   'stack_owner', 'parent', 'stack_user_project_id', 'tags', 'project')
#: the keys of an event in event lists (Heat's ``events.summary_keys``)
EVENT_LIST_KEYS = ('id', 'links', 'event_time', 'resource_name', 'logical_resource_id',
                   'resource_status', 'resource_status_reason', 'physical_resource_id')
#: keys Heat's API does not show
_STACK_HIDDEN = ('tenant', 'stack_action', 'project')
_RESOURCE_HIDDEN = ('stack_name', 'stack_id', 'resource_action', 'nested_stack_id', 'tenant',
                    'metadata')
_EVENT_HIDDEN = ('stack_name', 'stack_id', 'resource_action', 'tenant', 'root_stack_id')


#: (scheme, Host, server name and port, script name) -> base URL; bounded
_BASES: dict = {}
_BASES_MAX = 256
_BASE = 'heat.base_url'


def base(req) -> str:
    """``http://host:port[/script]/v1/``: what links are relative to.

    WebOb's ``application_url`` takes a while to work this out; a server
    sees few distinct answers (the hosts clients use), so they are kept,
    and each request's in its environ."""
    environ = req.environ
    found = environ.get(_BASE)
    if found is not None:
        return found
    key = (environ.get('wsgi.url_scheme'), environ.get('HTTP_HOST'),
           environ.get('SERVER_NAME'), environ.get('SERVER_PORT'),
           environ.get('SCRIPT_NAME'))
    found = _BASES.get(key)
    if found is None:
        found = req.application_url + '/v1/'
        if len(_BASES) >= _BASES_MAX:
            _BASES.clear()
        _BASES[key] = found
    environ[_BASE] = found
    return found


def url(req, *segments) -> str:
    """Absolute URL of ``/v1/<segments...>`` on the host the client used."""
    return base(req) + '/'.join(quote(str(s), '') for s in segments)


def stack_url(req, tenant: str, name: str, stack_id: str, *path) -> str:
    return url(req, tenant, 'stacks', name, stack_id, *path)


def link(href: str, rel: str = 'self') -> dict:
    return {'href': href, 'rel': rel}


def absolute(req, links) -> list:
    """The engine's links, made absolute."""
    prefix = base(req)
    out = []
    for item in links or ():
        href = item.get('href', '')
        if '://' not in href:
            item = dict(item, href=prefix + href.lstrip('/'))
        out.append(item)
    return out


def stack(req, tenant: str, data: dict, keys=None, include_project: bool = False) -> dict:
    """A stack as the engine describes it, with absolute ``links``.  With
    every key wanted (``keys`` None), ``data`` itself is shaped and
    returned: the engine's answer is the caller's own."""
    owner = data.get('project') or tenant
    if keys is None:
        out = data
        for key in _STACK_HIDDEN:
            out.pop(key, None)
    else:
        out = {k: v for k, v in data.items() if k in keys and k not in _STACK_HIDDEN}
    if data.get('links'):
        out['links'] = absolute(req, data['links'])
    elif data.get('id') and data.get('stack_name'):
        out['links'] = [link(stack_url(req, owner, data['stack_name'], data['id']))]
    if include_project:
        out['project'] = owner
    return out


def stack_link(req, tenant: str, name: str, stack_id: str) -> dict:
    """``{"stack": {"id", "links"}}`` for a created stack."""
    return {'stack': {'id': stack_id,
                      'links': [link(stack_url(req, tenant, name, stack_id))]}}


def resource(req, tenant: str, stack: tuple, data: dict) -> dict:
    """A resource with links to itself, its stack (and nested stack).
    ``stack`` is ``(name, id)`` of the stack asked about, for resources
    the engine gave no links."""
    out = {k: v for k, v in data.items() if k not in _RESOURCE_HIDDEN}
    out.setdefault('logical_resource_id', data.get('resource_name'))
    if data.get('links'):
        out['links'] = absolute(req, data['links'])
    else:
        name, sid = data.get('stack_name') or stack[0], data.get('stack_id') or stack[1]
        out['links'] = [link(stack_url(req, tenant, name, sid, 'resources',
                                       data['resource_name'])),
                        link(stack_url(req, tenant, name, sid), 'stack')]
    return out


def event(req, tenant: str, stack: tuple, data: dict, summary: bool = True,
          root: tuple | None = None) -> dict:
    """An event with links to itself, its resource and its stack (and the
    stack asked about as ``root_stack`` when nested events are listed)."""
    if summary:
        out = {k: v for k, v in data.items() if k in EVENT_LIST_KEYS}
    else:
        out = {k: v for k, v in data.items() if k not in _EVENT_HIDDEN}
    if 'resource_name' in data:
        out.setdefault('logical_resource_id', data['resource_name'])
    if data.get('links'):
        out['links'] = absolute(req, data['links'])
        return out
    name, sid = data.get('stack_name') or stack[0], data.get('stack_id') or stack[1]
    res = data.get('resource_name', '')
    links = [link(stack_url(req, tenant, name, sid, 'resources', res, 'events', data['id'])),
             link(stack_url(req, tenant, name, sid, 'resources', res), 'resource'),
             link(stack_url(req, tenant, name, sid), 'stack')]
    if root is not None:
        links.append(link(stack_url(req, tenant, root[0], root[1]), 'root_stack'))
    out['links'] = links
    return out
