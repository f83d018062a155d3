"""The AWS::LanguageExtensions transform: Fn::ForEach loops in Resources,
Outputs, Conditions and properties (the AWS documentation's examples), where
their problems are reported, and intrinsic functions in resource
attributes."""

from heat_core.template import functions as fn
from tests import base
from tests.unit.test_cfn_functions import FakeResource, FixedScope, load, scope_for

HEAD = 'AWSTemplateFormatVersion: "2010-09-09"\nTransform: AWS::LanguageExtensions\n'

SNS_TOPICS = HEAD + '''
Parameters:
  pRepoARNs:
    Description: ARN of SSO instance
    Type: CommaDelimitedList
Resources:
  'Fn::ForEach::Topics':
    - TopicName
    - !Ref pRepoARNs
    - 'SnsTopic${TopicName}':
        Type: OS::Heat::None
        Properties:
          TopicName:
           'Fn::Join':
            - '.'
            - - !Ref TopicName
              - fifo
          FifoTopic: true
'''
TOPICS_ENV = 'parameters: {pRepoARNs: "Success,Failure,Timeout,Unknown"}'

NESTED = HEAD + '''
Resources:
  VPC:
    Type: OS::Heat::None
  'Fn::ForEach::SubnetResources':
  - Prefix
  - [Transit, Public]
  - 'Nacl${Prefix}Subnet':
      Type: OS::Heat::None
      Properties:
        VpcId: !Ref VPC
    'Fn::ForEach::LoopInner':
    - Suffix
    - [A, B, C]
    - '${Prefix}Subnet${Suffix}':
        Type: OS::Heat::None
        Properties:
          VpcId: !Ref VPC
      'Nacl${Prefix}Subnet${Suffix}Association':
        Type: OS::Heat::None
        Properties:
          SubnetId: !Ref
            'Fn::Sub': '${Prefix}Subnet${Suffix}'
          NetworkAclId: !Ref
            'Fn::Sub': 'Nacl${Prefix}Subnet'
'''

NAT_GATEWAYS = HEAD + '''
Parameters:
  Gateways: {Type: Number, Default: 2}
Conditions:
  TwoNatGateways: !Equals [!Ref Gateways, 2]
  ThreeNatGateways: !Equals [!Ref Gateways, 3]
Mappings:
  NatGateway:
    Condition:
      B: TwoNatGateways
      C: ThreeNatGateways
Resources:
  Fn::ForEach::NatGatewayAndEIP:
    - Identifier
    - - A
      - B
      - C
    - NatGateway${Identifier}:
        Type: OS::Heat::None
        Properties:
          AllocationId: !GetAtt
            - !Sub NatGatewayAttachment${Identifier}
            - AllocationId
        Condition: !FindInMap
          - NatGateway
          - Condition
          - !Ref Identifier
          - DefaultValue: !Ref AWS::NoValue
      NatGatewayAttachment${Identifier}:
        Type: OS::Heat::None
        Properties:
          Domain: vpc
        Condition: !FindInMap
          - NatGateway
          - Condition
          - !Ref Identifier
          - DefaultValue: !Ref AWS::NoValue
'''

INSTANCE_PROPERTIES = HEAD + '''
Mappings:
  InstanceA:
    Properties: {ImageId: ami-id1, InstanceType: m5.xlarge}
  InstanceB:
    Properties: {ImageId: ami-id2}
Resources:
  'Fn::ForEach::Instances':
  - InstanceLogicalId
  - [InstanceA, InstanceB]
  - '${InstanceLogicalId}':
      Type: OS::Heat::None
      Properties:
        DisableApiTermination: true
        'Fn::ForEach::Properties':
          - PropertyName
          - [ImageId, InstanceType]
          - '${PropertyName}':
             'Fn::FindInMap':
               - Ref: 'InstanceLogicalId'
               - Properties
               - Ref: 'PropertyName'
               - {DefaultValue: !Ref 'AWS::NoValue'}
'''


def loop_template(loop, sections=''):
    """A template whose Resources hold the loop (YAML at 2 spaces)."""
    return HEAD + sections + 'Resources:\n  Base: {Type: OS::Heat::None}\n' + loop


