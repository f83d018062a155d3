"""Templates written the way the classic Heat CloudFormation samples are
(openstack/heat-templates, ``cfn/F17/*.template``): JSON, string-valued
parameter constraints, NoEcho ``"true"``, the ``AWSInstanceType2Arch`` and
``DistroArch2AMI`` mappings, ``AWS::CloudFormation::Init`` metadata,
``Fn::Base64`` of ``Fn::Join`` user data, security groups by Ref, EIP plus
EIPAssociation, an EBS volume in the instance's zone, ``Volumes`` on the
instance and outputs of ``PublicIp``/``PublicDnsName``.  The templates are
built here (not copied); they validate, create and delete on the simulated
cloud."""

import base64
import json

from tests.unit.test_aws_common import AwsTestCase


def _param(description, default=None, **constraints) -> dict:
    spec = {'Description': description, 'Type': 'String'}
    if default is not None:
        spec['Default'] = default
    spec.update(constraints)
    return spec


def _db_param(description, default, longest) -> dict:
    # the samples spell every constraint as a string, NoEcho too
    return _param(description, default, NoEcho='true', MinLength='1', MaxLength=longest,
                  AllowedPattern='[a-zA-Z0-9]*',
                  ConstraintDescription='letters and digits only.')


PARAMETERS = {
    'KeyName': _param('An existing key pair for SSH'),
    'InstanceType': _param('Flavor of the servers', 'm1.small',
                           AllowedValues=['m1.tiny', 'm1.small', 'm1.medium', 'm1.large',
                                          'm1.xlarge'],
                           ConstraintDescription='an m1 flavor.'),
    'DBName': _param('Database name', 'wordpress', MinLength='1', MaxLength='64',
                     AllowedPattern='[a-zA-Z][a-zA-Z0-9]*'),
    'DBUsername': _db_param('Database user', 'admin', '16'),
    'DBPassword': _db_param('Database password', 'admin', '41'),
    'DBRootPassword': _db_param('MySQL root password', 'admin', '41'),
    'LinuxDistribution': _param('Distribution', 'F17', AllowedValues=['F18', 'F17', 'U10']),
    'VolumeSize': {'Description': 'Data volume size (GB)', 'Type': 'Number', 'Default': '1',
                   'MinValue': '1', 'MaxValue': '1024'},
}

MAPPINGS = {
    'AWSInstanceType2Arch': {flavor: {'Arch': '32' if flavor == 'm1.tiny' else '64'}
                             for flavor in ('m1.tiny', 'm1.small', 'm1.medium', 'm1.large',
                                            'm1.xlarge')},
    'DistroArch2AMI': {distro: {'32': '%s-i386-cfntools' % distro,
                                '64': '%s-x86_64-cfntools' % distro}
                       for distro in ('F18', 'F17', 'U10')},
}

IMAGE = {'Fn::FindInMap': ['DistroArch2AMI', {'Ref': 'LinuxDistribution'},
                           {'Fn::FindInMap': ['AWSInstanceType2Arch',
                                              {'Ref': 'InstanceType'}, 'Arch']}]}

OPEN_GROUP = {'Type': 'AWS::EC2::SecurityGroup', 'Properties': {
    'GroupDescription': 'ping, HTTP and SSH from anywhere',
    'SecurityGroupIngress': [
        {'IpProtocol': 'icmp', 'FromPort': '-1', 'ToPort': '-1', 'CidrIp': '0.0.0.0/0'},
        {'IpProtocol': 'tcp', 'FromPort': '80', 'ToPort': '80', 'CidrIp': '0.0.0.0/0'},
        {'IpProtocol': 'tcp', 'FromPort': '22', 'ToPort': '22', 'CidrIp': '0.0.0.0/0'},
    ]}}


def _init(packages, services, files=None) -> dict:
    config = {'packages': {'yum': {p: [] for p in packages}},
              'services': {'systemd': {s: {'enabled': 'true', 'ensureRunning': 'true'}
                                       for s in services}}}
    if files:
        config['files'] = files
    return {'AWS::CloudFormation::Init': {'config': config}}


def _script(*lines) -> dict:
    return {'Fn::Base64': {'Fn::Join': ['', ['#!/bin/bash -v\n', '/opt/aws/bin/cfn-init\n',
                                             *lines]]}}


def _instance(metadata, user_data, groups=None, **more) -> dict:
    props = {'ImageId': IMAGE, 'InstanceType': {'Ref': 'InstanceType'},
             'KeyName': {'Ref': 'KeyName'}, 'UserData': user_data}
    if groups:
        props['SecurityGroups'] = groups
    props.update(more)
    return {'Type': 'AWS::EC2::Instance', 'Metadata': metadata, 'Properties': props}


