"""Start-up time of the ``heat`` command line.

    python benchmarks/bench_cli_startup.py [--runs N]

Wall time of ``heat --help`` and ``heat template version list`` against
``python -c pass`` (median of N runs each, the ``heat`` script next to this
interpreter).  Prints the differences against the 0.12 s target.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

TARGET_S = 0.12


def heat_executable() -> str:
    here = os.path.join(os.path.dirname(sys.executable), 'heat')
    return here if os.path.exists(here) else (shutil.which('heat') or 'heat')


def wall(cmd: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


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


if __name__ == '__main__':
    main()
