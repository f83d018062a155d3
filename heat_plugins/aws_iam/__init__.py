"""AWS::IAM::User, AWS::IAM::AccessKey and OS::Heat::AccessPolicy.

- User is a user of the cloud's identity service, made for the stack (in
  the ``heat`` domain, default project the stack's tenant).  ``Ref`` gives
  its name.  ``LoginProfile.Password`` sets its password; ``Policies``
  names OS::Heat::AccessPolicy resources of the stack that say which
  resources its keys may read (inline IAM policy maps are ignored, as in
  Heat).  Suspending the stack disables the user.
- AccessKey makes EC2 credentials for a User of the stack (``UserName``:
  the user's Ref).  Its physical ID is the access key; ``SecretAccessKey``
  is read from the identity service when asked for and never stored by
  Heat, so it appears in no event and no log.  Changing ``Serial`` (or the
  user) replaces the key: that is how keys are rotated.
- AccessPolicy lists ``AllowedResources`` (names of resources of the
  stack, checked when the template is validated).
"""
