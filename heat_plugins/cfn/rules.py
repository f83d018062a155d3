"""The Rules section of CloudFormation templates and its functions.

A rule checks parameter values before anything is created::

    Rules:
      testInstanceType:
        RuleCondition: !Equals [!Ref Environment, test]
        Assertions:
          - Assert: {"Fn::Contains": [[a1.medium], !Ref InstanceType]}
            AssertDescription: For a test environment, the instance type must be a1.medium

Rule conditions and assertions use the condition functions (``Fn::And``,
``Fn::Equals``, ``Fn::If``, ``Fn::Not``, ``Fn::Or``), ``Ref`` to
parameters, and the rule-only functions defined here.  When parameter
values are known, a rule whose condition holds has each assertion
evaluated; one that is false is an error showing its AssertDescription.
"""

from __future__ import annotations

from heat_core.errors import Unresolved, did_you_mean
from heat_core.template import functions as fn
from heat_core.template import parameters as p
from heat_plugins.cfn.conditions import comparable, truth
from heat_plugins.cfn.functions import AWS_FORMAT, CfnFunction, kind

RULE_KEYS = ('RuleCondition', 'Assertions')
ASSERTION_KEYS = ('Assert', 'AssertDescription')

# attributes Fn::ValueOf / Fn::ValueOfAll can read, by parameter type
# ('Tags.' means any Tags.<key>)
TYPE_ATTRIBUTES = {
    'AWS::EC2::VPC::Id': ('DefaultNetworkAcl', 'DefaultSecurityGroup', 'Tags.'),
    'AWS::EC2::Subnet::Id': ('AvailabilityZone', 'Tags.', 'VpcId'),
    'AWS::EC2::SecurityGroup::Id': ('Tags.',),
}


# -- the section ---------------------------------------------------------------

def parse_rules(template) -> None:
    """Read the Rules section into ``template.rules`` (the raw section) and
    ``template.rules_tree`` (``{rule: {'RuleCondition': tree, 'Assertions':
    [{'Assert': tree, 'AssertDescription': text}]}}``), recording
    structural problems."""
    issues = template.issues
    template.rules = template.section('Rules')
    tree = {}
    for name, body in template.rules.items():
        path = ('Rules', name)
        if not isinstance(body, dict):
            issues.error(path, 'Rule "%s" must be a map' % name)
            continue
        for key in body:
            if key not in RULE_KEYS:
                issues.error(path + (key,), 'Unknown key "%s" in rule "%s"%s' % (
                    key, name, did_you_mean(str(key), RULE_KEYS)))
        rule = {}
        if 'RuleCondition' in body:
            rule['RuleCondition'] = template.parse_tree(body['RuleCondition'],
                                                        path + ('RuleCondition',))
        assertions = body.get('Assertions')
        rule['Assertions'] = []
        if assertions is None:
            issues.error(path, 'Rule "%s" has no Assertions' % name)
        elif not isinstance(assertions, list):
            issues.error(path + ('Assertions',), 'Assertions must be a list of '
                         '{Assert: ..., AssertDescription: ...} maps')
        else:
            for i, body in enumerate(assertions):
                parsed = _parse_assertion(template, name, body, path + ('Assertions', i))
                if parsed is not None:
                    rule['Assertions'].append(parsed)
        tree[name] = rule
    template.rules_tree = tree


def _parse_assertion(template, rule, body, path):
    issues = template.issues
    if not isinstance(body, dict):
        issues.error(path, 'An assertion must be a map with Assert and AssertDescription')
        return None
    for key in body:
        if key not in ASSERTION_KEYS:
            issues.error(path + (key,), 'Unknown key "%s" in an assertion of rule "%s"%s' % (
                key, rule, did_you_mean(str(key), ASSERTION_KEYS)))
    if 'Assert' not in body:
        issues.error(path, 'The assertion has no Assert')
        return None
    description = body.get('AssertDescription')
    if description is not None and not isinstance(description, str):
        issues.error(path + ('AssertDescription',), 'AssertDescription must be a string')
        description = None
    return {'Assert': template.parse_tree(body['Assert'], path + ('Assert',)),
            'AssertDescription': description, 'path': path}


