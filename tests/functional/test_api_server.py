"""The embedded HTTP server (waitress, or the standard library's wsgiref)."""

from __future__ import annotations

import os
import resource
import threading

import requests

from heat_api.server import Server
from tests import base
from tests.functional.test_api_base import ApiTestCase


def hello(environ, start_response):
    start_response('200 OK', [('Content-Type', 'text/plain'), ('Content-Length', '5')])
    return [b'hello']


class TestServer(base.TestCase):

    def serve(self, kind, port=0):
        server = Server(hello, '127.0.0.1', port, threads=2, kind=kind).start()
        self.addCleanup(server.shutdown)
        return server

    def test_both_kinds_serve_stop_and_bind_the_same_port_again_at_once(self):
        for kind in ('waitress', 'wsgiref'):
            server = self.serve(kind)
            port = server.port
            with requests.Session() as s:
                for _ in range(3):
                    self.assertEqual('hello', s.get(server.url + '/', timeout=10).text)
            server.shutdown()
            self.assertTrue(server.wait(10))
            again = self.serve(kind, port)
            self.assertEqual('hello', requests.get(again.url + '/', timeout=10).text)

    def test_sockets_numbered_past_1024_are_served(self):
        # a busy process (engine, database, many clients) holds more than
        # FD_SETSIZE descriptors: select() cannot watch them, poll() can
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        if hard != resource.RLIM_INFINITY and hard < 1200:
            self.skipTest('at most %d open files here' % hard)
        if soft != resource.RLIM_INFINITY and soft < 1200:
            resource.setrlimit(resource.RLIMIT_NOFILE, (1200, hard))
            self.addCleanup(resource.setrlimit, resource.RLIMIT_NOFILE, (soft, hard))
        spare = []
        self.addCleanup(lambda: [os.close(fd) for fd in spare])
        with open(os.devnull) as null:
            while not spare or spare[-1] < 1100:
                spare.append(os.dup(null.fileno()))
        for kind in ('waitress', 'wsgiref'):
            server = self.serve(kind)
            with requests.Session() as s:
                for _ in range(3):
                    self.assertEqual('hello', s.get(server.url + '/', timeout=10).text)

    def test_requests_are_served_concurrently(self):
        started = threading.Barrier(3, timeout=10)

        def waits(environ, start_response):
            started.wait()
            return hello(environ, start_response)
        for kind in ('waitress', 'wsgiref'):
            started.reset()
            server = Server(waits, '127.0.0.1', 0, threads=2, kind=kind).start()
            self.addCleanup(server.shutdown)
            answers = []

            def ask(url=server.url, answers=answers):
                answers.append(requests.get(url + '/', timeout=10).text)
            clients = [threading.Thread(target=ask) for _ in range(2)]
            for c in clients:
                c.start()
            started.wait()
            for c in clients:
                c.join(10)
            self.assertEqual(['hello', 'hello'], answers)

    def test_shutdown_lets_the_requests_in_progress_finish(self):
        arrived = threading.Event()

        def slow(environ, start_response):
            arrived.set()
            threading.Event().wait(0.5)
            return hello(environ, start_response)
        for kind in ('waitress', 'wsgiref'):
            arrived.clear()
            server = Server(slow, '127.0.0.1', 0, threads=2, kind=kind).start()
            answers = []

            def ask(url=server.url, answers=answers):
                answers.append(requests.get(url + '/', timeout=10).text)
            client = threading.Thread(target=ask)
            client.start()
            self.assertTrue(arrived.wait(10))
            server.shutdown()
            client.join(10)
            self.assertEqual(['hello'], answers, kind)
            self.assertRaises(requests.ConnectionError, requests.get, server.url + '/',
                              timeout=5)

    def test_an_unknown_kind_is_refused(self):
        self.assertRaises(ValueError, Server, hello, kind='tornado')


class TestApiOnWsgiref(ApiTestCase):
    server_kind = 'wsgiref'

    def test_create_show_redirect_and_options(self):
        sid = self.create('web')['id']
        self.assertEqual('CREATE_COMPLETE', self.show('web', sid)['stack_status'])
        self.assertEqual(302, self.http('GET', '~/stacks/web').status_code)
        self.assertEqual('GET,POST', self.http('OPTIONS', '~/stacks').headers['Allow'])
        self.assertEqual(204, self.http('DELETE', '~/stacks/web/%s' % sid).status_code)
