"""Fixtures for the HOT function tests (no tests here): resolving snippets
against a scope with stand-in resources."""

from __future__ import annotations

import textwrap

import yaml

from heat_core.template import functions as fn
from heat_core.template import loader
from heat_core.template.scope import StaticScope

PARAMETERS = '''
  instance_type: {type: string}
  server_data: {type: json}
  env: {type: string}
  ports: {type: comma_delimited_list}
  protocols: {type: comma_delimited_list}
  list_param: {type: comma_delimited_list}
  attr_name: {type: string}
  flag: {type: boolean}
'''


class FakeResource:
    """A live resource as a scope hands it to functions."""

    def __init__(self, name, attributes):
        self.name = name
        self.attributes = attributes

    def reference(self):
        return '%s-id' % self.name

    def attribute(self, name, *path):
        value = self.attributes.get(name)
        for key in path:
            if isinstance(value, list):
                key = int(key)
            value = value[key]
        return value

    def all_attributes(self):
        return dict(self.attributes)


class ResourceScope(StaticScope):
    """A scope in which the template's resources exist."""

    def __init__(self, template, values, resources=None, facade=None, zones=None, **kwargs):
        super().__init__(template, values, **kwargs)
        self.resources = resources or {}
        if facade is not None:
            self.resource_facade = facade
        self.zones = zones

    def resource(self, name):
        return self.resources[name]

    def availability_zones(self, region=None):
        return list(self.zones)


SERVER = FakeResource('server', {
    'first_address': '10.0.0.1',
    'networks': {'public': ['2001:0db8:0000:0000:0000:ff00:0042:8329', '1.2.3.4'],
                 'private': ['10.0.0.1']},
})
PORT = FakeResource('port', {'mac': 'fa:16:3e:00:00:01'})


def load_template(version='2021-04-16', conditions='', files=None):
    """A template of ``version`` with the test parameters, resources
    ``server`` and ``port``, and ``conditions`` (YAML text)."""
    text = 'heat_template_version: %s\nparameters:%s\n' % (version, PARAMETERS)
    if conditions:
        text += 'conditions:\n%s\n' % textwrap.indent(textwrap.dedent(conditions), '  ')
    text += 'resources:\n  server: {type: OS::Heat::None}\n  port: {type: OS::Heat::None}\n'
    loaded = loader.load(text, 'test.yaml', files=files)
    assert loaded.template is not None, [str(i) for i in loaded.issues]
    return loaded.template


def resolve(snippet, values=None, version='2021-04-16', conditions='', files=None,
            **scope_args):
    """The value of ``snippet`` (YAML text) in a template of ``version``."""
    tmpl = load_template(version, conditions, files)
    tree = tmpl.parse_tree(yaml.safe_load(textwrap.dedent(snippet)), ('outputs', 'o', 'value'))
    resources = scope_args.pop('resources', {'server': SERVER, 'port': PORT})
    return fn.resolve(tree, ResourceScope(tmpl, values or {}, resources, **scope_args))