def _document(description, resources, outputs, parameters) -> str:
    return json.dumps({'AWSTemplateFormatVersion': '2010-09-09', 'Description': description,
                       'Parameters': {p: PARAMETERS[p] for p in parameters},
                       'Mappings': MAPPINGS, 'Resources': resources, 'Outputs': outputs},
                      indent=2)


WEBSITE = {'Fn::Join': ['', ['http://', {'Fn::GetAtt': ['WebServer', 'PublicIp']},
                             '/wordpress']]}


def single_instance_with_eip() -> str:
    """One server running WordPress and MySQL, with an Elastic IP."""
    files = {'/tmp/setup.mysql': {
        'content': {'Fn::Join': ['', ['CREATE DATABASE ', {'Ref': 'DBName'}, ';\n']]},
        'mode': '000644', 'owner': 'root', 'group': 'root'}}
    return _document('WordPress on one instance with an Elastic IP', {
        'IPAddress': {'Type': 'AWS::EC2::EIP'},
        'IPAssoc': {'Type': 'AWS::EC2::EIPAssociation', 'Properties': {
            'InstanceId': {'Ref': 'WebServer'}, 'EIP': {'Ref': 'IPAddress'}}},
        'WebServerSecurityGroup': OPEN_GROUP,
        'WebServer': _instance(
            _init(['httpd', 'mysql', 'mysql-server', 'wordpress'], ['httpd', 'mysqld'], files),
            _script("mysqladmin -u root password '", {'Ref': 'DBRootPassword'}, "'\n",
                    'sed --in-place --e s/password_here/', {'Ref': 'DBPassword'},
                    '/ /usr/share/wordpress/wp-config.php\n'),
            [{'Ref': 'WebServerSecurityGroup'}]),
    }, {'WebsiteURL': {'Value': WEBSITE, 'Description': 'URL of the blog'},
        'InstanceIPAddress': {'Value': {'Ref': 'IPAddress'}}},
        ['KeyName', 'InstanceType', 'DBName', 'DBUsername', 'DBPassword', 'DBRootPassword',
         'LinuxDistribution'])


def two_instances_with_ebs_eip() -> str:
    """A web server and a database server, each with an Elastic IP; the
    database keeps its data on a volume made in the server's zone."""
    return _document('WordPress on two instances, an EBS volume and Elastic IPs', {
        'DatabaseIPAddress': {'Type': 'AWS::EC2::EIP'},
        'DatabaseIPAssoc': {'Type': 'AWS::EC2::EIPAssociation', 'Properties': {
            'InstanceId': {'Ref': 'WikiDatabase'}, 'EIP': {'Ref': 'DatabaseIPAddress'}}},
        'WebServerIPAddress': {'Type': 'AWS::EC2::EIP'},
        'WebServerIPAssoc': {'Type': 'AWS::EC2::EIPAssociation', 'Properties': {
            'InstanceId': {'Ref': 'WebServer'}, 'EIP': {'Ref': 'WebServerIPAddress'}}},
        'WikiDatabaseSecurityGroup': OPEN_GROUP,
        'WikiDatabase': _instance(
            _init(['mysql', 'mysql-server'], ['mysqld']),
            _script('while [ ! -e /dev/vdc ]; do sleep 1; done\n',
                    'GRANT ALL ON ', {'Ref': 'DBName'}, '.* TO "', {'Ref': 'DBUsername'},
                    '"@"', {'Ref': 'WebServerIPAddress'}, '"\n'),
            [{'Ref': 'WikiDatabaseSecurityGroup'}]),
        'DataVolume': {'Type': 'AWS::EC2::Volume', 'Properties': {
            'Size': {'Ref': 'VolumeSize'},
            'AvailabilityZone': {'Fn::GetAtt': ['WikiDatabase', 'AvailabilityZone']},
            'Tags': [{'Key': 'Usage', 'Value': 'Wiki Data Volume'}]}},
        'WebServer': dict(_instance(
            _init(['httpd', 'wordpress'], ['httpd']),
            _script('sed --in-place --e s/localhost/', {'Ref': 'DatabaseIPAddress'},
                    '/ /usr/share/wordpress/wp-config.php\n')), DependsOn='WikiDatabase'),
        'MountPoint': {'Type': 'AWS::EC2::VolumeAttachment', 'Properties': {
            'InstanceId': {'Ref': 'WikiDatabase'}, 'VolumeId': {'Ref': 'DataVolume'},
            'Device': '/dev/vdc'}},
    }, {'WebsiteURL': {'Value': WEBSITE, 'Description': 'URL of the blog'}},
        ['KeyName', 'InstanceType', 'VolumeSize', 'DBName', 'DBUsername', 'DBPassword',
         'DBRootPassword', 'LinuxDistribution'])