class ExpansionTest(base.TestCase):

    def test_sns_topics_from_a_comma_delimited_list_parameter(self):
        tmpl = load(SNS_TOPICS, env=[TOPICS_ENV])
        self.assertEqual(['SnsTopicSuccess', 'SnsTopicFailure', 'SnsTopicTimeout',
                          'SnsTopicUnknown'], list(tmpl.resources))
        self.assertEqual({'TopicName': 'Failure.fifo', 'FifoTopic': True}, fn.resolve(
            tmpl.resources['SnsTopicFailure'].properties, scope_for(tmpl)))

    def test_ref_to_the_identifier_is_the_item(self):
        tmpl = load(HEAD + '''
            Resources:
              'Fn::ForEach::Tables':
                - TableName
                - [Points, Score]
                - 'DynamoDB${TableName}':
                    Type: OS::Heat::None
                    Properties:
                      TableName: !Ref TableName
        '''.replace('\n            ', '\n'))
        self.assertEqual({'TableName': 'Score'}, tmpl.resources['DynamoDBScore'].properties)

    def test_nested_loops_with_references_made_by_sub(self):
        tmpl = load(NESTED)
        self.assertEqual([
            'VPC', 'NaclTransitSubnet', 'TransitSubnetA', 'NaclTransitSubnetAAssociation',
            'TransitSubnetB', 'NaclTransitSubnetBAssociation', 'TransitSubnetC',
            'NaclTransitSubnetCAssociation', 'NaclPublicSubnet', 'PublicSubnetA',
            'NaclPublicSubnetAAssociation', 'PublicSubnetB', 'NaclPublicSubnetBAssociation',
            'PublicSubnetC', 'NaclPublicSubnetCAssociation'], list(tmpl.resources))
        assoc = tmpl.resources['NaclPublicSubnetBAssociation']
        self.assertEqual(['NaclPublicSubnet', 'PublicSubnetB'],
                         sorted(fn.dependencies(assoc.properties)))

    def test_nested_loops_are_valid(self):
        self.assertValid(NESTED)

    def test_resource_condition_found_in_a_mapping(self):
        tmpl = load(NAT_GATEWAYS)
        self.assertEqual({'NatGatewayA': None, 'NatGatewayAttachmentA': None,
                          'NatGatewayB': 'TwoNatGateways',
                          'NatGatewayAttachmentB': 'TwoNatGateways',
                          'NatGatewayC': 'ThreeNatGateways',
                          'NatGatewayAttachmentC': 'ThreeNatGateways'},
                         {name: r.condition for name, r in tmpl.resources.items()})

    def test_attribute_of_a_resource_named_by_sub(self):
        tmpl = load(NAT_GATEWAYS)
        scope = FixedScope(tmpl, resources={
            'NatGatewayAttachmentC': FakeResource('NatGatewayAttachmentC',
                                                  {'AllocationId': 'eipalloc-3'})})
        self.assertEqual({'AllocationId': 'eipalloc-3'},
                         fn.resolve(tmpl.resources['NatGatewayC'].properties, scope))

    def test_properties_replicated_by_a_loop_inside_properties(self):
        tmpl = load(INSTANCE_PROPERTIES)
        scope = scope_for(tmpl)
        self.assertEqual({'DisableApiTermination': True, 'ImageId': 'ami-id1',
                          'InstanceType': 'm5.xlarge'},
                         fn.resolve(tmpl.resources['InstanceA'].properties, scope))
        self.assertEqual({'DisableApiTermination': True, 'ImageId': 'ami-id2'},
                         fn.resolve(tmpl.resources['InstanceB'].properties, scope))

    def test_outputs_of_nested_loops(self):
        tmpl = load(HEAD + '''
Resources:
  'Fn::ForEach::Buckets':
    - Identifier
    - [A, B]
    - 'S3Bucket${Identifier}':
        Type: OS::Heat::None
        Properties:
          MetricsConfigurations:
            - Id: !Sub 'EntireBucket${Identifier}'
Outputs:
  'Fn::ForEach::BucketOutputs':
    - Identifier
    - [A, B]
    - 'Fn::ForEach::GetAttLoop':
        - Property
        - [Arn, DomainName]
        - 'S3Bucket${Identifier}${Property}':
            Value: !GetAtt [!Sub 'S3Bucket${Identifier}', !Ref Property]
''')
        self.assertEqual(['S3BucketAArn', 'S3BucketADomainName', 'S3BucketBArn',
                          'S3BucketBDomainName'], list(tmpl.outputs))
        self.assertEqual(['S3BucketB'], list(fn.dependencies(
            tmpl.outputs['S3BucketBDomainName'].value)))
        self.assertEqual({'MetricsConfigurations': [{'Id': 'EntireBucketB'}]},
                         tmpl.resources['S3BucketB'].properties)

    def test_conditions_replicated(self):
        tmpl = load(HEAD + '''
Parameters:
  ParamA: {Type: String, AllowedValues: ['true', 'false'], Default: 'true'}
  ParamB: {Type: String, AllowedValues: ['true', 'false'], Default: 'false'}
Conditions:
  'Fn::ForEach::CheckTrue':
    - Identifier
    - [A, B]
    - 'IsParam${Identifier}Enabled': !Equals
        - !Ref
          'Fn::Sub': 'Param${Identifier}'
        - 'true'
Resources:
  WaitConditionHandle: {Type: OS::Heat::None}
''')
        scope = scope_for(tmpl)
        self.assertEqual({'IsParamAEnabled': True, 'IsParamBEnabled': False},
                         {name: scope.condition(name) for name in tmpl.conditions})

    def test_ampersand_identifier_drops_non_alphanumeric_characters(self):
        tmpl = load(loop_template('''
  'Fn::ForEach::Subnets':
    - Cidr
    - [10.0.0.0/24, 10.0.1.0/24]
    - 'Subnet&{Cidr}':
        Type: OS::Heat::None
        Properties: {CidrBlock: '${Cidr}'}
'''))
        self.assertEqual({'Subnet1000024': {'CidrBlock': '10.0.0.0/24'},
                          'Subnet1001024': {'CidrBlock': '10.0.1.0/24'}},
                         {n: r.properties for n, r in tmpl.resources.items() if n != 'Base'})

    def test_collection_from_the_parameter_default(self):
        tmpl = load(loop_template('''
  'Fn::ForEach::Q':
    - Name
    - !Ref Names
    - 'Queue${Name}': {Type: OS::Heat::None}
''', 'Parameters:\n  Names: {Type: CommaDelimitedList, Default: "a, b"}\n'))
        self.assertEqual(['Base', 'Queuea', 'Queueb'], list(tmpl.resources))

    def test_environment_parameter_defaults_win_over_the_default(self):
        tmpl = load(loop_template('''
  'Fn::ForEach::Q':
    - Name
    - !Ref Names
    - 'Queue${Name}': {Type: OS::Heat::None}
''', 'Parameters:\n  Names: {Type: CommaDelimitedList, Default: "a, b"}\n'),
            env=['parameter_defaults: {Names: [x]}'])
        self.assertEqual(['Base', 'Queuex'], list(tmpl.resources))

    def test_parameter_used_only_by_a_loop_is_used(self):
        loaded = self.validate(SNS_TOPICS, env=[TOPICS_ENV])
        self.assertEqual([], [str(i) for i in loaded.issues])

    def test_loop_functions_resolve_in_generated_resources(self):
        tmpl = load(loop_template('''
  'Fn::ForEach::Q':
    - Names
    - [a, "b,c"]
    - 'Queue&{Names}':
        Type: OS::Heat::None
        Properties:
          Size: {'Fn::Length': !Split [',', '${Names}']}
'''))
        scope = scope_for(tmpl)
        self.assertEqual([{'Size': 1}, {'Size': 2}], [
            fn.resolve(tmpl.resources[n].properties, scope) for n in ('Queuea', 'Queuebc')])

    def test_deletion_policy_chosen_by_a_condition(self):
        self.assertValid(HEAD + '''
Conditions:
  IsProd: !Equals [a, a]
Resources:
  Bucket:
    Type: OS::Heat::None
    DeletionPolicy: !If [IsProd, Retain, Delete]
    UpdateReplacePolicy: !If [IsProd, Retain, Delete]
''')


