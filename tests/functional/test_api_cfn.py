"""The CloudFormation Query API with boto3: stack lifecycle, waiters,
descriptions, paging, idempotent retries, capabilities, NoEcho, templates,
change sets and errors."""

from __future__ import annotations

import json
import os
import tempfile
import textwrap

from tests.functional.test_api_cfn_base import NS, TEMPLATE, CfnTestCase

IAM_TEMPLATE = textwrap.dedent('''\
    AWSTemplateFormatVersion: '2010-09-09'
    Resources:
      Agent:
        Type: AWS::IAM::User
    ''')

NAMED_IAM_TEMPLATE = textwrap.dedent('''\
    AWSTemplateFormatVersion: '2010-09-09'
    Resources:
      Agent:
        Type: AWS::IAM::User
        Properties: {UserName: agent-smith}
    ''')

ONE = textwrap.dedent('''\
    AWSTemplateFormatVersion: '2010-09-09'
    Resources:
      Only: {Type: OS::Heat::None}
    ''')

FAILING = textwrap.dedent('''\
    AWSTemplateFormatVersion: '2010-09-09'
    Resources:
      Fine: {Type: OS::Heat::None}
      Failing:
        Type: OS::Heat::TestResource
        DependsOn: Fine
        Properties: {fail: true}
    ''')

BROKEN = textwrap.dedent('''\
    AWSTemplateFormatVersion: '2010-09-09'
    Resources:
      Broken: {Type: OS::Heat::Nope}
    ''')


EXPORTER = textwrap.dedent('''\
    AWSTemplateFormatVersion: '2010-09-09'
    Resources:
      Net: {Type: OS::Heat::Value, Properties: {value: vpc-1}}
    Outputs:
      NetId:
        Value: {'Fn::GetAtt': [Net, value]}
        Export: {Name: {'Fn::Sub': '${AWS::StackName}-net'}}
    ''')

IMPORTER = textwrap.dedent('''\
    AWSTemplateFormatVersion: '2010-09-09'
    Parameters:
      Net: {Type: String}
    Resources:
      App:
        Type: OS::Heat::Value
        Properties: {value: {'Fn::ImportValue': {'Fn::Sub': '${Net}-net'}}}
    ''')


def outputs(stack: dict) -> dict:
    return {o['OutputKey']: o['OutputValue'] for o in stack.get('Outputs', [])}


def parameters(stack: dict) -> dict:
    return {p['ParameterKey']: p['ParameterValue'] for p in stack.get('Parameters', [])}


