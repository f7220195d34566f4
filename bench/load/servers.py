"""Start the real server for a load run: one or several Streamlit processes, untuned
(``streamlit run app.py``) or tuned (``python -m deploy.serve``), optionally behind nginx
rendered from deploy/nginx.conf; and read their CPU time and memory from /proc."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import streamlit

from bench.load.prepare import CACHE
from bench.seeding import BENCH_TODAY
from deploy.publish_static import publish
from deploy.render_nginx import main_conf, render

ROOT = Path(__file__).resolve().parents[2]
STATIC_DIR = CACHE / f"static-{streamlit.__version__}"
TICKS = os.sysconf("SC_CLK_TCK")


def free_ports(count: int) -> list[int]:
    """Ports nothing listens on now (other benchmarks and tests may share the machine)."""
    sockets = [socket.socket() for _ in range(count)]
    try:
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def children(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        out += [int(p) for p in text]
    return out


def wait_healthy(port: int, process: subprocess.Popen, log: Path, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server on {port} exited: {log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server on {port} not healthy after {timeout} s")


class Cluster:
    """``processes`` servers on free ports; with ``proxy``, nginx in front of them."""

    def __init__(
        self,
        db_path: Path,
        folder: Path,
        processes: int = 1,
        tuned: bool = True,
        proxy: bool = False,
        staff: bool = False,
        flags: tuple[str, ...] = (),
    ):
        self.db_path, self.folder = db_path, folder
        self.tuned, self.proxy = tuned, proxy
        self.flags = tuple(flags)  # extra Streamlit options, e.g. one tuning at a time
        wanted = processes + (1 if staff and proxy else 0)
        ports = free_ports(wanted)
        self.ports = ports[:processes]
        # One more process for signed-in people (the proxy sends them there).
        self.staff_ports = ports[processes:]
        self.proxy_port = free_ports(1)[0]
        self.servers: list[subprocess.Popen] = []
        self.nginx: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        port = self.proxy_port if self.proxy else self.ports[0]
        return f"http://127.0.0.1:{port}"

    def backend_urls(self) -> list[str]:
        return [f"http://127.0.0.1:{port}" for port in self.all_ports]

    @property
    def all_ports(self) -> list[int]:
        return self.ports + self.staff_ports

    def _command(self, port: int) -> list[str]:
        where = ["--server.port", str(port), "--server.address", "127.0.0.1"]
        if self.tuned:
            return [sys.executable, "-m", "deploy.serve", *where, *self.flags]
        plain = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true"]
        return [*plain, *where, *self.flags]

    def start(self) -> None:
        env = dict(os.environ, VITALS_DB=str(self.db_path), VITALS_TODAY=BENCH_TODAY.isoformat())
        env.pop("VITALS_DEMO_MODE", None)
        for port in self.all_ports:
            log = self.folder / f"server-{port}.log"
            self.servers.append(
                subprocess.Popen(
                    self._command(port),
                    cwd=ROOT,
                    env=env,
                    stdout=log.open("w"),
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )
        for port, server in zip(self.all_ports, self.servers, strict=True):
            wait_healthy(port, server, self.folder / f"server-{port}.log")
        if self.proxy:
            self._start_nginx()

    def _start_nginx(self) -> None:
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        if not Path(nginx).exists():
            raise RuntimeError("nginx is not installed: apt-get install nginx-light")
        if not STATIC_DIR.exists():
            publish(STATIC_DIR)
        prefix = self.folder / "nginx"
        prefix.mkdir(exist_ok=True)
        (prefix / "vitals.conf").write_text(
            render(self.ports, f"127.0.0.1:{self.proxy_port}", STATIC_DIR, self.staff_ports)
        )
        (prefix / "nginx.conf").write_text(main_conf(prefix))
        self.nginx = subprocess.Popen(
            [nginx, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-g", "daemon off;"],
            stdout=(prefix / "stdout.log").open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2).close()
                return
            except OSError:
                if self.nginx.poll() is not None:
                    raise RuntimeError((prefix / "stdout.log").read_text()) from None
                time.sleep(0.2)
        raise RuntimeError("nginx did not come up")

    def pids(self) -> list[int]:
        return [server.pid for server in self.servers]

    def respondent_pids(self) -> list[int]:
        return self.pids()[: len(self.ports)]

    def proxy_pids(self) -> list[int]:
        if self.nginx is None:
            return []
        return [self.nginx.pid, *children(self.nginx.pid)]

    def cpu(self) -> dict[str, float]:
        """CPU seconds so far: respondents' processes, the staff process, nginx."""
        return {
            "servers": sum(cpu_seconds(pid) for pid in self.respondent_pids()),
            "staff": sum(cpu_seconds(pid) for pid in self.pids()[len(self.ports) :]),
            "proxy": sum(cpu_seconds(pid) for pid in self.proxy_pids()),
        }

    def rss(self) -> list[float]:
        return [round(rss_mb(pid), 1) for pid in self.pids()]

    def stop(self) -> None:
        for process in [*self.servers, *([self.nginx] if self.nginx else [])]:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in [*self.servers, *([self.nginx] if self.nginx else [])]:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