class ExpansionErrorTest(base.TestCase):

    def test_loop_without_the_transform(self):
        self.assertEqual([
            'Resources.Fn::ForEach::Q: Fn::ForEach requires "Transform: AWS::LanguageExtensions"',
        ], self.errors('''
            AWSTemplateFormatVersion: "2010-09-09"
            Resources:
              A: {Type: OS::Heat::None}
              Fn::ForEach::Q: [N, [a], {"Q${N}": {Type: OS::Heat::None}}]
        '''))

    def test_loop_value_of_the_wrong_shape(self):
        self.assertEqual([
            'Resources.Fn::ForEach::Q: Fn::ForEach::Q: the value must be [Identifier, '
            'Collection, {OutputKey: OutputValue}]',
        ], self.errors(loop_template('  Fn::ForEach::Q: [N, [a]]\n')))

    def test_identifier_that_is_no_string(self):
        self.assertEqual([
            'Resources.Fn::ForEach::Q[0]: Fn::ForEach::Q: the identifier must be a string',
        ], self.errors(loop_template('  Fn::ForEach::Q: [[N], [a], {"Q${N}": {Type: x}}]\n')))

    def test_collection_that_is_no_list(self):
        self.assertEqual([
            'Resources.Fn::ForEach::Q[1]: Fn::ForEach::Q: the collection must be a list or a '
            'Ref to a CommaDelimitedList parameter',
        ], self.errors(loop_template('  Fn::ForEach::Q: [N, abc, {"Q${N}": {Type: x}}]\n')))

    def test_collection_item_that_is_a_map(self):
        self.assertEqual([
            'Resources.Fn::ForEach::Q[1][1]: Fn::ForEach::Q: the items of the collection must '
            'be strings',
        ], self.errors(loop_template('  Fn::ForEach::Q: [N, [a, {b: c}], {"Q${N}": {Type: x}}]\n')))

    def test_collection_from_a_string_parameter(self):
        self.assertEqual([
            'Resources.Fn::ForEach::Q[1]: Fn::ForEach::Q: parameter "Name" is of type String: '
            'the collection must be a CommaDelimitedList or List<...> parameter',
        ], self.errors(loop_template(
            '  Fn::ForEach::Q: [N, !Ref Name, {"Q${N}": {Type: OS::Heat::None}}]\n',
            'Parameters:\n  Name: {Type: String, Default: a}\n')))

    def test_collection_parameter_without_a_value(self):
        self.assertEqual([
            'Resources.Fn::ForEach::Q[1]: Fn::ForEach::Q: parameter "Names" has no value when '
            'the template is transformed (give it a Default or a value in the environment)',
        ], self.errors(loop_template(
            '  Fn::ForEach::Q: [N, !Ref Names, {"Q${N}": {Type: OS::Heat::None}}]\n',
            'Parameters:\n  Names: {Type: CommaDelimitedList}\n')))

    def test_output_that_is_no_map(self):
        self.assertEqual([
            'Resources.Fn::ForEach::Q[2]: Fn::ForEach::Q: the output must be a map {OutputKey: '
            'OutputValue}',
        ], self.errors(loop_template('  Fn::ForEach::Q: [N, [a], Q]\n')))

    def test_key_without_the_identifier_is_made_twice(self):
        self.assertEqual([
            'Resources.Fn::ForEach::Q: Fn::ForEach::Q: the key "Queue" is made more than once',
        ], self.errors(loop_template(
            '  Fn::ForEach::Q: [N, [a, b], {Queue: {Type: OS::Heat::None}}]\n')))

    def test_key_that_is_already_defined(self):
        self.assertEqual([
            'Resources.Fn::ForEach::Q: Fn::ForEach::Q: the key "Base" it makes is already '
            'defined',
        ], self.errors(loop_template(
            '  Fn::ForEach::Q: [N, [Base], {"${N}": {Type: OS::Heat::None}}]\n')))

    def test_loop_name_that_is_a_resource_name(self):
        self.assertEqual([
            'Resources.Fn::ForEach::Base: The loop name "Base" is also the name of a resource',
        ], self.errors(loop_template(
            '  Fn::ForEach::Base: [N, [a], {"Q${N}": {Type: OS::Heat::None}}]\n')))

    def test_loop_in_the_parameters_section(self):
        self.assertEqual([
            'Parameters.Fn::ForEach::P: Fn::ForEach cannot be used in the Parameters section',
        ], self.errors(loop_template('', 'Parameters:\n  Fn::ForEach::P: [N, [a], {}]\n')))

    def test_error_in_a_generated_resource_is_shown_at_its_fragment(self):
        loaded = self.validate(loop_template('''
  'Fn::ForEach::Q':
    - Name
    - [a, b]
    - 'Queue${Name}':
        Type: OS::Heat::None
        Properties:
          Peer: !Ref Missing
'''))
        self.assertEqual([
            'template.yaml:12:17: Resources.Queuea.Properties.Peer.Ref: Ref: unknown parameter '
            'or resource "Missing"',
            'template.yaml:12:17: Resources.Queueb.Properties.Peer.Ref: Ref: unknown parameter '
            'or resource "Missing"',
        ], [str(i) for i in loaded.issues.errors])

    def test_resource_condition_missing_from_the_mapping(self):
        self.assertEqual([
            'Resources.A.Condition.Fn::FindInMap[2]: Fn::FindInMap: mapping "M" key "Conds" has '
            'no key "b"',
        ], self.errors(HEAD + '''
Mappings:
  M: {Conds: {a: Yes}}
Resources:
  A:
    Type: OS::Heat::None
    Condition: !FindInMap [M, Conds, b]
'''))
