"""The CloudFormation Query API answers as AWS does where it is easy to get
subtly wrong: capabilities (which IAM resources need NAMED_IAM, which the
request acknowledged), GetTemplate's body as sent, and signals that reach
a wait condition handle before it is created."""

from __future__ import annotations

import json
import textwrap
import time

from tests.functional.test_api_cfn_base import CfnTestCase

USER_AND_KEY = textwrap.dedent('''\
    AWSTemplateFormatVersion: '2010-09-09'
    Resources:
      Agent:
        Type: AWS::IAM::User
      AgentKey:
        Type: AWS::IAM::AccessKey
        Properties:
          UserName: {Ref: Agent}
    ''')

#: YAML with comments, anchors' worth of spacing and key order a JSON dump would lose
YAML_BODY = textwrap.dedent('''\
    # a comment that only the original text keeps
    AWSTemplateFormatVersion: '2010-09-09'
    Description: kept as sent
    Resources:
      Zulu: {Type: OS::Heat::None}     # flow style
      Alpha:
        Type: OS::Heat::None
    ''')

JSON_BODY = ('{"AWSTemplateFormatVersion": "2010-09-09",\n'
             '   "Resources": {"Only": {"Type": "OS::Heat::None"}}}')

#: the handle is created only after Gate got its signal: a signal sent to
#: the handle before must still count for Wait
LATE_HANDLE = textwrap.dedent('''\
    AWSTemplateFormatVersion: '2010-09-09'
    Resources:
      Gate:
        Type: AWS::CloudFormation::WaitCondition
        CreationPolicy: {ResourceSignal: {Count: 1, Timeout: PT1M}}
      Handle:
        Type: AWS::CloudFormation::WaitConditionHandle
        DependsOn: Gate
      Wait:
        Type: AWS::CloudFormation::WaitCondition
        Properties: {Handle: {Ref: Handle}, Timeout: 5, Count: 1}
    Outputs:
      Data: {Value: {'Fn::GetAtt': [Wait, Data]}}
    ''')


class TestIamCapabilities(CfnTestCase):

    def test_an_access_key_of_a_user_needs_only_capability_iam(self):
        summary = self.cfn.get_template_summary(TemplateBody=USER_AND_KEY)
        validated = self.cfn.validate_template(TemplateBody=USER_AND_KEY)
        name, _ = self.create(USER_AND_KEY, Capabilities=['CAPABILITY_IAM'])
        self.assertEqual((['CAPABILITY_IAM'], ['CAPABILITY_IAM'], 'CREATE_COMPLETE'),
                         (summary['Capabilities'], validated['Capabilities'],
                          self.cfn.describe_stacks(StackName=name)['Stacks'][0]['StackStatus']))


class TestStoredCapabilities(CfnTestCase):

    def test_describe_stacks_gives_the_capabilities_the_create_passed(self):
        name, _ = self.create(USER_AND_KEY, Capabilities=['CAPABILITY_NAMED_IAM',
                                                          'CAPABILITY_AUTO_EXPAND'])
        self.assertEqual(['CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND'],
                         self.cfn.describe_stacks(StackName=name)['Stacks'][0]['Capabilities'])

    def test_a_stack_created_without_capabilities_shows_none(self):
        name, _ = self.create(JSON_BODY)
        self.assertEqual([], self.cfn.describe_stacks(StackName=name)['Stacks'][0].get(
            'Capabilities', []))

    def test_an_update_replaces_them_with_its_own(self):
        name, _ = self.create(USER_AND_KEY, Capabilities=['CAPABILITY_NAMED_IAM'])
        self.cfn.update_stack(StackName=name,
                              TemplateBody=USER_AND_KEY + '  Other: {Type: OS::Heat::None}\n',
                              Capabilities=['CAPABILITY_IAM'])
        self.wait(self.cfn, 'stack_update_complete', name)
        self.assertEqual(['CAPABILITY_IAM'],
                         self.cfn.describe_stacks(StackName=name)['Stacks'][0]['Capabilities'])

    def test_an_executed_change_set_gives_the_stack_its_capabilities(self):
        name = self.name()
        self.cfn.create_change_set(StackName=name, ChangeSetName='first',
                                   ChangeSetType='CREATE', TemplateBody=USER_AND_KEY,
                                   Capabilities=['CAPABILITY_IAM'])
        self.cfn.get_waiter('change_set_create_complete').wait(
            StackName=name, ChangeSetName='first', WaiterConfig={'Delay': 0.05,
                                                                 'MaxAttempts': 600})
        self.cfn.execute_change_set(StackName=name, ChangeSetName='first')
        self.wait(self.cfn, 'stack_create_complete', name)
        self.assertEqual(['CAPABILITY_IAM'],
                         self.cfn.describe_stacks(StackName=name)['Stacks'][0]['Capabilities'])


