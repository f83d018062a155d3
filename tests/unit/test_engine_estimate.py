"""Template cost estimates (CloudFormation's EstimateTemplateCost) through
the engine service: the built-in price table, parameters and defaults,
groups, conditions, an operator's table, and its errors."""

import os
import tempfile
import textwrap
from urllib.parse import unquote

from heat_core.engine.estimate import PriceTableInvalid
from heat_core.errors import TemplateInvalid
from tests import base

SERVERS = '''
    AWSTemplateFormatVersion: '2010-09-09'
    Parameters:
      InstanceType: {Type: String, Default: m1.small}
      DiskSize: {Type: Number, Default: 10}
    Resources:
      Web:
        Type: AWS::EC2::Instance
        Properties:
          ImageId: F17-x86_64-cfntools
          InstanceType: {Ref: InstanceType}
          KeyName: heat_key
      Data:
        Type: AWS::EC2::Volume
        Properties:
          Size: {Ref: DiskSize}
          AvailabilityZone: nova
      Address:
        Type: AWS::EC2::EIP
      Token:
        Type: OS::Heat::RandomString
'''

GROUP = '''
    heat_template_version: 2018-08-31
    parameters:
      size: {type: number, default: 3}
    resources:
      disks:
        type: OS::Heat::ResourceGroup
        properties:
          count: {get_param: size}
          resource_def:
            type: AWS::EC2::Volume
            properties: {Size: 5, AvailabilityZone: nova}
'''

CONDITIONAL = '''
    AWSTemplateFormatVersion: '2010-09-09'
    Parameters:
      WithAddress: {Type: String, Default: 'no', AllowedValues: ['yes', 'no']}
    Conditions:
      Wanted: {'Fn::Equals': [{Ref: WithAddress}, 'yes']}
    Resources:
      Address:
        Type: AWS::EC2::EIP
        Condition: Wanted
      Data:
        Type: AWS::EC2::Volume
        Properties: {Size: 1, AvailabilityZone: nova}
'''

SECRET_TYPE = '''
    AWSTemplateFormatVersion: '2010-09-09'
    Parameters:
      InstanceType: {Type: String, Default: m1.medium, NoEcho: true}
    Resources:
      Web:
        Type: AWS::EC2::Instance
        Properties:
          ImageId: F17-x86_64-cfntools
          InstanceType: {Ref: InstanceType}
          KeyName: heat_key
'''


class EstimateTest(base.EngineTestCase):

    def estimate(self, text, **kwargs):
        return self.service.estimate_template_cost(self.ctx, textwrap.dedent(text), **kwargs)

    def items(self, result) -> dict:
        return {i['resource']: i for i in result['items']}

    def operator_table(self, text: str) -> str:
        fd, path = tempfile.mkstemp(suffix='.yaml', prefix='prices-')
        with os.fdopen(fd, 'w') as f:
            f.write(textwrap.dedent(text))
        self.addCleanup(os.unlink, path)
        self.config(price_table=path)
        return path

    def test_default_table_prices_instances_volumes_and_addresses(self):
        result = self.estimate(SERVERS)
        items = self.items(result)
        self.assertEqual(('instance-hours', 730, 0.023, 16.79),
                         tuple(items['Web'][k] for k in ('unit', 'quantity', 'unit_price',
                                                         'monthly_cost')))
        self.assertEqual('m1.small', items['Web']['InstanceType'])
        self.assertEqual(('GB-months', 10, 1.0), (items['Data']['unit'],
                                                  items['Data']['quantity'],
                                                  items['Data']['monthly_cost']))
        self.assertEqual(3.65, items['Address']['monthly_cost'])
        self.assertEqual((None, 0.0), (items['Token']['unit'], items['Token']['monthly_cost']))
        self.assertEqual((21.44, 'USD'), (result['monthly_cost'], result['currency']))

    def test_parameters_choose_type_and_size(self):
        items = self.items(self.estimate(SERVERS, params={'InstanceType': 'm1.large',
                                                          'DiskSize': '100'}))
        self.assertEqual(67.744, items['Web']['monthly_cost'])
        self.assertEqual(10.0, items['Data']['monthly_cost'])

    def test_a_group_counts_its_members(self):
        result = self.estimate(GROUP, params={'size': 4})
        item = self.items(result)['disks']
        self.assertEqual(('AWS::EC2::Volume', 4, 20, 2.0),
                         (item['type'], item['count'], item['quantity'], item['monthly_cost']))
        self.assertEqual(2.0, result['monthly_cost'])

    def test_resources_whose_condition_is_false_cost_nothing(self):
        self.assertEqual(['Data'], list(self.items(self.estimate(CONDITIONAL))))
        with_address = self.estimate(CONDITIONAL, params={'WithAddress': 'yes'})
        self.assertEqual(3.75, with_address['monthly_cost'])

    def test_the_url_holds_the_breakdown(self):
        result = self.estimate(SERVERS)
        prefix = 'data:text/plain;charset=utf-8,'
        self.assertTrue(result['url'].startswith(prefix))
        text = unquote(result['url'][len(prefix):])
        self.assertIn('Web (AWS::EC2::Instance): 730 instance-hours x 0.023 = 16.79', text)
        self.assertIn('Token (OS::Heat::RandomString): no charge', text)
        self.assertTrue(text.endswith('Total: 21.44 USD a month'))

    def test_a_noecho_parameter_prices_but_is_not_shown(self):
        result = self.estimate(SECRET_TYPE)
        self.assertEqual(33.87, result['monthly_cost'])
        self.assertNotIn('m1.medium', repr(result) + unquote(result['url']))

    def test_an_invalid_template_raises(self):
        self.assertRaises(TemplateInvalid, self.estimate,
                          'heat_template_version: 2018-08-31\nresources: {a: {type: Nope}}\n')

    def test_an_operator_table_overrides_what_it_names(self):
        path = self.operator_table('''
            currency: EUR
            hours_per_month: 720
            types:
              AWS::EC2::Instance:
                unit: instance-hours
                per: hour
                key: InstanceType
                prices: {m1.large: 0.5}
                other: 0.25
              AWS::EC2::Volume: null
        ''')
        result = self.estimate(SERVERS)
        items = self.items(result)
        self.assertEqual((180.0, 'InstanceType m1.small not in the price table: priced as '
                                 '0.25'), (items['Web']['monthly_cost'], items['Web']['note']))
        self.assertEqual(0.0, items['Data']['monthly_cost'])       # removed by the operator
        self.assertEqual(3.6, items['Address']['monthly_cost'])    # built-in, 720 hours
        self.assertEqual((183.6, 'EUR'), (result['monthly_cost'], result['currency']))
        self.assertIn(path, unquote(result['url']))

    def test_an_operator_table_that_cannot_be_used_is_a_clear_error(self):
        self.config(price_table='/nonexistent/prices.yaml')
        err = self.assertRaises(PriceTableInvalid, self.estimate, SERVERS)
        self.assertIn('Cannot read the price table /nonexistent/prices.yaml', str(err))
        path = self.operator_table('types: {AWS::EC2::EIP: {per: week, price: 1}}\n')
        err = self.assertRaises(PriceTableInvalid, self.estimate, SERVERS)
        self.assertEqual('%s: AWS::EC2::EIP: "per" must be hour or month' % path, str(err))
        self.operator_table('types: {AWS::EC2::EIP: {per: hour, price: -1}}\n')
        self.assertRaises(PriceTableInvalid, self.estimate, SERVERS)
        self.operator_table('[not, a, map]\n')
        self.assertRaises(PriceTableInvalid, self.estimate, SERVERS)
