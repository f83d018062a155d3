"""``heat-engine``: a long-running engine process.

It takes over stacks whose engine died (checking every RECOVERY_INTERVAL seconds; an
engine is dead when it has not beaten for liveness.DEAD_AFTER seconds), and
serves operations handed to it.  SIGTERM/SIGINT stop it after the
operations it runs have finished.
"""

from __future__ import annotations

import logging
import signal
import sys
import threading

LOG = logging.getLogger('heat.engine')

RECOVERY_INTERVAL = 0.5


def serve(service, stop: threading.Event) -> None:
    """Recover dead engines' stacks until ``stop`` is set."""
    service.start()
    while not stop.is_set():
        try:
            for stack_id in service.recover():
                LOG.info('Took over stack %s from an engine that died', stack_id)
        except Exception:  # noqa: BLE001 - keep serving; the next pass retries
            LOG.exception('Recovery pass failed')
        stop.wait(RECOVERY_INTERVAL)
    service.stop()


def main(argv: list[str] | None = None) -> int:
    from heat_core import config
    config.load(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format='%(asctime)s %(levelname)s %(name)s: %(message)s')
    from heat_core.db import api
    api.db_sync()
    from heat_core.engine.service import EngineService
    service = EngineService()
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    LOG.info('heat-engine %s started', service.liveness.id)
    serve(service, stop)
    return 0


if __name__ == '__main__':
    sys.exit(main())
