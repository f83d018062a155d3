"""AWS::IAM::User and AWS::IAM::AccessKey (see the package docstring)."""

from __future__ import annotations

from heat_core.clouds.errors import NotFound, ignore_not_found
from heat_core.constraints import AllowedValues
from heat_core.resources.resource import Resource
from heat_core.resources.runtime import ResourceFailure
from heat_core.resources.schema import INTEGER, LIST, MAP, STRING, Attribute, Schema
from heat_core.resources.stack_user import ensure_stack_user


class User(Resource):
    """A user made for the stack, who can be given access keys.

    Ref gives the user name.  Policies name OS::Heat::AccessPolicy
    resources of the stack.
    """

    properties_schema = {
        'Path': Schema(STRING, 'Not Implemented.', update_allowed=True),
        'Groups': Schema(LIST, 'Not Implemented.', update_allowed=True),
        'LoginProfile': Schema(MAP, 'A login profile for the user.', update_allowed=True,
                               schema={'Password': Schema(STRING)}),
        'Policies': Schema(LIST, 'Access policies to apply to the user.', update_allowed=True),
    }

    def _policies(self, policies) -> list:
        """The AccessPolicy resources named (non-string policies are ignored)."""
        out = []
        for policy in policies or ():
            if not isinstance(policy, str):
                continue
            res = self.stack.resources.get(policy)
            if res is None or not callable(getattr(res, 'access_allowed', None)):
                raise ResourceFailure('The Referenced Attribute (%s Policies) is incorrect.'
                                      % self.name)
            out.append(res)
        return out

    @staticmethod
    def _password(profile) -> str | None:
        return (profile or {}).get('Password')

    def handle_create(self):
        self._policies(self.properties.get('Policies'))
        user = ensure_stack_user(   # a retried create adopts the user made before
            self, self.resource_id,
            'Heat stack user %s of stack %s' % (self.name, self.stack.name),
            password=self._password(self.properties.get('LoginProfile')))
        self.resource_id_set(user.id)

    def handle_update(self, new_definition, prop_diff):
        if 'Policies' in prop_diff:
            self._policies(prop_diff['Policies'])
        if 'LoginProfile' in prop_diff:
            password = self._password(prop_diff['LoginProfile'])
            if password is not None:
                self.cloud.update_user(self.resource_id, password=password)

    def handle_delete(self):
        if self.resource_id is None:
            return
        with ignore_not_found():
            self.cloud.delete_user(self.resource_id)

    def handle_suspend(self):
        self.cloud.update_user(self.resource_id, is_enabled=False)

    def handle_resume(self):
        self.cloud.update_user(self.resource_id, is_enabled=True)

    def reference(self) -> str:
        return self.data.get('user_name') or self.name

    def access_allowed(self, resource_name: str) -> bool:
        """Whether every policy of the user allows ``resource_name``."""
        return all(p.access_allowed(resource_name)
                   for p in self._policies(self.properties.get('Policies')))


class AccessKey(Resource):
    """EC2 credentials (an access key and its secret) of a User of the stack."""

    properties_schema = {
        'Serial': Schema(INTEGER, 'A number to change to rotate the key (a new key replaces '
                         'the old one).'),
        'UserName': Schema(STRING, 'The name of the user that the new key will belong to.',
                           required=True),
        'Status': Schema(STRING, 'Not Implemented.', implemented=False,
                         constraints=[AllowedValues(['Active', 'Inactive'])]),
    }

    attributes_schema = {
        'UserName': Attribute('Username associated with the AccessKey.', STRING),
        'SecretAccessKey': Attribute('Keypair secret key.', STRING),
    }

    def _user(self):
        """The User resource of the stack that ``UserName`` names."""
        wanted = self.properties['UserName']
        for res in self.stack.resources.values():
            if isinstance(res, User) and wanted in (res.reference(), res.name):
                return res
        return None

    def handle_create(self):
        cloud = self.cloud
        user = self._user()
        if user is None or user.resource_id is None:
            raise ResourceFailure('could not find user %s' % self.properties['UserName'])
        self.data_set('user_id', user.resource_id)
        if self.resource_id is not None:        # a retried create: adopt the key
            try:
                cloud.get_ec2_credential(user.resource_id, self.resource_id)
                return
            except NotFound:
                pass
        credential = cloud.create_ec2_credential(user.resource_id, project_id=self.stack.tenant)
        # the secret stays in the identity service: read when asked for
        self.resource_id_set(credential.access)

    def handle_delete(self):
        user_id = self.data.get('user_id')
        if self.resource_id is None or user_id is None:
            return
        with ignore_not_found():
            self.cloud.delete_ec2_credential(user_id, self.resource_id)

    def resolve_attribute(self, name):
        if name == 'UserName':
            return self.properties.get('UserName')
        if name == 'SecretAccessKey':
            user_id = self.data.get('user_id')
            if self.resource_id is None or user_id is None:
                return None
            try:
                return self.cloud.get_ec2_credential(user_id, self.resource_id).secret
            except NotFound:
                return None
        return None

    def show_attribute(self):
        return {'id': self.resource_id, 'UserName': self.properties.get('UserName')}

    def access_allowed(self, resource_name: str) -> bool:
        """Whether this key may read ``resource_name``: its user's policies
        decide (a key without its user may read nothing)."""
        user = self._user()
        return user is not None and user.access_allowed(resource_name)
