"""Heat's REST wire format: the dicts the engine service returns.

The shapes follow OpenStack Heat's API reference (``GET /v1/{tenant}/stacks/...``
bodies, without the ``{"stack": ...}`` envelope).  ``links`` carry Heat's
identity path (``{tenant}/stacks/{name}/{id}[/resources/{name}[/events/{id}]]``);
an HTTP API makes them absolute by joining its ``.../v1/`` base URL in front.

NoEcho parameter values never leave the engine through these dicts:
:class:`Secrets` masks them wherever they turn up (outputs, attributes,
properties, status reasons) as ``******``.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import quote

from heat_core.engine import status as st
from heat_core.errors import Issues
from heat_core.template.parameters import MASK
from heat_core.template.source import Document

#: a stack status reason the engine writes itself (no user data in it)
_FIXED_REASON = re.compile(r'^Stack \w+ (started|completed successfully)$')
#: secrets shorter than this are only masked where they are a whole value
MIN_SUBSTRING_SECRET = 3
#: the fields of wire dicts that may carry user values (and so secrets)
VALUE_FIELDS = frozenset((
    'stack_status_reason', 'resource_status_reason', 'output_value', 'output_error',
    'attributes', 'properties', 'resource_properties', 'metadata'))


def iso(value) -> str | None:
    """Heat's timestamp format (UTC, second precision)."""
    if not value:
        return None
    if value.tzinfo is None and value.year >= 1000:
        return value.isoformat('T', 'seconds') + 'Z'     # the same text, 4x faster
    return value.strftime('%Y-%m-%dT%H:%M:%SZ')


# -- identities and links ------------------------------------------------------
def identity(row: dict, path: str = '') -> dict:
    """A stack identity (Heat's ``HeatIdentifier`` as a dict)."""
    return {'stack_name': row['name'], 'stack_id': row['id'], 'tenant': row['tenant'],
            'path': path}


#: text that ``quote(text, safe='')`` leaves as it is (ids, most names)
_URL_SAFE = re.compile(r'[A-Za-z0-9_.~-]*')


def segment(text: str) -> str:
    """``text`` quoted as one URL path segment."""
    return text if _URL_SAFE.fullmatch(text) else quote(text, safe='')


def stack_path(row: dict) -> str:
    """``{tenant}/stacks/{name}/{id}``: where the stack is, under ``/v1/``."""
    return '%s/stacks/%s/%s' % (segment(row['tenant']), segment(row['name']), row['id'])


def resource_path(row: dict, resource_name: str) -> str:
    """``{stack path}/resources/{name}``."""
    return '%s/resources/%s' % (stack_path(row), segment(resource_name))


def link(href: str, rel: str = 'self') -> dict:
    """One of Heat's ``links`` entries."""
    return {'href': href, 'rel': rel}


# -- stacks --------------------------------------------------------------------
def stack_summary(row: dict, secrets: 'Secrets | None' = None,
                  include_project: bool = False) -> dict:
    """A stack as the stack list shows it."""
    reason = row['status_reason'] or ''
    if secrets is not None:
        reason = secrets.scrub(reason)
    out = {
        'id': row['id'], 'links': [link(stack_path(row))],
        'stack_name': row['name'], 'description': '',
        'stack_status': st.word(row['action'], row['status']),
        'stack_status_reason': reason,
        'creation_time': iso(row['created_at']), 'updated_time': updated_time(row),
        'deletion_time': iso(row['deleted_at']),
        'stack_owner': row['username'], 'parent': row['owner_id'],
        'stack_user_project_id': row['tenant'], 'tags': row['tags'] or None,
    }
    if include_project:
        out['project'] = row['tenant']
    return out


def updated_time(row: dict) -> str | None:
    """When the stack was last updated: null until its first update, as in
    Heat (which sets it only when an update starts) and AWS (LastUpdatedTime
    "only returned if the stack has been updated at least once").  An update
    keeps the template it replaced in ``prev_raw_template_id``, so a stack
    without one has only ever been created (then perhaps checked, suspended,
    resumed or deleted: not updates)."""
    if row.get('prev_raw_template_id') is None:
        return None
    return iso(row['updated_at'])


def reason_needs_scrub(reason: str) -> bool:
    """Whether a stack status reason may quote user data."""
    return bool(reason) and not _FIXED_REASON.match(reason)


def shown_parameters(tmpl, row: dict, values: dict) -> dict:
    """The ``parameters`` of a stack: pseudo parameters of the template's
    format, then every parameter with a value, as strings (NoEcho masked)."""
    stack_id = row['id'] if row.get('id') else 'None'
    if getattr(tmpl, 'dialect', 'hot') == 'cfn':
        from heat_core.config import CONF
        shown = {'AWS::StackName': row['name'],
                 'AWS::StackId': 'arn:openstack:heat::%s:stacks/%s/%s' % (
                     row['tenant'], row['name'], stack_id),
                 'AWS::Region': CONF.region_name_for_services}
    else:
        shown = {'OS::stack_name': row['name'], 'OS::stack_id': stack_id,
                 'OS::project_id': row['tenant']}
    if tmpl is None:
        return shown
    for name, p in tmpl.parameters.items():
        if p.pseudo or name not in values:
            continue
        shown[name] = MASK if p.no_echo else text_of(values[name])
    return shown


def text_of(value: Any) -> str:
    """A parameter value as Heat shows it (lists comma-joined, maps JSON)."""
    if isinstance(value, list):
        return ','.join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value)
    return str(value)


def output(key: str, entry: dict, with_value: bool = True) -> dict:
    """One output (``{output_key, output_value, description[, output_error]}``)."""
    out = {'output_key': key, 'description': entry.get('description') or
           'No description given'}
    if with_value:
        out['output_value'] = entry.get('value')
        if entry.get('error') is not None:
            out['output_error'] = entry['error']
    return out


