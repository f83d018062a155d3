"""AWS::S3::Bucket on the simulated cloud's object storage."""

from tests.unit.test_aws_common import AwsTestCase

BUCKET = '''
    Bucket:
      Type: AWS::S3::Bucket
      Properties:
        AccessControl: PublicRead
        WebsiteConfiguration: {IndexDocument: index.html, ErrorDocument: error.html}
        Tags: [{Key: team, Value: web}]
'''


class BucketTest(AwsTestCase):

    def container(self):
        return self.cloud.get_container(self.physical_id('Bucket'))

    def test_the_bucket_is_a_container_named_after_stack_and_resource(self):
        self.stack(BUCKET)
        self.assertRegex(self.container().name, r'^stack-Bucket-[0-9a-f]{12}$')

    def test_tags_and_website_are_container_metadata(self):
        self.stack(BUCKET)
        self.assertEqual({'S3-Tag-team': 'web', 'Web-Index': 'index.html',
                          'Web-Error': 'error.html'}, self.container().metadata)

    def test_public_read_lets_anyone_read(self):
        self.stack(BUCKET)
        self.assertEqual(('.r:*', 'tenant-a:*'),
                         (self.container().read_acl, self.container().write_acl))

    def test_private_is_the_owner_only(self):
        self.stack(BUCKET.replace('PublicRead', 'Private'))
        self.assertEqual(('tenant-a:*', 'tenant-a:*'),
                         (self.container().read_acl, self.container().write_acl))

    def test_domain_name_and_website_url_come_from_the_storage_endpoint(self):
        self.config('cloud_sim', object_store_url='https://swift.example.com:8080/v1/AUTH_p')
        self.stack(BUCKET, outputs='''
    Domain: {Value: !GetAtt Bucket.DomainName}
    Site: {Value: !GetAtt Bucket.WebsiteURL}
''')
        self.assertEqual({'Domain': 'swift.example.com',
                          'Site': 'https://swift.example.com:8080/v1/AUTH_p/%s'
                          % self.physical_id('Bucket')}, self.outputs())

    def test_new_tags_change_the_bucket_in_place(self):
        self.stack(BUCKET)
        before = self.physical_id('Bucket')
        self.update(BUCKET.replace('Value: web', 'Value: ops'))
        self.assertEqual((before, 'ops'),
                         (self.physical_id('Bucket'), self.container().metadata['S3-Tag-team']))

    def test_delete_removes_the_container(self):
        self.stack(BUCKET)
        self.delete()
        self.assertEqual([], self.live())

    def test_a_bucket_with_objects_fails_the_delete(self):
        self.stack(BUCKET)
        name = self.physical_id('Bucket')
        self.cloud.create_object(name, 'index.html', '<html/>')
        self.delete()
        self.assertEqual(('DELETE_FAILED',
                          'The bucket you tried to delete is not empty (%s).' % name),
                         (self.status(), self.reason('Bucket')))
