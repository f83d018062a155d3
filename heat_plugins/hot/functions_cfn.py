"""CloudFormation-style function names that early HOT versions accepted.

heat_template_version 2013-05-23 kept Heat's CFN functions (Ref, Fn::Join,
...) next to the HOT ones; 2014-10-16 dropped them all but Fn::Select, which
went in 2015-10-15.  These are small HOT-dialect versions of them.
"""

from __future__ import annotations

import json
import re

from heat_core.errors import did_you_mean
from heat_core.template import functions as fn
from heat_plugins.hot import versions as v
from heat_plugins.hot.functions_base import HotFunction, describe_value
from heat_plugins.hot.functions_refs import ResourceFacade
from heat_plugins.hot.functions_strings import Join, Replace, replace_all


class CfnStyle(HotFunction):
    """Base: only in heat_template_version 2013-05-23."""

    until = v.V2013_05_23


class Ref(CfnStyle):
    """``Ref: name``: a parameter's value or a resource's reference."""

    name = 'Ref'
    description = 'The value of a parameter, or the reference (physical ID) of a resource.'
    usage = 'parameter_or_resource_name'

    def check(self, ctx):
        target = self.args
        tmpl = self.template
        if not isinstance(target, str):
            self.error(ctx, 'the argument must be the name of a parameter or resource')
            return False
        if not tmpl.has_parameter(target) and target not in tmpl.resources:
            self.error(ctx, 'unknown parameter or resource "%s"%s' % (target, did_you_mean(
                target, list(tmpl.parameters) + list(tmpl.resources))))
            return False
        return True

    def dependencies(self):
        if isinstance(self.args, str) and self.args in self.template.resources \
                and not self.template.has_parameter(self.args):
            yield self.args

    def parameter_reference(self):
        if isinstance(self.args, str) and self.args in self.template.parameters:
            yield self.args

    def result(self, scope):
        target = self.args
        if isinstance(target, str) and self.template.has_parameter(target):
            return scope.parameter(target)
        if isinstance(target, str) and target in self.template.resources:
            return scope.resource(target).reference()
        self.fail('unknown parameter or resource "%s"' % (target,))


class GetAZs(CfnStyle):
    """``Fn::GetAZs: region``: the availability zones (of the region)."""

    name = 'Fn::GetAZs'
    description = 'The availability zones of the cloud.'
    usage = 'region_name or ""'

    def result(self, scope):
        region = fn.resolve(self.args, scope)
        if region is not None and not isinstance(region, str):
            self.fail('the argument must be a region name (a string) or ""')
        return scope.availability_zones(region or None)


class CfnJoin(CfnStyle, Join):
    """``Fn::Join: [delimiter, [string, ...]]``."""

    name = 'Fn::Join'


class Split(CfnStyle):
    """``Fn::Split: [delimiter, string]``."""

    name = 'Fn::Split'
    description = 'A string split into a list at a delimiter.'
    usage = '[<delimiter>, <string>]'

    def result(self, scope):
        args = self.container(scope)
        if not isinstance(args, list) or len(args) != 2:
            self.fail_usage()
        delim, text = fn.resolve(args[0], scope), fn.resolve(args[1], scope)
        if not isinstance(delim, str) or not delim:
            self.fail('the delimiter must be a non-empty string', (0,))
        if not isinstance(text, str):
            self.fail('can only split a string, not %s' % describe_value(text), (1,))
        return text.split(delim)


class CfnReplace(CfnStyle, Replace):
    """``Fn::Replace: [{placeholder: value}, template]``."""

    name = 'Fn::Replace'
    usage = '[{<placeholder>: <value>, ...}, <template string>]'

    def check(self, ctx):
        if not isinstance(self.args, list) or len(self.args) != 2:
            self.error(ctx, 'the arguments must have the form %s' % self.usage)
            return False
        return True

    def result(self, scope):
        args = self.args
        if not isinstance(args, list) or len(args) != 2:
            self.fail_usage()
        params = fn.resolve(args[0], scope)
        template = fn.resolve(args[1], scope)
        if not isinstance(params, dict):
            self.fail('the replacements must be a map', (0,))
        if not isinstance(template, str):
            self.fail('the template must be a string', (1,))
        mapping = {}
        for key, value in params.items():
            if not isinstance(key, str):
                self.fail('the placeholders must be strings', (0,))
            mapping[key] = self._text(key, value)
        return replace_all(self, template, mapping, strict=False)


