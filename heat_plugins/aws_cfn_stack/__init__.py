"""AWS::CloudFormation::Stack: a nested stack from a template URL."""
