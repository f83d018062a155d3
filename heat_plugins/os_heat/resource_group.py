"""OS::Heat::ResourceGroup: several identically configured resources."""

import json

from heat_core.constraints import AllowedValues, Length, Range
from heat_core.engine.nested import NestedStackResource, inline_template_name, select_path
from heat_core.resources import registry as reg
from heat_core.resources import schema as sch
from heat_core.resources.resource import SupportStatus
from heat_core.resources.schema import INTEGER, LIST, MAP, NUMBER, STRING, Attribute, Schema
from heat_core.template import functions as fn
from heat_core.template import provider
from heat_core.template.definitions import ResourceDefinition

#: the template version of the nested stack of the members (as in Heat)
MEMBERS_TEMPLATE_VERSION = '2015-04-30'


class ResourceGroup(NestedStackResource):
    """Creates ``count`` resources from one definition, in a nested stack.

    The members are named "0", "1", ...; ``index_var`` (``%index%`` by
    default) in the definition's property values becomes each member's
    index.  Asking the group for an attribute gives a list of that attribute
    of every member; ``resource.N`` is member N's reference and
    ``resource.N.attr`` its attribute.
    """

    support_status = SupportStatus(version='2014.1')

    properties_schema = {
        'count': Schema(INTEGER, 'How many resources the group has.', default=1,
                        constraints=[Range(min=0)], update_allowed=True),
        'index_var': Schema(
            STRING, 'The text that is replaced by the member\'s index in the resource '
            'definition\'s values (e.g. to give each server its own name).',
            default='%index%', constraints=[Length(min=3)],
            support_status=SupportStatus(version='2014.2')),
        'resource_def': Schema(
            MAP, 'The definition of every member, as a resource would be declared in the '
            'template.', required=True, update_allowed=True, schema={
                'type': Schema(STRING, 'The type of the members.', required=True),
                'properties': Schema(MAP, 'The property values of the members.'),
                'metadata': Schema(MAP, 'The metadata of the members.',
                                   support_status=SupportStatus(version='5.0.0')),
            }),
        'removal_policies': Schema(
            LIST, 'Members to remove on the next update, whatever the count.',
            default=[], update_allowed=True, support_status=SupportStatus(version='2015.1'),
            schema=Schema(MAP, 'A removal policy.', schema={
                'resource_list': Schema(
                    LIST, 'Members to remove, by name in the nested stack or by reference '
                    '(as the refs attribute gives them). A removed name is never used again.',
                    default=[]),
            })),
        'removal_policies_mode': Schema(
            STRING, 'What an update does with removal_policies: "append" adds them to those '
            'given before, "update" replaces them.', default='append',
            constraints=[AllowedValues(['append', 'update'])], update_allowed=True,
            support_status=SupportStatus(version='10.0.0')),
    }

    attributes_schema = {
        'refs': Attribute('The references (IDs) of the members, in index order.', LIST),
        'refs_map': Attribute('Member name to reference (ID).', MAP,
                              support_status=SupportStatus(version='7.0.0')),
        'attributes': Attribute('Member name to the value of the attribute named next in the '
                                'attribute path.', MAP,
                                support_status=SupportStatus(version='2014.2')),
        'removed_rsrc_list': Attribute('Names of the members removed so far.', LIST,
                                       support_status=SupportStatus(version='7.0.0')),
    }

    update_policy_schema = {
        'rolling_update': Schema(MAP, support_status=SupportStatus(version='5.0.0'), schema={
            'min_in_service': Schema(INTEGER, 'How many members stay in service while a '
                                     'rolling update replaces others.', default=0,
                                     constraints=[Range(min=0)]),
            'max_batch_size': Schema(INTEGER, 'How many members are replaced at once.',
                                     default=1, constraints=[Range(min=1)]),
            'pause_time': Schema(NUMBER, 'Seconds to wait between batches.', default=0,
                                 constraints=[Range(min=0)]),
        }),
        'batch_create': Schema(MAP, support_status=SupportStatus(version='5.0.0'), schema={
            'max_batch_size': Schema(INTEGER, 'How many members are created at once.',
                                     default=1, constraints=[Range(min=1)]),
            'pause_time': Schema(NUMBER, 'Seconds to wait between batches.', default=0,
                                 constraints=[Range(min=0)]),
        }),
    }

    @classmethod
    def has_attribute(cls, name: str) -> bool:
        # Any other name is an attribute of the members, listed for all.
        return True

    @classmethod
    def validate_definition(cls, definition, ctx) -> None:
        super().validate_definition(definition, ctx)
        props = definition.properties
        if not isinstance(props, dict):
            return
        count = props.get('count', 1)
        if isinstance(count, fn.Function):
            count = fn.try_resolve(count, ctx.scope)
        if count in (0, '0'):
            return  # as in Heat: a group of none is not checked, to disable a feature
        rdef = props.get('resource_def')
        if isinstance(rdef, fn.Function):
            rdef = fn.try_resolve(rdef, ctx.scope)
        if not isinstance(rdef, dict):
            return
        type_name = rdef.get('type')
        if isinstance(type_name, fn.Function):
            type_name = fn.try_resolve(type_name, ctx.scope)
        if not isinstance(type_name, str) or not type_name:
            return  # unknown yet, or reported by the schema check
        member_props = rdef.get('properties')
        if member_props is not None and not isinstance(member_props, (dict, fn.Function)):
            return  # not a map: reported by the schema check
        path = definition.key_path('properties') + ('resource_def',)
        res = provider.resolve_type(ctx, type_name)
        if not res.ok:
            ctx.issues.error(path + ('type',), res.message)
            return
        index_var = props.get('index_var', '%index%')
        if isinstance(index_var, fn.Function):
            index_var = fn.try_resolve(index_var, ctx.scope)
        member = ResourceDefinition(
            name='0', type=type_name, path=path, metadata=rdef.get('metadata'),
            properties=_substitute(member_props, index_var, '0'),
            keys={'type': 'type', 'properties': 'properties', 'metadata': 'metadata'})
        if res.kind == reg.TEMPLATE:
            provider.validate_provider(member, res, ctx, functions=False)
            return
        member_cls = res.cls
        if not member_cls.accepts_any_properties:
            sch.validate_properties(member_cls.properties_schema, member.properties,
                                    path + ('properties',), ctx, functions=False)
        member_cls.validate_definition(member, ctx)

    # -- run time: the members are the resources of a nested stack ---------------------
    def member_names(self) -> list:
        """Names of the members, in index order: "0", "1", ... without the
        names removed before (never used again)."""
        removed = set(self.data.get('removed') or [])
        count = self.properties.get('count') or 0
        names, index = [], 0
        while len(names) < count:
            if str(index) not in removed:
                names.append(str(index))
            index += 1
        return names

    def member_definition(self, name: str) -> dict:
        """The definition of member ``name``: ``resource_def`` with the
        index variable replaced by ``name`` in its property values."""
        rdef = self.properties.get('resource_def') or {}
        props = {k: v for k, v in (rdef.get('properties') or {}).items() if v is not None}
        out = {'type': rdef.get('type'),
               'properties': _substitute(props, self.properties.get('index_var'), name)}
        if rdef.get('metadata') is not None:
            out['metadata'] = rdef['metadata']
        return out

    def child_template(self) -> tuple:
        members = {name: self.member_definition(name) for name in self.member_names()}
        text = json.dumps({'heat_template_version': MEMBERS_TEMPLATE_VERSION,
                           'resources': members})
        return text, inline_template_name(self.stack.template, self.name)

    def before_child_update(self, row: dict) -> None:
        """``removal_policies``: the members they name (by name or by
        reference) are removed now and their names never used again
        (``removal_policies_mode`` "update": only those named now)."""
        child = self.child_stack()
        members = child.resources if child is not None else {}
        refs = {}
        for name, res in members.items():
            refs.setdefault(str(res.reference()), name)
        mode = self.properties.get('removal_policies_mode') or 'append'
        removed = set() if mode == 'update' else set(self.data.get('removed') or [])
        for policy in self.properties.get('removal_policies') or []:
            for item in (policy or {}).get('resource_list') or []:
                item = str(item)
                if item in members:
                    removed.add(item)
                elif item in refs:
                    removed.add(refs[item])
        if removed != set(self.data.get('removed') or []):
            self.data_set('removed', sorted(removed, key=_index_key))

    def attribute(self, name: str, *path):
        if name in ('OS::stack_id', 'show'):
            return super().attribute(name, *path)
        if name == 'removed_rsrc_list':
            return select_path(sorted(self.data.get('removed') or [], key=_index_key), path)
        if self.resource_id is None:
            return None
        parts = self.resource_path(name, path)
        if parts is not None:
            return self.nested_resource_value(*parts)
        names = self.member_names()
        if name == 'refs':
            return select_path([self.nested_resource_value(n) for n in names], path)
        if name == 'refs_map':
            return select_path({n: self.nested_resource_value(n) for n in names}, path)
        if name == 'attributes':
            if not path:
                return None   # the attribute of the members is named next
            return {n: self.nested_resource_value(n, *path) for n in names}
        return [self.nested_resource_value(n, name, *path) for n in names]

    def all_attributes(self) -> dict:
        return {n: self.attribute(n) for n in ('refs', 'refs_map', 'removed_rsrc_list')}


def _index_key(name: str):
    return (0, int(name), '') if name.isdigit() else (1, 0, name)


def _substitute(tree, var, index: str):
    """``tree`` with ``var`` replaced by ``index`` in its plain strings (as
    each member's values are; values of function calls are left alone)."""
    if not isinstance(var, str) or not var:
        return tree
    if isinstance(tree, str):
        return tree.replace(var, index) if var in tree else tree
    if isinstance(tree, dict):
        return {k: _substitute(v, var, index) for k, v in tree.items()}
    if isinstance(tree, list):
        return [_substitute(v, var, index) for v in tree]
    return tree