# -- resources -------------------------------------------------------------------
def resource(stack_row: dict, r: dict, required_by: list | None = None,
             nested_row: dict | None = None, parent_resource: str | None = None) -> dict:
    """A resource as the resource list shows it (``r`` is its row;
    ``nested_row`` the stack it owns, if any)."""
    links = [link(resource_path(stack_row, r['name'])), link(stack_path(stack_row), 'stack')]
    if nested_row is not None:
        links.append(link(stack_path(nested_row), 'nested'))
    out = {
        'resource_name': r['name'], 'logical_resource_id': r['name'],
        'physical_resource_id': r['physical_resource_id'] or '',
        'resource_type': r['type'],
        'resource_status': st.word(r['action'], r['status']),
        'resource_status_reason': r['status_reason'] or '',
        'creation_time': iso(r['created_at']),
        'updated_time': iso(r['updated_at'] or r['created_at']),
        'required_by': list(required_by or []), 'links': links,
    }
    if parent_resource:
        out['parent_resource'] = parent_resource
    return out


# -- events ----------------------------------------------------------------------
def event(stack_row: dict, e: dict, detail: bool = False,
          root_row: dict | None = None) -> dict:
    """An event as the event list (or, with ``detail``, event show) gives it."""
    res_path = resource_path(stack_row, e['resource_name'])
    links = [link('%s/events/%s' % (res_path, e['uuid'])), link(res_path, 'resource'),
             link(stack_path(stack_row), 'stack')]
    if root_row is not None:
        links.append(link(stack_path(root_row), 'root_stack'))
    out = {
        'id': e['uuid'], 'links': links, 'event_time': iso(e['created_at']),
        'resource_name': e['resource_name'], 'logical_resource_id': e['resource_name'],
        'physical_resource_id': e['physical_resource_id'],
        'resource_status': st.word(e['action'], e['status']),
        'resource_status_reason': e['reason'] or '',
    }
    if detail:
        out['resource_type'] = e['resource_type']
        out['resource_properties'] = e['properties'] or {}
    return out


# -- environments ------------------------------------------------------------------
def user_environment(env_texts: list, params: dict | None = None,
                     encrypted_names: bool = False) -> dict:
    """The user's environment files merged, as Heat returns it: given
    parameter values (the ``parameters`` of the create call) override the
    files' ``parameters``.  ``encrypted_names`` adds ``encrypted_param_names``
    (environment show has it; abandon data does not)."""
    out = {'parameters': {}, 'parameter_defaults': {}, 'resource_registry': {'resources': {}},
           'event_sinks': []}
    encrypted: list = []
    for text, name in env_texts or []:
        data = Document.parse(text, name, Issues()).data
        if not isinstance(data, dict):
            continue
        for section in ('parameters', 'parameter_defaults'):
            if isinstance(data.get(section), dict):
                out[section].update(data[section])
        if isinstance(data.get('event_sinks'), list):
            out['event_sinks'].extend(data['event_sinks'])
        if isinstance(data.get('encrypted_param_names'), list):
            encrypted.extend(data['encrypted_param_names'])
        registry = data.get('resource_registry')
        if isinstance(registry, dict):
            for key, value in registry.items():
                if key == 'resources' and isinstance(value, dict):
                    for res_name, entries in value.items():
                        merged = out['resource_registry']['resources'].setdefault(res_name, {})
                        if isinstance(entries, dict):
                            merged.update(entries)
                else:
                    out['resource_registry'][key] = value
    out['parameters'].update(params or {})
    if encrypted_names:
        out['encrypted_param_names'] = encrypted
    return out


# -- secrets -----------------------------------------------------------------------
class Secrets:
    """The values of a stack's NoEcho parameters, and masking of them.

    A value is masked wherever it appears as a whole value (string or
    number) and, when at least :data:`MIN_SUBSTRING_SECRET` characters
    long, inside text (a status reason quoting it)."""

    def __init__(self, values=()):
        self.values = {v for v in values if v not in (None, '')}
        self._inner = sorted((v for v in self.values if len(v) >= MIN_SUBSTRING_SECRET),
                             key=len, reverse=True)

    @classmethod
    def of(cls, tmpl, typed: dict, given: dict | None = None) -> 'Secrets':
        """The secrets of a template's NoEcho parameters: typed values and
        the raw text they were given as."""
        found = []
        if tmpl is None:
            return cls()
        for name, p in tmpl.parameters.items():
            if not p.no_echo:
                continue
            for value in (typed.get(name), (given or {}).get(name)):
                if value is None:
                    continue
                found.append(text_of(value))
                if isinstance(value, list):
                    found.extend(str(v) for v in value)
        return cls(found)

    def __bool__(self) -> bool:
        return bool(self.values)

    def scrub_fields(self, item: dict) -> dict:
        """``item`` (a wire dict) with secrets masked in its value-bearing
        fields; names, ids, links and times are left as they are."""
        if not self.values:
            return item
        return {k: self.scrub(v) if k in VALUE_FIELDS else v for k, v in item.items()}

    def scrub(self, value: Any) -> Any:
        """``value`` (any JSON-like data) with every secret masked."""
        if not self.values:
            return value
        if isinstance(value, str):
            if value in self.values:
                return MASK
            for secret in self._inner:
                if secret in value:
                    value = value.replace(secret, MASK)
            return value
        if isinstance(value, bool) or value is None:
            return value
        if isinstance(value, (int, float)):
            return MASK if str(value) in self.values else value
        if isinstance(value, dict):
            return {k: self.scrub(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [self.scrub(v) for v in value]
        return value
