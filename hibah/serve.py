"""`hibah serve`: the nightly flow on a cron schedule, against a real Prefect server.

Prefect's temporary server cannot schedule, so serving needs a real one: the one named by
PREFECT_API_URL when set, otherwise a `prefect server start` on 127.0.0.1 that this command
starts, waits for, and stops when it exits. That local server keeps its database, settings
and log (`server.log`) in its own home beside the warehouse, `.hibah-prefect/`, never in the
user's `~/.prefect`, which other Prefect projects share.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from hibah.prctl import PR_SET_PDEATHSIG, prctl

DEFAULT_CRON = "0 2 * * *"  # 02:00 every night
TIMEZONE = "Asia/Jakarta"
DEPLOYMENT = "hibah-nightly"
HOME_NAME = ".hibah-prefect"


def local_home(db_path: Path) -> Path:
    """The Prefect home of the server hibah starts for the warehouse at ``db_path``."""
    return db_path.resolve().parent / HOME_NAME


def answers(api_url: str) -> bool:
    """Whether a Prefect server answers its health check at ``api_url`` now."""
    with (
        contextlib.suppress(urllib.error.URLError, ConnectionError, TimeoutError),
        urllib.request.urlopen(f"{api_url}/health", timeout=2) as answer,
    ):
        return answer.status == 200
    return False


def wait_healthy(api_url: str, timeout: float = 120.0) -> None:
    """Block until the server answers its health check; raise TimeoutError otherwise."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if answers(api_url):
            return
        time.sleep(0.5)
    raise TimeoutError(f"Prefect server at {api_url} did not answer within {timeout:.0f} s")


def wait_down(api_url: str, timeout: float = 60.0) -> None:
    """Block until nothing answers at ``api_url`` any more: the server's web process can
    outlive the command that started it by a moment."""
    deadline = time.monotonic() + timeout
    while answers(api_url) and time.monotonic() < deadline:
        time.sleep(0.2)


def _stop_with_parent() -> None:
    """In the server's process, before it starts: on Linux, have the kernel send it SIGTERM
    when the process that started it dies, so that even a killed `hibah serve` leaves no
    server running. Elsewhere the `finally` below is all there is."""
    prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


@contextlib.contextmanager
def prefect_server(port: int, home: Path) -> Iterator[str]:
    """PREFECT_API_URL when set; otherwise a local server with its own Prefect ``home``,
    stopped on exit."""
    if os.environ.get("PREFECT_API_URL"):
        yield os.environ["PREFECT_API_URL"]
        return
    prefect = Path(sys.executable).with_name("prefect")
    home.mkdir(exist_ok=True)
    with (home / "server.log").open("ab") as out:
        server = subprocess.Popen(
            [str(prefect), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            preexec_fn=_stop_with_parent,
            env=os.environ | {"PREFECT_HOME": str(home)},
            process_group=0,  # its web process with it: stopped together below
        )
    api_url = f"http://127.0.0.1:{port}/api"
    try:
        wait_healthy(api_url)
        yield api_url
    finally:
        # the whole group: killing `prefect server start` alone would leave its web process
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.pid, signal.SIGKILL)
        wait_down(api_url)  # serve returns with its server gone


@contextlib.contextmanager
def interrupt_bounded(grace: float = 30.0) -> Iterator[None]:
    """Ctrl-C ends the block within about ``grace`` seconds. Asked to stop, Prefect's runner
    cancels what it awaits and waits for it to finish, which has been seen to outlast any
    bound. The first SIGINT raises KeyboardInterrupt as usual; if the block is still
    running ``grace`` seconds later, the main thread is interrupted again, as a second
    Ctrl-C would. Main thread only."""
    running = threading.Event()
    running.set()
    main = threading.get_ident()
    timers: list[threading.Timer] = []

    def again() -> None:
        if running.is_set():
            signal.pthread_kill(main, signal.SIGINT)

    def on_sigint(signum, frame) -> None:
        if not timers:
            timers.append(threading.Timer(grace, again))
            timers[0].daemon = True
            timers[0].start()
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, on_sigint)
    try:
        yield
    finally:
        running.clear()
        signal.signal(signal.SIGINT, previous)


def serve(raw_dir: Path, db_path: Path, reports_dir: Path, cron: str, port: int) -> None:
    """Serve the flow on ``cron`` (Asia/Jakarta) until interrupted."""
    with prefect_server(port, local_home(db_path)) as api_url:
        os.environ["PREFECT_API_URL"] = api_url
        print(f"Prefect server: {api_url.removesuffix('/api')} (runs and logs in its UI)")
        from prefect.schedules import Cron

        from hibah.pipeline import hibah_flow

        with interrupt_bounded():  # then the server is stopped, outside it
            hibah_flow.serve(
                name=DEPLOYMENT,
                schedules=[Cron(cron, timezone=TIMEZONE)],
                parameters={
                    "raw_dir": str(raw_dir.resolve()),
                    "db_path": str(db_path.resolve()),
                    "reports_dir": str(reports_dir.resolve()),
                },
                description="hibah: read raw/, check, build the warehouse and the reports.",
            )
