"""The ``openstack`` backend's object storage requests, at the HTTP level:
containers (create, read, update, delete), objects and Swift's refusals."""

from __future__ import annotations

from heat_core.clouds.errors import CloudError, Conflict, NotFound, QuotaExceeded
from tests.unit.test_cloud_openstack_fixtures import OBJECT, OpenStackTestCase

CONTAINER = OBJECT + '/site'


def container_headers(**extra):
    headers = {'X-Container-Object-Count': '0', 'X-Container-Bytes-Used': '0',
               'X-Timestamp': '1795644000.12345', 'X-Storage-Policy': 'Policy-0',
               'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': '0'}
    headers.update(extra)
    return headers


class CreateContainerTest(OpenStackTestCase):

    def setUp(self):
        super().setUp()
        self.http.put(CONTAINER, status_code=201)
        self.http.head(CONTAINER, status_code=204, headers=container_headers(**{
            'X-Container-Read': '.r:*', 'X-Container-Meta-Web-Index': 'index.html'}))

    def test_puts_then_reads_the_container(self):
        self.cloud.create_container('site')
        self.assertRequests(('PUT', CONTAINER, None), ('HEAD', CONTAINER, None))

    def test_metadata_and_acls_ride_on_the_put(self):
        self.cloud.create_container('site', metadata={'Web-Index': 'index.html'},
                                    read_acl='.r:*')
        put = self.http.request_history[-2]
        self.assertEqual(('PUT', 'index.html', '.r:*'),
                         (put.method, put.headers.get('X-Container-Meta-Web-Index'),
                          put.headers.get('X-Container-Read')))

    def test_metadata_is_not_shared_with_the_next_container(self):
        self.cloud.create_container('site', metadata={'Web-Index': 'index.html'})
        self.cloud.create_container('site')
        self.assertNotIn('X-Container-Meta-Web-Index', self.http.request_history[-2].headers)

    def test_returns_the_container(self):
        container = self.cloud.create_container('site', read_acl='.r:*')
        self.assertEqual({'id': 'site', 'name': 'site', 'metadata': {'web-index': 'index.html'},
                          'read_acl': '.r:*', 'write_acl': None, 'count': 0, 'bytes': 0},
                         container)


class ContainerTest(OpenStackTestCase):

    def test_gets_the_container(self):
        self.http.head(CONTAINER, status_code=204, headers=container_headers(**{
            'X-Container-Object-Count': '2', 'X-Container-Bytes-Used': '2048',
            'X-Container-Write': 'p:user'}))
        container = self.cloud.get_container('site')
        self.assertRequests(('HEAD', CONTAINER, None))
        self.assertEqual((2, 2048, 'p:user', None),
                         (container.count, container.bytes, container.write_acl,
                          container.read_acl))

    def test_gone_container_is_not_found(self):
        self.http.head(CONTAINER, status_code=404)
        self.assertRaises(NotFound, self.cloud.get_container, 'site')

    def test_update_replaces_the_metadata(self):
        self.http.head(CONTAINER, [
            {'status_code': 204, 'headers': container_headers(**{
                'X-Container-Meta-Old': 'x', 'X-Container-Meta-Keep': '1'})},
            {'status_code': 204, 'headers': container_headers(**{
                'X-Container-Meta-Keep': '2', 'X-Container-Meta-New': 'y'})}])
        self.http.post(CONTAINER, status_code=204)
        container = self.cloud.update_container('site', metadata={'Keep': '2', 'New': 'y'})
        post = self.http.request_history[-2]
        self.assertEqual(['HEAD', 'POST', 'HEAD'],
                         [m for m, _, _ in self.requests()])
        self.assertEqual(('', '2', 'y'), (post.headers.get('X-Container-Meta-old'),
                                          post.headers.get('X-Container-Meta-Keep'),
                                          post.headers.get('X-Container-Meta-New')))
        self.assertEqual({'keep': '2', 'new': 'y'}, container.metadata)

    def test_update_sets_an_acl(self):
        self.http.head(CONTAINER, status_code=204, headers=container_headers())
        self.http.post(CONTAINER, status_code=204)
        self.cloud.update_container('site', read_acl='.r:*,.rlistings')
        self.assertEqual('.r:*,.rlistings',
                         self.http.request_history[-2].headers.get('X-Container-Read'))

    def test_deletes_the_container(self):
        self.http.delete(CONTAINER, status_code=204)
        self.cloud.delete_container('site')
        self.assertRequests(('DELETE', CONTAINER, None))

    def test_container_with_objects_is_a_conflict(self):
        self.http.delete(CONTAINER, status_code=409, headers={'Content-Type': 'text/html'},
                         text='<html><h1>Conflict</h1><p>There was a conflict when trying to '
                              'complete your request.</p></html>')
        error = self.assertRaises(Conflict, self.cloud.delete_container, 'site')
        self.assertEqual('Conflict: There was a conflict when trying to complete your '
                         'request.', str(error))

    def test_delete_of_a_gone_container_is_not_found(self):
        self.http.delete(CONTAINER, status_code=404)
        self.assertRaises(NotFound, self.cloud.delete_container, 'site')



