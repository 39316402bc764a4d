"""hibah serve against a real Prefect server it starts itself: the deployment is served,
a run triggered through the server completes with its artifact, and the server stops when
serve does."""

from __future__ import annotations

import os
import select
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from hibah.serve import answers
from tests.conftest import ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _read_until(process: subprocess.Popen, marker: str, timeout: float) -> str:
    """What ``process`` writes, up to the line holding ``marker`` (or its end, or the
    timeout, a guard against a hung process: the wait is on its words, not on time)."""
    said, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([process.stdout], [], [], deadline - time.monotonic())
        line = process.stdout.readline() if ready else ""
        said.append(line)
        if not line or marker in line:
            break
    return "".join(said)


@pytest.mark.flow
def test_serve_runs_the_flow_through_a_real_server(tmp_path):
    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    # no PREFECT_HOME: serve must give its server a home of its own, not ~/.prefect
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("PREFECT_API") and k != "PREFECT_HOME"
    }
    env |= {"PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1"}
    env |= {"PYTHONUNBUFFERED": "1"}  # serve's lines reach the test as they are written
    bin_dir = Path(sys.executable).parent
    serve = subprocess.Popen(
        [
            str(bin_dir / "hibah"),
            "serve",
            "--port",
            str(port),
            "--cron",
            "0 2 * * *",
            "--raw",
            str(ROOT / "tests" / "fixtures" / "every_rule"),
            "--db",
            str(tmp_path / "hibah.duckdb"),
            "--reports",
            str(tmp_path / "reports"),
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    later: list[str] = []  # what serve says after it is serving, for a failure's message
    rest_started: list[threading.Thread] = []
    try:
        # serve says it is serving once its server is up and the deployment registered
        said = _read_until(serve, "is being served", timeout=300)
        assert "is being served" in said, said[-3000:]
        rest = threading.Thread(target=lambda: later.append(serve.stdout.read()), daemon=True)
        rest.start()  # the pipe drained, so that serve never blocks writing its logs
        rest_started.append(rest)
        client_env = env | {"PREFECT_API_URL": api, "PREFECT_HOME": str(tmp_path / "client")}
        run = subprocess.run(
            [
                str(bin_dir / "prefect"),
                "deployment",
                "run",
                "hibah-nightly/hibah-nightly",
                "--watch",
                "--watch-timeout",
                "240",
            ],
            env=client_env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
        assert "Completed" in run.stdout
        artifact = subprocess.run(
            [str(bin_dir / "prefect"), "artifact", "inspect", "hibah-run"],
            env=client_env | {"COLUMNS": "200"},
            capture_output=True,
            text=True,
        )
        assert artifact.returncode == 0 and "rows read" in artifact.stdout, artifact.stdout
        assert (tmp_path / "reports" / "index.html").exists()
    finally:
        serve.send_signal(signal.SIGINT)
        try:
            serve.wait(timeout=120)
        except subprocess.TimeoutExpired:
            serve.kill()
            serve.wait()
        for rest in rest_started:
            rest.join(timeout=30)  # what serve said, up to its end
    # serve returns only once the server it started no longer answers
    assert serve.returncode == 0, "".join(later)[-5000:]
    assert not answers(api), "serve left its Prefect server running"
    # the server's database and log are beside the warehouse, in hibah's own Prefect home
    home = tmp_path / ".hibah-prefect"
    assert (home / "server.log").stat().st_size > 0
    assert (home / "prefect.db").exists()
    assert not (ROOT / ".hibah-prefect-server.log").exists()


def test_prefect_yaml_matches_the_served_deployment():
    import yaml

    from hibah.serve import DEFAULT_CRON, DEPLOYMENT, TIMEZONE

    config = yaml.safe_load((ROOT / "prefect.yaml").read_text())
    (deployment,) = config["deployments"]
    assert deployment["name"] == DEPLOYMENT
    # the flow Prefect loads from the entrypoint, as a worker would, is the one serve serves
    from prefect.flows import load_flow_from_entrypoint

    from hibah.pipeline import hibah_flow

    path, _, function = deployment["entrypoint"].partition(":")
    loaded = load_flow_from_entrypoint(f"{ROOT / path}:{function}", use_placeholder_flow=False)
    assert loaded.fn is hibah_flow.fn
    assert deployment["schedules"] == [{"cron": DEFAULT_CRON, "timezone": TIMEZONE}]
    assert set(deployment["parameters"]) == {"raw_dir", "db_path", "reports_dir"}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_a_server_started_by_a_killed_serve_stops_too():
    """What `hibah serve` starts goes down with it, even when it is killed outright."""
    parent = subprocess.Popen(
        [
            sys.executable,
            "-c",
            (
                "import subprocess, sys\n"
                "from hibah.serve import _stop_with_parent\n"
                "child = subprocess.Popen(['sleep', '600'], preexec_fn=_stop_with_parent)\n"
                "print(child.pid, flush=True)\n"
                "sys.stdin.read()\n"  # alive until killed
            ),
        ],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    child = int(parent.stdout.readline())
    ended = os.pidfd_open(child)  # readable once the child has ended
    parent.kill()
    parent.wait()
    readable, _, _ = select.select([ended], [], [], 120)
    os.close(ended)
    if readable:
        return
    os.kill(child, signal.SIGKILL)
    pytest.fail("the child outlived the process that started it")


STUCK_ON_STOP = """
import threading
from hibah.serve import interrupt_bounded

try:
    with interrupt_bounded(grace=1.0):
        print("ready", flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            print("asked to stop", flush=True)
        threading.Event().wait()  # as a runner that waits on what it cancelled
except KeyboardInterrupt:
    print("stopped", flush=True)
"""


def test_one_ctrl_c_stops_serve_even_when_the_runner_waits_on(tmp_path):
    """A runner that, asked to stop, waits on for ever is interrupted again: one SIGINT
    ends the block."""
    script = tmp_path / "stuck.py"
    script.write_text(STUCK_ON_STOP)
    stuck = subprocess.Popen(
        [sys.executable, str(script)],
        env={"PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert stuck.stdout.readline() == "ready\n"
        stuck.send_signal(signal.SIGINT)
        out, _ = stuck.communicate(timeout=120)
    finally:
        stuck.kill()
    assert stuck.returncode == 0 and out.endswith("stopped\n"), out