class TestStackLifecycle(CfnTestCase):

    def test_create_update_delete_with_waiters(self):
        name = self.name()
        stack_id = self.cfn.create_stack(
            StackName=name, TemplateBody=TEMPLATE, TimeoutInMinutes=5,
            Parameters=[{'ParameterKey': 'Name', 'ParameterValue': 'first'}],
            Tags=[{'Key': 'team', 'Value': 'blue'}])['StackId']
        self.assertRegex(stack_id, r'^arn:openstack:heat::%s:stacks/%s/[-0-9a-f]{36}$'
                         % (self.alpha['project_id'], name))
        self.wait(self.cfn, 'stack_create_complete', name)

        events = self.cfn.describe_stack_events(StackName=name)['StackEvents']
        seen = [(e['LogicalResourceId'], e['ResourceStatus']) for e in events]
        self.assertEqual((name, 'CREATE_COMPLETE'), seen[0])      # newest first
        for resource in ('First', 'Second'):
            self.assertIn((resource, 'CREATE_COMPLETE'), seen)
        self.assertEqual({'AWS::CloudFormation::Stack', 'OS::Heat::None', 'OS::Heat::Value'},
                         {e['ResourceType'] for e in events})

        stack = self.cfn.describe_stacks(StackName=name)['Stacks'][0]
        self.assertEqual(stack_id, stack['StackId'])
        self.assertEqual('CREATE_COMPLETE', stack['StackStatus'])
        self.assertEqual('Two things', stack['Description'])
        self.assertEqual({'Shown': 'first'}, outputs(stack))
        self.assertEqual('first', parameters(stack)['Name'])
        self.assertEqual([{'Key': 'team', 'Value': 'blue'}], stack['Tags'])
        self.assertEqual(5, stack['TimeoutInMinutes'])
        self.assertFalse(stack['DisableRollback'])
        self.assertIn('CreationTime', stack)

        self.cfn.update_stack(StackName=name, UsePreviousTemplate=True, Parameters=[
            {'ParameterKey': 'Name', 'ParameterValue': 'second'}])
        self.wait(self.cfn, 'stack_update_complete', name)
        stack = self.cfn.describe_stacks(StackName=name)['Stacks'][0]
        self.assertEqual('UPDATE_COMPLETE', stack['StackStatus'])
        self.assertEqual({'Shown': 'second'}, outputs(stack))

        self.cfn.delete_stack(StackName=name)
        self.wait(self.cfn, 'stack_delete_complete', name)
        self.raises('ValidationError', 400, self.cfn.describe_stacks, StackName=name,
                    message='Stack with id %s does not exist' % name)
        # by its id a deleted stack is still described
        gone = self.cfn.describe_stacks(StackName=stack_id)['Stacks'][0]
        self.assertEqual('DELETE_COMPLETE', gone['StackStatus'])

    def test_failed_create_rolls_back_and_the_waiter_says_so(self):
        from botocore.exceptions import WaiterError
        name = self.name()
        self.cfn.create_stack(StackName=name, TemplateBody=FAILING)
        self.assertRaises(WaiterError, self.wait, self.cfn, 'stack_create_complete', name)
        stack = self.cfn.describe_stacks(StackName=name)['Stacks'][0]
        self.assertIn(stack['StackStatus'], ('ROLLBACK_COMPLETE', 'ROLLBACK_FAILED'))

    def test_on_failure_do_nothing_keeps_the_failed_stack(self):
        name, _ = self.create(FAILING, wait=False, OnFailure='DO_NOTHING')
        from botocore.exceptions import WaiterError
        self.assertRaises(WaiterError, self.wait, self.cfn, 'stack_create_complete', name)
        stack = self.cfn.describe_stacks(StackName=name)['Stacks'][0]
        self.assertEqual('CREATE_FAILED', stack['StackStatus'])
        self.assertTrue(stack['DisableRollback'])
        self.assertTrue(stack['StackStatusReason'])

    def test_disable_rollback_with_on_failure_is_refused(self):
        self.raises('ValidationError', 400, self.cfn.create_stack, StackName=self.name(),
                    TemplateBody=ONE, DisableRollback=True, OnFailure='DELETE',
                    message='either DisableRollback or OnFailure')

    def test_update_keeps_previous_values_only_when_asked(self):
        name, _ = self.create(Parameters=[{'ParameterKey': 'Name', 'ParameterValue': 'kept'}])
        grown = TEMPLATE.replace('Outputs:', '  Third: {Type: OS::Heat::None}\nOutputs:')
        self.cfn.update_stack(StackName=name, TemplateBody=grown, Parameters=[
            {'ParameterKey': 'Name', 'UsePreviousValue': True}])
        self.wait(self.cfn, 'stack_update_complete', name)
        self.assertEqual('kept', parameters(self.cfn.describe_stacks(
            StackName=name)['Stacks'][0])['Name'])
        # not given: the default again, as in CloudFormation
        self.cfn.update_stack(StackName=name, UsePreviousTemplate=True)
        self.wait(self.cfn, 'stack_update_complete', name)
        self.assertEqual('web', parameters(self.cfn.describe_stacks(
            StackName=name)['Stacks'][0])['Name'])

    def test_update_without_changes_is_refused_as_aws_does(self):
        name, _ = self.create(ONE)
        self.raises('ValidationError', 400, self.cfn.update_stack, StackName=name,
                    UsePreviousTemplate=True, message='No updates are to be performed.')
        self.raises('ValidationError', 400, self.cfn.update_stack, StackName=name,
                    TemplateBody=ONE, message='No updates are to be performed.')

    def test_client_request_token_makes_create_idempotent(self):
        name = self.name()
        first = self.cfn.create_stack(StackName=name, TemplateBody=ONE,
                                      ClientRequestToken='retry-1')['StackId']
        again = self.cfn.create_stack(StackName=name, TemplateBody=ONE,
                                      ClientRequestToken='retry-1')['StackId']
        self.assertEqual(first, again)
        self.wait(self.cfn, 'stack_create_complete', name)
        listed = [s for s in self.cfn.list_stacks()['StackSummaries']
                  if s['StackName'] == name]
        self.assertEqual([first], [s['StackId'] for s in listed])
        # without the token a second create is refused as AWS refuses it
        self.raises('AlreadyExistsException', 400, self.cfn.create_stack, StackName=name,
                    TemplateBody=ONE)

    def test_delete_of_an_unknown_stack_succeeds(self):
        self.cfn.delete_stack(StackName='never-was')
        self.raises('ValidationError', 400, self.cfn.describe_stacks, StackName='never-was')

    def test_every_stack_action_on_a_deleted_stack_says_it_does_not_exist(self):
        name, _ = self.create(ONE)
        self.cfn.delete_stack(StackName=name)
        self.wait(self.cfn, 'stack_delete_complete', name)
        calls = (
            (self.cfn.describe_stacks, {}),
            (self.cfn.describe_stack_events, {}),
            (self.cfn.describe_stack_resource, {'LogicalResourceId': 'Only'}),
            (self.cfn.describe_stack_resources, {}),
            (self.cfn.list_stack_resources, {}),
            (self.cfn.get_template, {}),
            (self.cfn.get_template_summary, {}),
            (self.cfn.update_stack, {'UsePreviousTemplate': True}),
            (self.cfn.cancel_update_stack, {}),
            (self.cfn.continue_update_rollback, {}),
            (self.cfn.signal_resource, {'LogicalResourceId': 'Only', 'UniqueId': 'x',
                                        'Status': 'SUCCESS'}))
        for call, extra in calls:
            self.raises('ValidationError', 400, call, StackName=name, **extra,
                        message='Stack with id %s does not exist' % name)

    def test_cancel_update_only_while_updating(self):
        name, _ = self.create(ONE)
        self.raises('ValidationError', 400, self.cfn.cancel_update_stack, StackName=name,
                    message='CancelUpdateStack cannot be called')
        self.raises('ValidationError', 400, self.cfn.continue_update_rollback,
                    StackName=name)

    def test_invalid_stack_name_is_a_validation_error(self):
        self.raises('ValidationError', 400, self.cfn.create_stack, StackName='1-bad_name',
                    TemplateBody=ONE, message='regular expression pattern')


