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
        "db_*": {hooks: pre-create}                       # breakpoints

Environments merge in order: the built-in default, the global directory
(``environment_dir``, alphabetically), then each ``-e`` file; later entries
win.  Registry entries are looked up most specific first: an entry for the
resource, then an exact type name, then a wildcard.
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
HOOK_TYPES = ('pre-create', 'pre-update', 'pre-delete', 'post-create', 'post-update',
              'post-delete')
TEMPLATE_SUFFIXES = ('.yaml', '.yml', '.template', '.json')
ENV_SUFFIXES = ('.yaml', '.yml', '.json')

REMOVED = object()


@dataclass
class Mapping:
    """One resource_registry entry."""
    pattern: str
    target: object                 # type name, template path, or REMOVED
    source: object = None          # Document it came from
    path: tuple = ()
    resource: str | None = None    # only for this resource name (may end with *)

    @property
    def is_template(self) -> bool:
        return isinstance(self.target, str) and is_template_name(self.target)

    @property
    def is_wildcard(self) -> bool:
        return self.pattern.endswith('*')

    @property
    def where(self) -> str:
        """The file that declared it, for messages."""
        return getattr(self.source, 'name', None) or 'the environment'

    def matches(self, type_name: str) -> bool:
        if self.is_wildcard:
            return type_name.startswith(self.pattern[:-1])
        return self.pattern == type_name

    def matches_resource(self, resource_name: str) -> bool:
        return self.resource is not None and fnmatch.fnmatchcase(resource_name, self.resource)

    def apply(self, type_name: str):
        """The type name (or template, or REMOVED) ``type_name`` maps to."""
        if self.target is REMOVED or not isinstance(self.target, str):
            return self.target
        if self.is_wildcard and self.target.endswith('*'):
            return self.target[:-1] + type_name[len(self.pattern) - 1:]
        return self.target


def is_template_name(name: str) -> bool:
    """Whether a type name is really a template file or URL (a provider)."""
    return name.endswith(TEMPLATE_SUFFIXES) or '://' in name or name.startswith('/')


