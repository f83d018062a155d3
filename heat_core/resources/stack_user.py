"""Stack users: identity users a stack makes for itself (AWS::IAM::User, the
user behind a WaitConditionHandle's signed URL), in their own domain."""

from __future__ import annotations

from heat_core.clouds.errors import ignore_not_found

#: the identity domain of the users stacks make (Heat's stack_user_domain_name)
STACK_USER_DOMAIN = 'heat'


def ensure_stack_user(res, user_id: str | None, description: str, **create_args):
    """The stack user of ``res``, made once: a retried create finds the user
    ``user_id`` or, when it was never recorded (the engine went down
    between making the user and storing its id), the user of the name kept
    in the resource's data; otherwise a user of a new name is made (the
    name stored first).  ``create_args``: more of ``create_user``'s."""
    cloud = res.cloud
    user = None
    if user_id:
        with ignore_not_found():
            user = cloud.get_user(user_id)
    name = res.data.get('user_name')
    if user is None and name is not None:
        domain_id = cloud.find_domain_id(STACK_USER_DOMAIN)
        user = next((u for u in cloud.users()
                     if u.name == name and u.get('domain_id') == domain_id), None)
    elif name is None:
        name = res.physical_resource_name()
        res.data_set('user_name', name)
    if user is None:
        user = cloud.create_user(name, domain_id=STACK_USER_DOMAIN,
                                 default_project_id=res.stack.tenant,
                                 description=description, **create_args)
    return user
