"""A production-grade server on loopback: gunicorn with sync workers, WhiteNoise, DEBUG off, files in var/bench/."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import TracebackType

from bench import paths


def collectstatic() -> None:
    """The manifest storage needs collected files before a DEBUG=false server can render a page."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=paths.ROOT,
        env=paths.django_env(),
        check=True,
    )


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def gunicorn_command() -> list[str]:
    script = Path(sys.executable).parent / "gunicorn"
    return [str(script)] if script.exists() else [sys.executable, "-m", "gunicorn"]


def gunicorn_supports(flag: str) -> bool:
    try:
        from gunicorn.config import KNOWN_SETTINGS
    except ImportError:
        return False
    return any(flag in (setting.cli or []) for setting in KNOWN_SETTINGS)


def children_of(pid: int) -> list[int]:
    """Process ids whose parent is `pid`, read from /proc (Linux); empty elsewhere."""
    found = []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name, in parentheses, may hold spaces: the parent id is the second field after it.
        fields = stat.rsplit(")", 1)[-1].split()
        if len(fields) > 1 and fields[1] == str(pid):
            found.append(int(entry.name))
    return sorted(found)


def peak_rss_kib(pid: int) -> int | None:
    """The process's peak resident set size (VmHWM), in KiB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return None


class GunicornServer:
    """`with GunicornServer(database) as server:` serves the database at `server.base_url` until the block ends."""

    def __init__(self, database: Path, *, workers: int = 2, log: Path | None = None, timeout: float = 60) -> None:
        self.database = database
        self.workers = workers
        self.log_path = log or paths.BENCH_DIR / f"gunicorn-{database.stem}.log"
        self.timeout = timeout
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> GunicornServer:
        shutil.rmtree(paths.SERVER_VAR_DIR / "cache", ignore_errors=True)  # no scale reads another's cache
        self.port = free_port()
        command = [
            *gunicorn_command(),
            "synergies.wsgi:application",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            "--worker-class",
            "sync",
            "--graceful-timeout",
            "5",
        ]
        if gunicorn_supports("--no-control-socket"):  # gunicorn ≥ 24 otherwise opens one in ~/.gunicorn
            command.append("--no-control-socket")
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                command, cwd=paths.ROOT, env=paths.django_env(self.database), stdout=log, stderr=subprocess.STDOUT
            )
        try:
            self._wait_until_healthy()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.stop()

    def _wait_until_healthy(self) -> None:
        assert self.process is not None
        deadline = time.monotonic() + self.timeout
        last_error = ""
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}; see {self.log_path}")
            try:
                with urllib.request.urlopen(f"{self.base_url}/healthz", timeout=5) as response:
                    if response.status == 200 and len(self.worker_pids()) >= self.workers:
                        return
            except urllib.error.HTTPError as exc:
                last_error = f"/healthz answered {exc.code}"
            except OSError as exc:
                last_error = str(exc)
            time.sleep(0.1)
        raise RuntimeError(f"gunicorn not healthy after {self.timeout:.0f} s ({last_error}); see {self.log_path}")

    def worker_pids(self) -> list[int]:
        return children_of(self.process.pid) if self.process is not None else []

    def peak_rss_kib(self) -> dict[str, int | None]:
        """Peak RSS of the master and of each worker, read before the server stops."""
        if self.process is None:
            return {}
        rss = {"master": peak_rss_kib(self.process.pid)}
        for n, pid in enumerate(self.worker_pids(), start=1):
            rss[f"worker-{n}"] = peak_rss_kib(pid)
        return rss

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
