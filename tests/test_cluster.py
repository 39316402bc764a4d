"""The local Dask cluster of `hibah run --workers N`: its workers start with hibah loaded,
and nothing of it is left once the run leaves it."""

from __future__ import annotations

import os
import sys

import pytest


def _loaded() -> tuple[int, dict[str, bool]]:
    names = ("hibah.pipeline", "hibah.stages", "prefect")
    return os.getpid(), {name: name in sys.modules for name in names}


def test_workers_start_with_hibah_loaded_and_the_cluster_closes():
    from distributed import Client

    from hibah.cluster import local_cluster

    with local_cluster(2) as address, Client(address) as client:
        workers = client.run(_loaded)  # run as each worker stands, before any task
    assert len({pid for pid, _ in workers.values()}) == 2  # two processes
    assert all(all(loaded.values()) for _, loaded in workers.values()), workers
    # the scheduler is gone: a connection is refused at once (the timeout only bounds it)
    with pytest.raises(OSError):
        Client(address, timeout=10)