def validate_rules(template, ctx) -> None:
    """Validate every rule's functions, then evaluate the rules whose
    condition holds with the known parameter values."""
    rules = getattr(template, 'rules_tree', None) or {}
    in_conditions = ctx.in_conditions
    ctx.in_conditions, ctx.in_rules = True, True
    try:
        for name, rule in rules.items():
            path = ('Rules', name)
            if 'RuleCondition' in rule:
                _validate_boolean(rule['RuleCondition'], ctx, path + ('RuleCondition',),
                                  'RuleCondition')
            for assertion in rule['Assertions']:
                _validate_boolean(assertion['Assert'], ctx, assertion['path'] + ('Assert',),
                                  'Assert')
    finally:
        ctx.in_conditions, ctx.in_rules = in_conditions, False
    for name, rule in rules.items():
        _evaluate(name, rule, ctx)


def _validate_boolean(tree, ctx, path, key):
    fn.validate_tree(tree, ctx)
    if not isinstance(tree, fn.Function) and truth(tree) is None:
        ctx.issues.error(path, '%s must be a rule function (e.g. Fn::Equals or '
                               'Fn::Contains), not %s' % (key, kind(tree)))


def _evaluate(name, rule, ctx):
    if 'RuleCondition' in rule:
        applies = truth(fn.try_resolve(rule['RuleCondition'], ctx.scope))
        if not applies:
            return      # false, or not known until the stack is created
    for i, assertion in enumerate(rule['Assertions']):
        tree = assertion['Assert']
        if not isinstance(tree, fn.Function) and truth(tree) is None:
            continue    # reported by _validate_boolean
        value = fn.try_resolve(tree, ctx.scope)
        if value is Unresolved:
            continue
        holds = truth(value)
        where = assertion['path'] + ('Assert',)
        if holds is None:
            ctx.issues.error(where, 'Rule "%s": the assertion is %s, not true or false' % (
                name, kind(value)))
        elif not holds:
            ctx.issues.error(where, 'Rule "%s" failed: %s' % (
                name, assertion['AssertDescription'] or 'assertion %d is false' % i))


# -- rule-only functions ---------------------------------------------------------

class RuleFunction(CfnFunction):
    """Base of the functions only the Rules section may use."""
    formats = AWS_FORMAT
    condition_function = True
    # placement is checked here rather than by the condition/value flags, so
    # that the message says where the function belongs
    value_function = True

    def validate(self, ctx):
        if not getattr(ctx, 'in_rules', False):
            ctx.issues.error(self.path, '%s may only be used in the Rules section' % self.fn_name)
            return
        super().validate(ctx)

    def list_arg(self, scope, i, what):
        if not isinstance(self.args, list) or len(self.args) != 2:
            raise self.fail('the arguments must be %s' % self.usage)
        value = fn.resolve(self.args[i], scope)
        if not isinstance(value, list):
            raise self.fail('%s must be a list, not %s' % (what, kind(value)), (i,))
        return [comparable(v) for v in value]

    def check_list(self, ctx, i, what):
        value = self.args[i]
        if isinstance(value, (list, fn.Function)):
            return True
        self.error(ctx, '%s must be a list, not %s' % (what, kind(value)), (i,))
        return False


class Contains(RuleFunction):
    """``[[string, ...], string]``: whether the string is in the list."""
    name = 'Fn::Contains'
    description = 'Whether a string is one of a list of strings (Rules).'
    usage = '[[string, ...], string]'

    def check(self, ctx):
        if not self.list_args(ctx, 2):
            return False
        ok = self.check_list(ctx, 0, 'the list of strings')
        return self.literal_string(ctx, self.args[1], 'the string', (1,)) and ok

    def result(self, scope):
        values = self.list_arg(scope, 0, 'the list of strings')
        return self.string_arg(scope, self.args[1], 'the string', (1,)) in values


class EachMemberEquals(RuleFunction):
    """``[[string, ...], string]``: whether every member equals the string."""
    name = 'Fn::EachMemberEquals'
    description = 'Whether every string of a list equals a string (Rules).'
    usage = '[[string, ...], string]'

    def check(self, ctx):
        if not self.list_args(ctx, 2):
            return False
        ok = self.check_list(ctx, 0, 'the list of strings')
        return self.literal_string(ctx, self.args[1], 'the string', (1,)) and ok

    def result(self, scope):
        values = self.list_arg(scope, 0, 'the list of strings')
        expected = self.string_arg(scope, self.args[1], 'the string', (1,))
        return all(v == expected for v in values)


