"""Start-up time of the ``heat`` command line.

    python benchmarks/bench_cli_startup.py [--runs N]

Wall time of ``heat --help``, ``heat template version list`` and ``heat
stack list`` against ``python -c pass`` (median of N runs each, the ``heat``
script next to this interpreter).  ``stack list`` runs in remote mode
(against a stub Heat API on a local port listing one stack: the client's
own start-up and the table it draws) and in
local mode (the engine in the process, on a temporary ``$XDG_DATA_HOME``
holding one stack).  Prints the differences against the 0.12 s target, which
local mode is not held to.
"""

from __future__ import annotations

import argparse
import http.server
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

TARGET_S = 0.12


def heat_executable() -> str:
    here = os.path.join(os.path.dirname(sys.executable), 'heat')
    return here if os.path.exists(here) else (shutil.which('heat') or 'heat')


def child_env() -> dict:
    """The environment of the timed commands: without ``OS_*`` (local mode
    unless asked) and without PYTHONDONTWRITEBYTECODE (set in some
    sandboxes, it recompiles Heat's modules on every run: an installed
    package has its .pyc files)."""
    return {k: v for k, v in os.environ.items()
            if not k.startswith('OS_') and k != 'PYTHONDONTWRITEBYTECODE'}


def wall(cmd: list[str], runs: int, env: dict | None = None) -> float:
    env = env or child_env()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)  # warm
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True,
                       env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


#: what the stub API lists: one stack, so that the table is drawn
STUB_STACK = {
    'id': '8b5d9b6e-0c51-4b56-9d0f-2b0f6c3d5a11', 'stack_name': 'hello',
    'stack_status': 'CREATE_COMPLETE', 'stack_status_reason': 'Stack CREATE completed',
    'creation_time': '2024-01-01T10:00:00Z', 'updated_time': '2024-01-01T10:00:01Z',
    'description': 'Hello', 'links': [{'href': 'http://127.0.0.1/v1/tenant/stacks/hello/'
                                               '8b5d9b6e-0c51-4b56-9d0f-2b0f6c3d5a11',
                                       'rel': 'self'}]}


class _StubHeatApi(http.server.BaseHTTPRequestHandler):
    """``GET /v1/<tenant>/stacks``: a list of one stack."""

    def do_GET(self):  # noqa: N802 - http.server's naming
        body = json.dumps({'stacks': [STUB_STACK]}).encode()
        self.send_response(200)
        self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def _stub_api() -> str:
    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), _StubHeatApi)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return 'http://127.0.0.1:%d/v1/tenant' % server.server_address[1]


def _local_env(heat: str, data_home: str) -> dict:
    """Local mode on ``data_home``, with one stack in it."""
    env = child_env()
    env['XDG_DATA_HOME'] = data_home
    template = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                            'examples', 'hello_stack.yaml')
    subprocess.run([heat, 'stack', 'create', '-t', template, 'hello'],
                   stdout=subprocess.DEVNULL, env=env, check=True)
    return env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--runs', type=int, default=10)
    args = parser.parse_args()
    heat = heat_executable()
    subprocess.run([heat, '--help'], stdout=subprocess.DEVNULL, check=True)  # warm caches
    base = wall([sys.executable, '-c', 'pass'], args.runs)
    print('python -c pass: %.3f s' % base)
    for argv in (['--help'], ['template', 'version', 'list']):
        t = wall([heat] + argv, args.runs)
        print('heat %s: %.3f s  (+%.3f s over python; target +%.2f s)' % (
            ' '.join(argv), t, t - base, TARGET_S))
    remote = ['--os-heat-url', _stub_api(), '--os-auth-token', 'token', 'stack', 'list']
    t = wall([heat] + remote, args.runs)
    print('heat stack list (remote): %.3f s  (+%.3f s over python; target +%.2f s)' % (
        t, t - base, TARGET_S))
    with tempfile.TemporaryDirectory() as data_home:
        env = _local_env(heat, data_home)
        t = wall([heat, 'stack', 'list'], args.runs, env)
        print('heat stack list (local, one stack): %.3f s  (+%.3f s over python)' % (
            t, t - base))


if __name__ == '__main__':
    main()
