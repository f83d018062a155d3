"""URLs as a tree of nodes, each answering the HTTP methods it defines.

A :class:`Node` subclass answers a method by defining ``GET``, ``POST``,
``PUT``, ``PATCH`` or ``DELETE`` (taking the request, returning a
:class:`Reply` or a JSON-able body).  ``OPTIONS`` answers 204 with the
``Allow`` header and any other method 405, for every URL, as Heat does.
Children are found by :meth:`Node.child`: fixed names in ``children``,
anything else fills the path variable named by ``variable``.  Path
variables (``tenant_id``, ``stack_name``, ...) accumulate in ``path``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from heat_api.faults import HTTPError

METHODS = ('GET', 'POST', 'PUT', 'PATCH', 'DELETE')

NO_BODY = object()

#: Node subclass -> the methods it defines
_ALLOWED: dict = {}


@dataclass
class Reply:
    """What a handler answers: a status, a JSON-able body (or
    ``NO_BODY``) and extra headers."""
    status: int = 200
    body: object = NO_BODY
    headers: dict = field(default_factory=dict)


class Node:
    """One URL of the API (see the module doc)."""

    #: fixed child segments: name -> Node subclass
    children: dict = {}
    #: ``(path variable, Node subclass)`` for any other child segment
    variable: tuple | None = None
    #: False for URLs outside ``/v1/{tenant_id}`` (the version document)
    tenant_scoped = True

    def __init__(self, api, **path):
        self.api = api
        self.path = path

    @property
    def engine(self):
        return self.api.service

    def child(self, segment: str) -> 'Node | None':
        cls = self.children.get(segment)
        if cls is not None:
            return cls(self.api, **self.path)
        if self.variable is not None and segment:
            name, cls = self.variable
            return cls(self.api, **self.path, **{name: segment})
        return None

    def route(self, segments: list) -> 'Node | None':
        """The node of the URL ``segments`` below this one, or None."""
        node = self
        while segments:
            node, segments = node.resolve(segments[0], segments[1:])
            if node is None:
                return None
        return node

    def resolve(self, segment: str, rest: list) -> tuple:
        """``(child node, segments left)`` for ``segment``; a node whose
        variable may contain slashes (an ARN) takes the rest too."""
        return self.child(segment), rest

    def allowed(self) -> list[str]:
        """The methods this URL answers (a new list: callers may change it)."""
        cls = type(self)
        methods = _ALLOWED.get(cls)
        if methods is None:     # a class's handlers are fixed: look them up once
            methods = _ALLOWED[cls] = tuple(m for m in METHODS
                                            if callable(getattr(cls, m, None)))
        return list(methods)

    def handler(self, method: str):
        """The handler of ``method``; raises the 405."""
        handler = getattr(self, method, None) if method in METHODS else None
        if handler is None:
            raise HTTPError(405, 'The method %s is not allowed for this URL.' % method,
                            headers={'Allow': ','.join(self.allowed())})
        return handler

    def authorize(self, req) -> None:
        """Requests under ``/v1/{tenant_id}`` must come from that project
        (an admin may name another; the context keeps its own project, as
        in Heat)."""
        if not self.tenant_scoped:
            return
        ctx = req.ctx
        if ctx is None:
            raise HTTPError(401, 'Authentication required.')
        if ctx.tenant != self.path.get('tenant_id') and not ctx.is_admin:
            raise HTTPError(403, 'The URL names project %s; the credentials are for '
                                 'project %s.' % (self.path.get('tenant_id'), ctx.tenant))

