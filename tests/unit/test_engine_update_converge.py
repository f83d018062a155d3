"""Stack update options of ``openstack stack update``: ``converge`` (observe
the resources' reality: one whose check against the cloud fails is replaced
even when the template did not change it) and the update preview's
``show_nested`` (the changes of nested stacks' resources too)."""

import textwrap
import time

from heat_core.clouds import NotFound
from heat_core.engine import nested
from tests import base
from tests.unit.test_aws_common import AwsTestCase

WEB = '''
    Web:
      Type: AWS::EC2::Instance
      Properties: {ImageId: F17-x86_64-cfntools, InstanceType: m1.small}
'''

DB = '''
    Db:
      Type: AWS::EC2::Instance
      Properties: {ImageId: F17-x86_64-cfntools, InstanceType: m1.small}
'''

#: a provider template with a server, and a stack using it
SERVER_FILE = '''
heat_template_version: 2018-08-31
resources:
  vm:
    type: AWS::EC2::Instance
    properties: {ImageId: F17-x86_64-cfntools, InstanceType: m1.small}
'''

USES_SERVER_FILE = '''
heat_template_version: 2018-08-31
resources:
  web: {type: server.yaml}
'''

BOX = '''
heat_template_version: 2018-08-31
parameters:
  flavor: {type: string}
resources:
  box:
    type: OS::Heat::TestResource
    properties: {value: {get_param: flavor}}
  fixed:
    type: OS::Heat::TestResource
    properties: {value: same}
'''

USES_BOX = '''
heat_template_version: 2018-08-31
resources:
  web: {type: box.yaml, properties: {flavor: %s}}
  plain: {type: OS::Heat::TestResource, properties: {value: plain}}
'''


class ConvergeTest(AwsTestCase):
    """``converge`` against the simulated cloud."""

    def delete_behind_heats_back(self, server_id: str) -> None:
        """Delete a server with the cloud's own API (Heat is not told)."""
        self.cloud.delete_server(server_id)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                self.cloud.get_server(server_id)
            except NotFound:
                return
            time.sleep(0.05)
        self.fail('the server %s was not deleted' % server_id)

    def test_converge_recreates_a_server_deleted_behind_heats_back(self):
        self.stack(WEB)
        gone = self.physical_id('Web')
        self.delete_behind_heats_back(gone)
        self.update(WEB, converge=True)
        self.assertEqual('UPDATE_COMPLETE', self.status())
        now = self.physical_id('Web')
        self.assertNotEqual(gone, now)
        self.assertEqual('ACTIVE', self.cloud.get_server(now).status)
        self.assertEqual([('server', now)], self.live('server'))

    def test_without_converge_an_unchanged_template_changes_nothing(self):
        self.stack(WEB)
        gone = self.physical_id('Web')
        self.delete_behind_heats_back(gone)
        self.update(WEB)
        self.assertEqual('UPDATE_COMPLETE', self.status())
        self.assertEqual(gone, self.physical_id('Web'))
        self.assertEqual([], self.live('server'))

    def test_converge_leaves_resources_whose_check_passes(self):
        self.stack(WEB + DB)
        kept = self.physical_id('Db')
        self.delete_behind_heats_back(self.physical_id('Web'))
        self.update(WEB + DB, converge=True)
        self.assertEqual('UPDATE_COMPLETE', self.status())
        self.assertEqual(kept, self.physical_id('Db'))
        self.assertEqual(sorted([kept, self.physical_id('Web')]),
                         sorted(i for _, i in self.live('server')))

    def test_converge_writes_no_check_state(self):
        self.stack(WEB + DB)
        self.update(WEB + DB, converge=True)
        self.assertEqual({'Web': 'CREATE_COMPLETE', 'Db': 'CREATE_COMPLETE'},
                         self.resource_statuses())
        self.assertNotIn('Web CHECK_COMPLETE', self.event_words())

    def test_converge_reaches_the_resources_of_nested_stacks(self):
        row = self.create(USES_SERVER_FILE, files={'server.yaml': SERVER_FILE})
        [child] = nested.nested_stack_rows(self.service.store, row['id'])
        gone = self.physical_id('vm', name=child['id'])
        self.delete_behind_heats_back(gone)
        self.service.update_stack(self.ctx, 'stack', textwrap.dedent(USES_SERVER_FILE),
                                  files={'server.yaml': SERVER_FILE}, converge=True,
                                  template_name='template.yaml', wait=True)
        self.assertEqual('UPDATE_COMPLETE', self.status())
        now = self.physical_id('vm', name=child['id'])
        self.assertNotEqual(gone, now)
        self.assertEqual('ACTIVE', self.cloud.get_server(now).status)

    def preview_names(self, **kwargs) -> dict:
        from tests.unit.test_aws_common import template
        changes = self.service.preview_update(self.ctx, 'stack', template(WEB + DB),
                                              template_name='template.yaml', **kwargs)
        return {kind: [r['resource_name'] for r in found] for kind, found in changes.items()}

    def test_preview_with_converge_shows_the_gone_server_as_replaced(self):
        self.stack(WEB + DB)
        gone = self.physical_id('Web')
        self.delete_behind_heats_back(gone)
        self.assertEqual({'added': [], 'deleted': [], 'replaced': ['Web'], 'updated': [],
                          'unchanged': ['Db']}, self.preview_names(converge=True))
        self.assertEqual(gone, self.physical_id('Web'))

    def test_preview_without_converge_shows_the_gone_server_unchanged(self):
        self.stack(WEB + DB)
        self.delete_behind_heats_back(self.physical_id('Web'))
        self.assertEqual({'added': [], 'deleted': [], 'replaced': [], 'updated': [],
                          'unchanged': ['Web', 'Db']}, self.preview_names())


