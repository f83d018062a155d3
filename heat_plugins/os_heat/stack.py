"""OS::Heat::Stack: a stack created from a template given as a property."""

from heat_core.config import CONF
from heat_core.engine.nested import NestedStackResource, inline_template_name, validate_child
from heat_core.resources.resource import SupportStatus
from heat_core.resources.runtime import ResourceFailure
from heat_core.resources.schema import BOOLEAN, INTEGER, MAP, STRING, Attribute, Schema
from heat_core.template import functions as fn


class HeatStack(NestedStackResource):
    """A stack created from the template in ``template``, with
    ``parameters``.

    In OpenStack Heat the stack may be created in another region or cloud
    (``context``); here stacks are created in this cloud only, as a nested
    stack: a ``context`` naming another region, or remote credentials, is
    refused.
    """

    properties_schema = {
        'context': Schema(MAP, 'Context for this stack.', update_allowed=True, schema={
            'region_name': Schema(STRING, 'Region name in which this stack will be created '
                                  '(only this cloud\'s region is available).'),
            'credential_secret_id': Schema(
                STRING, 'A Barbican secret ID holding credentials of a remote cloud (remote '
                'clouds are not available).', update_allowed=True,
                support_status=SupportStatus(version='12.0.0')),
            'ca_cert': Schema(STRING, 'CA Cert for SSL.', update_allowed=True,
                              support_status=SupportStatus(version='12.0.0')),
            'insecure': Schema(BOOLEAN, 'If set, then the server\'s certificate will not be '
                               'verified.', default=False, update_allowed=True,
                               support_status=SupportStatus(version='12.0.0')),
        }),
        'template': Schema(STRING, 'Template that specifies the stack to be created as a '
                           'resource.', required=True, update_allowed=True),
        'timeout': Schema(INTEGER, 'Number of minutes to wait for this stack creation.',
                          update_allowed=True),
        'parameters': Schema(MAP, 'Set of parameters passed to this stack.', default={},
                             update_allowed=True),
    }

    attributes_schema = {
        'stack_name': Attribute('Name of the stack.', STRING),
        'outputs': Attribute('A dict of key-value pairs output from the stack.', MAP),
    }

    @classmethod
    def validate_definition(cls, definition, ctx) -> None:
        super().validate_definition(definition, ctx)
        props = definition.properties
        if not isinstance(props, dict):
            return
        path = definition.key_path('properties')
        context = props.get('context')
        if isinstance(context, dict):
            problem, key = _remote_problem(fn.try_resolve(context, ctx.scope))
            if problem:
                ctx.issues.error(path + ('context', key), problem)
        text = props.get('template')
        if isinstance(text, fn.Function):
            text = fn.try_resolve(text, ctx.scope)
        if isinstance(text, str):
            validate_child(ctx, definition, text,
                           inline_template_name(ctx.template, definition.name),
                           props.get('parameters'), path + ('parameters',))

    # -- run time --------------------------------------------------------------------
    def child_template(self) -> tuple:
        problem, _key = _remote_problem(self.properties.get('context'))
        if problem:
            raise ResourceFailure(problem)
        return (self.properties['template'],
                inline_template_name(self.stack.template, self.name))

    def child_params(self) -> dict:
        return dict(self.properties.get('parameters') or {})

    def child_timeout(self, parent_row: dict):
        timeout = self.properties.get('timeout')
        return timeout if timeout is not None else parent_row.get('timeout')

    def resolve_attribute(self, name):
        if name == 'stack_name':
            row = self.child_row()
            return row['name'] if row is not None else None
        if name == 'outputs':
            return self.child_outputs() if self.resource_id else None
        return None


def _remote_problem(context) -> tuple:
    """``(why context cannot be honoured here, the key concerned)``, or
    ``(None, None)``."""
    if not isinstance(context, dict):
        return None, None
    region = context.get('region_name')
    local = CONF.region_name_for_services
    if isinstance(region, str) and region and region != local:
        return ('Region "%s" is not available: stacks are created in this cloud\'s region '
                '("%s") only' % (region, local)), 'region_name'
    if context.get('credential_secret_id'):
        return ('Remote clouds are not available: stacks are created in this cloud only'), \
            'credential_secret_id'
    return None, None