class EachMemberIn(RuleFunction):
    """``[[string, ...], [string, ...]]``: whether every member of the first
    list is in the second."""
    name = 'Fn::EachMemberIn'
    description = 'Whether every string of a list is in a second list (Rules).'
    usage = '[[strings_to_check], [strings_to_match]]'

    def check(self, ctx):
        if not self.list_args(ctx, 2):
            return False
        ok = self.check_list(ctx, 0, 'the strings to check')
        return self.check_list(ctx, 1, 'the strings to match') and ok

    def result(self, scope):
        allowed = self.list_arg(scope, 1, 'the strings to match')
        return all(v in allowed for v in self.list_arg(scope, 0, 'the strings to check'))


def _check_type(func, ctx, type_name, sub):
    if not isinstance(type_name, str):
        func.error(ctx, 'the parameter type must be a string, not %s' % kind(type_name), sub)
        return False
    if type_name not in p.AWS_TYPES:
        func.error(ctx, '"%s" is not an AWS-specific parameter type%s' % (
            type_name, did_you_mean(type_name, p.AWS_TYPES)), sub)
        return False
    return True


def _check_attribute(func, ctx, type_name, attribute, sub):
    if not isinstance(attribute, str):
        func.error(ctx, 'the attribute must be a string, not %s' % kind(attribute), sub)
        return False
    known = TYPE_ATTRIBUTES.get(type_name, ())
    if not known:
        func.error(ctx, 'parameters of type %s have no attributes' % type_name, sub)
        return False
    if attribute in known or ('Tags.' in known and attribute.startswith('Tags.')
                              and len(attribute) > 5):
        return True
    func.error(ctx, 'unknown attribute "%s" of %s: use one of %s%s' % (
        attribute, type_name, ', '.join(k + 'tag_key' if k == 'Tags.' else k for k in known),
        did_you_mean(attribute, [k for k in known if k != 'Tags.'])), sub)
    return False


class RefAll(RuleFunction):
    """``parameter_type``: every value the cloud has for an AWS-specific
    parameter type (e.g. every VPC ID)."""
    name = 'Fn::RefAll'
    description = 'All values of an AWS-specific parameter type (Rules).'
    usage = 'an AWS-specific parameter type'
    parse_args = False

    def check(self, ctx):
        return _check_type(self, ctx, self.args, ())

    def result(self, scope):
        raise Unresolved('the values of %s are known by the cloud only' % (self.args,))


class ValueOf(RuleFunction):
    """``[parameter, attribute]``: an attribute of the cloud object a
    parameter names (e.g. the VpcId of a subnet)."""
    name = 'Fn::ValueOf'
    description = 'An attribute of the object a parameter names (Rules).'
    usage = '[parameter_logical_id, attribute]'
    parse_args = False

    def check(self, ctx):
        if not self.list_args(ctx, 2):
            return False
        name, attribute = self.args
        params = self.template.parameters
        if not isinstance(name, str) or name not in params:
            self.error(ctx, 'unknown parameter "%s"%s' % (name, did_you_mean(
                str(name), params)), (0,))
            return False
        param = params[name]
        type_name = param.item_type or param.type
        if type_name not in p.AWS_TYPES:
            self.error(ctx, 'parameter "%s" is of type %s: only parameters of an AWS-specific '
                            'type have attributes' % (name, param.type), (0,))
            return False
        return _check_attribute(self, ctx, type_name, attribute, (1,))

    def parameter_reference(self):
        if isinstance(self.args, list) and self.args and \
                isinstance(self.args[0], str) and self.args[0] in self.template.parameters:
            yield self.args[0]

    def result(self, scope):
        raise Unresolved('attributes of parameter values are known by the cloud only')


class ValueOfAll(RuleFunction):
    """``[parameter_type, attribute]``: the attribute of every parameter
    value of a type."""
    name = 'Fn::ValueOfAll'
    description = 'An attribute of every value of a parameter type (Rules).'
    usage = '[parameter_type, attribute]'
    parse_args = False

    def check(self, ctx):
        if not self.list_args(ctx, 2):
            return False
        if not _check_type(self, ctx, self.args[0], (0,)):
            return False
        return _check_attribute(self, ctx, self.args[0], self.args[1], (1,))

    def result(self, scope):
        raise Unresolved('attributes of parameter values are known by the cloud only')
