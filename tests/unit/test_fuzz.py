"""Property-based tests: whatever text arrives, validation reports problems
and never raises.

Valid CloudFormation templates are mutated (keys deleted, duplicated or
renamed; values replaced with random JSON, random function calls and Refs)
and rendered as JSON or YAML, sometimes truncated; random YAML-ish text is
fed too.  The property: ``loader.validate`` returns, and every issue has a
message and a line number.

Runs a fixed, reproducible set of examples; ``HEAT_FUZZ_EXAMPLES=5000``
explores that many random ones instead.
"""

from __future__ import annotations

import copy
import json
import os

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from heat_core.template import loader
from tests import base

_EXAMPLES = int(os.environ.get('HEAT_FUZZ_EXAMPLES', '0'))
FUZZ = settings(max_examples=_EXAMPLES or 300, derandomize=not _EXAMPLES, deadline=None,
                database=None, suppress_health_check=list(HealthCheck))

SEEDS = [
    {
        'AWSTemplateFormatVersion': '2010-09-09',
        'Description': 'Values and a random string',
        'Parameters': {
            'Prefix': {'Type': 'String', 'Default': 'web', 'AllowedPattern': '[a-z]+',
                       'Description': 'Name prefix'},
            'Length': {'Type': 'Number', 'Default': 12, 'MinValue': 8, 'MaxValue': 64},
            'Secret': {'Type': 'String', 'NoEcho': True, 'Default': 'not-a-secret'},
        },
        'Resources': {
            'Password': {'Type': 'OS::Heat::RandomString',
                         'Properties': {'length': {'Ref': 'Length'}}},
            'Name': {'Type': 'OS::Heat::Value',
                     'Properties': {'value': {'Fn::Join': ['-', [
                         {'Ref': 'Prefix'}, {'Fn::GetAtt': ['Password', 'value']}]]}}},
            'Nothing': {'Type': 'OS::Heat::None', 'DependsOn': ['Name'],
                        'Properties': {'secret': {'Ref': 'Secret'}}},
        },
        'Outputs': {'Name': {'Value': {'Fn::GetAtt': ['Name', 'value']},
                             'Description': 'The name'}},
    },
    {
        'AWSTemplateFormatVersion': '2010-09-09',
        'Parameters': {
            'Env': {'Type': 'String', 'Default': 'test', 'AllowedValues': ['test', 'prod']},
            'Zones': {'Type': 'CommaDelimitedList', 'Default': 'a,b'},
        },
        'Mappings': {'Sizes': {'test': {'Size': 1}, 'prod': {'Size': 3}}},
        'Conditions': {
            'IsProd': {'Fn::Equals': [{'Ref': 'Env'}, 'prod']},
            'NotProd': {'Fn::Not': [{'Condition': 'IsProd'}]},
        },
        'Resources': {
            'Size': {'Type': 'OS::Heat::Value', 'Properties': {
                'value': {'Fn::FindInMap': ['Sizes', {'Ref': 'Env'}, 'Size']}}},
            'Zone': {'Type': 'OS::Heat::Value', 'Condition': 'IsProd', 'Properties': {
                'value': {'Fn::Select': [0, {'Ref': 'Zones'}]}}},
            'Label': {'Type': 'OS::Heat::Value', 'Properties': {
                'value': {'Fn::If': ['IsProd', {'Fn::Sub': '${Env}-${AWS::StackName}'},
                                     {'Ref': 'AWS::NoValue'}]}}},
        },
        'Outputs': {
            'Size': {'Value': {'Fn::GetAtt': ['Size', 'value']}},
            'Zone': {'Condition': 'IsProd', 'Value': {'Ref': 'Zone'},
                     'Export': {'Name': {'Fn::Sub': '${AWS::StackName}-zone'}}},
        },
    },
    {
        'AWSTemplateFormatVersion': '2010-09-09',
        'Transform': 'AWS::LanguageExtensions',
        'Parameters': {'Names': {'Type': 'CommaDelimitedList', 'Default': 'a,b,c'}},
        'Resources': {
            'Count': {'Type': 'OS::Heat::Value', 'Properties': {
                'value': {'Fn::Length': {'Ref': 'Names'}}}},
            'Doc': {'Type': 'OS::Heat::Value', 'Properties': {
                'value': {'Fn::ToJsonString': {'names': {'Ref': 'Names'}}}}},
            'Encoded': {'Type': 'OS::Heat::Value', 'UpdateReplacePolicy': 'Retain',
                        'DeletionPolicy': 'Retain', 'Properties': {
                            'value': {'Fn::Base64': {'Fn::Join': [',', {
                                'Ref': 'Names'}]}}}},
        },
    },
]

FUNCTION_NAMES = [
    'Ref', 'Condition', 'Fn::GetAtt', 'Fn::Join', 'Fn::Sub', 'Fn::Select', 'Fn::Split',
    'Fn::If', 'Fn::Equals', 'Fn::And', 'Fn::Or', 'Fn::Not', 'Fn::FindInMap', 'Fn::Base64',
    'Fn::Cidr', 'Fn::GetAZs', 'Fn::ImportValue', 'Fn::Length', 'Fn::ToJsonString',
    'Fn::ForEach::Loop', 'Fn::Transform', 'Fn::Replace', 'Fn::MemberListToMap',
    'Fn::ResourceFacade', 'get_param', 'get_attr', 'get_file',
]
REF_TARGETS = ['Prefix', 'Length', 'Secret', 'Env', 'Zones', 'Names', 'Password', 'Name',
               'Nothing', 'Size', 'Zone', 'Label', 'Count', 'AWS::StackName',
               'AWS::NoValue', 'AWS::Region', 'AWS::AccountId', 'IsProd', 'Sizes']

