"""CloudFormation templates: sections, resources, references and locations."""

from tests import base


class CfnSectionsTest(base.TestCase):

    def test_minimal_template_is_valid(self):
        tmpl = self.assertValid('''
            AWSTemplateFormatVersion: "2010-09-09"
            Resources:
              A: {Type: OS::Heat::None}
        ''')
        self.assertEqual(['A'], list(tmpl.resources))

    def test_unknown_section_is_reported_with_suggestion(self):
        errors = self.errors('''
            AWSTemplateFormatVersion: "2010-09-09"
            Resource:
              A: {Type: OS::Heat::None}
        ''')
        self.assertIn('Resource: Unknown section "Resource" (did you mean "Resources"?)', errors)

    def test_every_error_is_reported_with_line_and_column(self):
        loaded = self.validate('''
            AWSTemplateFormatVersion: "2010-09-09"
            Resources:
              A:
                Type: OS::Heat::Nnoe
              B:
                Type: OS::Heat::None
                DependsOn: Missing
        ''', name='t.yaml')
        shown = [str(i) for i in loaded.issues.errors]
        self.assertEqual([
            't.yaml:5:11: Resources.A.Type: Unknown resource type "OS::Heat::Nnoe" '
            '(did you mean "OS::Heat::None"?)',
            't.yaml:8:16: Resources.B.DependsOn: Resource "B" depends on unknown resource '
            '"Missing"',
        ], shown)

    def test_cycle_is_reported_with_its_path(self):
        errors = self.errors('''
            AWSTemplateFormatVersion: "2010-09-09"
            Resources:
              A: {Type: OS::Heat::None, DependsOn: B}
              B: {Type: OS::Heat::None, Properties: {x: !Ref C}}
              C: {Type: OS::Heat::None, DependsOn: [A]}
        ''')
        self.assertIn('Resources.A: Circular dependency: A → B → C → A', errors)

    def test_yaml_syntax_error_has_position(self):
        loaded = self.validate('Resources:\n  A: b: c\n', name='bad.yaml')
        self.assertEqual(1, len(loaded.issues.errors))
        issue = loaded.issues.errors[0]
        self.assertEqual(('bad.yaml', 2), (issue.file, issue.line))
        self.assertIn('YAML syntax error', issue.message)

    def test_unsupported_transform_is_named(self):
        errors = self.errors('''
            AWSTemplateFormatVersion: "2010-09-09"
            Transform: AWS::Serverless-2016-10-31
            Resources:
              A: {Type: OS::Heat::None}
        ''')
        self.assertIn('Transform: Transform "AWS::Serverless-2016-10-31" is not supported '
                      '(supported: AWS::LanguageExtensions)', errors)
