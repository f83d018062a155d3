"""What functions may ask while computing a value.

:class:`Scope` answers parameter, resource, condition and pseudo-parameter
questions.  :class:`StaticScope` is used by validation: it knows parameter
values (given or default) and the cloud's catalogue, but no resource exists
yet, so resource questions raise :class:`~heat_core.errors.Unresolved`.  The
engine provides a scope backed by the live stack.
"""

from __future__ import annotations

from typing import Any

from heat_core.config import CONF
from heat_core.errors import Unresolved


class Scope:
    """Interface used by :meth:`Function.result`."""

    def __init__(self, template, values: dict | None = None, cloud=None,
                 stack_name: str | None = None, stack_id: str | None = None,
                 project_id: str | None = None):
        self.template = template
        self.values = values or {}        # parameter name -> typed value
        self.cloud = cloud
        self.stack_name = stack_name
        self.stack_id = stack_id
        self.project_id = project_id
        self._conditions: dict = {}
        self._evaluating: set = set()

    # -- parameters ------------------------------------------------------
    def parameter(self, name: str) -> Any:
        if name in self.values:
            return self.values[name]
        pseudo = self.pseudo(name)
        if pseudo is not Unresolved:
            return pseudo
        raise Unresolved('parameter %s has no value' % name)

    def pseudo(self, name: str) -> Any:
        """Value of a pseudo parameter, or ``Unresolved`` (the class)."""
        region = CONF.region_name_for_services
        if name in ('AWS::Region', 'OS::region'):
            return region
        if name in ('AWS::StackName', 'OS::stack_name'):
            return self.stack_name if self.stack_name else Unresolved
        if name in ('AWS::StackId', 'OS::stack_id'):
            if not self.stack_id:
                return Unresolved
            if name == 'OS::stack_id':
                return self.stack_id
            return 'arn:openstack:heat::%s:stacks/%s/%s' % (
                self.project_id or '', self.stack_name, self.stack_id)
        if name in ('AWS::AccountId', 'OS::project_id'):
            return self.project_id if self.project_id else Unresolved
        if name == 'AWS::Partition':
            return 'aws'
        if name == 'AWS::URLSuffix':
            return 'amazonaws.com'
        if name == 'AWS::NotificationARNs':
            return []
        if name == 'AWS::NoValue':
            from heat_core.template.functions import NO_VALUE
            return NO_VALUE
        return Unresolved

    # -- resources -------------------------------------------------------
    def resource(self, name: str):
        """The live resource called ``name`` (has ``reference()`` and
        ``attribute(name, *path)``)."""
        raise Unresolved('resource %s does not exist yet' % name)

    # -- conditions ------------------------------------------------------
    def condition(self, name: str) -> bool:
        if name in self._conditions:
            return self._conditions[name]
        if name in self._evaluating:
            raise Unresolved('condition %s refers to itself' % name)
        tree = self.template.conditions.get(name, Unresolved)
        if tree is Unresolved:
            raise Unresolved('condition %s is not defined' % name)
        self._evaluating.add(name)
        try:
            from heat_core.template.functions import resolve
            value = resolve(tree, self)
        finally:
            self._evaluating.discard(name)
        if not isinstance(value, bool):
            raise Unresolved('condition %s is not a boolean' % name)
        self._conditions[name] = value
        return value

    # -- cloud and other stacks -----------------------------------------
    def availability_zones(self, region: str | None = None) -> list:
        if self.cloud is None:
            raise Unresolved('no cloud')
        return self.cloud.availability_zone_names()

    def import_value(self, export_name: str) -> Any:
        raise Unresolved('exports are known at create time')

    def get_file(self, name: str) -> str:
        files = getattr(self.template, 'files', {}) or {}
        if name in files:
            return files[name]
        raise Unresolved('file %s was not supplied' % name)


class StaticScope(Scope):
    """The scope used while validating: no stack exists."""