names = st.text(min_size=0, max_size=12)
scalars = st.one_of(st.none(), st.booleans(), st.integers(-10 ** 6, 10 ** 6),
                    st.floats(allow_nan=False, allow_infinity=False), names,
                    st.sampled_from(REF_TARGETS))
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.one_of(names, st.sampled_from(FUNCTION_NAMES)),
                                            inner, max_size=4)),
    max_leaves=12)
function_calls = st.builds(
    lambda name, args: {name: args},
    st.one_of(st.sampled_from(FUNCTION_NAMES), names.map(lambda s: 'Fn::' + s)),
    json_values)
refs = st.builds(lambda target: {'Ref': target},
                 st.one_of(st.sampled_from(REF_TARGETS), json_values))


class DupDict(dict):
    """A map rendered with one of its keys twice (JSON rendering only)."""
    duplicate: str = ''


def render_json(value) -> str:
    if isinstance(value, dict):
        pairs = [(k, v) for k, v in value.items()]
        if isinstance(value, DupDict) and value.duplicate in value:
            pairs.append((value.duplicate, value[value.duplicate]))
        return '{%s}' % ', '.join('%s: %s' % (json.dumps(str(k)), render_json(v))
                                  for k, v in pairs)
    if isinstance(value, list):
        return '[%s]' % ', '.join(render_json(v) for v in value)
    return json.dumps(value)


def slots(tree):
    """Every (container, key) in the tree: places a mutation can act on."""
    out = []
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                out.append((node, key))
                stack.append(value)
        elif isinstance(node, list):
            for i, value in enumerate(node):
                out.append((node, i))
                stack.append(value)
    return out


MUTATIONS = ('delete', 'duplicate', 'rename', 'replace', 'function', 'ref')


@st.composite
def mutated_templates(draw):
    """(text, file name) of a seed template after 1-5 mutations."""
    tree = copy.deepcopy(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 5))):
        places = slots(tree)
        if not places:
            break
        container, key = draw(st.sampled_from(places))
        op = draw(st.sampled_from(MUTATIONS))
        if op == 'delete':
            del container[key]
        elif op == 'duplicate' and isinstance(container, dict):
            dup = DupDict(container)
            dup.duplicate = key
            if container is tree:
                tree = dup
            else:
                _replace(tree, container, dup)
        elif op == 'rename' and isinstance(container, dict):
            new = draw(st.one_of(names, st.just(str(key).lower()), st.just(str(key) + 's'),
                                 st.sampled_from(FUNCTION_NAMES)))
            container[new] = container.pop(key)
        elif op == 'function':
            container[key] = draw(function_calls)
        elif op == 'ref':
            container[key] = draw(refs)
        else:
            container[key] = draw(json_values)
    as_yaml = draw(st.booleans()) and not _has_dup(tree)
    text = yaml.safe_dump(_plain(tree), sort_keys=False) if as_yaml else render_json(tree)
    if draw(st.integers(0, 5)) == 0:
        text = text[:draw(st.integers(0, len(text)))]
    return text, 'fuzz.yaml' if as_yaml else 'fuzz.json'


def _replace(tree, old, new):
    """Put ``new`` where ``old`` is in the tree (by identity)."""
    for container, key in slots(tree):
        if container[key] is old:
            container[key] = new
            return


def _has_dup(tree):
    return any(isinstance(c[k], DupDict) for c, k in slots(tree)) or isinstance(tree, DupDict)


def _plain(value):
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


YAML_PIECES = ['AWSTemplateFormatVersion: "2010-09-09"\n', 'Resources:\n', 'Parameters:\n',
               '  A:\n', '    Type: OS::Heat::Value\n', '    Properties: {value: !Ref B}\n',
               '- ', ': ', '{', '}', '[', ']', '!GetAtt A.value', '!Sub "${', '&a ', '*a',
               '"', "'", '\t', '\n', '  ', '#', '---\n', '%YAML 1.2\n', '? ', '|\n', '>-\n',
               '\\u0000', '\x00', '\ufeff', '2010-09-09', 'null', '~', '.inf', '0x1F']
yaml_texts = st.lists(st.one_of(st.sampled_from(YAML_PIECES), st.text(max_size=8)),
                      max_size=30).map(''.join)


class TestValidateNeverRaises(base.TestCase):

    def check(self, text, name):
        loaded = loader.validate(text, name)
        for issue in loaded.issues:
            self.assertTrue(issue.message, 'issue without a message: %r' % (issue,))
            self.assertIsNotNone(issue.line, 'issue without a line: %s' % issue)
        return loaded

    @FUZZ
    @given(mutated_templates())
    def test_mutated_templates_give_located_issues(self, case):
        self.check(*case)

    @FUZZ
    @given(yaml_texts)
    def test_random_yaml_text_gives_located_issues(self, text):
        self.check(text, 'random.yaml')

    @FUZZ
    @given(json_values)
    def test_random_json_documents_give_located_issues(self, value):
        self.check(json.dumps(value), 'random.json')

    @FUZZ
    @given(st.sampled_from(SEEDS), st.data())
    def test_truncated_templates_give_located_issues(self, seed, data):
        text = yaml.safe_dump(seed, sort_keys=False)
        self.check(text[:data.draw(st.integers(0, len(text)))], 'truncated.yaml')
