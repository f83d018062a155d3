"""AWS::CloudFormation::Stack: a nested stack whose template is at a URL.

``TemplateURL`` names a file supplied with the template (the client puts
local files, ``file://`` URLs included, in the ``files`` map; the engine
never reads its own file system) or an ``http(s)`` URL the engine fetches
when it creates the stack (``template_fetch_timeout`` seconds at most,
``max_template_size`` bytes at most).  ``Parameters`` become the nested
stack's parameters and its outputs are the attributes ``Outputs.<Name>``.
"""

from __future__ import annotations

import os
import socket
import time
import urllib.error
import urllib.parse
import urllib.request

from heat_core.config import CONF
from heat_core.engine.nested import NestedStackResource, select_path, stack_arn, validate_child
from heat_core.resources.runtime import ResourceFailure
from heat_core.resources.schema import INTEGER, MAP, STRING, Schema
from heat_core.template import functions as fn

#: bytes read at once from a server
FETCH_CHUNK = 65536
FETCHED_SCHEMES = ('http', 'https')
OUTPUTS_PREFIX = 'Outputs.'


class CfnStack(NestedStackResource):
    """A nested stack created from the template at ``TemplateURL``, with
    ``Parameters``; its outputs are the attributes ``Outputs.<Name>`` and
    its reference is the nested stack's ARN."""

    properties_schema = {
        'TemplateURL': Schema(STRING, 'The URL of a template that specifies the stack to be '
                              'created as a resource.', required=True, update_allowed=True),
        'TimeoutInMinutes': Schema(INTEGER, 'The length of time, in minutes, to wait for the '
                                   'nested stack creation.', update_allowed=True),
        'Parameters': Schema(MAP, 'The set of parameters passed to this nested stack.',
                             update_allowed=True),
    }

    @classmethod
    def has_attribute(cls, name: str) -> bool:
        return name.startswith(OUTPUTS_PREFIX) or super().has_attribute(name)

    @classmethod
    def validate_definition(cls, definition, ctx) -> None:
        super().validate_definition(definition, ctx)
        props = definition.properties
        if not isinstance(props, dict):
            return
        url = props.get('TemplateURL')
        if isinstance(url, fn.Function):
            url = fn.try_resolve(url, ctx.scope)
        if not isinstance(url, str) or not url:
            return  # computed at run time, or reported by the schema check
        path = definition.key_path('properties')
        found = find_supplied(url, ctx.template)
        if found is not None:
            text, key = found
            validate_child(ctx, definition, text, key, props.get('Parameters'),
                           path + ('Parameters',))
        elif urllib.parse.urlparse(url).scheme.lower() not in FETCHED_SCHEMES:
            ctx.issues.error(path + ('TemplateURL',), not_supplied_message(url))

    # -- run time --------------------------------------------------------------------
    def child_template(self) -> tuple:
        url = self.properties['TemplateURL']
        found = find_supplied(url, self.stack.template)
        if found is not None:
            return found
        if urllib.parse.urlparse(url).scheme.lower() not in FETCHED_SCHEMES:
            raise ResourceFailure(not_supplied_message(url))
        return fetch(url), url

    def child_params(self) -> dict:
        return {k: v for k, v in (self.properties.get('Parameters') or {}).items()
                if v is not None}

    def child_timeout(self, parent_row: dict):
        timeout = self.properties.get('TimeoutInMinutes')
        return timeout if timeout is not None else parent_row.get('timeout')

    def reference(self) -> str:
        row = self.child_row() if self.resource_id else None
        return stack_arn(row) if row is not None else self.name

    def attribute(self, name: str, *path):
        if name == OUTPUTS_PREFIX[:-1] and path:   # Fn::GetAtt splits Outputs.<Name>
            name, path = OUTPUTS_PREFIX + str(path[0]), path[1:]
        if not name.startswith(OUTPUTS_PREFIX):
            return super().attribute(name, *path)
        if self.resource_id is None:
            return None
        key = name[len(OUTPUTS_PREFIX):]
        outputs = self.child_outputs()
        if key not in outputs:
            raise ResourceFailure('The nested stack of %s has no output "%s"' % (self.name, key))
        return select_path(outputs[key], path)


def find_supplied(url: str, template) -> tuple | None:
    """``(text, key)`` of a template supplied in the files, found by the
    URL as written, as a path (relative to the parent template's directory)
    or as a ``file://`` URL; None if it is not there."""
    from heat_core.template import provider
    files = template.files or {}
    doc_name = getattr(getattr(template, 'doc', None), 'name', None)
    bases = [os.path.dirname(doc_name)] if doc_name and '://' not in doc_name else []
    key = provider._find(files, url, bases)
    return (files[key], key) if key is not None else None


def not_supplied_message(url: str) -> str:
    return ('TemplateURL "%s" was not supplied: it is not among the files given with the '
            'template (templates the engine fetches must be http or https URLs)' % url)


def fetch(url: str) -> str:
    """The template at an http(s) URL (ResourceFailure when that fails):
    at most ``max_template_size`` bytes, the whole answer within
    ``template_fetch_timeout`` seconds (checked between reads, each of
    which may wait that long: a server trickling bytes in fails too)."""
    timeout = CONF.template_fetch_timeout
    limit = CONF.max_template_size
    deadline = time.monotonic() + timeout

    def failure(why) -> ResourceFailure:
        return ResourceFailure('Could not fetch the template at "%s": %s' % (url, why))

    chunks, size = [], 0
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            while size <= limit:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError
                chunk = response.read1(min(FETCH_CHUNK, limit + 1 - size))
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
    except urllib.error.HTTPError as exc:
        raise failure('HTTP %s %s' % (exc.code, exc.reason)) from None
    except (TimeoutError, socket.timeout):
        raise failure('no answer within %d s (template_fetch_timeout)' % timeout) from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, 'reason', None) or exc
        if isinstance(reason, (TimeoutError, socket.timeout)):
            raise failure('no answer within %d s (template_fetch_timeout)' % timeout) from None
        raise failure(reason) from None
    if size > limit:
        raise ResourceFailure('The template at "%s" is larger than the maximum allowed size '
                              '(%d bytes, max_template_size)' % (url, limit))
    try:
        return b''.join(chunks).decode('utf-8')
    except UnicodeDecodeError:
        raise ResourceFailure('The template at "%s" is not UTF-8 text' % url) from None