class Base64(CfnStyle):
    """``Fn::Base64: string``: the string unchanged (Heat takes user data as
    plain text)."""

    name = 'Fn::Base64'
    description = 'The string unchanged (kept for templates that encode user data).'
    usage = '<string>'

    def result(self, scope):
        value = fn.resolve(self.args, scope)
        if not isinstance(value, str):
            self.fail('the argument must be a string, not %s' % describe_value(value))
        return value


_MEMBER = re.compile(r'^\.member\.([0-9]+)\.(.*)$')


class MemberListToMap(CfnStyle):
    """``Fn::MemberListToMap: [key_name, value_name, ['.member.N.<name>=x',
    ...]]``: AWS query-style member lists as a map."""

    name = 'Fn::MemberListToMap'
    description = 'A map built from an AWS-style member list (.member.N.Name=...).'
    usage = '[<key name>, <value name>, [".member.0.<key name>=<key>", ...]]'

    def result(self, scope):
        args = self.container(scope)
        if not isinstance(args, list) or len(args) != 3:
            self.fail_usage()
        key_name, value_name = fn.resolve(args[0], scope), fn.resolve(args[1], scope)
        members = fn.resolve(args[2], scope)
        if not isinstance(members, list):
            self.fail('the member list must be a list', (2,))
        entries: dict = {}
        for item in members:
            if not isinstance(item, str):
                self.fail('the member list items must be strings', (2,))
            name, _, value = item.partition('=')
            match = _MEMBER.match(name)
            if match:
                entries.setdefault(int(match.group(1)), {})[match.group(2)] = value
        return {fields[key_name]: fields[value_name]
                for _, fields in sorted(entries.items())
                if key_name in fields and value_name in fields}


class CfnResourceFacade(CfnStyle, ResourceFacade):
    """``Fn::ResourceFacade: Metadata|DeletionPolicy|UpdatePolicy``."""

    name = 'Fn::ResourceFacade'
    description = ('Data (Metadata, DeletionPolicy or UpdatePolicy) of the resource that '
                   'this provider template implements.')
    KINDS = {'Metadata': 'metadata', 'DeletionPolicy': 'deletion_policy',
             'UpdatePolicy': 'update_policy'}
    usage = 'Metadata | DeletionPolicy | UpdatePolicy'


class Select(HotFunction):
    """``Fn::Select: [index, list_or_map]`` (until 2015-04-30): an item of a
    list (or JSON list), or a value of a map; '' when there is none."""

    name = 'Fn::Select'
    description = 'One item of a list, or one value of a map.'
    usage = '[<index or key>, <list or map>]'
    until = v.V2015_04_30

    def result(self, scope):
        args = self.container(scope)
        if not isinstance(args, list) or len(args) != 2:
            self.fail_usage()
        index = fn.resolve(args[0], scope)
        collection = fn.resolve(args[1], scope)
        if collection is None or collection == '':
            return ''   # not available yet: nothing to select from
        if isinstance(collection, str):
            try:
                collection = json.loads(collection)
            except ValueError as exc:
                self.fail('the collection is a string but not JSON: %s' % exc, (1,))
        if isinstance(collection, dict):
            if not isinstance(index, str):
                self.fail('the key into a map must be a string', (0,))
            return collection.get(index, '')
        if isinstance(collection, list):
            try:
                index = int(index)
            except (TypeError, ValueError):
                self.fail('the index into a list must be an integer', (0,))
            return collection[index] if -len(collection) <= index < len(collection) else ''
        self.fail('can only select from a list or map, not %s' % describe_value(collection),
                  (1,))