def instance_with_volume() -> str:
    """An instance with a volume in its ``Volumes`` property, in a zone
    given as a parameter, and its public address and DNS name as outputs."""
    document = json.loads(_document('An instance and an EBS volume', {
        'InstanceSecurityGroup': {'Type': 'AWS::EC2::SecurityGroup', 'Properties': {
            'GroupDescription': 'SSH',
            'SecurityGroupIngress': [{'IpProtocol': 'tcp', 'FromPort': '22', 'ToPort': '22',
                                      'CidrIp': '0.0.0.0/0'}]}},
        'NewVolume': {'Type': 'AWS::EC2::Volume', 'Properties': {
            'Size': {'Ref': 'VolumeSize'}, 'AvailabilityZone': {'Ref': 'AvailabilityZone'}}},
        'Ec2Instance': {'Type': 'AWS::EC2::Instance', 'Properties': {
            'AvailabilityZone': {'Ref': 'AvailabilityZone'},
            'SecurityGroups': [{'Ref': 'InstanceSecurityGroup'}],
            'ImageId': IMAGE, 'InstanceType': {'Ref': 'InstanceType'},
            'KeyName': {'Ref': 'KeyName'},
            'Volumes': [{'VolumeId': {'Ref': 'NewVolume'}, 'Device': '/dev/vdc1'}]}},
    }, {'InstanceId': {'Value': {'Ref': 'Ec2Instance'}},
        'PublicIP': {'Value': {'Fn::GetAtt': ['Ec2Instance', 'PublicIp']}},
        'PublicDNS': {'Value': {'Fn::GetAtt': ['Ec2Instance', 'PublicDnsName']}}},
        ['KeyName', 'InstanceType', 'VolumeSize', 'LinuxDistribution']))
    document['Parameters']['AvailabilityZone'] = _param('Zone of the instance', 'nova')
    return json.dumps(document, indent=2)


# The YAML samples are in Heat's own 2012-12-12 format, lines joined with
# "\n" and nested joins for the lines with parameters, no security group.
HEAT_YAML = '''\
HeatTemplateFormatVersion: '2012-12-12'
Description: >-
  WordPress and MySQL on one server (Heat's YAML form of the CFN samples).
Parameters:
  KeyName: {Type: String, Description: key pair for SSH}
  InstanceType:
    Type: String
    Default: m1.small
    AllowedValues: [m1.tiny, m1.small, m1.medium, m1.large, m1.xlarge]
  DBName: {Type: String, Default: wordpress, MinLength: '1', MaxLength: '64'}
  DBPassword: {Type: String, Default: admin, NoEcho: 'true', AllowedPattern: '[a-zA-Z0-9]*'}
  LinuxDistribution: {Type: String, Default: F18, AllowedValues: [F17, F18, U10]}
Mappings:
  AWSInstanceType2Arch:
    m1.tiny: {Arch: '32'}
    m1.small: {Arch: '64'}
    m1.medium: {Arch: '64'}
    m1.large: {Arch: '64'}
    m1.xlarge: {Arch: '64'}
  DistroArch2AMI:
    F17: {'32': F17-i386-cfntools, '64': F17-x86_64-cfntools}
    F18: {'32': F18-i386-cfntools, '64': F18-x86_64-cfntools}
    U10: {'32': U10-i386-cfntools, '64': U10-x86_64-cfntools}
Resources:
  WebServer:
    Type: AWS::EC2::Instance
    Metadata:
      AWS::CloudFormation::Init:
        config:
          packages: {yum: {httpd: [], wordpress: []}}
          services: {systemd: {httpd: {enabled: 'true', ensureRunning: 'true'}}}
    Properties:
      ImageId:
        Fn::FindInMap:
        - DistroArch2AMI
        - {Ref: LinuxDistribution}
        - Fn::FindInMap: [AWSInstanceType2Arch, {Ref: InstanceType}, Arch]
      InstanceType: {Ref: InstanceType}
      KeyName: {Ref: KeyName}
      UserData:
        Fn::Base64:
          Fn::Join:
          - "\\n"
          - - "#!/bin/bash -v"
            - /opt/aws/bin/cfn-init
            - Fn::Join: ['', ['CREATE DATABASE ', {Ref: DBName}, ';']]
            - Fn::Join: ['', ['sed -i s/password_here/', {Ref: DBPassword}, '/ wp-config.php']]
            - systemctl restart httpd.service
Outputs:
  WebsiteURL:
    Value:
      Fn::Join: ['', ['http://', {'Fn::GetAtt': [WebServer, PublicIp]}, /wordpress]]
    Description: URL of the blog
'''


