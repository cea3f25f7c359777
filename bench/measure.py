"""HTTP measurements with the standard library: sequential requests for latency, client threads for throughput."""

from __future__ import annotations

import http.client
import re
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

SERVER_TIMING_METRIC = re.compile(r"(?P<name>[A-Za-z0-9_-]+)\s*;\s*dur=(?P<dur>[0-9.]+)")


@dataclass(frozen=True)
class Response:
    status: int
    size: int
    client_ms: float
    app_ms: float | None
    db_ms: float | None
    queries: int | None


@dataclass(frozen=True)
class Throughput:
    clients: int
    seconds: float
    requests: int
    errors: int

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds > 0 else 0.0


def parse_server_timing(header: str | None) -> dict[str, float]:
    """`app;dur=12.5, db;dur=3.1;desc="4 queries"` → {"app": 12.5, "db": 3.1}."""
    if not header:
        return {}
    return {m["name"]: float(m["dur"]) for m in SERVER_TIMING_METRIC.finditer(header)}


def fetch(base_url: str, path: str, *, timeout: float = 60) -> Response:
    """One GET on a fresh connection (gunicorn's sync workers close it after each response anyway)."""
    url = urlsplit(base_url)
    connection = http.client.HTTPConnection(url.hostname or "127.0.0.1", url.port, timeout=timeout)
    start = time.perf_counter()
    try:
        connection.request("GET", path, headers={"Accept-Language": "fr-BE", "Connection": "close"})
        response = connection.getresponse()
        body = response.read()
    finally:
        connection.close()
    client_ms = (time.perf_counter() - start) * 1000
    timing = parse_server_timing(response.getheader("Server-Timing"))
    queries = response.getheader("X-Query-Count")
    return Response(
        status=response.status,
        size=len(body),
        client_ms=client_ms,
        app_ms=timing.get("app"),
        db_ms=timing.get("db"),
        queries=int(queries) if queries and queries.isdigit() else None,
    )


def warm_up(base_url: str, path: str, *, requests: int, clients: int = 1) -> None:
    """Discarded requests (imports, template loading), from `clients` threads at once so every worker gets some."""
    if requests < 1:
        return

    def client() -> None:
        for _ in range(requests):
            fetch(base_url, path)

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def sequential(base_url: str, path: str, *, requests: int) -> list[Response]:
    """`requests` responses, one after the other."""
    return [fetch(base_url, path) for _ in range(requests)]


def throughput(base_url: str, path: str, *, clients: int, seconds: float) -> Throughput:
    """Successful responses per second with `clients` threads requesting back to back for `seconds`."""
    lock = threading.Lock()
    done = [0, 0]  # successes, errors
    deadline = time.perf_counter() + seconds

    def client() -> None:
        ok = failed = 0
        while time.perf_counter() < deadline:
            try:
                response = fetch(base_url, path)
            except OSError:
                failed += 1
                continue
            if 200 <= response.status < 400:
                ok += 1
            else:
                failed += 1
        with lock:
            done[0] += ok
            done[1] += failed

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Throughput(clients=clients, seconds=time.perf_counter() - start, requests=done[0], errors=done[1])
