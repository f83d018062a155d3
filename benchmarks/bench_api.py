"""REST API dispatch: GET show-stack against a bare Pecan "hello" endpoint.

    python benchmarks/bench_api.py [--seconds S] [--stacks N] [--threads T]
                                   [--server waitress|wsgiref] [--no-argspec-cache]

One server process (the embedded server of heat-api/heat-all, T worker
threads, default 2) serves them side by side: ``/hello`` is a bare Pecan
application whose one controller returns a constant JSON document; other
paths are Heat's REST API pipeline (request id, size limit, embedded token
auth, Pecan routing, the engine service on a SQLite file holding N stacks,
default 100).  A client process keeps T connections busy for S seconds on
each endpoint, in interleaved half-second rounds.  Prints both rates and
their ratio, PASS or MISS against the target (a ratio of at least 50 %),
and the numbers as one JSON line.  The ratio compares two endpoints served
by one server in one run: it is meaningful on a busy machine too, but the
absolute rates are not.

For information it also measures the API layer alone: the same pipeline
under ``/stub`` with an engine whose ``show_stack`` answers a stored dict
(the difference to the real one is the engine's cost of showing a stack).

``--no-argspec-cache`` leaves Pecan's ``getargspec`` as it is, to see
what :mod:`heat_api.pecan_argspec` is worth.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import sys
import tempfile
import textwrap
import threading
import time

TARGET = 0.5

TEMPLATE = textwrap.dedent('''\
    heat_template_version: 2016-10-14
    description: A stack to show
    parameters:
      name: {type: string, default: web}
    resources:
      thing:
        type: OS::Heat::None
        properties: {name: {get_param: name}}
    outputs:
      thing_id: {value: {get_resource: thing}}
    ''')


def hello_app():
    """A bare Pecan application: one controller, a constant JSON body."""
    import pecan

    class Root:
        @pecan.expose(content_type='application/json')
        def hello(self):
            return '{"hello": "world"}'
    return pecan.Pecan(Root(), guess_content_type_from_ext=False)


def heat_app(stacks: int):
    """Heat's REST API on a fresh database holding ``stacks`` stacks;
    returns ``(app, path of one stack's show URL, token)``."""
    from heat_core import config
    config.load([])
    from heat_core.db import api
    api.db_sync()
    from heat_api.openstack.app import setup_app
    from heat_core.engine.context import RequestContext
    from heat_core.engine.service import EngineService
    from heat_core.identity.store import IdentityStore

    identity = IdentityStore()
    boot = identity.bootstrap('bench', 'bench', 'bench')
    service = EngineService()
    ctx = RequestContext(tenant=boot['project_id'], user='bench', roles=['admin'])
    ident = None
    for i in range(stacks):
        ident = service.create_stack(ctx, 'stack-%03d' % i, TEMPLATE, wait=True)
    path = '/v1/%s/stacks/%s/%s' % (boot['project_id'], ident['stack_name'], ident['stack_id'])
    return setup_app(service, identity), path, boot['token']


class StubEngine:
    """The engine service, but ``show_stack`` answers a stored dict."""

    def __init__(self, service, shown: dict):
        self._service = service
        self._shown = shown

    def __getattr__(self, name):
        return getattr(self._service, name)

    def show_stack(self, ctx, name_or_id):
        return dict(self._shown)


def stub_app(heat, path):
    """Heat's pipeline again, over a :class:`StubEngine`."""
    import gc

    from heat_api.openstack.app import setup_app
    from heat_core.engine.context import RequestContext
    from heat_core.engine.service import EngineService
    from heat_core.identity.store import IdentityStore
    service = next(o for o in gc.get_objects() if isinstance(o, EngineService))
    tenant, stack_id = path.split('/')[2], path.split('/')[-1]
    shown = service.show_stack(RequestContext(tenant=tenant, roles=['admin']), stack_id)
    return setup_app(StubEngine(service, shown), IdentityStore())


def serve(args, ready):
    """The server process: the applications behind one server."""
    os.environ['XDG_DATA_HOME'] = tempfile.mkdtemp(prefix='heat-bench-api-')
    if not args.no_argspec_cache:
        from heat_api import pecan_argspec
        pecan_argspec.install()
    from heat_api.server import Server
    hello = hello_app()
    heat, path, token = heat_app(args.stacks)
    stub = stub_app(heat, path)

    def app(environ, start_response):
        path_info = environ.get('PATH_INFO', '')
        if path_info == '/hello':
            return hello(environ, start_response)
        if path_info.startswith('/stub/'):
            environ['SCRIPT_NAME'], environ['PATH_INFO'] = '/stub', path_info[5:]
            return stub(environ, start_response)
        return heat(environ, start_response)
    server = Server(app, '127.0.0.1', 0, threads=args.threads, kind=args.server)
    ready.send((server.port, path, token, server.kind))
    server.serve_forever()


def load(port: int, path: str, headers: dict, seconds: float, connections: int) -> float:
    """Requests per second over ``connections`` keep-alive connections."""
    stop = time.monotonic() + seconds
    counts = []

    def worker():
        conn = http.client.HTTPConnection('127.0.0.1', port)
        done = 0
        while time.monotonic() < stop:
            conn.request('GET', path, headers=headers)
            resp = conn.getresponse()
            resp.read()
            if resp.status != 200:
                raise SystemExit('GET %s answered %d' % (path, resp.status))
            if resp.will_close:
                conn.close()
                conn = http.client.HTTPConnection('127.0.0.1', port)
            done += 1
        counts.append(done)
    threads = [threading.Thread(target=worker) for _ in range(connections)]
    start = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(counts) / (time.monotonic() - start)


def client(port, path, token, args, results):
    """Rates of the three endpoints, measured in interleaved half-second
    rounds so that a change in the machine's load hits all alike."""
    auth = {'X-Auth-Token': token}
    targets = (('/hello', {}), (path, auth), ('/stub' + path, auth))
    for target, headers in targets:
        load(port, target, headers, min(1.0, args.seconds / 5), args.threads)
    rounds = max(1, int(args.seconds / 0.5))
    totals = [0.0, 0.0, 0.0]
    for _ in range(rounds):
        for i, (target, headers) in enumerate(targets):
            totals[i] += load(port, target, headers, args.seconds / rounds, args.threads)
    results.send(tuple(t / rounds for t in totals))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--seconds', type=float, default=5.0)
    parser.add_argument('--stacks', type=int, default=100)
    parser.add_argument('--threads', type=int, default=2)
    parser.add_argument('--server', choices=('waitress', 'wsgiref'), default=None)
    parser.add_argument('--no-argspec-cache', action='store_true')
    args = parser.parse_args(argv)

    ctx = multiprocessing.get_context('spawn')
    ready_recv, ready_send = ctx.Pipe(duplex=False)
    server = ctx.Process(target=serve, args=(args, ready_send), daemon=True)
    server.start()
    port, path, token, kind = ready_recv.recv()
    results_recv, results_send = ctx.Pipe(duplex=False)
    loader = ctx.Process(target=client, args=(port, path, token, args, results_send))
    loader.start()
    hello, show, layer = results_recv.recv()
    loader.join()
    server.terminate()
    server.join()

    ratio = show / hello
    print('server: %s, %d worker threads; %d stacks stored; Pecan getargspec cache: %s' % (
        kind, args.threads, args.stacks, 'off' if args.no_argspec_cache else 'on'))
    print('bare Pecan hello:  %7.0f req/s' % hello)
    print('GET show stack:    %7.0f req/s' % show)
    print('ratio:             %6.0f %%  (target >= %d %%): %s' % (
        100 * ratio, 100 * TARGET, 'PASS' if ratio >= TARGET else 'MISS'))
    print('API layer alone (show_stack stubbed): %.0f req/s, %.0f %% of hello' % (
        layer, 100 * layer / hello))
    print(json.dumps({'hello_rps': round(hello), 'show_stack_rps': round(show),
                      'ratio': round(ratio, 3), 'api_layer_rps': round(layer),
                      'api_layer_ratio': round(layer / hello, 3),
                      'target': TARGET, 'passed': ratio >= TARGET}))
    return 0


if __name__ == '__main__':
    sys.exit(main())
