"""CloudFormation-format templates."""

from __future__ import annotations

import re

from heat_core import plugins
from heat_core.errors import did_you_mean
from heat_core.template import functions as fn
from heat_core.template.base import Template
from heat_core.template.definitions import OutputDefinition, ResourceDefinition
from heat_plugins.cfn import language_extensions, rules
from heat_plugins.cfn import parameters as cfn_params

LANGUAGE_EXTENSIONS = 'AWS::LanguageExtensions'
SUPPORTED_TRANSFORMS = (LANGUAGE_EXTENSIONS,)

RESOURCE_KEYS = {
    'Type': 'type', 'Properties': 'properties', 'Metadata': 'metadata',
    'DependsOn': 'depends_on', 'DeletionPolicy': 'deletion_policy',
    'UpdateReplacePolicy': 'update_replace_policy', 'UpdatePolicy': 'update_policy',
    'CreationPolicy': 'creation_policy', 'Condition': 'condition',
    'Description': 'description',
}
OUTPUT_KEYS = ('Value', 'Description', 'Condition', 'Export')
_ALNUM = re.compile(r'^[A-Za-z0-9]+$')


class CfnTemplate(Template):
    """AWSTemplateFormatVersion: "2010-09-09"."""

    dialect = 'cfn'
    version_key = 'AWSTemplateFormatVersion'
    version = '2010-09-09'
    SECTIONS = ('AWSTemplateFormatVersion', 'Description', 'Metadata', 'Parameters', 'Rules',
                'Mappings', 'Conditions', 'Transform', 'Resources', 'Outputs')
    pseudo_parameters = ('AWS::AccountId', 'AWS::NotificationARNs', 'AWS::NoValue',
                         'AWS::Partition', 'AWS::Region', 'AWS::StackId', 'AWS::StackName',
                         'AWS::URLSuffix')
    resource_keys = RESOURCE_KEYS
    #: parameters used as Fn::ForEach collections (the loops are gone after
    #: the transform, but the parameters are used)
    loop_parameters: frozenset = frozenset()

    @classmethod
    def accepts_function(cls, fcls) -> bool:
        if fcls.dialect != cls.dialect:
            return False
        formats = getattr(fcls, 'formats', None)
        return formats is None or cls.version_key in formats

    def parse(self) -> None:
        data = self.data
        issues = self.issues
        for key in data:
            if key not in self.SECTIONS:
                issues.error((key,), 'Unknown section "%s"%s' % (key, did_you_mean(
                    str(key), self.SECTIONS)))
        self._parse_transforms()
        desc = data.get('Description')
        if desc is not None and not isinstance(desc, str):
            issues.error(('Description',), 'Description must be a string')
        self.description = desc if isinstance(desc, str) else ''
        self.metadata = data.get('Metadata')
        self.parameters = cfn_params.parse_parameters(self, self.section('Parameters'))
        self._parse_mappings(self.section('Mappings'))
        if self.has_conditions:
            for name, body in self.section('Conditions').items():
                self.conditions[name] = self.parse_tree(body, ('Conditions', name))
        self._parse_resources(self.section('Resources'))
        self._parse_outputs(self.section('Outputs'))
        if 'Rules' in data and 'Rules' in self.SECTIONS:
            rules.parse_rules(self)

    def validate_rules(self, ctx) -> None:
        """Validate the Rules section and evaluate its rules with the known
        parameter values (called by the validator)."""
        rules.validate_rules(self, ctx)

    # -- sections -------------------------------------------------------------
    def _parse_transforms(self):
        raw = self.data.get('Transform') if 'Transform' in self.SECTIONS else None
        if raw is None:
            self.data = language_extensions.strip_loops(self)
            return
        names = raw if isinstance(raw, list) else [raw]
        for i, name in enumerate(names):
            path = ('Transform', i) if isinstance(raw, list) else ('Transform',)
            if not isinstance(name, str):
                self.issues.error(path, 'Transform must name a transform (a string)')
            elif name not in SUPPORTED_TRANSFORMS:
                self.issues.error(path, 'Transform "%s" is not supported (supported: %s)' % (
                    name, ', '.join(SUPPORTED_TRANSFORMS)))
            else:
                self.transforms.append(name)
        if LANGUAGE_EXTENSIONS in self.transforms:
            self.data = language_extensions.expand(self)
        else:
            self.data = language_extensions.strip_loops(self)

    def _parse_mappings(self, mappings):
        for name, body in mappings.items():
            if not isinstance(body, dict):
                self.issues.error(('Mappings', name), 'Mapping "%s" must be a map' % name)
                continue
            for key, values in body.items():
                if not isinstance(values, dict):
                    self.issues.error(('Mappings', name, key),
                                      'Mapping "%s" key "%s" must be a map of values' % (name, key))
        self.mappings = mappings

    def _parse_resources(self, resources):
        if 'Resources' not in self.data:
            if type(self) is CfnTemplate:
                self.issues.error((), 'The template has no Resources section')
        for name, body in resources.items():
            path = ('Resources', name)
            if not isinstance(body, dict):
                self.issues.error(path, 'Resource "%s" must be a map' % name)
                continue
            if not _ALNUM.match(str(name)):
                self.issues.warning(path, 'Resource name "%s" is not alphanumeric (AWS '
                                    'CloudFormation would refuse it)' % name)
            defn = ResourceDefinition(name=name, type=body.get('Type'), path=path,
                                      keys={v: k for k, v in self.resource_keys.items()})
            for key, value in body.items():
                field = self.resource_keys.get(key)
                if field is None:
                    self.issues.error(path + (key,), 'Unknown key "%s" in resource "%s"%s' % (
                        key, name, did_you_mean(str(key), self.resource_keys)))
                    continue
                if field in ('type', 'description'):
                    continue
                if field == 'depends_on':
                    value = [value] if isinstance(value, str) else value
                    if not isinstance(value, list):
                        self.issues.error(path + (key,), 'DependsOn must be a resource name or '
                                          'a list of them')
                        value = []
                    defn.depends_on = value
                    continue
                if field == 'condition':
                    if isinstance(value, dict) and LANGUAGE_EXTENSIONS in self.transforms:
                        # the transform resolves e.g. a Fn::FindInMap to a condition name
                        value = language_extensions.static_value(self, value, path + (key,))
                        if value is fn.NO_VALUE or value is None:
                            continue    # no condition, or the problem is recorded
                    defn.condition = value
                    if not isinstance(value, str):
                        self.issues.error(path + (key,), 'Condition must name a condition')
                    continue
                setattr(defn, field, self.parse_tree(value, path + (key,)))
            defn.description = body.get('Description')
            self.resources[name] = defn

    def _parse_outputs(self, outputs):
        for name, body in outputs.items():
            path = ('Outputs', name)
            if not isinstance(body, dict):
                self.issues.error(path, 'Output "%s" must be a map' % name)
                continue
            for key in body:
                if key not in OUTPUT_KEYS:
                    self.issues.error(path + (key,), 'Unknown key "%s" in output "%s"%s' % (
                        key, name, did_you_mean(str(key), OUTPUT_KEYS)))
            if 'Value' not in body:
                self.issues.error(path, 'Output "%s" has no Value' % name)
            export = body.get('Export')
            export_name = None
            if export is not None:
                if not isinstance(export, dict) or 'Name' not in export:
                    self.issues.error(path + ('Export',), 'Export must be a map with a Name')
                else:
                    export_name = self.parse_tree(export['Name'], path + ('Export', 'Name'))
            cond = body.get('Condition')
            if cond is not None and not isinstance(cond, str):
                self.issues.error(path + ('Condition',), 'Condition must name a condition')
            self.outputs[name] = OutputDefinition(
                name=name, value=self.parse_tree(body.get('Value'), path + ('Value',)),
                description=body.get('Description'), condition=cond,
                export_name=export_name, path=path,
                keys={'value': 'Value', 'description': 'Description', 'condition': 'Condition',
                      'export_name': 'Export'})

    def unknown_function(self, key, path) -> None:
        """Report ``Fn::Something`` that is no function of this template
        (called by the parser for every one-key map that names none)."""
        if not (isinstance(key, str) and key.startswith('Fn::')) or key.startswith(
                language_extensions.PREFIX):
            return
        all_names = type(self).all_functions()
        if key in all_names and all_names[key].requires_transform:
            self.issues.error(path + (key,), '%s requires "Transform: %s"' % (
                key, all_names[key].requires_transform))
        elif key not in all_names and any(
                f.name == key and f.dialect == self.dialect for f in plugins.function_classes()):
            self.issues.error(path + (key,), '%s is not available in %s "%s" '
                              'templates (AWSTemplateFormatVersion "2010-09-09" '
                              'has it)' % (key, self.version_key, self.version))
        else:
            self.issues.error(path + (key,), 'Unknown function "%s"%s' % (
                key, did_you_mean(key, self.function_table())))


class HeatCfnTemplate(CfnTemplate):
    """HeatTemplateFormatVersion: "2012-12-12" (no Conditions, Rules,
    Transform or Export)."""

    version_key = 'HeatTemplateFormatVersion'
    version = '2012-12-12'
    SECTIONS = ('HeatTemplateFormatVersion', 'Description', 'Parameters', 'Mappings',
                'Resources', 'Outputs')
    pseudo_parameters = ('AWS::StackId', 'AWS::StackName', 'AWS::Region', 'AWS::NoValue')
    has_conditions = False
