"""Reading requests: query parameters and JSON bodies, checked the way
Heat checks them (bad input answers 400 with Heat's messages)."""

from __future__ import annotations

import json

import webob

from heat_api.faults import BadRequest, HTTPError
from heat_api.middleware import too_large

SINGLE, MULTI, MIXED = 'single', 'multi', 'mixed'

MALFORMED = ('The server could not comply with the request since it is either malformed '
             'or otherwise incorrect.')
JSON_TYPES = ('', 'application/json', 'text/plain')


class ApiRequest(webob.Request):
    """The request Pecan hands over: WebOb's (Pecan's own subclass wraps every
    attribute access to turn decoding errors into 400s; the API checks URLs
    before Pecan sees them), plus the caller's context and a JSON body parsed
    once (Pecan parses JSON bodies too, to offer their keys as arguments)."""

    @property
    def ctx(self):
        return self.environ.get('heat.context')

    @property
    def json_body(self):
        parsed = self.environ.get('heat.json')
        if parsed is None:
            try:
                parsed = (json.loads(self.body), None)
            except ValueError as exc:          # UnicodeDecodeError is one too
                parsed = (None, exc)
            self.environ['heat.json'] = parsed
        if parsed[1] is not None:
            raise parsed[1]
        return parsed[0]

    json = json_body


# -- query parameters -----------------------------------------------------------------

def allowed(params, whitelist: dict) -> dict:
    """The entries of ``params`` named in ``whitelist`` (name -> SINGLE: the
    last value, MULTI: every value, MIXED: a value or a list of them);
    empty values are left out."""
    found = {}
    for key, kind in whitelist.items():
        if kind == SINGLE:
            value = params.get(key)
        else:
            value = params.getall(key)
            if kind == MIXED and len(value) == 1:
                value = value[0]
        if value:
            found[key] = value
    return found


def to_bool(name: str, value) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).lower()
    if text not in ('true', 'false'):
        raise BadRequest('Unrecognized value "%s" for "%s", acceptable values are: true, '
                         'false.' % (value, name))
    return text == 'true'


def to_int(name: str, value, allow_zero: bool = True, allow_negative: bool = False) -> int:
    if isinstance(value, bool):
        raise BadRequest("Only integer is acceptable by '%s'." % name)
    try:
        result = int(value)
    except (TypeError, ValueError):
        raise BadRequest("Only integer is acceptable by '%s'." % name) from None
    if isinstance(value, float) and value != result:
        raise BadRequest("Only integer is acceptable by '%s'." % name)
    if result == 0 and not allow_zero:
        raise BadRequest("Only non-zero integer is acceptable by '%s'." % name)
    if result < 0 and not allow_negative:
        raise BadRequest("Value '%s' is invalid for '%s' which only accepts non-negative "
                         "integer." % (value, name))
    return result


def to_tags(value) -> list[str]:
    """Tags as a comma-separated string (python-heatclient) or a list."""
    if isinstance(value, str):
        tags = value.split(',')
    elif isinstance(value, list) and all(isinstance(t, str) for t in value):
        tags = list(value)
    else:
        raise BadRequest('Invalid tags: give a comma-separated string or a list of strings.')
    for tag in tags:
        if len(tag) > 80:
            raise BadRequest('Invalid tag, "%s" is longer than 80 characters' % tag)
    return tags


def query_bool(req, name: str, default=None):
    if not req.environ.get('QUERY_STRING'):
        return default          # (WebOb's parse of no query string costs as much)
    value = req.GET.get(name)
    return default if value is None else to_bool(name, value)


def query_int(req, name: str, default=None, **limits):
    value = req.GET.get(name)
    return default if value is None else to_int(name, value, **limits)


def page(req) -> dict:
    """The query's ``limit`` and ``marker``, as list calls take them (only
    those given)."""
    out = {}
    limit = query_int(req, 'limit')
    if limit is not None:
        out['limit'] = limit
    if req.GET.get('marker'):
        out['marker'] = req.GET['marker']
    return out


def sort_dir(req) -> str | None:
    value = req.GET.get('sort_dir')
    if value is not None and value not in ('asc', 'desc'):
        raise BadRequest('Unknown sort direction, must be one of: asc, desc')
    return value


# -- bodies -----------------------------------------------------------------------

def body(req, required: bool = True):
    """The request's JSON body (an object), or ``{}`` when there is none
    and none is required."""
    content_type = req.content_type or ''
    if not req.body:
        if required:
            raise BadRequest(MALFORMED)
        return {}
    if content_type not in JSON_TYPES:
        if required:
            raise BadRequest(MALFORMED)
        return {}
    from heat_core.config import CONF
    if len(req.body) > CONF.max_json_body_size:
        raise HTTPError(413, too_large(len(req.body), CONF.max_json_body_size),
                        'RequestLimitExceeded')
    try:
        data = req.json_body
    except ValueError as exc:
        raise BadRequest(str(exc)) from None
    return data


def object_body(req, required: bool = True) -> dict:
    data = body(req, required)
    if not isinstance(data, dict):
        raise BadRequest('The request body must be a JSON object.')
    return data


# -- the body of stack create, update and preview -------------------------------------

