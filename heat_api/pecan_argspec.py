"""Pecan dispatch without rebuilding argument specs on every request.

``pecan.util.getargspec`` inspects a controller and builds a new
``namedtuple`` class each time it is called; Pecan calls it several times
per request (to call the controller, to route through ``_route`` and in
``RestController``), which made it most of Pecan's dispatch CPU.  An
argument spec depends only on the function, so it is computed once per
function and kept as long as the function lives.

:func:`install` rebinds the name in the Pecan modules that imported it; it
is idempotent and keeps Pecan's own function as the one that computes.
"""

from __future__ import annotations

import importlib
import threading
import weakref

#: Pecan modules that call ``getargspec`` (each imported the name itself)
PECAN_MODULES = ('pecan.util', 'pecan.core', 'pecan.routing', 'pecan.rest',
                 'pecan.decorators')

_lock = threading.Lock()
_original = None
_specs: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def cached_getargspec(method):
    """``pecan.util.getargspec(method)``, computed once per function.

    A bound method shares its function's spec (Pecan's spec of a bound
    method includes ``self`` either way)."""
    func = getattr(method, '__func__', method)
    try:
        return _specs[func]
    except KeyError:
        spec = _original(method)
        _specs[func] = spec
        return spec
    except TypeError:          # not weak-referenceable or not hashable
        return _original(method)


def install() -> None:
    """Make Pecan use :func:`cached_getargspec` (idempotent)."""
    global _original
    with _lock:
        util = importlib.import_module('pecan.util')
        if _original is None:
            _original = util.getargspec
        for name in PECAN_MODULES:
            module = importlib.import_module(name)
            if getattr(module, 'getargspec', None) is not None:
                module.getargspec = cached_getargspec
