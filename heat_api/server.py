"""The HTTP server heat-api and heat-all embed: threaded, in one process.

waitress (pure Python, HTTP/1.1 keep-alive, a fixed pool of worker
threads) is used when it is installed; otherwise the standard library's
wsgiref with one thread per connection.  Measured on 2 cores serving a
trivial Pecan endpoint with 2 client connections: waitress ~2,300-2,900
req/s, cheroot ~2,200-2,500, wsgiref ~1,000-1,200 (no keep-alive).

For production behind a process manager, gunicorn's threaded workers
serve the same application (see :mod:`heat_api.wsgi`).

A server lowers the interpreter's thread switch interval to
:data:`SWITCH_INTERVAL` (unless it is lower already).  A request that
waits on the database lets go of the interpreter lock; with the default
5 ms interval, getting it back from a busy thread can take the whole
interval, so requests that read the database queued behind those that do
not (``benchmarks/bench_api.py`` on 2 busy cores, runs paired: GET
show-stack went from 56 % to 60 % of the rate of a bare Pecan endpoint).
"""

from __future__ import annotations

import logging
import socket
import socketserver
import sys
import threading
import time
from wsgiref import simple_server

LOG = logging.getLogger('heat.api.server')

#: seconds a thread may hold the interpreter lock while others wait for it
SWITCH_INTERVAL = 0.0005


def tune_switch_interval(interval: float = SWITCH_INTERVAL) -> None:
    """Lower the interpreter's switch interval to ``interval`` (see the
    module doc); a lower one set by the operator is kept."""
    if sys.getswitchinterval() > interval:
        sys.setswitchinterval(interval)


def _have_waitress() -> bool:
    try:
        import waitress  # noqa: F401
    except ImportError:
        return False
    return True


class Server:
    """A WSGI server bound to ``host:port`` (port 0: any free port).

    ``serve_forever()`` blocks; ``start()`` serves on a background thread;
    ``shutdown()`` stops either, from another thread: it stops accepting
    connections and lets the requests in progress finish first.  The
    listening socket has SO_REUSEADDR, so a restarted server binds again at
    once.
    """

    def __init__(self, app, host: str = '127.0.0.1', port: int = 0, threads: int = 8,
                 kind: str | None = None):
        self.kind = kind or ('waitress' if _have_waitress() else 'wsgiref')
        self.threads = threads
        tune_switch_interval()
        if self.kind == 'waitress':
            from waitress.server import create_server

            # requests queueing for a free thread is normal under load, not a warning
            logging.getLogger('waitress.queue').setLevel(logging.ERROR)
            # poll(), not select(): a busy process holds descriptors past
            # FD_SETSIZE (1024), which select() cannot watch
            self._server = create_server(app, host=host, port=port, threads=threads,
                                         ident='heat', channel_timeout=300,
                                         asyncore_use_poll=True)
            self.host = self._server.effective_host
            self.port = int(self._server.effective_port)
        elif self.kind == 'wsgiref':
            self._server = simple_server.make_server(
                host, port, app, server_class=_ThreadingWSGIServer,
                handler_class=_QuietHandler)
            self.host, self.port = self._server.server_address[:2]
        else:
            raise ValueError('unknown server kind %r' % (kind,))
        self._thread: threading.Thread | None = None
        self._stopped = threading.Event()
        self._shutdown_lock = threading.Lock()
        self._shutting_down = False
        self._serving = False

    @property
    def url(self) -> str:
        host = '[%s]' % self.host if ':' in self.host else self.host
        return 'http://%s:%d' % (host, self.port)

    def serve_forever(self) -> None:
        LOG.info('Serving on %s (%s, %d threads)', self.url, self.kind, self.threads)
        self._serving = True
        try:
            if self.kind == 'waitress':
                self._server.run()
                self._server.task_dispatcher.shutdown()
            else:
                self._server.serve_forever(poll_interval=0.2)
                self._server.server_close()
        finally:
            self._stopped.set()

    def start(self) -> 'Server':
        self._serving = True
        self._thread = threading.Thread(target=self.serve_forever, name='heat-api-server',
                                        daemon=True)
        self._thread.start()
        return self

    def shutdown(self, timeout: float = 10.0) -> None:
        """Stop serving (idempotent); waits up to ``timeout`` for the loop."""
        with self._shutdown_lock:
            if self._shutting_down:
                return
            self._shutting_down = True
        if not self._serving:
            self._close()
        elif self.kind == 'waitress':
            self._stop_waitress(timeout)
        else:
            threading.Thread(target=self._server.shutdown, daemon=True).start()
        if self._thread is not None:
            self._thread.join(timeout)

    def _stop_waitress(self, timeout: float) -> None:
        """Stop listening, let the requests being served finish (up to
        ``timeout``), then close every connection, which ends the loop.
        Sockets are closed on the loop's own thread."""
        from waitress import wasyncore
        server = self._server
        tasks = server.task_dispatcher

        def on_loop(thunk):
            try:
                server.trigger.pull_trigger(thunk)
            except OSError:
                # the loop's wake-up pipe is gone: do it from here, the loop
                # notices within its poll timeout
                thunk()
        on_loop(lambda: wasyncore.dispatcher.close(server))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and (tasks.queue or tasks.active_count):
            time.sleep(0.02)
        on_loop(lambda: wasyncore.close_all(server._map, ignore_all=True))

    def _close(self) -> None:
        """Release the socket of a server that never served."""
        if self.kind == 'waitress':
            from waitress import wasyncore
            wasyncore.close_all(self._server._map)
            self._server.task_dispatcher.shutdown()
        else:
            self._server.server_close()
        self._stopped.set()

    def wait(self, timeout: float | None = None) -> bool:
        return self._stopped.wait(timeout)


class _ThreadingWSGIServer(socketserver.ThreadingMixIn, simple_server.WSGIServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def server_bind(self):
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        super().server_bind()


class _QuietHandler(simple_server.WSGIRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the stdlib's signature
        LOG.debug('%s - %s', self.address_string(), format % args)
