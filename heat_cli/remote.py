"""Remote mode: Heat's REST API v1 (``/v1/{tenant_id}/stacks/...``).

The endpoint is ``--os-heat-url`` (``OS_HEAT_URL``), the whole
``http://host:8004/v1/<tenant_id>`` URL, with the token of
``--os-auth-token`` (``OS_AUTH_TOKEN``).  With ``--os-cloud`` or
``--os-auth-url`` (and the usual ``OS_*`` credentials) the token and the
orchestration endpoint come from Keystone through ``keystoneauth1`` /
``openstacksdk`` when they are installed.

Only the standard library is used for HTTP (``urllib``), which keeps the
start-up of ``heat stack list`` short.
"""

from __future__ import annotations

import json
import time
from urllib import error as urlerror
from urllib import parse, request

from heat_cli import CommandError
from heat_cli.client import ApiError, Client

USER_AGENT = 'heat-cli'


def from_options(options) -> 'RemoteClient':
    url = options.os_heat_url
    token = options.os_auth_token
    if not url or not token:
        url, token = _keystone(options, url, token)
    if not url:
        raise CommandError('Remote mode needs the orchestration endpoint: give --os-heat-url '
                           '(OS_HEAT_URL) or credentials with an orchestration endpoint')
    return RemoteClient(url, token)


def _keystone(options, url, token):
    """The endpoint and token from clouds.yaml (``--os-cloud``) or the
    ``--os-auth-url`` credentials (Keystone v3 through keystoneauth1,
    imported only here).  Keystone's refusals and unreachable servers are
    one-line command errors; the password is never part of them."""
    if options.os_cloud:
        try:
            import openstack.config
            from keystoneauth1 import exceptions as ks_exc
            from openstack import exceptions as sdk_exc
        except ImportError:
            raise CommandError('--os-cloud needs openstacksdk (pip install openstacksdk), '
                               'or give --os-heat-url and --os-auth-token') from None
        try:
            cloud = openstack.config.OpenStackConfig().get_one(
                options.os_cloud, region_name=options.os_region_name or None)
            session = cloud.get_session()
            url = url or cloud.get_session_endpoint('orchestration')
            return url, token or session.get_token()
        except (ks_exc.ClientException, sdk_exc.SDKException) as exc:
            raise CommandError('Cloud %s: %s' % (options.os_cloud, _first_line(exc))) from None
    try:
        from keystoneauth1 import exceptions as ks_exc
        from keystoneauth1 import loading
        from keystoneauth1 import session as ks_session
    except ImportError:
        raise CommandError('--os-auth-url needs keystoneauth1 (pip install keystoneauth1), or '
                           'give --os-heat-url and --os-auth-token') from None
    auth_options = {'auth_url': options.os_auth_url}
    if token:
        loader = loading.get_plugin_loader('token')
        auth_options['token'] = token
    else:
        loader = loading.get_plugin_loader('password')
        auth_options.update(username=options.os_username, password=options.os_password,
                            user_domain_name=options.os_user_domain_name)
    auth_options.update(project_name=options.os_project_name,
                        project_id=options.os_project_id,
                        project_domain_name=options.os_project_domain_name)
    if not (options.os_user_domain_name or options.os_project_domain_name):
        auth_options['default_domain_id'] = 'default'    # as openstackclient
    try:
        auth = loader.load_from_options(**{k: v for k, v in auth_options.items() if v})
        session = ks_session.Session(auth=auth, user_agent=USER_AGENT)
        url = url or session.get_endpoint(service_type='orchestration', interface='public',
                                          region_name=options.os_region_name or None)
        return url, token or session.get_token()
    except ks_exc.ClientException as exc:
        raise CommandError('Keystone at %s: %s' % (options.os_auth_url, _first_line(exc))
                           ) from None


def _first_line(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]


