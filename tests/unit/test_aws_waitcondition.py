"""AWS::CloudFormation::WaitConditionHandle / WaitCondition and CreationPolicy
ResourceSignal, on a real engine, database and simulated cloud; signals
sent through the engine service's signal_resource."""

import datetime
import json
import threading
import time
from urllib.parse import parse_qs, unquote, urlsplit

from botocore.auth import SigV2Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from heat_core.errors import HeatError
from heat_core.resources import signals
from heat_core.resources import signed_url as su
from tests import base
from tests.unit.test_aws_common import AwsTestCase, template

HANDLE = '''
    Handle:
      Type: AWS::CloudFormation::WaitConditionHandle
'''


def wait_condition(count=1, timeout=10):
    return HANDLE + '''
    Wait:
      Type: AWS::CloudFormation::WaitCondition
      Properties: {Handle: !Ref Handle, Timeout: %s, Count: %s}
''' % (timeout, count)


DATA = 'Data: {Value: !GetAtt Wait.Data}\n'
SUCCESS = {'Status': 'SUCCESS', 'Reason': 'done', 'UniqueId': 'id1', 'Data': 'hello'}


class SignalTestCase(AwsTestCase):
    """Starts a create in the background and signals it."""

    def start(self, resources: str, outputs: str = '', name='stack', **kwargs) -> str:
        ident = self.service.create_stack(self.ctx, name, template(resources, outputs),
                                          template_name='template.yaml', **kwargs)
        self.addCleanup(self.service.wait, ident['stack_id'])
        return ident['stack_id']

    def until(self, resource: str, word: str, name='stack', timeout=10.0) -> dict:
        ends = time.monotonic() + timeout
        while time.monotonic() < ends:
            found = [r for r in self.service.list_resources(self.ctx, name)
                     if r['resource_name'] == resource]
            if found and found[0]['resource_status'] == word:
                return found[0]
            time.sleep(0.02)
        self.fail('%s never reached %s' % (resource, word))

    def signal(self, resource: str, details, name='stack') -> None:
        self.service.signal_resource(self.ctx, name, resource, details)

    def finish(self, stack_id: str) -> str:
        self.service.wait(stack_id)
        return self.service.show_stack(self.ctx, stack_id)['stack_status']

    def handle_url(self, name='stack') -> str:
        row = self.service.store.get_stack(self.service.identify(self.ctx, name)['id'])
        found = [r for r in self.service.store.resources(row['id']) if r['name'] == 'Handle']
        return found[0]['data']['ec2_signed_url']


