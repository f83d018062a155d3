"""AWS::S3::Bucket: an object storage container.

The container is named after the stack and resource; ``Tags`` become its
metadata (``S3-Tag-<Key>``), ``WebsiteConfiguration`` the static-web
metadata (``Web-Index``, ``Web-Error``) and ``AccessControl`` its read and
write ACLs, as Heat maps them.  All three change in place.  Attributes:
``DomainName`` (the storage endpoint's host) and ``WebsiteURL`` (the
container's URL).  Deleting a bucket that still holds objects fails.
"""