def _as_text(name: str, value) -> str:
    """A template or environment given inline: text as is, an object as JSON."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return json.dumps(value)
    raise BadRequest('%s not in valid format: expected an object or a string' % name)


def _check_size(text: str) -> str:
    from heat_core.config import CONF
    size = len(text.encode('utf-8'))
    if size > CONF.max_template_size:
        raise HTTPError(400, 'Template size (%d bytes) exceeds maximum allowed size (%d '
                             'bytes).' % (size, CONF.max_template_size),
                        'RequestLimitExceeded')
    return text


def fetch_template(url: str) -> str:
    """The text at ``template_url`` (http or https, at most
    ``max_template_size`` bytes)."""
    from urllib import parse, request

    from heat_core.config import CONF
    if parse.urlparse(url).scheme not in ('http', 'https'):
        raise BadRequest('Could not retrieve template: Invalid URL scheme %s'
                         % parse.urlparse(url).scheme)
    limit = CONF.max_template_size
    try:
        with request.urlopen(url, timeout=30) as resp:
            data = resp.read(limit + 1)
    except (OSError, ValueError) as exc:
        raise BadRequest('Could not retrieve template: %s' % exc) from None
    if len(data) > limit:
        raise BadRequest('Could not retrieve template: Template exceeds maximum allowed size '
                         '(%d bytes)' % limit)
    return data.decode('utf-8', errors='replace')


class StackData:
    """The body of a stack create, update (PUT/PATCH) or preview request,
    turned into engine arguments (only what the request gives)."""

    def __init__(self, body: dict, patch: bool = False):
        self.data = body
        self.patch = patch

    def stack_name(self) -> str:
        name = self.data.get('stack_name')
        if name is None:
            raise BadRequest('No stack name specified')
        if not isinstance(name, str) or not name:
            raise BadRequest('Invalid stack name: expected a string')
        return name

    def adopt_data(self) -> dict | None:
        raw = self.data.get('adopt_stack_data')
        if raw is None:
            return None
        try:
            data = json.loads(raw) if isinstance(raw, str) else raw
            if not isinstance(data, dict) or 'template' not in data:
                raise KeyError('template')
        except (ValueError, KeyError) as exc:
            raise BadRequest('Invalid adopt data: %s' % exc) from None
        return data

    def template(self) -> str | None:
        adopt = self.adopt_data()
        if adopt is not None:
            return _check_size(_as_text('Template', adopt['template']))
        if self.data.get('template') is not None:
            return _check_size(_as_text('Template', self.data['template']))
        if self.data.get('template_url'):
            return _check_size(fetch_template(self.data['template_url']))
        if self.patch:
            return None
        raise BadRequest('No template specified')

    def environments(self) -> list | None:
        """``[(text, name)]``: the ``environment_files`` (their text is in
        ``files``) or else the inline ``environment``."""
        names = self.data.get('environment_files')
        if names:
            if not isinstance(names, list):
                raise BadRequest('environment_files must be a list of file names')
            files = self.files() or {}
            missing = [n for n in names if n not in files]
            if missing:
                raise BadRequest('Environment file(s) %s not found in files' % ', '.join(
                    str(n) for n in missing))
            return [(files[n], n) for n in names]
        env = self.data.get('environment')
        if env is None or env == {} or env == '':
            return None
        return [(_as_text('Environment', env), 'environment')]

    def files(self) -> dict | None:
        files = self.data.get('files')
        if files is None:
            return None
        if not isinstance(files, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in files.items()):
            raise BadRequest('files must be a map of file names to their contents')
        return files

    def parameters(self) -> dict | None:
        params = self.data.get('parameters')
        if params is None:
            return None
        if not isinstance(params, dict):
            raise BadRequest('parameters must be a map of parameter names to values')
        return params

    def _common(self) -> dict:
        args = {'params': self.parameters(), 'files': self.files(),
                'env_texts': self.environments(),
                'template_name': self.data.get('template_url') or None}
        if self.data.get('timeout_mins') is not None:
            args['timeout_mins'] = to_int('timeout_mins', self.data['timeout_mins'])
        if self.data.get('disable_rollback') is not None:
            args['disable_rollback'] = to_bool('disable_rollback',
                                               self.data['disable_rollback'])
        if self.data.get('tags') is not None:
            args['tags'] = to_tags(self.data['tags'])
        return {k: v for k, v in args.items() if v is not None}

    def create_args(self) -> dict:
        """Keyword arguments of ``create_stack``/``preview_stack`` after the
        name."""
        if 'converge' in self.data:
            raise BadRequest('converge flag only supported in stack update (or update '
                             'preview) request.')
        args = {'template': self.template(), **self._common()}
        adopt = self.adopt_data()
        if adopt is not None:
            args['adopt_data'] = adopt
        return args

    def update_args(self) -> dict:
        """Keyword arguments of ``update_stack``/``preview_update`` after
        the stack."""
        args = self._common()
        template = self.template()
        if template is not None:
            args['template'] = template
        if self.patch:
            args['existing'] = True
            clear = self.data.get('clear_parameters')
            if clear is not None:
                if not isinstance(clear, list):
                    raise BadRequest('clear_parameters must be a list of parameter names')
                args['clear_parameters'] = clear
        return args
