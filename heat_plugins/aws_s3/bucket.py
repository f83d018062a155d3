"""AWS::S3::Bucket (see the package docstring)."""

from __future__ import annotations

from urllib import parse

from heat_core.clouds.errors import Conflict, NotFound, ignore_not_found
from heat_core.constraints import AllowedValues
from heat_core.resources.resource import Resource
from heat_core.resources.runtime import ResourceFailure
from heat_core.resources.schema import LIST, MAP, STRING, Attribute, Schema

ACLS = ['Private', 'PublicRead', 'PublicReadWrite', 'AuthenticatedRead', 'BucketOwnerRead',
        'BucketOwnerFullControl']


class S3Bucket(Resource):
    """A bucket: a container in the cloud's object storage."""

    properties_schema = {
        'AccessControl': Schema(STRING, 'A predefined access control list (ACL) that grants '
                                'permissions on the bucket.', update_allowed=True,
                                constraints=[AllowedValues(ACLS)]),
        'WebsiteConfiguration': Schema(
            MAP, 'Information used to configure the bucket as a static website.',
            update_allowed=True, schema={
                'IndexDocument': Schema(STRING, 'The name of the index document.'),
                'ErrorDocument': Schema(STRING, 'The name of the error document.'),
            }),
        'Tags': Schema(LIST, 'Tags to attach to the bucket.', update_allowed=True,
                       schema=Schema(MAP, schema={
                           'Key': Schema(STRING, 'The tag key name.', required=True),
                           'Value': Schema(STRING, 'The tag value.', required=True),
                       })),
    }

    attributes_schema = {
        'DomainName': Attribute('The DNS name of the specified bucket.', STRING),
        'WebsiteURL': Attribute('The website endpoint for the specified bucket.', STRING),
    }

    def _settings(self, props) -> dict:
        """``create_container`` arguments for these properties."""
        metadata = {'S3-Tag-' + t['Key']: t['Value'] for t in props.get('Tags') or ()}
        website = props.get('WebsiteConfiguration')
        if website is not None:
            metadata['Web-Index'] = website.get('IndexDocument')
            metadata['Web-Error'] = website.get('ErrorDocument')
        project = self.stack.tenant
        owner = '%s:%s' % (project, getattr(self.stack, 'username', None) or '*')
        acl = props.get('AccessControl')
        if acl in ('PublicRead', 'PublicReadWrite'):
            read = '.r:*'
        elif acl == 'AuthenticatedRead':
            read = project
        else:
            read = owner
        write = '.r:*' if acl == 'PublicReadWrite' else owner
        return {'metadata': metadata, 'read_acl': read, 'write_acl': write}

    def handle_create(self):
        name = self.data.get('bucket_name')
        if name is None:
            name = self.physical_resource_name()
            self.data_set('bucket_name', name)
        # creating a container that exists updates it: a retried create is safe
        self.cloud.create_container(name, **self._settings(self.properties))
        self.resource_id_set(name)

    def handle_update(self, new_definition, prop_diff):
        props = dict(self.properties)
        props.update(prop_diff)
        self.cloud.update_container(self.resource_id, **self._settings(props))

    def handle_delete(self):
        if self.resource_id is None:
            return
        try:
            with ignore_not_found():
                self.cloud.delete_container(self.resource_id)
        except Conflict:
            raise ResourceFailure('The bucket you tried to delete is not empty (%s).'
                                  % self.resource_id) from None

    def resolve_attribute(self, name):
        if self.resource_id is None:
            return None
        url = parse.urlparse(self.cloud.object_store_endpoint())
        if name == 'DomainName':
            return url.netloc.split(':')[0]
        if name == 'WebsiteURL':
            return '%s://%s%s/%s' % (url.scheme, url.netloc, url.path, self.resource_id)
        return None

    def show_attribute(self):
        if self.resource_id is None:
            return None
        try:
            return dict(self.cloud.get_container(self.resource_id))
        except NotFound:
            return None
