"""The local Dask cluster of ``hibah run --workers N``.

A worker process started afresh spends seconds importing hibah (Prefect, pandas, pandera,
great-tables) before its first task can run. So the workers are forked from a fork server
(Python's multiprocessing ``forkserver``): one process, started as the run begins, that
imports hibah's flow module once, while the run imports it too, and then forks each worker
with all of it loaded. Forking the run's own process instead would be quicker still but is
not safe: a lock another thread holds as it forks (Dask's own threads start with the
cluster) stays held in the worker forever.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from contextlib import contextmanager

FLOW_MODULE = "hibah.pipeline"  # the flow and its tasks: what every task needs
PRELOAD = ["distributed", "prefect_dask", FLOW_MODULE]  # what the fork server imports


def start_fork_server() -> bool:
    """Start the fork server now, importing hibah in the background; at most once a
    process (a running server keeps its first modules). False where there is none (Windows):
    the workers then start afresh, importing hibah's flow module as they start."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return False
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    from multiprocessing import forkserver

    forkserver.ensure_running()
    return True


@contextmanager
def local_cluster(workers: int) -> Iterator[str]:
    """A cluster of ``workers`` processes of one thread each, forked from the fork server
    where there is one; yields its scheduler's address, and closes it on leaving."""
    import dask
    from distributed import LocalCluster

    method = "forkserver" if start_fork_server() else "spawn"
    with dask.config.set({"distributed.worker.multiprocessing-method": method}):
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            preload=[FLOW_MODULE],  # a worker forked from the fork server has it already
        )
    with cluster:
        yield cluster.scheduler_address
