"""HOT templates: every ``heat_template_version`` from 2013-05-23 to
2021-04-16 (wallaby).

The versions differ in the functions they accept (each function plugin says
``since``/``until``), and in a few keys (see :mod:`heat_plugins.hot.versions`).
Everything is read into the format-neutral definitions; problems are
recorded with the path of the offending key.
"""

from __future__ import annotations

from heat_core import plugins
from heat_core.errors import did_you_mean
from heat_core.template import functions as fn
from heat_core.template.base import Template
from heat_core.template.definitions import OutputDefinition, ResourceDefinition
from heat_plugins.hot import parameters as hot_params
from heat_plugins.hot import versions as v

SECTIONS = ('heat_template_version', 'description', 'parameter_groups', 'parameters',
            'resources', 'outputs', 'conditions')
RESOURCE_KEYS = ('type', 'properties', 'metadata', 'depends_on', 'deletion_policy',
                 'update_policy', 'description', 'external_id', 'condition')
OUTPUT_KEYS = ('value', 'description', 'condition')
DELETION_POLICIES = ('Delete', 'Retain', 'Snapshot')

#: what to use instead of a removed function (if this version has it)
REPLACEMENTS = {
    'Ref': ('get_param', 'get_resource'),
    'Fn::Join': ('list_join',),
    'Fn::Split': ('str_split',),
    'Fn::Replace': ('str_replace',),
    'Fn::ResourceFacade': ('resource_facade',),
    'Fn::Select': ('get_param', 'get_attr'),
}


class HotTemplate(Template):
    """A HOT template (the behaviour of every version; the subclasses only
    name their version)."""

    dialect = 'hot'
    version_key = 'heat_template_version'
    pseudo_parameters = ('OS::stack_name', 'OS::stack_id', 'OS::project_id', 'OS::region')
    resources_key = 'resources'
    conditions_key = 'conditions'
    outputs_key = 'outputs'
    parameters_key = 'parameters'
    default_key = 'default'

    # -- what this version has ------------------------------------------------
    @classmethod
    def has(cls, feature: str) -> bool:
        return v.has(cls.version, feature)

    def _accepts_key(self, key: str) -> bool:
        return key not in v.FEATURES or self.has(key)

    def _unknown(self, path, what: str, key, choices, owner: str = '') -> None:
        note = v.since_note(key) if key in v.FEATURES and not self.has(key) else ''
        self.issues.error(path, 'Unknown %s "%s"%s%s%s' % (
            what, key, owner, '' if note else did_you_mean(str(key), choices), note))

    # -- reading --------------------------------------------------------------
    def parse(self) -> None:
        data = self.data
        for key in data:
            if key not in SECTIONS or not self._accepts_key(key):
                self._unknown((key,), 'section', key, [s for s in SECTIONS
                                                       if self._accepts_key(s)])
        desc = data.get('description')
        if desc is not None and not isinstance(desc, str):
            self.issues.error(('description',), 'description must be a string')
        self.description = desc if isinstance(desc, str) else ''
        self.parameters = hot_params.parse_parameters(self, self.section('parameters'))
        self.parameter_groups = hot_params.parse_parameter_groups(
            self, data.get('parameter_groups'))
        if self.has('conditions'):
            for name, body in self.section('conditions').items():
                self.conditions[name] = self.parse_tree(body, ('conditions', name))
        for name, body in self.section('resources').items():
            defn = self._resource(name, body)
            if defn is not None:
                self.resources[name] = defn
        for name, body in self.section('outputs').items():
            out = self._output(name, body)
            if out is not None:
                self.outputs[name] = out
        for path, tree in self._trees():
            self._check_function_versions(tree, path)

    def _resource(self, name, body):
        path = ('resources', name)
        issues = self.issues
        if not isinstance(body, dict):
            issues.error(path, 'Resource "%s" must be a map with a type' % name)
            return None
        if '/' in str(name):
            issues.error(path, 'Resource name "%s" may not contain "/"' % name)
        allowed = [k for k in RESOURCE_KEYS if self._accepts_key(k)]
        defn = ResourceDefinition(name=name, type=body.get('type'), path=path,
                                  keys={k: k for k in RESOURCE_KEYS})
        for key, value in body.items():
            where = path + (key,)
            if key not in allowed:
                self._unknown(where, 'key', key, allowed, ' in resource "%s"' % name)
                continue
            if key == 'type':
                continue
            if key == 'description':
                if value is not None and not isinstance(value, str):
                    issues.error(where, 'description must be a string')
                defn.description = value
            elif key == 'depends_on':
                defn.depends_on = self._depends_on(value, where)
            elif key == 'deletion_policy':
                defn.deletion_policy = self._deletion_policy(value, where)
            elif key == 'condition':
                defn.condition = self._condition(value, where)
            else:
                tree = self.parse_tree(value, where)
                kinds = (str,) if key == 'external_id' else (dict,)
                if value is not None and not isinstance(tree, kinds + (fn.Function,)):
                    issues.error(where, '%s must be %s' % (
                        key, 'a string' if key == 'external_id' else 'a map'))
                    tree = None
                setattr(defn, key, tree)
        return defn

    def _depends_on(self, value, where) -> list:
        names = [value] if isinstance(value, str) else value
        if names is None:
            return []
        if not isinstance(names, list):
            self.issues.error(where, 'depends_on must be a resource name or a list of them')
            return []
        return names

    def _deletion_policy(self, value, where):
        if value is None:
            return None
        tree = self.parse_tree(value, where)
        if isinstance(tree, fn.Function):
            return tree     # checked by validation once its value is known
        allowed = list(DELETION_POLICIES)
        if self.has('lower_case_deletion_policy'):
            allowed += [p.lower() for p in DELETION_POLICIES]
        if tree not in allowed:
            note = ''
            if isinstance(tree, str) and tree in [p.lower() for p in DELETION_POLICIES]:
                note = ' (lower case is accepted from heat_template_version 2016-10-14)'
            self.issues.error(where, 'Invalid deletion_policy "%s": use one of %s%s' % (
                tree, ', '.join(allowed), note))
            return None
        return tree.capitalize()

    def _condition(self, value, where):
        if isinstance(value, (str, bool)):
            return value
        tree = self.parse_tree(value, where)
        if not isinstance(tree, fn.Function):
            self.issues.error(where, 'condition must be a condition name, a boolean or a '
                              'condition function')
            return None
        return tree

    def _output(self, name, body):
        path = ('outputs', name)
        if not isinstance(body, dict):
            self.issues.error(path, 'Output "%s" must be a map with a value' % name)
            return None
        allowed = [k for k in OUTPUT_KEYS if self._accepts_key(k)]
        for key in body:
            if key not in allowed:
                self._unknown(path + (key,), 'key', key, allowed, ' in output "%s"' % name)
        if 'value' not in body:
            self.issues.error(path, 'Output "%s" has no value' % name)
        cond = body.get('condition') if self.has('condition') else None
        if cond is not None:
            cond = self._condition(cond, path + ('condition',))
        return OutputDefinition(
            name=name, value=self.parse_tree(body.get('value'), path + ('value',)),
            description=body.get('description'), condition=cond, path=path,
            keys={k: k for k in OUTPUT_KEYS})

    # -- functions of other versions ------------------------------------------
    def _trees(self):
        for defn in self.resources.values():
            for key in ('properties', 'metadata', 'update_policy', 'external_id',
                        'condition'):
                yield defn.key_path(key), getattr(defn, key)
        for out in self.outputs.values():
            yield out.key_path('value'), out.value
            yield out.key_path('condition'), out.condition
        for name, tree in self.conditions.items():
            yield ('conditions', name), tree

    def _check_function_versions(self, tree, path) -> None:
        """A one-key map named after a HOT function this version lacks: an
        error for functions removed before it, a warning for functions of
        later versions (here the map is plain data)."""
        if isinstance(tree, fn.Function):
            self._check_function_versions(tree.args, tree.args_path)
        elif isinstance(tree, dict):
            if len(tree) == 1:
                key = next(iter(tree))
                if isinstance(key, str) and key not in self.function_table():
                    self._other_version(key, path + (key,))
            for key, value in tree.items():
                self._check_function_versions(value, path + (key,))
        elif isinstance(tree, list):
            for i, value in enumerate(tree):
                self._check_function_versions(value, path + (i,))

    def _other_version(self, key, where) -> None:
        classes = [c for c in hot_function_classes() if c.name == key]
        if not classes:
            return
        removed = [c.until for c in classes if c.until is not None and c.until < self.version]
        if removed:
            table = self.function_table()
            instead = [r for r in REPLACEMENTS.get(key, ()) if r in table]
            self.issues.error(where, 'The function %s is not supported in '
                              'heat_template_version %s (it was removed after %s)%s' % (
                                  key, self.version, max(removed),
                                  '; use %s instead' % ' or '.join(instead) if instead else ''))
            return
        later = sorted(c.since for c in classes if c.since is not None
                       and c.since > self.version)
        if later:
            self.issues.warning(where, '%s is a function only from heat_template_version %s; '
                                'in %s this map is plain data' % (key, later[0], self.version))


