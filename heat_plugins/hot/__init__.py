"""The HOT template format (``heat_template_version``) and its functions.

``template`` reads the sections of every HOT version, ``parameters`` the
parameter declarations and groups; the ``functions_*`` modules hold the
intrinsic functions, split by idea (references, strings, collections,
conditions, yaql, and the CloudFormation-style names of early versions).
"""
