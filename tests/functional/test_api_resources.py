"""REST API v1: a stack's resources and events."""

from __future__ import annotations

from tests.functional.test_api_base import INNER, NESTING, ApiTestCase


class TestResources(ApiTestCase):

    def setUp(self):
        super().setUp()
        self.sid = self.create('web')['id']
        self.path = '~/stacks/web/%s' % self.sid
        self.stack_href = '%s/stacks/web/%s' % (self.endpoint, self.sid)

    def test_list_with_links(self):
        resp = self.http('GET', self.path + '/resources')
        self.assertEqual(200, resp.status_code, resp.text)
        found = {r['resource_name']: r for r in resp.json()['resources']}
        self.assertEqual({'first', 'second'}, set(found))
        first = found['first']
        self.assertEqual('OS::Heat::None', first['resource_type'])
        self.assertEqual('CREATE_COMPLETE', first['resource_status'])
        self.assertEqual('first', first['logical_resource_id'])
        self.assertEqual([{'href': self.stack_href + '/resources/first', 'rel': 'self'},
                          {'href': self.stack_href, 'rel': 'stack'}], first['links'])
        self.assertEqual(['second'], first['required_by'])

    def test_list_filters_by_type_and_detail(self):
        resp = self.http('GET', self.path + '/resources?type=OS::Heat::Value&with_detail=true')
        self.assertEqual(['second'], [r['resource_name'] for r in resp.json()['resources']])

    def test_an_unknown_filter_is_400(self):
        self.assertError(self.http('GET', self.path + '/resources?colour=red'), 400,
                         'HTTPBadRequest', "Invalid filter parameters ['colour']")
        self.assertError(self.http('GET', self.path + '/resources?nested_depth=x'), 400)

    def test_nested_depth_lists_the_nested_stacks_resources_with_their_parent(self):
        outer = self.create('outer', NESTING, files={'inner.yaml': INNER})
        path = '~/stacks/outer/%s/resources' % outer['id']
        top = self.http('GET', path).json()['resources']
        self.assertEqual({'box', 'top'}, {r['resource_name'] for r in top})
        (box,) = [r for r in top if r['resource_name'] == 'box']
        (nested_link,) = [link['href'] for link in box['links'] if link['rel'] == 'nested']
        resp = self.http('GET', path + '?nested_depth=1')
        self.assertEqual(200, resp.status_code, resp.text)
        found = {r['resource_name']: r for r in resp.json()['resources']}
        self.assertEqual({'box', 'top', 'leaf'}, set(found))
        self.assertEqual('box', found['leaf']['parent_resource'])
        self.assertNotIn('parent_resource', found['top'])
        self.assertEqual(nested_link, {link['rel']: link['href']
                                       for link in found['leaf']['links']}['stack'])

    def test_show(self):
        resp = self.http('GET', self.path + '/resources/second')
        self.assertEqual(200, resp.status_code, resp.text)
        res = resp.json()['resource']
        self.assertEqual('second', res['resource_name'])
        self.assertEqual('web', res['attributes']['value'])
        self.assertEqual(self.stack_href + '/resources/second', res['links'][0]['href'])

    def test_show_with_attr(self):
        resp = self.http('GET', self.path + '/resources/second?with_attr=value')
        self.assertEqual(200, resp.status_code, resp.text)

    def test_an_unknown_resource_is_404(self):
        self.assertError(self.http('GET', self.path + '/resources/nope'), 404)
        self.assertError(self.http('GET', self.path + '/resources/nope/metadata'), 404)

    def test_metadata(self):
        resp = self.http('GET', self.path + '/resources/first/metadata')
        self.assertEqual(200, resp.status_code, resp.text)
        self.assertEqual({}, resp.json()['metadata'])

    def test_mark_unhealthy_and_healthy_again(self):
        resp = self.http('PATCH', self.path + '/resources/first',
                         json={'mark_unhealthy': True, 'resource_status_reason': 'broken'})
        self.assertEqual(200, resp.status_code, resp.text)
        res = self.http('GET', self.path + '/resources/first').json()['resource']
        self.assertEqual('CHECK_FAILED', res['resource_status'])
        self.assertEqual('broken', res['resource_status_reason'])
        resp = self.http('PATCH', self.path + '/resources/first',
                         json={'mark_unhealthy': 'false'})
        self.assertEqual(200, resp.status_code, resp.text)
        res = self.http('GET', self.path + '/resources/first').json()['resource']
        self.assertEqual('CHECK_COMPLETE', res['resource_status'])

    def test_mark_unhealthy_checks_its_body(self):
        path = self.path + '/resources/first'
        self.assertError(self.http('PATCH', path, json={'resource_status_reason': 'x'}), 400,
                         message='Missing mandatory (mark_unhealthy) key')
        self.assertError(self.http('PATCH', path, json={'mark_unhealthy': True, 'x': 1}), 400,
                         message='Invalid keys in resource mark unhealthy')
        self.assertError(self.http('PATCH', path, json={'mark_unhealthy': 'perhaps'}), 400,
                         message='Unrecognized value "perhaps" for "mark_unhealthy"')

    def test_signal_to_a_resource_without_signals_is_refused(self):
        resp = self.http('POST', self.path + '/resources/first/signal', json={'data': 1})
        self.assertError(resp, 400, 'ResourceActionNotSupported')

    def test_signal_to_an_unknown_resource_is_404(self):
        self.assertError(self.http('POST', self.path + '/resources/nope/signal'), 404)


