"""The local Dask cluster of `hibah run --workers N`: its workers start with hibah loaded,
and none of its worker processes is left once the run leaves it."""

from __future__ import annotations

import os
import sys

import pytest


def _loaded() -> tuple[int, dict[str, bool]]:
    names = ("hibah.pipeline", "hibah.stages", "prefect")
    return os.getpid(), {name: name in sys.modules for name in names}


@pytest.mark.parametrize("fork_server", [True, False], ids=["fork server", "none (Windows)"])
def test_workers_start_with_hibah_loaded_and_the_cluster_closes(fork_server, monkeypatch):
    import multiprocessing

    from distributed import Client

    from hibah.cluster import local_cluster

    if not fork_server:  # as on Windows: the workers start afresh
        methods = [m for m in multiprocessing.get_all_start_methods() if m != "forkserver"]
        monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: methods)

    with local_cluster(2) as address, Client(address) as client:
        workers = client.run(_loaded)  # run as each worker stands, before any task
    assert len({pid for pid, _ in workers.values()}) == 2  # two processes
    assert all(all(loaded.values()) for _, loaded in workers.values()), workers
    assert not [pid for pid, _ in workers.values() if _running(pid)]  # closed: none left


def _running(pid: int) -> bool:
    import psutil  # distributed's own dependency

    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False
