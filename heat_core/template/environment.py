"""Environments: parameters, parameter_defaults and the resource registry.

An environment file looks like Heat's::

    parameters: {KeyName: heat_key}
    parameter_defaults: {InstanceType: m1.small}
    resource_registry:
      "My::Server": "AWS::EC2::Instance"      # alias
      "My::Web": web.yaml                     # provider template
      "OS::Quantum*": "OS::Neutron*"          # wildcard alias
      "AWS::IAM::*": null                     # remove the types
      resources:
        WebServer: {"AWS::EC2::Instance": "My::Server"}   # one resource only

Environments merge in order: the built-in default, the global directory
(``environment_dir``), then each ``-e`` file; later entries win.
"""

from __future__ import annotations

import fnmatch
import glob
import os
from dataclasses import dataclass, field
from importlib import resources as pkg_resources

from heat_core.errors import Issues, did_you_mean
from heat_core.template.source import Document

SECTIONS = ('parameters', 'parameter_defaults', 'resource_registry', 'event_sinks',
            'encrypted_param_names', 'parameter_merge_strategies')

REMOVED = object()


@dataclass
class Mapping:
    """One resource_registry entry."""
    pattern: str
    target: object                 # type name, template path, or REMOVED
    source: object = None          # Document it came from
    path: tuple = ()
    resource: str | None = None    # only for this resource name

    @property
    def is_template(self) -> bool:
        return isinstance(self.target, str) and (
            self.target.endswith(('.yaml', '.yml', '.template', '.json'))
            or '://' in self.target or self.target.startswith('/'))

    def matches(self, type_name: str) -> bool:
        if self.pattern.endswith('*'):
            return type_name.startswith(self.pattern[:-1])
        return self.pattern == type_name

    def apply(self, type_name: str):
        if self.target is REMOVED or not isinstance(self.target, str):
            return self.target
        if self.pattern.endswith('*') and self.target.endswith('*'):
            return self.target[:-1] + type_name[len(self.pattern) - 1:]
        return self.target


@dataclass
class Environment:
    parameters: dict = field(default_factory=dict)
    parameter_defaults: dict = field(default_factory=dict)
    mappings: list = field(default_factory=list)
    # where each parameter value came from: name -> (Document, path)
    origins: dict = field(default_factory=dict)
    files_base: dict = field(default_factory=dict)
    raw: list = field(default_factory=list)
    hooks: dict = field(default_factory=dict)

    def merge_document(self, doc: Document, issues: Issues) -> None:
        """Merge one parsed environment file into this environment."""
        data = doc.data
        if data is None:
            return
        if not isinstance(data, dict):
            issues.error((), 'An environment must be a map', doc)
            return
        self.raw.append(data)
        for key in data:
            if key not in SECTIONS:
                issues.error((key,), 'Unknown section "%s" in environment%s'
                             % (key, did_you_mean(key, SECTIONS)), doc)
        for section in ('parameters', 'parameter_defaults'):
            values = data.get(section)
            if values is None:
                continue
            if not isinstance(values, dict):
                issues.error((section,), '"%s" must be a map' % section, doc)
                continue
            target = getattr(self, section)
            for name, value in values.items():
                target[name] = value
                self.origins[(section, name)] = (doc, (section, name))
        registry = data.get('resource_registry')
        if registry is not None:
            self._merge_registry(registry, doc, issues)

    def _merge_registry(self, registry, doc, issues):
        if not isinstance(registry, dict):
            issues.error(('resource_registry',), '"resource_registry" must be a map', doc)
            return
        base = os.path.dirname(doc.name) if doc.name else ''
        for pattern, target in registry.items():
            path = ('resource_registry', pattern)
            if pattern == 'resources':
                if not isinstance(target, dict):
                    issues.error(path, '"resources" must be a map of resource names', doc)
                    continue
                for res_name, entries in target.items():
                    if not isinstance(entries, dict):
                        issues.error(path + (res_name,), 'must be a map', doc)
                        continue
                    for type_pattern, type_target in entries.items():
                        if type_pattern == 'hooks':
                            self.hooks[res_name] = type_target
                            continue
                        self._add(type_pattern, type_target, doc, path + (res_name, type_pattern),
                                  issues, base, resource=res_name)
                continue
            if pattern == 'base_url':
                continue
            self._add(pattern, target, doc, path, issues, base)

    def _add(self, pattern, target, doc, path, issues, base, resource=None):
        if target is None:
            target = REMOVED
        elif not isinstance(target, str):
            issues.error(path, 'A resource_registry entry must map to a type name, a '
                         'template file or null', doc)
            return
        if '*' in pattern[:-1]:
            issues.error(path, 'A wildcard is only allowed at the end of "%s"' % pattern, doc)
            return
        m = Mapping(pattern, target, doc, path, resource)
        if m.is_template and not ('://' in target or target.startswith('/')):
            self.files_base[target] = base
        self.mappings.append(m)

    def registry_mapping(self, type_name: str, resource_name: str | None = None):
        """The last matching registry entry (resource-specific ones first)."""
        if resource_name is not None:
            for m in reversed(self.mappings):
                if m.resource == resource_name and m.matches(type_name):
                    return m
        for m in reversed(self.mappings):
            if m.resource is None and m.matches(type_name):
                return m
        return None

    def user_parameters(self) -> dict:
        return dict(self.parameters)


def default_environment(issues: Issues | None = None, environment_dir: str | None = None
                        ) -> Environment:
    """The built-in environment plus the global environment directory."""
    issues = issues if issues is not None else Issues()
    env = Environment()
    data_dir = pkg_resources.files('heat_core') / 'data' / 'environment.d'
    for entry in sorted(data_dir.iterdir(), key=lambda p: p.name):
        if entry.name.endswith(('.yaml', '.yml', '.json')):
            env.merge_document(Document.parse(entry.read_text(), entry.name, issues), issues)
    if environment_dir and os.path.isdir(environment_dir):
        for name in sorted(glob.glob(os.path.join(environment_dir, '*'))):
            if name.endswith(('.yaml', '.yml', '.json')) and os.path.isfile(name):
                with open(name, encoding='utf-8') as f:
                    env.merge_document(Document.parse(f.read(), name, issues), issues)
    return env


def type_allowed(type_name: str, enabled: list, disabled: list) -> bool:
    """Operator policy: enabled by one glob and disabled by none."""
    if not any(fnmatch.fnmatchcase(type_name, p) for p in enabled):
        return False
    return not any(fnmatch.fnmatchcase(type_name, p) for p in disabled)