@dataclass
class Environment:
    """Everything the merged environment files say."""
    parameters: dict = field(default_factory=dict)
    parameter_defaults: dict = field(default_factory=dict)
    mappings: list = field(default_factory=list)
    # where each parameter value came from: (section, name) -> (Document, path)
    origins: dict = field(default_factory=dict)
    files_base: dict = field(default_factory=dict)
    raw: list = field(default_factory=list)
    #: resource name (may end with *) -> list of hook types
    hooks: dict = field(default_factory=dict)
    #: nested stack resource name -> its own per-resource entries (for the engine)
    nested_resources: dict = field(default_factory=dict)
    encrypted_param_names: list = field(default_factory=list)
    event_sinks: list = field(default_factory=list)
    parameter_merge_strategies: dict = field(default_factory=dict)

    def merge_document(self, doc: Document, issues: Issues) -> None:
        """Merge one parsed environment file into this environment,
        recording problems (with the file's positions) in ``issues``."""
        data = doc.data
        if data is None:
            return
        if not isinstance(data, dict):
            issues.error((), 'An environment must be a map of sections (%s)' % ', '.join(
                SECTIONS), doc)
            return
        self.raw.append(data)
        for key in data:
            if key not in SECTIONS:
                issues.error((key,), 'Unknown section "%s" in environment%s'
                             % (key, did_you_mean(str(key), SECTIONS)), doc)
        for section in ('parameters', 'parameter_defaults'):
            values = data.get(section)
            if values is None:
                continue
            if not isinstance(values, dict):
                issues.error((section,), '"%s" must be a map of parameter names to values'
                             % section, doc)
                continue
            target = getattr(self, section)
            for name, value in values.items():
                target[name] = value
                self.origins[(section, name)] = (doc, (section, name))
        self._merge_lists(data, doc, issues)
        registry = data.get('resource_registry')
        if registry is not None:
            self._merge_registry(registry, doc, issues)

    def _merge_lists(self, data, doc, issues):
        for section in ('encrypted_param_names', 'event_sinks'):
            value = data.get(section)
            if value is None:
                continue
            if not isinstance(value, list):
                issues.error((section,), '"%s" must be a list' % section, doc)
                continue
            getattr(self, section).extend(value)
        strategies = data.get('parameter_merge_strategies')
        if strategies is not None:
            if not isinstance(strategies, dict):
                issues.error(('parameter_merge_strategies',), '"parameter_merge_strategies" '
                             'must be a map of parameter names to strategies', doc)
            else:
                self.parameter_merge_strategies.update(strategies)

    def _merge_registry(self, registry, doc, issues):
        if not isinstance(registry, dict):
            issues.error(('resource_registry',), '"resource_registry" must be a map', doc)
            return
        base = os.path.dirname(doc.name) if doc.name else ''
        for pattern, target in registry.items():
            path = ('resource_registry', pattern)
            if pattern == 'resources':
                self._merge_resources(target, doc, path, issues, base)
            elif pattern == 'base_url':
                continue
            else:
                self._add(pattern, target, doc, path, issues, base)

    def _merge_resources(self, target, doc, path, issues, base):
        if not isinstance(target, dict):
            issues.error(path, '"resources" must be a map of resource names', doc)
            return
        for res_name, entries in target.items():
            sub = path + (res_name,)
            if not isinstance(entries, dict):
                issues.error(sub, 'The entries of resource "%s" must be a map' % res_name, doc)
                continue
            for type_pattern, type_target in entries.items():
                if type_pattern == 'hooks':
                    self._add_hooks(str(res_name), type_target, doc, sub + ('hooks',), issues)
                elif isinstance(type_target, dict):
                    # entries for resources inside a nested stack
                    self.nested_resources.setdefault(res_name, {})[type_pattern] = type_target
                else:
                    self._add(type_pattern, type_target, doc, sub + (type_pattern,), issues,
                              base, resource=str(res_name))

    def _add_hooks(self, res_name, value, doc, path, issues):
        hooks = value if isinstance(value, list) else [value]
        good = []
        for i, hook in enumerate(hooks):
            where = path + (i,) if isinstance(value, list) else path
            if hook not in HOOK_TYPES:
                issues.error(where, 'Unknown hook "%s"%s; hooks are %s' % (
                    hook, did_you_mean(str(hook), HOOK_TYPES), ', '.join(HOOK_TYPES)), doc)
            else:
                good.append(hook)
        self.hooks[res_name] = good

    def _add(self, pattern, target, doc, path, issues, base, resource=None):
        if not isinstance(pattern, str) or not pattern:
            issues.error(path, 'A resource_registry key must be a resource type name', doc)
            return
        if target is None:
            target = REMOVED
        elif not isinstance(target, str) or not target:
            issues.error(path, 'A resource_registry entry must map to a type name, a '
                         'template file or null', doc)
            return
        if '*' in pattern[:-1]:
            issues.error(path, 'A wildcard is only allowed at the end of "%s"' % pattern, doc)
            return
        if target is not REMOVED and target.endswith('*') and not pattern.endswith('*'):
            issues.error(path, 'The target "%s" ends with a wildcard but "%s" does not'
                         % (target, pattern), doc)
            return
        m = Mapping(pattern, target, doc, path, resource)
        if m.is_template and not ('://' in target or target.startswith('/')):
            self.files_base[target] = base
        self.mappings.append(m)

    def registry_mapping(self, type_name: str, resource_name: str | None = None):
        """The registry entry deciding ``type_name``: an entry for the
        resource, else an exact type name, else a wildcard; within each,
        the latest merged wins."""
        if resource_name is not None:
            for m in reversed(self.mappings):
                if m.matches_resource(resource_name) and m.matches(type_name):
                    return m
        for wildcard in (False, True):
            for m in reversed(self.mappings):
                if m.resource is None and m.is_wildcard == wildcard and m.matches(type_name):
                    return m
        return None

    def aliases(self) -> list[str]:
        """Type names the environment defines that are not wildcards or
        removals (``My::Server``), for suggestions."""
        return [m.pattern for m in self.mappings
                if m.resource is None and not m.is_wildcard and m.target is not REMOVED]

    def hooks_for(self, resource_name: str) -> list[str]:
        """Hook types set on a resource (by name or by a ``name*`` pattern)."""
        out = []
        for pattern, hooks in self.hooks.items():
            if fnmatch.fnmatchcase(resource_name, pattern):
                out.extend(h for h in hooks if h not in out)
        return out

    def user_parameters(self) -> dict:
        return dict(self.parameters)


def default_environment(issues: Issues | None = None, environment_dir: str | None = None
                        ) -> Environment:
    """The built-in environment plus the global environment directory
    (``*.yaml``, ``*.yml`` and ``*.json`` files in alphabetical order; a
    missing directory is ignored, an unreadable file is reported)."""
    issues = issues if issues is not None else Issues()
    env = Environment()
    data_dir = pkg_resources.files('heat_core') / 'data' / 'environment.d'
    for entry in sorted(data_dir.iterdir(), key=lambda p: p.name):
        if entry.name.endswith(ENV_SUFFIXES):
            env.merge_document(Document.parse(entry.read_text(), entry.name, issues), issues)
    if environment_dir and os.path.isdir(environment_dir):
        for name in sorted(glob.glob(os.path.join(environment_dir, '*'))):
            if not (name.endswith(ENV_SUFFIXES) and os.path.isfile(name)):
                continue
            try:
                with open(name, encoding='utf-8') as f:
                    text = f.read()
            except (OSError, UnicodeDecodeError) as exc:
                issues.error((), 'Cannot read the global environment file: %s' % exc,
                             Document(name, ''))
                continue
            env.merge_document(Document.parse(text, name, issues), issues)
    return env


def type_allowed(type_name: str, enabled: list, disabled: list) -> bool:
    """Operator policy: enabled by one glob and disabled by none."""
    if not any(fnmatch.fnmatchcase(type_name, p) for p in enabled):
        return False
    return not any(fnmatch.fnmatchcase(type_name, p) for p in disabled)