class TestEvents(ApiTestCase):

    def setUp(self):
        super().setUp()
        self.sid = self.create('web')['id']
        self.path = '~/stacks/web/%s' % self.sid
        self.stack_href = '%s/stacks/web/%s' % (self.endpoint, self.sid)

    def events(self, path):
        resp = self.http('GET', path)
        self.assertEqual(200, resp.status_code, resp.text)
        return resp.json()['events']

    def test_stack_events_in_order_with_links(self):
        events = self.events(self.path + '/events')
        self.assertEqual(['web CREATE_IN_PROGRESS', 'first CREATE_IN_PROGRESS',
                          'first CREATE_COMPLETE', 'second CREATE_IN_PROGRESS',
                          'second CREATE_COMPLETE', 'web CREATE_COMPLETE'],
                         ['%s %s' % (e['resource_name'], e['resource_status']) for e in events])
        first = events[1]
        self.assertEqual({'id', 'links', 'event_time', 'resource_name', 'logical_resource_id',
                          'resource_status', 'resource_status_reason',
                          'physical_resource_id'}, set(first))
        self.assertEqual([
            {'href': '%s/resources/first/events/%s' % (self.stack_href, first['id']),
             'rel': 'self'},
            {'href': self.stack_href + '/resources/first', 'rel': 'resource'},
            {'href': self.stack_href, 'rel': 'stack'}], first['links'])

    def test_paging_and_sorting(self):
        every = self.events(self.path + '/events')
        page = self.events(self.path + '/events?limit=2')
        self.assertEqual([e['id'] for e in every[:2]], [e['id'] for e in page])
        rest = self.events(self.path + '/events?marker=%s' % page[-1]['id'])
        self.assertEqual([e['id'] for e in every[2:]], [e['id'] for e in rest])
        newest = self.events(self.path + '/events?sort_dir=desc&limit=1')
        self.assertEqual(every[-1]['id'], newest[0]['id'])

    def test_filters(self):
        events = self.events(self.path + '/events?resource_status=COMPLETE')
        self.assertTrue(events)
        self.assertTrue(all(e['resource_status'].endswith('_COMPLETE') for e in events))

    def test_resource_events_and_event_show(self):
        events = self.events(self.path + '/resources/first/events')
        self.assertEqual(['CREATE_IN_PROGRESS', 'CREATE_COMPLETE'],
                         [e['resource_status'] for e in events])
        resp = self.http('GET', self.path + '/resources/first/events/%s' % events[-1]['id'])
        self.assertEqual(200, resp.status_code, resp.text)
        event = resp.json()['event']
        self.assertEqual('OS::Heat::None', event['resource_type'])
        self.assertEqual(events[-1]['id'], event['id'])

    def test_a_resource_without_events_is_404(self):
        self.assertError(self.http('GET', self.path + '/resources/nope/events'), 404,
                         message='No events found for resource nope')
        self.assertError(self.http('GET', self.path + '/resources/first/events/nope'), 404)

    def test_bad_paging_is_400(self):
        self.assertError(self.http('GET', self.path + '/events?limit=ten'), 400)