def hot_function_classes() -> list:
    """Every HOT function plugin, of every version."""
    return [c for c in plugins.function_classes() if c.dialect == HotTemplate.dialect]


# -- the versions ---------------------------------------------------------------
class HOTemplate20130523(HotTemplate):
    """heat_template_version: 2013-05-23 (Icehouse and before)."""
    version = v.V2013_05_23
    has_conditions = False


class HOTemplate20141016(HOTemplate20130523):
    """heat_template_version: 2014-10-16 (Juno)."""
    version = v.V2014_10_16


class HOTemplate20150430(HOTemplate20141016):
    """heat_template_version: 2015-04-30 (Kilo)."""
    version = v.V2015_04_30


class HOTemplate20151015(HOTemplate20150430):
    """heat_template_version: 2015-10-15 (Liberty)."""
    version = v.V2015_10_15


class HOTemplate20160408(HOTemplate20151015):
    """heat_template_version: 2016-04-08 (Mitaka)."""
    version = v.V2016_04_08


class HOTemplate20161014(HOTemplate20160408):
    """heat_template_version: 2016-10-14 or newton."""
    version = v.V2016_10_14
    aliases = ('newton',)
    has_conditions = True


class HOTemplate20170224(HOTemplate20161014):
    """heat_template_version: 2017-02-24 or ocata."""
    version = v.V2017_02_24
    aliases = ('ocata',)


class HOTemplate20170901(HOTemplate20170224):
    """heat_template_version: 2017-09-01 or pike."""
    version = v.V2017_09_01
    aliases = ('pike',)


class HOTemplate20180302(HOTemplate20170901):
    """heat_template_version: 2018-03-02 or queens."""
    version = v.V2018_03_02
    aliases = ('queens',)


class HOTemplate20180831(HOTemplate20180302):
    """heat_template_version: 2018-08-31 or rocky."""
    version = v.V2018_08_31
    aliases = ('rocky',)


class HOTemplate20210416(HOTemplate20180831):
    """heat_template_version: 2021-04-16 or wallaby."""
    version = v.V2021_04_16
    aliases = ('wallaby',)
