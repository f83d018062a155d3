"""End-to-end local mode: ``heat stack create --wait`` of N independent
resources.

    python benchmarks/bench_cli_local.py [--runs N] [--sizes 20,200]

Each template holds N ``OS::Heat::TestResource`` with ``wait_secs: 1`` and no
dependencies between them, so a perfect engine creates the stack in 1 s
plus its own overhead.  The installed ``heat`` runs in local mode on a
temporary ``$XDG_DATA_HOME`` (SQLite, schema created before timing); the
create's wall time is compared with a ``heat stack list`` on the same
database in the same run (the start-up of the process, the imports and the
database connection, which every command pays).  Target: create minus list
at most 1.3 s for each size (median of ``--runs``).  CPU seconds are
printed too: wall times on a loaded machine say little.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

TARGET_S = 1.3


def heat_executable() -> str:
    here = os.path.join(os.path.dirname(sys.executable), 'heat')
    return here if os.path.exists(here) else (shutil.which('heat') or 'heat')


def template(count: int) -> str:
    lines = ['heat_template_version: 2021-04-16', 'resources:']
    for i in range(count):
        lines.append('  r%03d: {type: OS::Heat::TestResource, properties: {value: v%d, '
                     'wait_secs: 1}}' % (i, i))
    return '\n'.join(lines) + '\n'


#: CPU seconds (user + system) of each timed command, by its label
CPU: dict[str, list[float]] = {}


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(cmd: list[str], env: dict, cwd: str, label: str = '') -> float:
    """Wall seconds of ``cmd`` (its CPU seconds go to ``CPU[label]``)."""
    cpu = _cpu()
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    CPU.setdefault(label, []).append(_cpu() - cpu)
    if done.returncode != 0:
        raise SystemExit('%s failed (%d): %s' % (' '.join(cmd[1:]), done.returncode,
                                                 done.stderr.strip()))
    return elapsed


def cpu(label: str) -> float:
    return statistics.median(CPU[label])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--runs', type=int, default=3)
    parser.add_argument('--sizes', default='20,200')
    args = parser.parse_args()
    heat = heat_executable()
    sizes = [int(s) for s in args.sizes.split(',') if s]
    with tempfile.TemporaryDirectory() as work:
        # PYTHONDONTWRITEBYTECODE (set in some sandboxes) would recompile
        # Heat's modules on every run: an installed package has its .pyc files
        env = {k: v for k, v in os.environ.items()
               if not k.startswith('OS_') and k != 'PYTHONDONTWRITEBYTECODE'}
        env['XDG_DATA_HOME'] = os.path.join(work, 'data')
        for size in sizes:
            with open(os.path.join(work, 't%d.yaml' % size), 'w', encoding='utf-8') as f:
                f.write(template(size))
        timed([heat, 'stack', 'list'], env, work)          # creates the schema
        base = statistics.median(timed([heat, 'stack', 'list'], env, work, 'list')
                                 for _ in range(max(args.runs, 3)))
        print('load average: %.2f (on %d CPUs)' % (os.getloadavg()[0], os.cpu_count() or 1))
        print('heat stack list (local): %.3f s  (cpu %.3f s)' % (base, cpu('list')))
        missed = False
        for size in sizes:
            label = 'create%d' % size
            times = [timed([heat, 'stack', 'create', '--wait', '-t', 't%d.yaml' % size,
                            's%d-%d' % (size, run)], env, work, label)
                     for run in range(args.runs)]
            t = statistics.median(times)
            over = t - base
            missed |= over > TARGET_S
            print('heat stack create --wait, %d resources (wait_secs 1): %.3f s  '
                  '(%.3f s over stack list; target %.1f s; cpu %.3f s, %.3f s over list)%s'
                  % (size, t, over, TARGET_S, cpu(label), cpu(label) - cpu('list'),
                     '' if over <= TARGET_S else '  MISSED'))
        if missed:
            sys.exit(1)


if __name__ == '__main__':
    main()
