"""Reading Query parameters (``Name``, ``List.member.N``,
``List.member.N.Field``) and checking them the way CloudFormation does:
bad input is a ``ValidationError`` naming the parameter."""

from __future__ import annotations

import base64
import binascii
import json
import os
import re

from heat_api.cfn.errors import CfnError, missing, validation

_MEMBER = re.compile(r'^(?P<prefix>.+)\.member\.(?P<n>\d+)(?:\.(?P<field>.+))?$')
STACK_NAME = re.compile(r'^[a-zA-Z][-a-zA-Z0-9]*$')
MAX_STACK_NAME = 128


class Params:
    """The parameters of one request (a plain ``{name: value}``; a name
    given twice keeps its last value, as AWS does)."""

    def __init__(self, values: dict):
        self.values = values

    def get(self, name: str, default=None):
        value = self.values.get(name)
        return default if value is None else value

    def required(self, name: str) -> str:
        value = self.values.get(name)
        if value is None or value == '':
            raise missing(name)
        return value

    def boolean(self, name: str, default: bool | None = None) -> bool | None:
        value = self.values.get(name)
        if value is None or value == '':
            return default
        if value.lower() in ('true', 'false'):
            return value.lower() == 'true'
        raise validation("1 validation error detected: Value '%s' at '%s' failed to satisfy "
                         "constraint: Member must be true or false" % (value[:64], _camel(name)))

    def integer(self, name: str, minimum: int | None = None) -> int | None:
        value = self.values.get(name)
        if value is None or value == '':
            return None
        try:
            number = int(value)
        except ValueError:
            raise validation("1 validation error detected: Value '%s' at '%s' failed to "
                             "satisfy constraint: Member must be an integer"
                             % (value[:64], _camel(name))) from None
        if minimum is not None and number < minimum:
            raise validation("1 validation error detected: Value '%d' at '%s' failed to "
                             "satisfy constraint: Member must have value greater than or "
                             "equal to %d" % (number, _camel(name), minimum))
        return number

    def choice(self, name: str, allowed: tuple) -> str | None:
        value = self.values.get(name)
        if value is None or value == '':
            return None
        if value not in allowed:
            raise validation("1 validation error detected: Value '%s' at '%s' failed to "
                             "satisfy constraint: Member must satisfy enum value set: [%s]"
                             % (value[:64], _camel(name), ', '.join(allowed)))
        return value

    def members(self, prefix: str) -> list:
        """``Prefix.member.1``, ``Prefix.member.2`` ... in order: plain
        values, or dicts of their fields (``Prefix.member.N.Field``)."""
        found: dict = {}
        for key, value in self.values.items():
            m = _MEMBER.match(key)
            if m is None or m.group('prefix') != prefix:
                continue
            n = int(m.group('n'))
            if m.group('field') is None:
                found[n] = value
            else:
                entry = found.setdefault(n, {})
                if isinstance(entry, dict):
                    entry[m.group('field')] = value
        return [found[n] for n in sorted(found)]

    def stack_name(self, name: str = 'StackName') -> str:
        """A stack name, id or ARN naming an existing stack."""
        return self.required(name)


def _camel(name: str) -> str:
    return name[:1].lower() + name[1:]


def new_stack_name(value: str) -> str:
    """The name of a stack to create, checked as AWS checks it."""
    if len(value) > MAX_STACK_NAME or not STACK_NAME.match(value):
        raise validation("1 validation error detected: Value '%s' at 'stackName' failed to "
                         "satisfy constraint: Member must satisfy regular expression pattern: "
                         "[a-zA-Z][-a-zA-Z0-9]*" % value[:MAX_STACK_NAME + 1])
    return value


def stack_parameters(params: Params) -> list[dict]:
    """``Parameters.member.N.{ParameterKey,ParameterValue,UsePreviousValue}``."""
    out = []
    for entry in params.members('Parameters'):
        if not isinstance(entry, dict) or not entry.get('ParameterKey'):
            raise validation('Every member of Parameters needs a ParameterKey.')
        use_previous = (entry.get('UsePreviousValue') or '').lower() == 'true'
        if use_previous and entry.get('ParameterValue') is not None:
            raise validation('Invalid input for parameter key %s. Cannot specify '
                             'usePreviousValue as true and non empty value for a parameter.'
                             % entry['ParameterKey'])
        out.append({'key': entry['ParameterKey'], 'value': entry.get('ParameterValue', ''),
                    'use_previous': use_previous})
    return out


