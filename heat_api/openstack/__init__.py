"""Heat's OpenStack-native REST API v1 (``/v1/{tenant_id}/...``).

Wire formats, routes and status codes are those of OpenStack Heat's API
reference, so python-heatclient and openstacksdk work unchanged.  The
controllers are thin: they parse and check the request, call the engine
service (``docs/engine-service.md``) and render its answer.

| module | holds |
|---|---|
| ``app`` | the WSGI pipeline and the Pecan root controller |
| ``routing`` | ``Node``: a URL that answers its HTTP methods, OPTIONS and 405 |
| ``params`` | query parameters and JSON bodies, checked as Heat checks them |
| ``views`` | links and the shapes of stacks, resources and events |
| ``scoped`` | the base of a stack's URLs: the stack the URL names, checked |
| ``stacks`` | the stack collection, lookups and one stack's URLs |
| ``resources`` | resources, their metadata, signals and events |
| ``catalog`` | validate, resource types, template versions, build info, versions |
"""