class TestTemplateBody(CfnTestCase):
    """GetTemplate answers TemplateBody verbatim, as AWS does."""

    def raw_body(self, name: str) -> str:
        # boto3 parses a JSON body into a dict (and YAML it leaves as text):
        # read the wire to compare the text itself
        resp = self.send(self.signed_v4({'Action': 'GetTemplate', 'Version': '2010-05-15',
                                         'StackName': name}))
        self.assertEqual(200, resp.status_code, resp.text)
        from xml.etree import ElementTree as ET

        from tests.functional.test_api_cfn_base import NS
        return ET.fromstring(resp.content).findtext(
            '%sGetTemplateResult/%sTemplateBody' % (NS, NS))

    def test_a_yaml_template_comes_back_as_the_yaml_sent(self):
        name, _ = self.create(YAML_BODY)
        self.assertEqual((YAML_BODY, YAML_BODY),
                         (self.cfn.get_template(StackName=name)['TemplateBody'],
                          self.raw_body(name)))

    def test_a_json_template_comes_back_as_the_json_text_sent(self):
        name, _ = self.create(JSON_BODY)
        self.assertEqual(JSON_BODY, self.raw_body(name))

    def test_use_previous_template_keeps_the_text(self):
        name, _ = self.create(YAML_BODY.replace('Description: kept as sent\n',
                                                'Description: kept as sent\nParameters:\n'
                                                '  N: {Type: String, Default: a}\n'))
        self.cfn.update_stack(StackName=name, UsePreviousTemplate=True,
                              Parameters=[{'ParameterKey': 'N', 'ParameterValue': 'b'}])
        self.wait(self.cfn, 'stack_update_complete', name)
        body = self.raw_body(name)
        self.assertEqual((True, True), (body.startswith('# a comment'),
                                        'N: {Type: String, Default: a}' in body))


class TestEarlySignals(CfnTestCase):

    def status(self, name: str, resource: str) -> str:
        return self.cfn.describe_stack_resource(
            StackName=name, LogicalResourceId=resource)['StackResourceDetail']['ResourceStatus']

    def until(self, name: str, resource: str, word: str) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.status(name, resource) == word:
                return
            time.sleep(0.02)
        self.fail('%s never reached %s' % (resource, word))

    def test_a_signal_sent_to_a_handle_not_yet_created_is_kept(self):
        name, _ = self.create(LATE_HANDLE, wait=False, OnFailure='DO_NOTHING')
        self.until(name, 'Gate', 'CREATE_IN_PROGRESS')
        handle_before = self.status(name, 'Handle')
        self.cfn.signal_resource(StackName=name, LogicalResourceId='Handle',
                                 UniqueId='early', Status='SUCCESS')
        self.cfn.signal_resource(StackName=name, LogicalResourceId='Gate',
                                 UniqueId='gate', Status='SUCCESS')
        self.wait(self.cfn, 'stack_create_complete', name)
        stack = self.cfn.describe_stacks(StackName=name)['Stacks'][0]
        self.assertEqual(('INIT_COMPLETE', 'CREATE_COMPLETE', {'early': ''}),
                         (handle_before, stack['StackStatus'],
                          json.loads(stack['Outputs'][0]['OutputValue'])))