class TestCapabilitiesAndSecrets(CfnTestCase):

    def test_iam_resources_need_capability_iam(self):
        self.raises('InsufficientCapabilitiesException', 400, self.cfn.create_stack,
                    StackName=self.name(), TemplateBody=IAM_TEMPLATE,
                    message='Requires capabilities : [CAPABILITY_IAM]')
        name, _ = self.create(IAM_TEMPLATE, Capabilities=['CAPABILITY_IAM'])
        stack = self.cfn.describe_stacks(StackName=name)['Stacks'][0]
        self.assertEqual('CREATE_COMPLETE', stack['StackStatus'])
        self.assertEqual(['CAPABILITY_IAM'], stack['Capabilities'])

    def test_named_iam_resources_need_capability_named_iam(self):
        self.raises('InsufficientCapabilitiesException', 400, self.cfn.create_stack,
                    StackName=self.name(), TemplateBody=NAMED_IAM_TEMPLATE,
                    Capabilities=['CAPABILITY_IAM'],
                    message='[CAPABILITY_NAMED_IAM]')

    def test_no_echo_parameters_are_masked_everywhere(self):
        secret = 'correct-horse-battery'
        name, stack_id = self.create(Parameters=[
            {'ParameterKey': 'Password', 'ParameterValue': secret}])
        stack = self.cfn.describe_stacks(StackName=name)['Stacks'][0]
        self.assertEqual('****', parameters(stack)['Password'])
        for action in ('DescribeStacks', 'DescribeStackEvents', 'ListStackResources',
                       'DescribeStackResources', 'GetTemplate'):
            resp = self.send(self.signed_v4({'Action': action, 'Version': '2010-05-15',
                                             'StackName': name}))
            self.assertEqual(200, resp.status_code, resp.text)
            self.assertNotIn(secret, resp.text)


