"""Pecan dispatch with argument specs computed once per function
(:mod:`heat_api.pecan_argspec`)."""

from __future__ import annotations

import functools

import pecan
import pecan.core
import pecan.routing
import pecan.util
import webob

from heat_api import pecan_argspec
from tests import base


def decorated(f):
    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        return f(*args, **kwargs)
    return wrapper


class Controller:
    def plain(self, a, b=1, *rest, **named):
        return a

    @decorated
    def wrapped(self, x, y=2):
        return x

    @staticmethod
    def static(p, q):
        return p

    @pecan.expose(content_type='application/json')
    def hello(self, name='world'):
        return '{"hello": "%s"}' % name


class TestCachedArgspec(base.TestCase):

    def setUp(self):
        super().setUp()
        pecan_argspec.install()

    def test_the_same_specs_as_pecan_computes(self):
        original = pecan_argspec._original
        ctl = Controller()
        for target in (Controller.plain, ctl.plain, ctl.wrapped, Controller.wrapped,
                       Controller.static, ctl.hello):
            self.assertEqual(original(target), pecan_argspec.cached_getargspec(target))
        self.assertEqual(['self', 'x', 'y'], pecan_argspec.cached_getargspec(ctl.wrapped).args)

    def test_pecan_uses_it_and_install_is_idempotent(self):
        pecan_argspec.install()
        for module in (pecan.util, pecan.core, pecan.routing):
            self.assertIs(pecan_argspec.cached_getargspec, module.getargspec)
        self.assertIsNot(pecan_argspec.cached_getargspec, pecan_argspec._original)

    def test_requests_do_not_recompute_specs(self):
        calls = []
        original = pecan_argspec._original

        def counting(method):
            calls.append(method)
            return original(method)
        self.patch(pecan_argspec, '_original', counting)
        app = pecan.Pecan(Controller(), guess_content_type_from_ext=False)
        for _ in range(3):
            resp = webob.Request.blank('/hello?name=x').get_response(app)
            self.assertEqual(b'{"hello": "x"}', resp.body)
        first = len(calls)
        for _ in range(20):
            webob.Request.blank('/hello').get_response(app)
        self.assertEqual(first, len(calls))