class RemoteClient(Client):
    """The client contract over Heat's REST API (the routes and bodies of
    Heat's API reference)."""

    poll_interval = 2.0

    def __init__(self, url: str, token: str | None = None, timeout: float = 60):
        self.url = url.rstrip('/')
        self.token = token
        self.timeout = timeout
        self._paths: dict[str, str] = {}

    # -- HTTP -------------------------------------------------------------------
    def _request(self, method: str, path: str, body=None, query=None):
        url = self.url + path
        if query:
            url += '?' + parse.urlencode(
                [(k, v) for k, v in _query_items(query)], doseq=True)
        headers = {'Accept': 'application/json', 'User-Agent': USER_AGENT}
        if self.token:
            headers['X-Auth-Token'] = self.token
        data = None
        if body is not None:
            data = json.dumps(body).encode('utf-8')
            headers['Content-Type'] = 'application/json'
        req = request.Request(url, data=data, headers=headers, method=method)
        try:
            with request.urlopen(req, timeout=self.timeout) as resp:
                raw = resp.read()
        except urlerror.HTTPError as exc:
            raise _http_error(exc) from None
        except urlerror.URLError as exc:
            raise CommandError('Could not reach %s: %s' % (self.url, exc.reason)) from None
        if not raw:
            return None
        try:
            return json.loads(raw)
        except ValueError:
            return raw.decode('utf-8', errors='replace')

    def _stack_path(self, name_or_id: str) -> str:
        """``/stacks/{name}/{id}`` (Heat redirects a lookup by name or id)."""
        path = self._paths.get(name_or_id)
        if path is None:
            stack = self._request('GET', '/stacks/%s' % _q(name_or_id))['stack']
            path = '/stacks/%s/%s' % (_q(stack['stack_name']), _q(stack['id']))
            self._paths[name_or_id] = path
        return path

    # -- stacks -------------------------------------------------------------------
    def _stack_body(self, template, params, files, env_texts, template_name, timeout_mins,
                    disable_rollback, tags, **extra) -> dict:
        files = dict(files or {})
        env_names = []
        for text, name in env_texts or []:
            files[name] = text
            env_names.append(name)
        body = {'parameters': params or {}, 'files': files, 'environment': {}}
        if template is not None:
            body['template'] = template
        if env_names:
            body['environment_files'] = env_names
        if timeout_mins is not None:
            body['timeout_mins'] = timeout_mins
        if disable_rollback is not None:
            body['disable_rollback'] = disable_rollback
        if tags is not None:
            body['tags'] = ','.join(tags)
        body.update({k: v for k, v in extra.items() if v is not None})
        return body

    def create_stack(self, stack_name, template, params=None, files=None, env_texts=None,
                     template_name=None, timeout_mins=None, disable_rollback=None,
                     tags=None, wait=False, adopt_data=None) -> dict:
        body = self._stack_body(template, params, files, env_texts, template_name,
                                timeout_mins, disable_rollback, tags, stack_name=stack_name)
        if adopt_data is not None:
            body['adopt_stack_data'] = json.dumps(adopt_data)
        stack = self._request('POST', '/stacks', body)['stack']
        if wait:
            self._wait(stack['id'], 'ADOPT' if adopt_data is not None else 'CREATE',
                       rollback=not disable_rollback)
        return {'stack_name': stack_name, 'stack_id': stack['id'], 'tenant': None,
                'path': ''}

    def preview_stack(self, stack_name, template, params=None, files=None, env_texts=None,
                      template_name=None, timeout_mins=None, disable_rollback=None,
                      tags=None) -> dict:
        body = self._stack_body(template, params, files, env_texts, template_name,
                                timeout_mins, disable_rollback, tags, stack_name=stack_name)
        return self._request('POST', '/stacks/preview', body)['stack']

    def update_stack(self, name_or_id, template=None, params=None, files=None, env_texts=None,
                     template_name=None, existing=False, clear_parameters=None,
                     timeout_mins=None, disable_rollback=None, tags=None, wait=False,
                     converge=None):
        path = self._stack_path(name_or_id)
        body = self._stack_body(template, params, files, env_texts, template_name,
                                timeout_mins, disable_rollback, tags,
                                clear_parameters=list(clear_parameters or []) or None,
                                converge=converge or None)
        self._request('PATCH' if existing else 'PUT', path, body)
        if wait:
            self._wait(path.rsplit('/', 1)[1], 'UPDATE', rollback=disable_rollback is False)

    def preview_update(self, name_or_id, template=None, params=None, files=None,
                       env_texts=None, template_name=None, existing=False,
                       clear_parameters=None, timeout_mins=None, disable_rollback=None,
                       tags=None, converge=None, show_nested=None) -> dict:
        path = self._stack_path(name_or_id)
        body = self._stack_body(template, params, files, env_texts, template_name,
                                timeout_mins, disable_rollback, tags,
                                clear_parameters=list(clear_parameters or []) or None,
                                converge=converge or None)
        # as heatclient's preview_update: show_nested in the query string
        query = '?show_nested=True' if show_nested else ''
        return self._request('PATCH' if existing else 'PUT', path + '/preview' + query,
                             body)['resource_changes']

    def delete_stack(self, name_or_id, wait=False) -> None:
        path = self._stack_path(name_or_id)
        self._request('DELETE', path)
        if wait:
            self._wait(path.rsplit('/', 1)[1], 'DELETE')

    def abandon_stack(self, name_or_id) -> dict:
        return self._request('DELETE', self._stack_path(name_or_id) + '/abandon')

    def export_stack(self, name_or_id) -> dict:
        return self._request('GET', self._stack_path(name_or_id) + '/export')

    def _action(self, name_or_id, body, action, wait):
        path = self._stack_path(name_or_id)
        self._request('POST', path + '/actions', body)
        if wait:
            self._wait(path.rsplit('/', 1)[1], action)

    def suspend_stack(self, name_or_id, wait=False) -> None:
        self._action(name_or_id, {'suspend': None}, 'SUSPEND', wait)

    def resume_stack(self, name_or_id, wait=False) -> None:
        self._action(name_or_id, {'resume': None}, 'RESUME', wait)

    def check_stack(self, name_or_id, wait=False) -> None:
        self._action(name_or_id, {'check': None}, 'CHECK', wait)

    def cancel_update(self, name_or_id, rollback=True) -> None:
        body = {'cancel_update': None} if rollback else {'cancel_without_rollback': None}
        self._action(name_or_id, body, None, False)

    def show_stack(self, name_or_id) -> dict:
        return self._request('GET', self._stack_path(name_or_id))['stack']

    def list_stacks(self, filters=None, tags=None, tags_any=None, not_tags=None,
                    not_tags_any=None, sort_keys=None, sort_dir=None, limit=None, marker=None,
                    show_nested=None, show_deleted=None, global_tenant=None) -> list:
        query = dict(filters or {})
        query.update(tags=_csv(tags), tags_any=_csv(tags_any), not_tags=_csv(not_tags),
                     not_tags_any=_csv(not_tags_any), sort_keys=sort_keys, sort_dir=sort_dir,
                     limit=limit, marker=marker, show_nested=show_nested,
                     show_deleted=show_deleted, global_tenant=global_tenant)
        return self._request('GET', '/stacks', query=query)['stacks']

    def get_template(self, name_or_id) -> dict:
        return self._request('GET', self._stack_path(name_or_id) + '/template')

    def get_environment(self, name_or_id) -> dict:
        return self._request('GET', self._stack_path(name_or_id) + '/environment')

    def get_files(self, name_or_id) -> dict:
        return self._request('GET', self._stack_path(name_or_id) + '/files')

    def list_outputs(self, name_or_id) -> list:
        return self._request('GET', self._stack_path(name_or_id) + '/outputs')['outputs']

    def show_output(self, name_or_id, key) -> dict:
        return self._request('GET', '%s/outputs/%s' % (self._stack_path(name_or_id),
                                                       _q(key)))['output']

    # -- resources and events ---------------------------------------------------------
    def _resource_path(self, name_or_id, resource_name) -> str:
        return '%s/resources/%s' % (self._stack_path(name_or_id), _q(resource_name))

    def list_resources(self, name_or_id, nested_depth=None, with_detail=None,
                       filters=None) -> list:
        query = dict(filters or {})
        query.update(nested_depth=nested_depth, with_detail=with_detail)
        return self._request('GET', self._stack_path(name_or_id) + '/resources',
                             query=query)['resources']

    def show_resource(self, name_or_id, resource_name, with_attr=None) -> dict:
        return self._request('GET', self._resource_path(name_or_id, resource_name),
                             query={'with_attr': with_attr})['resource']

    def resource_metadata(self, name_or_id, resource_name) -> dict:
        return self._request('GET', self._resource_path(name_or_id, resource_name)
                             + '/metadata')['metadata']

    def signal_resource(self, name_or_id, resource_name, details=None) -> None:
        self._request('POST', self._resource_path(name_or_id, resource_name) + '/signal',
                      details if details is not None else {})

    def mark_unhealthy(self, name_or_id, resource_name, unhealthy=True, reason='') -> None:
        self._request('PATCH', self._resource_path(name_or_id, resource_name),
                      {'mark_unhealthy': unhealthy, 'resource_status_reason': reason or ''})

    def list_events(self, name_or_id, resource_name=None, marker=None, limit=None,
                    sort_dir=None, nested_depth=None, filters=None) -> list:
        path = (self._resource_path(name_or_id, resource_name) if resource_name
                else self._stack_path(name_or_id)) + '/events'
        query = dict(filters or {})
        query.update(marker=marker, limit=limit, sort_dir=sort_dir, nested_depth=nested_depth)
        return self._request('GET', path, query=query)['events']

    def show_event(self, name_or_id, resource_name, event_id) -> dict:
        return self._request('GET', '%s/events/%s' % (
            self._resource_path(name_or_id, resource_name), _q(event_id)))['event']

    # -- waiting ----------------------------------------------------------------------
    def _wait(self, stack_id: str, action: str | None, rollback: bool = False) -> None:
        """Poll the stack until ``action`` (or the rollback that follows its
        failure) has ended.  A deleted stack may vanish: that ends a delete."""
        grace = 3       # polls a failed action gets to start its rollback
        while True:
            try:
                stack = self._request('GET', '/stacks/%s' % _q(stack_id))['stack']
            except ApiError as exc:
                if exc.not_found and action == 'DELETE':
                    return
                raise
            status = stack['stack_status']
            act, _, state = status.rpartition('_')
            if state != 'IN_PROGRESS' and (action is None or act in (action, 'ROLLBACK')):
                if not (state == 'FAILED' and act == action and rollback and grace > 0):
                    return
                grace -= 1
            time.sleep(self.poll_interval)


def _q(part: str) -> str:
    return parse.quote(str(part), safe='')


def _csv(value):
    if value is None:
        return None
    return value if isinstance(value, str) else ','.join(value)


def _query_items(query: dict):
    for key, value in query.items():
        if value is None:
            continue
        if isinstance(value, bool):
            value = 'true' if value else 'false'
        yield key, value


def _http_error(exc) -> ApiError:
    """Heat's error body: ``{"code": 404, "error": {"type": ..., "message": ...}, ...}``."""
    try:
        body = json.loads(exc.read() or b'{}')
    except ValueError:
        body = {}
    err = body.get('error') if isinstance(body, dict) else None
    if isinstance(err, dict):
        message = err.get('message') or body.get('explanation') or str(exc.reason)
        code = err.get('type') or 'HeatError'
    else:
        message = (body.get('explanation') if isinstance(body, dict) else None) \
            or '%s %s' % (exc.code, exc.reason)
        code = 'HeatError'
    return ApiError(message, code, exc.code)