class TestReads(CfnTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stack_name = 'reads'
        cls.stack_id = cls.cfn.create_stack(StackName=cls.stack_name,
                                            TemplateBody=TEMPLATE)['StackId']
        cls.wait(cls.cfn, 'stack_create_complete', cls.stack_name)

    def test_describe_stack_resource_gives_metadata_as_json_text(self):
        detail = self.cfn.describe_stack_resource(
            StackName=self.stack_name, LogicalResourceId='First')['StackResourceDetail']
        self.assertEqual('OS::Heat::None', detail['ResourceType'])
        self.assertEqual('CREATE_COMPLETE', detail['ResourceStatus'])
        self.assertEqual(self.stack_id, detail['StackId'])
        self.assertEqual({'config': {'files': {'/etc/motd': {'content': 'web'}}}},
                         json.loads(detail['Metadata'])['AWS::CloudFormation::Init'])

    def test_unknown_resource_is_a_validation_error(self):
        self.raises('ValidationError', 400, self.cfn.describe_stack_resource,
                    StackName=self.stack_name, LogicalResourceId='Nope')

    def test_describe_stack_resources_by_stack_logical_or_physical_id(self):
        every = self.cfn.describe_stack_resources(StackName=self.stack_name)['StackResources']
        self.assertEqual({'First', 'Second'}, {r['LogicalResourceId'] for r in every})
        one = self.cfn.describe_stack_resources(StackName=self.stack_name,
                                                LogicalResourceId='Second')['StackResources']
        self.assertEqual(['Second'], [r['LogicalResourceId'] for r in one])
        physical = one[0]['PhysicalResourceId']
        found = self.cfn.describe_stack_resources(PhysicalResourceId=physical)
        self.assertEqual({self.stack_id}, {r['StackId'] for r in found['StackResources']})
        self.raises('ValidationError', 400, self.cfn.describe_stack_resources)

    def test_list_stack_resources(self):
        summaries = self.cfn.list_stack_resources(
            StackName=self.stack_name)['StackResourceSummaries']
        self.assertEqual({'First': 'OS::Heat::None', 'Second': 'OS::Heat::Value'},
                         {r['LogicalResourceId']: r['ResourceType'] for r in summaries})

    def test_get_template_returns_the_template(self):
        # the YAML as sent (boto3 parses only a JSON body into a dict)
        body = self.cfn.get_template(StackName=self.stack_name)['TemplateBody']
        self.assertEqual(TEMPLATE, body)

    def test_stack_by_arn(self):
        stack = self.cfn.describe_stacks(StackName=self.stack_id)['Stacks'][0]
        self.assertEqual(self.stack_name, stack['StackName'])
        other = self.stack_id.replace(':stacks/reads/', ':stacks/other/')
        self.raises('ValidationError', 400, self.cfn.describe_stacks, StackName=other)

    def test_served_under_v1_too(self):
        client = self.client(self.alpha, path='/v1')
        self.assertEqual(self.stack_name, client.describe_stacks(
            StackName=self.stack_name)['Stacks'][0]['StackName'])


class TestPaging(CfnTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for i in range(3):
            cls.cfn.create_stack(StackName='paged-%d' % i, TemplateBody=ONE)
        for i in range(3):
            cls.wait(cls.cfn, 'stack_create_complete', 'paged-%d' % i)

    def setUp(self):
        super().setUp()
        self.config(page_size=2, group='heat_api_cfn')

    def test_list_stacks_pages_with_next_token(self):
        first = self.cfn.list_stacks()
        self.assertEqual(2, len(first['StackSummaries']))
        second = self.cfn.list_stacks(NextToken=first['NextToken'])
        self.assertNotIn('NextToken', second)
        names = [s['StackName'] for s in first['StackSummaries'] + second['StackSummaries']]
        self.assertEqual(sorted(['paged-0', 'paged-1', 'paged-2']), sorted(names))

    def test_paginator_walks_every_page(self):
        pages = list(self.cfn.get_paginator('describe_stacks').paginate())
        self.assertEqual(2, len(pages))
        self.assertEqual(3, sum(len(p['Stacks']) for p in pages))

    def test_status_filter(self):
        found = self.cfn.list_stacks(StackStatusFilter=['CREATE_COMPLETE'])
        self.assertTrue(found['StackSummaries'])
        none = self.cfn.list_stacks(StackStatusFilter=['UPDATE_COMPLETE'])
        self.assertEqual([], none['StackSummaries'])
        self.raises('ValidationError', 400, self.cfn.list_stacks,
                    StackStatusFilter=['SLEEPING'])

    def test_stack_events_page(self):
        pages = list(self.cfn.get_paginator('describe_stack_events').paginate(
            StackName='paged-0'))
        events = [e for p in pages for e in p['StackEvents']]
        self.assertGreater(len(pages), 1)
        self.assertEqual(len(events), len({e['EventId'] for e in events}))

    def test_bad_next_token_is_a_validation_error(self):
        self.raises('ValidationError', 400, self.cfn.list_stacks, NextToken='garbage!')


class TestTemplates(CfnTestCase):

    def test_validate_template(self):
        result = self.cfn.validate_template(TemplateBody=TEMPLATE)
        self.assertEqual('Two things', result['Description'])
        shown = {p['ParameterKey']: p for p in result['Parameters']}
        self.assertEqual('web', shown['Name']['DefaultValue'])
        self.assertTrue(shown['Password']['NoEcho'])
        self.assertEqual(['CAPABILITY_IAM'],
                         self.cfn.validate_template(TemplateBody=IAM_TEMPLATE)['Capabilities'])

    def test_invalid_template_is_a_validation_error(self):
        exc = self.raises('ValidationError', 400, self.cfn.validate_template,
                          TemplateBody=BROKEN, message='Template format error')
        self.assertIn('OS::Heat::Nope', exc.response['Error']['Message'])
        self.raises('ValidationError', 400, self.cfn.create_stack, StackName=self.name(),
                    TemplateBody=BROKEN)

    def test_template_body_or_url_is_required(self):
        self.raises('ValidationError', 400, self.cfn.validate_template,
                    message='Either Template URL or Template Body')

    def test_template_summary(self):
        summary = self.cfn.get_template_summary(TemplateBody=TEMPLATE)
        self.assertEqual(['OS::Heat::None', 'OS::Heat::Value'], summary['ResourceTypes'])
        self.assertEqual('2010-09-09', summary['Version'])
        password = [p for p in summary['Parameters'] if p['ParameterKey'] == 'Password'][0]
        self.assertEqual('****', password['DefaultValue'])

    def test_template_url_reads_only_configured_directories(self):
        folder = tempfile.mkdtemp(dir=os.environ.get('XDG_DATA_HOME'))
        path = os.path.join(folder, 'one.yaml')
        with open(path, 'w') as f:
            f.write(ONE)
        self.raises('ValidationError', 400, self.cfn.validate_template,
                    TemplateURL='file://' + path, message='template_dirs')
        self.config(template_dirs=[folder], group='heat_api_cfn')
        self.assertEqual([], self.cfn.validate_template(TemplateURL='file://' + path)[
            'Parameters'])
        self.raises('ValidationError', 400, self.cfn.validate_template,
                    TemplateURL='file:///etc/passwd', message='template_dirs')
        self.raises('ValidationError', 400, self.cfn.validate_template,
                    TemplateURL='ftp://example.com/t.yaml')

    def test_estimate_template_cost_gives_a_url(self):
        url = self.cfn.estimate_template_cost(TemplateBody=ONE)['Url']
        self.assertRegex(url, r'^(data|https?):')
        self.raises('ValidationError', 400, self.cfn.estimate_template_cost,
                    TemplateBody=BROKEN)


class TestChangeSets(CfnTestCase):

    def test_update_change_set_describe_execute(self):
        name, stack_id = self.create(ONE)
        two = ONE + '  Extra: {Type: OS::Heat::None}\n'
        made = self.cfn.create_change_set(StackName=name, ChangeSetName='add-extra',
                                          TemplateBody=two)
        self.assertEqual(stack_id, made['StackId'])
        self.assertIn(':changeSet/add-extra/', made['Id'])
        self.cfn.get_waiter('change_set_create_complete').wait(
            StackName=name, ChangeSetName='add-extra', WaiterConfig={'Delay': 0.05})
        described = self.cfn.describe_change_set(StackName=name, ChangeSetName='add-extra')
        self.assertEqual('AVAILABLE', described['ExecutionStatus'])
        self.assertEqual([('Add', 'Extra')], [
            (c['ResourceChange']['Action'], c['ResourceChange']['LogicalResourceId'])
            for c in described['Changes']])
        self.assertEqual(['add-extra'], [s['ChangeSetName'] for s in self.cfn.list_change_sets(
            StackName=name)['Summaries']])
        self.cfn.execute_change_set(StackName=name, ChangeSetName=made['Id'])
        self.wait(self.cfn, 'stack_update_complete', name)
        resources = self.cfn.list_stack_resources(StackName=name)['StackResourceSummaries']
        self.assertEqual({'Only', 'Extra'}, {r['LogicalResourceId'] for r in resources})

    def test_create_change_set_then_delete_it(self):
        name = self.name()
        made = self.cfn.create_change_set(StackName=name, ChangeSetName='first',
                                          TemplateBody=ONE, ChangeSetType='CREATE')
        self.cfn.delete_change_set(ChangeSetName=made['Id'])
        self.raises('ChangeSetNotFound', 404, self.cfn.describe_change_set,
                    ChangeSetName=made['Id'])


WAITING = textwrap.dedent('''\
    AWSTemplateFormatVersion: '2010-09-09'
    Resources:
      Handle: {Type: AWS::CloudFormation::WaitConditionHandle}
      Wait:
        Type: AWS::CloudFormation::WaitCondition
        Properties: {Handle: {Ref: Handle}, Timeout: 60, Count: 1}
    ''')


class TestSignals(CfnTestCase):

    def created(self, name: str, resource: str) -> None:
        """Until ``resource`` exists (a server signals once it runs)."""
        import time
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            detail = self.cfn.describe_stack_resource(
                StackName=name, LogicalResourceId=resource)['StackResourceDetail']
            if detail['ResourceStatus'] == 'CREATE_COMPLETE':
                return
            time.sleep(0.02)
        self.fail('%s not created' % resource)

    def test_signal_resource_completes_a_wait_condition(self):
        name, _ = self.create(WAITING, wait=False)
        self.created(name, 'Handle')
        self.cfn.signal_resource(StackName=name, LogicalResourceId='Handle',
                                 UniqueId='instance-1', Status='SUCCESS')
        self.wait(self.cfn, 'stack_create_complete', name)
        self.assertIn(('Handle', 'SIGNAL_COMPLETE'), [
            (e['LogicalResourceId'], e['ResourceStatus'])
            for e in self.cfn.describe_stack_events(StackName=name)['StackEvents']])

    def test_failure_signal_fails_the_create(self):
        from botocore.exceptions import WaiterError
        name, _ = self.create(WAITING, wait=False, OnFailure='DO_NOTHING')
        self.created(name, 'Handle')
        self.cfn.signal_resource(StackName=name, LogicalResourceId='Handle',
                                 UniqueId='instance-1', Status='FAILURE')
        self.assertRaises(WaiterError, self.wait, self.cfn, 'stack_create_complete', name)
        self.assertEqual('CREATE_FAILED', self.cfn.describe_stacks(
            StackName=name)['Stacks'][0]['StackStatus'])

    def test_bad_status_and_unknown_resource(self):
        name, _ = self.create(ONE)
        self.raises('ValidationError', 400, self.cfn.signal_resource, StackName=name,
                    LogicalResourceId='Only', UniqueId='x', Status='MAYBE')
        self.raises('ValidationError', 400, self.cfn.signal_resource, StackName=name,
                    LogicalResourceId='Nope', UniqueId='x', Status='SUCCESS')


class TestExports(CfnTestCase):

    def test_list_exports_then_list_imports(self):
        net, net_id = self.create(EXPORTER)
        exports = self.cfn.list_exports()['Exports']
        self.assertIn({'ExportingStackId': net_id, 'Name': net + '-net', 'Value': 'vpc-1'},
                      exports)
        self.raises('ValidationError', 400, self.cfn.list_imports, ExportName=net + '-net',
                    message="Export '%s-net' is not imported by any stack." % net)
        app, _ = self.create(IMPORTER, Parameters=[{'ParameterKey': 'Net',
                                                    'ParameterValue': net}])
        self.assertEqual([app], self.cfn.list_imports(ExportName=net + '-net')['Imports'])

    def test_list_imports_of_an_unknown_export_is_a_validation_error(self):
        self.raises('ValidationError', 400, self.cfn.list_imports, ExportName='nope',
                    message="Export 'nope' is not imported by any stack.")

    def test_a_stack_whose_export_is_imported_is_not_deleted(self):
        net, _ = self.create(EXPORTER)
        app, _ = self.create(IMPORTER, Parameters=[{'ParameterKey': 'Net',
                                                    'ParameterValue': net}])
        self.raises('ValidationError', 400, self.cfn.delete_stack, StackName=net,
                    message='Export "%s-net" cannot be deleted as it is in use by stack "%s"'
                    % (net, app))
        self.assertEqual('CREATE_COMPLETE',
                         self.cfn.describe_stacks(StackName=net)['Stacks'][0]['StackStatus'])

    def test_another_projects_exports_are_not_seen(self):
        net, _ = self.create(EXPORTER)
        beta = self.client(self.beta)
        self.assertNotIn(net + '-net', [e['Name'] for e in beta.list_exports()['Exports']])
        self.raises('ValidationError', 400, beta.list_imports, ExportName=net + '-net')


class TestWireErrors(CfnTestCase):

    def test_unknown_action_is_invalid_action(self):
        resp = self.send(self.signed_v4({'Action': 'FlyToTheMoon', 'Version': '2010-05-15'}))
        self.assertErrorDocument(resp, 400, 'InvalidAction', 'FlyToTheMoon')

    def test_other_version_is_invalid_action(self):
        resp = self.send(self.signed_v4({'Action': 'DescribeStacks', 'Version': '2011-01-01'}))
        self.assertErrorDocument(resp, 400, 'InvalidAction')

    def test_missing_action(self):
        self.assertErrorDocument(self.send(self.signed_v4({'Version': '2010-05-15'})), 400,
                                 'MissingAction')

    def test_unknown_path_is_not_found(self):
        resp = self.send(self.signed_v4({'Action': 'DescribeStacks'}, path='/v2/things'))
        self.assertErrorDocument(resp, 404, 'NotFound')

    def test_bad_boolean_is_a_validation_error(self):
        resp = self.send(self.signed_v4({'Action': 'CreateStack', 'StackName': 'x',
                                         'TemplateBody': ONE, 'DisableRollback': 'maybe'}))
        self.assertErrorDocument(resp, 400, 'ValidationError', 'true or false')

    def test_missing_parameter(self):
        resp = self.send(self.signed_v4({'Action': 'DescribeStackResource',
                                         'StackName': 'x'}))
        self.assertErrorDocument(resp, 400, 'MissingParameter', 'LogicalResourceId')

    def test_not_utf8_is_a_validation_error(self):
        resp = self.send(self.signed_v4('Action=DescribeStacks&StackName=%FF'))
        self.assertErrorDocument(resp, 400, 'ValidationError', 'UTF-8')

    def test_responses_are_namespaced_xml(self):
        from xml.etree import ElementTree as ET
        resp = self.send(self.signed_v4({'Action': 'ListStacks'}))
        root = ET.fromstring(resp.content)
        self.assertEqual(NS + 'ListStacksResponse', root.tag)
        self.assertEqual(resp.headers['x-amzn-RequestId'],
                         root.findtext(NS + 'ResponseMetadata/' + NS + 'RequestId'))

    def test_signal_urls_skip_header_signatures(self):
        resp = self.http.put(self.server.url + '/v1/waitcondition/arn%3Aopenstack%3Aheat'
                             '%3A%3Ax%3Astacks/s/i/resources/h', data='{}', timeout=30)
        # answered by heat_api.cfn.signal (or 404 without it), not by header auth
        self.assertNotIn('Request is missing Authentication Token', resp.text)
        self.assertLess(resp.status_code, 500)