class ClassicTemplatesTest(AwsTestCase):

    def launch(self, text, **params):
        params.setdefault('KeyName', 'heat_key')
        ident = self.service.create_stack(self.ctx, 'classic', text, params=params,
                                          template_name='classic.template', wait=True)
        return self.service.store.get_stack(ident['stack_id'])

    def test_they_validate(self):
        for text in (single_instance_with_eip(), two_instances_with_ebs_eip(),
                     instance_with_volume()):
            self.assertValid(text, name='classic.template', params={'KeyName': 'heat_key'},
                             cloud=self.cloud)

    def test_a_create_without_the_key_name_is_refused_before_anything_is_made(self):
        from heat_core.engine.service import TemplateInvalid
        error = self.assertRaises(TemplateInvalid, self.service.create_stack, self.ctx,
                                  'classic', single_instance_with_eip(), params={},
                                  template_name='classic.template', wait=True)
        self.assertEqual((True, []), (
            'Parameter "KeyName" has no value: it has no default and none was given'
            in str(error), self.live()))

    def test_an_i386_image_the_cloud_lacks_is_an_error(self):
        errors = self.errors(single_instance_with_eip(), name='classic.template',
                             params={'KeyName': 'heat_key', 'InstanceType': 'm1.tiny'},
                             cloud=self.cloud)
        self.assertEqual(1, len([e for e in errors if 'F17-i386-cfntools' in e]), errors)

    def test_single_instance_with_eip_creates_and_deletes(self):
        self.launch(single_instance_with_eip())
        self.assertEqual('CREATE_COMPLETE', self.status('classic'))
        address = self.cloud.get_floating_ip(self.physical_id('IPAddress', 'classic')) \
            .floating_ip_address
        self.assertEqual({'WebsiteURL': 'http://%s/wordpress' % address,
                          'InstanceIPAddress': address}, self.outputs('classic'))
        self.delete('classic')
        self.assertEqual([], self.live())

    def test_the_user_data_is_the_joined_script(self):
        self.launch(single_instance_with_eip(), DBRootPassword='r00t')
        server = self.cloud.get_server(self.physical_id('WebServer', 'classic'))
        script = base64.b64decode(server.user_data).decode()
        self.assertEqual((True, True),
                         (script.startswith('#!/bin/bash -v\n/opt/aws/bin/cfn-init\n'),
                          "password 'r00t'" in script))

    def test_the_init_metadata_is_resolved_for_cfn_init(self):
        self.launch(single_instance_with_eip(), DBName='blog')
        metadata = self.service.resource_metadata(self.ctx, 'classic', 'WebServer')
        config = metadata['AWS::CloudFormation::Init']['config']
        self.assertEqual(('CREATE DATABASE blog;\n', ['httpd', 'mysqld']),
                         (config['files']['/tmp/setup.mysql']['content'],
                          sorted(config['services']['systemd'])))

    def test_two_instances_with_ebs_and_eips_create_and_delete(self):
        self.launch(two_instances_with_ebs_eip())
        volume = self.cloud.get_volume(self.physical_id('DataVolume', 'classic'))
        web_ip = self.cloud.get_floating_ip(self.physical_id('WebServerIPAddress', 'classic')) \
            .floating_ip_address
        self.assertEqual(('CREATE_COMPLETE', 'in-use', '/dev/vdc', {'Usage': 'Wiki Data Volume'},
                          {'WebsiteURL': 'http://%s/wordpress' % web_ip}),
                         (self.status('classic'), volume.status,
                          volume.attachments[0]['device'], volume.metadata,
                          self.outputs('classic')))
        self.delete('classic')
        self.assertEqual([], self.live())

    def test_the_heat_yaml_form_creates_and_deletes(self):
        self.launch(HEAT_YAML, DBName='blog', DBPassword='s3cret')
        server = self.cloud.get_server(self.physical_id('WebServer', 'classic'))
        fixed = server.addresses['private'][0]['addr']
        self.assertEqual(('CREATE_COMPLETE', 'F18-x86_64-cfntools', {
            'WebsiteURL': 'http://%s/wordpress' % fixed},
            '#!/bin/bash -v\n/opt/aws/bin/cfn-init\nCREATE DATABASE blog;\n'
            'sed -i s/password_here/s3cret/ wp-config.php\nsystemctl restart httpd.service'),
            (self.status('classic'), self.cloud.find_image(server.image['id']).name,
             self.outputs('classic'), base64.b64decode(server.user_data).decode()))
        self.delete('classic')
        self.assertEqual([], self.live())

    def test_instance_volumes_attach_and_outputs_show_its_address(self):
        self.launch(instance_with_volume())
        server = self.physical_id('Ec2Instance', 'classic')
        volume = self.cloud.get_volume(self.physical_id('NewVolume', 'classic'))
        fixed = self.cloud.get_server(server).addresses['private'][0]['addr']
        self.assertEqual(('CREATE_COMPLETE', 'in-use', server,
                          {'InstanceId': server, 'PublicIP': fixed, 'PublicDNS': fixed}),
                         (self.status('classic'), volume.status,
                          volume.attachments[0]['server_id'], self.outputs('classic')))
        self.delete('classic')
        self.assertEqual([], self.live())
