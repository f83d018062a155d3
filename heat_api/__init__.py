"""Heat's HTTP APIs: WSGI applications over the engine service.

``heat_api.openstack``: the OpenStack-native REST API v1.  Shared pieces:
authentication (:mod:`heat_api.auth`), Heat's JSON error document
(:mod:`heat_api.faults`), request ids and the request-size limit
(:mod:`heat_api.middleware`), the embedded HTTP server
(:mod:`heat_api.server`), the entry point for WSGI servers such as
gunicorn (:mod:`heat_api.wsgi`) and a faster Pecan dispatch
(:mod:`heat_api.pecan_argspec`).
"""