def tags(params: Params) -> list[dict] | None:
    """``Tags.member.N.{Key,Value}`` (None: no Tags given)."""
    entries = params.members('Tags')
    if not entries:
        return None
    if len(entries) > 50:
        raise validation('Number of tags exceeds the limit of 50.')
    out = []
    for entry in entries:
        if not isinstance(entry, dict) or not entry.get('Key'):
            raise validation('Every member of Tags needs a Key.')
        if ',' in entry['Key'] or ',' in entry.get('Value', ''):
            raise validation('Tag keys and values may not contain commas.')
        out.append({'Key': entry['Key'], 'Value': entry.get('Value', '')})
    return out


def heat_tags(cfn_tags: list[dict] | None) -> list[str] | None:
    """CloudFormation tags as Heat's tag strings (``Key=Value``)."""
    if cfn_tags is None:
        return None
    return ['%s=%s' % (t['Key'], t['Value']) for t in cfn_tags]


def cfn_tags(heat_tag_list) -> list[dict]:
    out = []
    for tag in heat_tag_list or ():
        key, _, value = str(tag).partition('=')
        out.append({'Key': key, 'Value': value})
    return out


# -- paging ------------------------------------------------------------------------
def next_token(offset: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({'offset': offset}).encode()).decode()


def token_offset(params: Params) -> int:
    token = params.get('NextToken')
    if not token:
        return 0
    try:
        offset = json.loads(base64.urlsafe_b64decode(token.encode('ascii')))['offset']
    except (ValueError, KeyError, TypeError, binascii.Error, UnicodeError):
        raise validation('Invalid NextToken: %s' % token[:64]) from None
    if not isinstance(offset, int) or offset < 0:
        raise validation('Invalid NextToken: %s' % token[:64])
    return offset


def page(items: list, params: Params, size: int) -> tuple[list, str | None]:
    """One page of ``items`` from the request's NextToken, and the token of
    the next page (None on the last)."""
    start = token_offset(params)
    end = start + size
    return items[start:end], next_token(end) if end < len(items) else None


# -- templates ---------------------------------------------------------------------
def template_text(params: Params, allow_previous: bool = False) -> tuple[str | None, str | None]:
    """``(text, name)`` of the TemplateBody or TemplateURL given; ``(None,
    None)`` when ``allow_previous`` and UsePreviousTemplate is true."""
    body, url = params.get('TemplateBody'), params.get('TemplateURL')
    if allow_previous and params.boolean('UsePreviousTemplate'):
        if body or url:
            raise validation('You cannot specify UsePreviousTemplate together with '
                             'TemplateBody or TemplateURL.')
        return None, None
    if bool(body) == bool(url):
        raise validation('Either Template URL or Template Body must be specified.'
                         if not body else
                         'Specify exactly one of TemplateBody or TemplateURL.')
    if body:
        return body, None
    return fetch_template(url), url


def fetch_template(url: str) -> str:
    """The text at a TemplateURL: ``http(s)://`` or ``file://`` under one of
    ``[heat_api_cfn] template_dirs`` (a server reads no other local file)."""
    from urllib import parse

    from heat_core.config import CONF
    scheme = parse.urlparse(url).scheme
    if scheme == 'file':
        return _read_local(parse.unquote(parse.urlparse(url).path), CONF)
    if scheme in ('http', 'https'):
        from heat_api.faults import HTTPError
        from heat_api.openstack.params import fetch_template as fetch_http
        try:
            return fetch_http(url)
        except HTTPError as exc:
            raise validation('TemplateURL must reference a valid template: %s'
                             % exc.message) from None
    raise validation('TemplateURL must be an http, https or file URL, not %s'
                     % (scheme or url[:64]))


def _read_local(path: str, conf) -> str:
    dirs = [os.path.realpath(d) for d in conf.heat_api_cfn.template_dirs]
    real = os.path.realpath(path)
    if not any(real.startswith(d.rstrip(os.sep) + os.sep) for d in dirs):
        raise validation('TemplateURL %s is not under a directory this server may read '
                         'templates from ([heat_api_cfn] template_dirs).' % path[:200])
    limit = conf.max_template_size
    try:
        with open(real, 'rb') as f:
            data = f.read(limit + 1)
    except OSError as exc:
        raise validation('TemplateURL must reference a valid template: %s'
                         % (exc.strerror or type(exc).__name__)) from None
    if len(data) > limit:
        raise CfnError('ValidationError', 'Template exceeds maximum allowed size (%d bytes)'
                       % limit)
    return data.decode('utf-8', errors='replace')
