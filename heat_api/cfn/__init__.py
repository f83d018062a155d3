"""The CloudFormation-compatible Query API (version 2010-05-15).

``Action=...`` requests (form-encoded POST or GET) at ``/`` and ``/v1``,
signed with AWS Signature Version 4 or 2 by an EC2 key of the identity
store (or of a stack's AWS::IAM::AccessKey), answered with AWS's XML.
Pre-signed wait-condition and signal URLs (``/waitcondition/...``,
``/signal/...``) are handed to :mod:`heat_api.cfn.signal`.  See
``docs/api-cfn.md``.
"""
