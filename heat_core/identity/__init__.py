"""The embedded identity store: projects, users, roles, tokens and EC2
credentials, in Heat's own database.

It stands in for Keystone when Heat runs on its own (``[auth] strategy =
embedded``): ``heat-manage bootstrap`` creates a project and an admin user
and issues a token and an EC2 key pair; the APIs' auth middleware checks
tokens, passwords (python-heatclient's ``X-Auth-User``/``X-Auth-Key``) and
EC2 signatures against it.
"""
