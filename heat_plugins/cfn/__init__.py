"""The CloudFormation template formats (AWSTemplateFormatVersion 2010-09-09
and Heat's HeatTemplateFormatVersion 2012-12-12) and their functions."""