class ShowNestedPreviewTest(base.EngineTestCase):
    """``preview_update(show_nested=True)`` with a provider template."""

    FILES = {'box.yaml': BOX}

    def setUp(self):
        super().setUp()
        row = self.create(USES_BOX % 'small', files=self.FILES)
        [self.child] = nested.nested_stack_rows(self.service.store, row['id'])

    def preview(self, text, **kwargs) -> dict:
        return self.service.preview_update(self.ctx, 'stack', textwrap.dedent(text),
                                           files=self.FILES, template_name='template.yaml',
                                           **kwargs)

    @staticmethod
    def where(changes: dict) -> dict:
        """``{kind: [(nested stack name, parent resource, resource)]}``
        ('' for the stack's own resources)."""
        return {kind: sorted((r['stack_name'] if r.get('parent_resource') else '',
                              r.get('parent_resource', ''), r['resource_name'])
                             for r in found)
                for kind, found in changes.items()}

    def test_the_changed_nested_resource_is_shown_with_its_stack(self):
        name = self.child['name']
        self.assertEqual({'added': [], 'deleted': [], 'replaced': [],
                          'updated': [('', '', 'web'), (name, 'web', 'box')],
                          'unchanged': [('', '', 'plain'), (name, 'web', 'fixed')]},
                         self.where(self.preview(USES_BOX % 'large', show_nested=True)))

    def test_nested_entries_name_the_nested_stack(self):
        changes = self.preview(USES_BOX % 'large', show_nested=True)
        [box] = [r for r in changes['updated'] if r['resource_name'] == 'box']
        self.assertEqual((self.child['name'], self.child['id'], 'web', 'OS::Heat::TestResource'),
                         (box['stack_name'], box['stack_id'], box['parent_resource'],
                          box['resource_type']))

    def test_without_show_nested_only_the_stacks_own_resources(self):
        self.assertEqual({'added': [], 'deleted': [], 'replaced': [],
                          'updated': [('', '', 'web')],
                          'unchanged': [('', '', 'plain')]},
                         self.where(self.preview(USES_BOX % 'large')))

    def test_a_removed_nested_stack_shows_its_resources_deleted(self):
        text = '''
            heat_template_version: 2018-08-31
            resources:
              plain: {type: OS::Heat::TestResource, properties: {value: plain}}
        '''
        name = self.child['name']
        self.assertEqual([('', '', 'web'), (name, 'web', 'box'), (name, 'web', 'fixed')],
                         self.where(self.preview(text, show_nested=True))['deleted'])

    def test_an_added_nested_stack_shows_its_resources_added(self):
        text = USES_BOX % 'small' + '  more: {type: box.yaml, properties: {flavor: tiny}}\n'
        added = self.preview(text, show_nested=True)['added']
        self.assertEqual([('box', 'more'), ('fixed', 'more'), ('more', None)],
                         sorted((r['resource_name'], r.get('parent_resource')) for r in added))

    def test_nothing_is_written(self):
        before = self.service.store.resources(self.child['id'])
        self.preview(USES_BOX % 'large', show_nested=True)
        self.assertEqual(before, self.service.store.resources(self.child['id']))
        self.assertEqual('CREATE_COMPLETE', self.status())