class HandleTest(SignalTestCase):

    def test_ref_is_a_presigned_url_of_the_cfn_api_naming_the_stack_and_handle(self):
        self.config(group='heat_api_cfn', public_url='http://cfn.example.com:8000')
        row = self.stack(HANDLE, outputs='Url: {Value: !Ref Handle}\n')
        url = urlsplit(self.outputs()['Url'])
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        self.assertEqual(
            ('http', 'cfn.example.com:8000',
             '/v1/waitcondition/arn%%3Aopenstack%%3Aheat%%3A%%3Atenant-a%%3Astacks/stack/%s'
             '/resources/Handle' % row['id'],
             ['AWSAccessKeyId', 'Signature', 'SignatureMethod', 'SignatureVersion',
              'Timestamp'], 'HmacSHA256', '2'),
            (url.scheme, url.netloc, url.path, sorted(query), query['SignatureMethod'],
             query['SignatureVersion']))

    def test_the_url_is_signed_with_the_stack_users_key_as_botocore_signs_v2(self):
        self.stack(HANDLE, outputs='Url: {Value: !Ref Handle}\n')
        url = self.outputs()['Url']
        parts = urlsplit(url)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        handle = self.resource('Handle')
        secret = self.cloud.get_ec2_credential(handle['physical_resource_id'],
                                               query['AWSAccessKeyId']).secret
        # botocore's SigV2 over the path as a WSGI server hands it over (decoded once)
        request = AWSRequest(method='PUT', url='http://%s%s' % (parts.netloc,
                                                                 unquote(parts.path)))
        params = {k: v for k, v in query.items() if k != 'Signature'}
        _qs, expected = SigV2Auth(Credentials(query['AWSAccessKeyId'], secret)
                                  ).calc_signature(request, params)
        self.assertEqual(expected, query['Signature'])

    def test_the_handle_is_a_stack_user_with_a_key_and_no_secret_is_stored(self):
        row = self.stack(HANDLE)
        user = self.cloud.get_user(self.physical_id('Handle'))
        stored = [r for r in self.service.store.resources(row['id'])][0]['data']
        secret = self.cloud.get_ec2_credential(user.id, stored['access_key']).secret
        self.assertEqual(('heat', 'tenant-a', False),
                         (user.domain_id, user.default_project_id,
                          secret in json.dumps(stored)))

    def test_delete_removes_the_user_and_its_key(self):
        self.stack(HANDLE)
        self.delete()
        self.assertEqual([], self.live())

    def test_signals_are_kept_per_unique_id_and_the_same_id_replaces(self):
        self.stack(HANDLE)
        self.signal('Handle', dict(SUCCESS, Data='one'))
        self.signal('Handle', dict(SUCCESS, Data='two'))
        self.signal('Handle', dict(SUCCESS, UniqueId='id2', Data='three'))
        stack = self.service._load(self.service.identify(self.ctx, 'stack'))
        self.assertEqual({'id1': 'two', 'id2': 'three'},
                         {k: v['Data'] for k, v in stack.resources['Handle'].signals().items()})

    def test_the_metadata_of_a_handle_is_the_signals_received(self):
        self.stack(HANDLE)
        self.assertEqual({}, self.service.resource_metadata(self.ctx, 'stack', 'Handle'))
        self.signal('Handle', SUCCESS)
        self.signal('Handle', {'Status': 'FAILURE', 'Reason': 'broke', 'UniqueId': 'id2'})
        self.assertEqual(
            {'id1': {'Data': 'hello', 'Reason': 'done', 'Status': 'SUCCESS', 'UniqueId': 'id1'},
             'id2': {'Data': '', 'Reason': 'broke', 'Status': 'FAILURE', 'UniqueId': 'id2'}},
            self.service.resource_metadata(self.ctx, 'stack', 'Handle'))

    def test_signals_join_the_template_metadata_of_a_handle(self):
        self.stack(HANDLE + '      Metadata: {owner: web}\n')
        self.signal('Handle', SUCCESS)
        self.assertEqual({'owner': 'web', 'id1': dict(SUCCESS)},
                         self.service.resource_metadata(self.ctx, 'stack', 'Handle'))

    def test_the_signal_event_gives_status_and_reason_but_not_the_data(self):
        self.stack(HANDLE)
        self.signal('Handle', dict(SUCCESS, Data='s3cret-data'))
        events = [e for e in self.service.list_events(self.ctx, 'stack')
                  if e['resource_status'] == 'SIGNAL_COMPLETE']
        self.assertEqual(['Signal: status:SUCCESS reason:done'],
                         [e['resource_status_reason'] for e in events])

    def test_a_signal_without_a_status_is_refused_with_a_clear_error(self):
        self.stack(HANDLE)
        err = self.assertRaises(HeatError, self.signal, 'Handle', {'Reason': 'x'})
        self.assertEqual((400, 'Signal Status must be SUCCESS or FAILURE, not null'),
                         (err.http_status, str(err)))

    def test_a_signal_that_is_not_an_object_is_refused(self):
        self.stack(HANDLE)
        err = self.assertRaises(HeatError, self.signal, 'Handle', ['SUCCESS'])
        self.assertIn('must be a JSON object', str(err))


