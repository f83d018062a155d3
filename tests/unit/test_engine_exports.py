"""Cross-stack exports: outputs with Export are recorded when a stack
completes, Fn::ImportValue reads them in other stacks of the tenant, and an
export in use may not be deleted or changed."""

from heat_core.engine import service_nested as exports
from heat_core.engine.context import RequestContext
from heat_core.errors import TemplateInvalid
from tests import base

EXPORTER = '''
    AWSTemplateFormatVersion: "2010-09-09"
    Parameters:
      Value: {Type: String, Default: vpc-1}
    Resources:
      Net: {Type: OS::Heat::TestResource, Properties: {value: {Ref: Value}}}
    Outputs:
      NetId:
        Value: {"Fn::GetAtt": [Net, output]}
        Export: {Name: {"Fn::Sub": "${AWS::StackName}-net"}}
      Plain:
        Value: not exported
'''

IMPORTER = '''
    AWSTemplateFormatVersion: "2010-09-09"
    Resources:
      Server:
        Type: OS::Heat::TestResource
        Properties: {value: {"Fn::ImportValue": net-net}}
    Outputs:
      Seen: {Value: {"Fn::GetAtt": [Server, output]}}
'''


class ExportsTest(base.EngineTestCase):

    def arn(self, row) -> str:
        return 'arn:openstack:heat::tenant-a:stacks/%s/%s' % (row['name'], row['id'])

    def test_exports_are_recorded_when_the_stack_completes(self):
        row = self.create(EXPORTER, name='net')
        self.assertEqual([{'ExportingStackId': self.arn(row), 'Name': 'net-net',
                           'Value': 'vpc-1'}], self.service.list_exports(self.ctx))

    def test_import_value_reads_another_stacks_export(self):
        self.create(EXPORTER, name='net')
        self.create(IMPORTER, name='app')
        shown = self.service.show_stack(self.ctx, 'app')
        self.assertEqual('CREATE_COMPLETE', shown['stack_status'])
        self.assertEqual('vpc-1', shown['outputs'][0]['output_value'])
        self.assertEqual(['app'], self.service.list_imports(self.ctx, 'net-net'))

    def test_deleting_a_stack_whose_export_is_imported_is_refused(self):
        self.create(EXPORTER, name='net')
        self.create(IMPORTER, name='app')
        err = self.assertRaises(exports.ExportInUse, self.service.delete_stack, self.ctx, 'net')
        self.assertEqual('Export "net-net" cannot be deleted as it is in use by stack "app"',
                         str(err))
        self.assertEqual((409, 'ExportInUse'), (err.http_status, err.code))
        self.assertEqual('CREATE_COMPLETE', self.status('net'))

    def test_the_exporter_may_go_once_the_importer_is_deleted(self):
        self.create(EXPORTER, name='net')
        self.create(IMPORTER, name='app')
        self.service.delete_stack(self.ctx, 'app', wait=True)
        self.assertEqual([], self.service.list_imports(self.ctx, 'net-net'))
        self.service.delete_stack(self.ctx, 'net', wait=True)
        self.assertEqual([], self.service.list_exports(self.ctx))

    def test_a_duplicate_export_name_is_refused_naming_the_other_stack(self):
        self.create(EXPORTER, name='net')
        err = self.assertRaises(TemplateInvalid, self.create, EXPORTER.replace(
            '"${AWS::StackName}-net"', 'net-net'), name='other')
        self.assertEqual('template.yaml:10:20: Outputs.NetId.Export.Name: Export "net-net" is '
                         'already exported by stack "net" (export names are unique in a '
                         'project)', str(err))
        self.assertEqual([], self.service.store.find_stacks(name='other'))

    def test_an_export_name_is_free_again_after_its_stack_is_deleted(self):
        self.create(EXPORTER, name='net')
        self.service.delete_stack(self.ctx, 'net', wait=True)
        row = self.create(EXPORTER.replace('"${AWS::StackName}-net"', 'net-net'), name='again')
        self.assertEqual([self.arn(row)], [e['ExportingStackId']
                                           for e in self.service.list_exports(self.ctx)])

    def test_importing_a_missing_export_is_refused(self):
        err = self.assertRaises(TemplateInvalid, self.create, IMPORTER, name='app')
        self.assertEqual('template.yaml:6:25: Resources.Server.Properties.value: No export '
                         'named "net-net" found', str(err))

    def test_other_tenants_neither_see_nor_import_the_export(self):
        self.create(EXPORTER, name='net')
        other = RequestContext(tenant='tenant-b', user='bob')
        self.assertEqual([], self.service.list_exports(other))
        self.assertRaises(TemplateInvalid, self.service.create_stack, other, 'app',
                          IMPORTER, template_name='t.yaml')

    def test_list_imports_of_an_unknown_export_is_not_found(self):
        err = self.assertRaises(exports.ExportNotFound, self.service.list_imports, self.ctx,
                                'nope')
        self.assertEqual('Export "nope" does not exist', str(err))

    def test_changing_or_removing_an_imported_export_is_refused(self):
        net = self.create(EXPORTER, name='net')
        self.create(IMPORTER, name='app')
        store = self.service.store
        err = self.assertRaises(exports.ExportInUse, exports.check_exports_change, store,
                                net['id'], {'net-net': 'vpc-2'})
        self.assertEqual('Export "net-net" cannot be updated as it is in use by stack "app"',
                         str(err))
        err = self.assertRaises(exports.ExportInUse, exports.check_exports_change, store,
                                net['id'], {})
        self.assertEqual('Export "net-net" cannot be removed as it is in use by stack "app"',
                         str(err))
        self.assertIsNone(exports.check_exports_change(store, net['id'], {'net-net': 'vpc-1'}))

    def test_an_export_of_a_nested_stack_in_use_blocks_deleting_the_parent(self):
        child = EXPORTER.replace('\n    ', '\n')
        self.create('''
            heat_template_version: 2018-08-31
            resources:
              inner: {type: net.yaml}
        ''', name='net', files={'net.yaml': child})
        [export] = self.service.list_exports(self.ctx)
        self.create(IMPORTER.replace('net-net', export['Name']), name='app')
        err = self.assertRaises(exports.ExportInUse, self.service.delete_stack, self.ctx, 'net')
        self.assertIn('in use by stack "app"', str(err))


class PostgreSQLExportsTest(base.EngineTestCase):
    """Export, import and the refused delete on PostgreSQL."""

    backend = 'postgresql'

    def test_export_import_and_refused_delete(self):
        self.create(EXPORTER, name='net')
        self.create(IMPORTER, name='app')
        self.assertEqual('vpc-1', self.service.show_stack(self.ctx, 'app')['outputs'][0][
            'output_value'])
        self.assertRaises(exports.ExportInUse, self.service.delete_stack, self.ctx, 'net')
        err = self.assertRaises(TemplateInvalid, self.create, EXPORTER.replace(
            '"${AWS::StackName}-net"', 'net-net'), name='other')
        self.assertIn('already exported by stack "net"', str(err))