class ObjectTest(OpenStackTestCase):

    def test_puts_an_object(self):
        self.http.put(CONTAINER + '/index.html', status_code=201,
                      headers={'Etag': '5d41402abc4b2a76b9719d911017c592'})
        obj = self.cloud.create_object('site', 'index.html', b'hello')
        self.assertRequests(('PUT', CONTAINER + '/index.html', 'hello'))
        self.assertEqual(('site/index.html', 5), (obj.id, obj.bytes))

    def test_account_quota_exceeded(self):
        self.http.put(CONTAINER + '/index.html', status_code=413,
                      headers={'Content-Type': 'text/html; charset=UTF-8'},
                      text='Upload exceeds quota.')
        error = self.assertRaises(QuotaExceeded, self.cloud.create_object, 'site',
                                  'index.html', b'hello')
        self.assertEqual(('Upload exceeds quota.', 413), (str(error), error.status_code))

    def test_server_error_is_a_cloud_error(self):
        self.http.put(CONTAINER + '/index.html', status_code=503,
                      headers={'Content-Type': 'text/html; charset=UTF-8'},
                      text='<html><h1>Service Unavailable</h1><p>The server is currently '
                           'unavailable. Please try again at a later time.</p></html>')
        error = self.assertRaises(CloudError, self.cloud.create_object, 'site', 'index.html')
        self.assertEqual((CloudError, 503, 'Service Unavailable: The server is currently '
                          'unavailable. Please try again at a later time.'),
                         (type(error), error.status_code, str(error)))

    def test_deletes_an_object_after_checking_it_is_no_large_object(self):
        self.http.head(CONTAINER + '/index.html', headers={
            'Content-Length': '5', 'Etag': '5d41402abc4b2a76b9719d911017c592'})
        self.http.delete(CONTAINER + '/index.html', status_code=204)
        self.cloud.delete_object('site', 'index.html')
        self.assertRequests(('HEAD', CONTAINER + '/index.html', None),
                            ('DELETE', CONTAINER + '/index.html', None))

    def test_delete_of_a_gone_object_is_not_found(self):
        self.http.head(CONTAINER + '/index.html', status_code=404)
        self.assertRaises(NotFound, self.cloud.delete_object, 'site', 'index.html')


class ObjectStoreListingTest(OpenStackTestCase):

    def test_endpoint_is_the_account(self):
        self.assertEqual(OBJECT, self.cloud.object_store_endpoint())

    def test_containers(self):
        self.http.get(OBJECT + '/', headers={'X-Account-Container-Count': '1'}, json=[
            {'name': 'site', 'count': 2, 'bytes': 2048,
             'last_modified': '2026-11-25T10:00:00.000000'}])
        self.assertEqual([{'id': 'site', 'name': 'site', 'metadata': {}, 'read_acl': None,
                           'write_acl': None, 'count': 2, 'bytes': 2048}],
                         self.cloud.containers())