class WaitConditionTest(SignalTestCase):

    def test_create_completes_when_the_signal_arrives(self):
        stack_id = self.start(wait_condition(), DATA)
        self.until('Wait', 'CREATE_IN_PROGRESS')
        self.signal('Handle', SUCCESS)
        self.assertEqual(('CREATE_COMPLETE', {'Data': '{"id1": "hello"}'}),
                         (self.finish(stack_id), self.outputs()))

    def test_the_waiter_wakes_at_once_when_the_signal_is_handled_in_process(self):
        stack_id = self.start(wait_condition())
        self.until('Wait', 'CREATE_IN_PROGRESS')
        time.sleep(0.1)         # the waiter is asleep between polls
        started = time.monotonic()
        self.signal('Handle', SUCCESS)
        self.finish(stack_id)
        self.assertLess(time.monotonic() - started, signals.POLL)

    def test_it_waits_for_count_distinct_signals(self):
        stack_id = self.start(wait_condition(count=2), DATA)
        self.until('Wait', 'CREATE_IN_PROGRESS')
        self.signal('Handle', SUCCESS)
        self.signal('Handle', SUCCESS)           # the same UniqueId: still one
        time.sleep(0.3)
        still = self.resource('Wait')['resource_status']
        self.signal('Handle', dict(SUCCESS, UniqueId='id2', Data='again'))
        self.assertEqual(('CREATE_IN_PROGRESS', 'CREATE_COMPLETE',
                          {'id1': 'hello', 'id2': 'again'}),
                         (still, self.finish(stack_id),
                          json.loads(self.outputs()['Data'])))

    def test_a_failure_signal_fails_it_with_the_signals_reason(self):
        stack_id = self.start(wait_condition(count=2), disable_rollback=True)
        self.until('Wait', 'CREATE_IN_PROGRESS')
        self.signal('Handle', dict(SUCCESS, Status='FAILURE', Reason='yum install failed'))
        self.assertEqual(('CREATE_FAILED', 'WaitConditionFailure: yum install failed'),
                         (self.finish(stack_id), self.reason('Wait')))

    def test_it_fails_when_the_timeout_passes(self):
        stack_id = self.start(wait_condition(timeout=1), disable_rollback=True)
        self.assertEqual(('CREATE_FAILED', 'WaitConditionTimeout: WaitCondition timed out '
                                           'after 1 s (0 of 1 signals received)'),
                         (self.finish(stack_id), self.reason('Wait')))

    def test_a_failed_wait_rolls_back_and_leaves_nothing(self):
        stack_id = self.start(wait_condition(timeout=1))
        self.assertEqual(('ROLLBACK_COMPLETE', []), (self.finish(stack_id), self.live()))

    def test_resources_that_depend_on_it_wait_for_the_signal(self):
        stack_id = self.start(wait_condition() + '''
    After:
      Type: OS::Heat::None
      DependsOn: Wait
''')
        self.until('Wait', 'CREATE_IN_PROGRESS')
        before = self.resource('After')['resource_status']
        self.signal('Handle', SUCCESS)
        self.assertEqual(('INIT_COMPLETE', 'CREATE_COMPLETE'), (before, self.finish(stack_id)))

    def test_data_is_an_empty_map_without_signals(self):
        self.stack(HANDLE + '''
    Wait:
      Type: AWS::CloudFormation::WaitCondition
      Properties: {Handle: !Ref Handle, Timeout: 1}
''', outputs=DATA, disable_rollback=True)
        self.assertEqual('CREATE_FAILED', self.status())
        self.assertEqual('{}', self.service.show_resource(
            self.ctx, 'stack', 'Wait', with_attr=['Data'])['attributes']['Data'])

    def test_a_handle_that_is_not_a_wait_condition_handle_fails_the_create(self):
        self.stack('''
    Other:
      Type: OS::Heat::None
    Wait:
      Type: AWS::CloudFormation::WaitCondition
      Properties: {Handle: !Ref Other, Timeout: 5}
''', disable_rollback=True)
        self.assertIn('WaitCondition invalid Handle stack-Other-', self.reason('Wait'))

    def test_signals_from_several_threads_at_once_all_land(self):
        stack_id = self.start(wait_condition(count=8))
        self.until('Wait', 'CREATE_IN_PROGRESS')
        threads = [threading.Thread(target=self.signal, args=(
            'Handle', dict(SUCCESS, UniqueId='id%d' % i))) for i in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual('CREATE_COMPLETE', self.finish(stack_id))


class ValidationTest(base.TestCase):

    def test_handle_and_timeout_are_required_without_a_creation_policy(self):
        self.assertEqual(
            ['Resources.Wait.Properties.Handle: Property Handle is required (unless the '
             'wait condition has a CreationPolicy)',
             'Resources.Wait.Properties.Timeout: Property Timeout is required (unless the '
             'wait condition has a CreationPolicy)'],
            self.errors(template('''
    Wait:
      Type: AWS::CloudFormation::WaitCondition
''')))

    def test_the_timeout_is_at_most_twelve_hours(self):
        errors = self.errors(template(wait_condition(timeout=43201)))
        self.assertEqual(1, len(errors))
        self.assertIn('Resources.Wait.Properties.Timeout', errors[0])

    def test_a_creation_policy_replaces_handle_and_timeout(self):
        self.assertValid(template('''
    Wait:
      Type: AWS::CloudFormation::WaitCondition
      CreationPolicy: {ResourceSignal: {Count: 2, Timeout: PT1H30M}}
'''))

    def test_a_creation_policy_timeout_must_be_an_iso_duration(self):
        self.assertEqual(
            ['Resources.Wait.CreationPolicy.ResourceSignal.Timeout: Timeout: "15 minutes" '
             'is not an ISO 8601 duration such as PT15M or PT1H30M'],
            self.errors(template('''
    Wait:
      Type: AWS::CloudFormation::WaitCondition
      CreationPolicy: {ResourceSignal: {Timeout: 15 minutes}}
''')))

    def test_a_creation_policy_count_must_be_a_number_and_keys_known(self):
        self.assertEqual(
            ['Resources.Wait.CreationPolicy.ResourceSignal.Count: Count must be a whole '
             'number of signals, not "two"',
             'Resources.Wait.CreationPolicy.ResourceSignal.Tiemout: Unknown ResourceSignal '
             'key "Tiemout": use Count and Timeout'],
            self.errors(template('''
    Wait:
      Type: AWS::CloudFormation::WaitCondition
      CreationPolicy: {ResourceSignal: {Count: two, Tiemout: PT5M}}
''')))

    def test_durations(self):
        self.assertEqual([900.0, 5400.0, 43200.0, 30.0],
                         [signals.duration(d) for d in ('PT15M', 'PT1H30M', 'PT12H', 'pt30s')])


INSTANCE = '''
    Server:
      Type: AWS::EC2::Instance
      CreationPolicy: {ResourceSignal: {Count: %s, Timeout: %s}}
      Properties: {ImageId: F18-x86_64-cfntools, InstanceType: m1.small}
'''


class CreationPolicyTest(SignalTestCase):

    def test_an_instance_is_created_once_its_signals_arrive(self):
        stack_id = self.start(INSTANCE % (2, 'PT1M'))
        self.until('Server', 'CREATE_IN_PROGRESS')
        time.sleep(0.2)
        self.signal('Server', dict(SUCCESS, UniqueId='a'))
        waiting = self.resource('Server')['resource_status']
        self.signal('Server', dict(SUCCESS, UniqueId='b'))
        self.assertEqual(('CREATE_IN_PROGRESS', 'CREATE_COMPLETE'),
                         (waiting, self.finish(stack_id)))

    def test_an_instance_without_its_signals_fails_after_the_timeout(self):
        stack_id = self.start(INSTANCE % (1, 'PT1S'), disable_rollback=True)
        self.assertEqual(('CREATE_FAILED', 'Failed to receive 1 resource signal(s) within '
                                           'the specified duration'),
                         (self.finish(stack_id), self.reason('Server')))

    def test_a_failure_signal_fails_the_instance(self):
        stack_id = self.start(INSTANCE % (1, 'PT1M'), disable_rollback=True)
        self.until('Server', 'CREATE_IN_PROGRESS')
        self.signal('Server', {'Status': 'FAILURE', 'UniqueId': 'i-1', 'Reason': 'boom'})
        self.assertEqual(('CREATE_FAILED', 'Received FAILURE signal with UniqueId i-1: boom'),
                         (self.finish(stack_id), self.reason('Server')))

    def test_count_zero_needs_no_signal(self):
        self.stack(INSTANCE % (0, 'PT1M'))
        self.assertEqual('CREATE_COMPLETE', self.status())

    def test_a_wait_condition_with_a_creation_policy_is_signalled_directly(self):
        stack_id = self.start('''
    Wait:
      Type: AWS::CloudFormation::WaitCondition
      CreationPolicy: {ResourceSignal: {Count: 1, Timeout: PT1M}}
''', 'Data: {Value: !GetAtt Wait.Data}\n')
        self.until('Wait', 'CREATE_IN_PROGRESS')
        self.signal('Wait', SUCCESS)
        self.assertEqual(('CREATE_COMPLETE', {'Data': '{"id1": "hello"}'}),
                         (self.finish(stack_id), self.outputs()))

    def test_an_instance_without_a_creation_policy_refuses_signals(self):
        self.stack('''
    Server:
      Type: AWS::EC2::Instance
      Properties: {ImageId: F18-x86_64-cfntools, InstanceType: m1.small}
''')
        err = self.assertRaises(HeatError, self.signal, 'Server', SUCCESS)
        self.assertIn('does not accept signals', str(err))


class SignedUrlTest(base.TestCase):

    def test_the_arn_in_the_url_reads_back(self):
        url = su.presigned_url(su.WAITCONDITION, 'ten ant', 'my.stack', 'abc-1', 'Wait Handle',
                               'AK', 'SK', base='http://h:8000/prefix',
                               now=datetime.datetime(2024, 1, 2, 3, 4, 5))
        path = unquote(urlsplit(url).path)
        self.assertEqual(('/prefix/v1/waitcondition/', ('ten ant', 'my.stack', 'abc-1',
                                                        'Wait Handle')),
                         (path[:25], su.parse_arn(path.split('/waitcondition/')[1])))

    def test_a_signal_url_is_signed_for_post(self):
        put = su.presigned_url(su.WAITCONDITION, 't', 's', 'i', 'r', 'AK', 'SK', base='http://h')
        post = su.presigned_url(su.SIGNAL, 't', 's', 'i', 'r', 'AK', 'SK', base='http://h')
        sig = {u: parse_qs(urlsplit(u).query)['Signature'][0] for u in (put, post)}
        self.assertEqual((True, '/v1/signal/'),
                         (sig[put] != sig[post], urlsplit(post).path[:11]))
