"""AWS::CloudFormation::WaitConditionHandle and AWS::CloudFormation::WaitCondition.

- WaitConditionHandle makes a stack user in the cloud's identity service
  (``heat`` domain) with an EC2 key pair, and its ``Ref`` is a URL of the
  CloudFormation API pre-signed with that key (``[heat_api_cfn]
  public_url``, see :mod:`heat_core.resources.signed_url`).  cfn-signal or
  ``curl -X PUT --data-binary '{"Status": ...}'`` on that URL signals it;
  signals are kept in its resource data, one per UniqueId.  The secret of
  the key stays in the identity service: it is in no event, log or output.
- WaitCondition completes its create once ``Count`` SUCCESS signals reached
  its ``Handle``; a FAILURE signal fails it with the signal's Reason, and
  after ``Timeout`` seconds it fails ("WaitCondition timed out").  ``Data``
  is ``{UniqueId: Data}`` as a JSON string.  With a ``CreationPolicy:
  {ResourceSignal: {Count, Timeout}}`` it needs no Handle: it waits for
  signals sent to itself (SignalResource).

See ``docs/wait-conditions.md``.
"""
