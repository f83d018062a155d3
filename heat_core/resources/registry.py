"""Which resource types exist, after plugins, operator policy and the
environment's resource_registry have had their say.

A type name in a template is resolved by following the environment's
aliases (``My::Server`` → ``AWS::EC2::Instance``, ``OS::Quantum::Net`` →
``OS::Neutron::Net``) until it names a plugin, a provider template, or
nothing; ``null`` entries remove a type; the operator's ``[resources]
enabled_types``/``disabled_types`` globs then decide whether a plugin may
be used.
"""

from __future__ import annotations

from dataclasses import dataclass

from heat_core import plugins
from heat_core.config import CONF
from heat_core.errors import did_you_mean
from heat_core.resources.resource import SupportStatus
from heat_core.template.environment import REMOVED, Environment, is_template_name, type_allowed

PLUGIN, TEMPLATE, REMOVED_KIND, DISABLED, UNKNOWN = (
    'plugin', 'template', 'removed', 'disabled', 'unknown')


@dataclass
class TypeResolution:
    """What a type name in a template turned out to be."""
    requested: str
    kind: str
    name: str = ''                # the final type name after aliases
    cls: type | None = None       # for PLUGIN
    template: str | None = None   # for TEMPLATE: file name/URL
    mapping: object = None        # the registry entry that decided it
    message: str = ''

    @property
    def ok(self) -> bool:
        return self.kind in (PLUGIN, TEMPLATE)


class TypeRegistry:
    """Resolves type names for one stack's environment."""

    MAX_ALIASES = 10

    def __init__(self, env: Environment | None = None, enabled=None, disabled=None):
        self.env = env or Environment()
        self.enabled = list(CONF.resources.enabled_types if enabled is None else enabled)
        self.disabled = list(CONF.resources.disabled_types if disabled is None else disabled)
        self._plugins = plugins.resource_classes()
        self._cache: dict = {}
        self._available: list | None = None

    def allowed(self, type_name: str) -> bool:
        """Whether the operator's policy lets templates use ``type_name``."""
        return type_allowed(type_name, self.enabled, self.disabled)

    def resolve(self, type_name: str, resource_name: str | None = None) -> TypeResolution:
        """What ``type_name`` (used by resource ``resource_name``) is."""
        key = (type_name, resource_name)
        hit = self._cache.get(key)
        if hit is None:
            hit = self._cache[key] = self._resolve(type_name, resource_name)
        return hit

    def _resolve(self, type_name, resource_name):
        name = type_name
        seen = [name]
        mapping = None
        for _ in range(self.MAX_ALIASES):
            m = self.env.registry_mapping(name, resource_name)
            if m is None:
                break
            target = m.apply(name)
            mapping = m
            if target is REMOVED:
                return TypeResolution(type_name, REMOVED_KIND, name, mapping=m, message=(
                    'Resource type "%s" was removed by the environment (%s maps "%s" to '
                    'null)' % (name, m.where, m.pattern)))
            if m.is_template:
                return TypeResolution(type_name, TEMPLATE, name, template=target, mapping=m)
            if target == name:
                break
            if target in seen:
                loop = ' → '.join(seen[seen.index(target):] + [target])
                return TypeResolution(type_name, UNKNOWN, name, mapping=m, message=(
                    'Resource type "%s" is mapped in a loop by the environment: %s'
                    % (type_name, loop)))
            name = target
            seen.append(name)
        if mapping is None and is_template_name(type_name):
            # a template file used directly as a type (a provider resource)
            return TypeResolution(type_name, TEMPLATE, type_name, template=type_name)
        cls = self._plugins.get(name)
        if cls is None:
            via = (' (the environment maps "%s" to it)' % type_name) if name != type_name else ''
            return TypeResolution(type_name, UNKNOWN, name, mapping=mapping, message=(
                'Unknown resource type "%s"%s%s' % (name, via, self._suggest(name))))
        if not self.allowed(name):
            return TypeResolution(type_name, DISABLED, name, mapping=mapping, message=(
                'Resource type "%s" is disabled by the operator' % name))
        return TypeResolution(type_name, PLUGIN, name, cls=cls, mapping=mapping)

    def _suggest(self, name: str) -> str:
        """A "did you mean" naming only a type that may be used here."""
        if self._available is None:
            self._available = []  # guards against re-entry while computing it
            self._available = self.available() + [
                a for a in self.env.aliases() if self.resolve(a).ok]
        return did_you_mean(name, self._available)

    def available(self, include_hidden: bool = False) -> list[str]:
        """Names of the plugin types a template may use, sorted: allowed by
        the operator, not removed by the environment and (unless
        ``include_hidden``) not hidden."""
        out = []
        for name, cls in self._plugins.items():
            if not self.allowed(name):
                continue
            if not include_hidden and getattr(cls, 'support_status', '') == SupportStatus.HIDDEN:
                continue
            if self.resolve(name).kind != PLUGIN:
                continue
            out.append(name)
        return sorted(out)
