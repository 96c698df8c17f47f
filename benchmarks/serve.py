"""Load benchmark of `perfscore serve` (issue 16): N concurrent clients against a local server.

    python3 benchmarks/serve.py                          # the figures in docs/serve.md
    python3 benchmarks/serve.py --requests 200 --concurrency 1 8

Starts `perfscore serve` (one uvicorn process, its default limits) on a free port of 127.0.0.1
— the only address it sends to —, then, for each endpoint and each concurrency level, sends a
fixed number of requests from that many concurrent clients (httpx2, one connection each, kept
alive) and reports throughput (requests per second of wall time) and the p50 and p99 latency of
one request. Every response is checked (200, and the total the library gives for the record),
so that a fast error cannot pass for a fast answer. Bounded: a fixed count of requests, each
with a 60 s timeout, and the server is killed when the run ends, however it ends.

The client runs on the same 2-core machine as the server and takes CPU from it: the figures are
what one machine serving itself does, a floor for a server with cores of its own.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx2 as httpx

import perfscore

ROOT = Path(__file__).resolve().parent.parent
FW = "department-common"
RECORD = ROOT / "examples" / "hecheng-2020.yaml"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(port: int) -> subprocess.Popen[bytes]:
    args = [sys.executable, "-m", "perfscore", "serve", "--port", str(port)]
    process = subprocess.Popen(
        args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    end = time.monotonic() + 60
    while time.monotonic() < end:
        if process.poll() is not None:
            raise SystemExit("perfscore serve exited at start")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return process
        time.sleep(0.1)
    os.killpg(process.pid, signal.SIGKILL)
    raise SystemExit("perfscore serve did not start within 60 s")


def bodies() -> dict[str, tuple[str, bytes, str]]:
    """Each endpoint measured: its path, its body, its content type."""
    record = perfscore.load_record(RECORD)
    one = {"id": record.id, "values": record.values, "external_scores": record.external_scores}
    line = json.dumps(one, ensure_ascii=False)
    batch = "\n".join(line for _ in range(100)).encode("utf-8")
    as_json = json.dumps(one, ensure_ascii=False).encode("utf-8")
    return {
        "score (json)": (f"/frameworks/{FW}/score", as_json, "application/json"),
        "score (xlsx form upload)": (f"/frameworks/{FW}/score", form_bytes(), XLSX),
        "explain": (f"/frameworks/{FW}/explain", as_json, "application/json"),
        "batch of 100": (f"/frameworks/{FW}/batch", batch, "application/x-ndjson"),
    }


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def form_bytes() -> bytes:
    from perfscore.forms.writer import write_form

    return write_form(perfscore.load_framework(FW), perfscore.load_record(RECORD))


def check(name: str, response: httpx.Response, total: Any) -> None:
    if response.status_code != 200:
        raise SystemExit(f"{name}: HTTP {response.status_code}: {response.text[:300]}")
    if name.startswith("score"):
        got = response.json()["total"]
    elif name.startswith("batch"):
        got = json.loads(response.text.splitlines()[-1])["total"]
    else:
        return
    if got != total:
        raise SystemExit(f"{name}: total {got}, expected {total}")


async def run_level(
    base: str, name: str, spec: tuple[str, bytes, str], requests: int, clients: int, total: Any
) -> dict[str, float]:
    path, body, media = spec
    latencies: list[float] = []
    queue = iter(range(requests))

    async def client() -> None:
        limits = httpx.Limits(max_connections=1)
        async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as http:
            for _ in queue:
                start = time.perf_counter()
                response = await http.post(path, content=body, headers={"content-type": media})
                latencies.append(time.perf_counter() - start)
                check(name, response, total)

    start = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    wall = time.perf_counter() - start
    latencies.sort()
    return {
        "throughput": requests / wall,
        "p50": statistics.median(latencies) * 1000,
        "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400, help="requests per measurement")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 8, 32])
    args = parser.parse_args()
    from perfscore.render import FORMATS

    result = perfscore.load_framework(FW).evaluate(perfscore.load_record(RECORD))
    total = json.loads(FORMATS["json"](result))["total"]  # as the API prints it
    port = free_port()
    server = start_server(port)
    base = f"http://127.0.0.1:{port}"
    print(f"perfscore serve on {base}; {platform.python_version()}, {os.cpu_count()} cores")
    print(f"{args.requests} requests per row\n")
    print(f"{'endpoint':26} {'clients':>7} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}")
    try:
        for name, spec in bodies().items():
            requests = max(1, args.requests // (10 if name.startswith("batch") else 1))
            asyncio.run(run_level(base, name, spec, 5, 1, total))  # warm up
            for clients in args.concurrency:
                got = asyncio.run(run_level(base, name, spec, requests, clients,
                                            total))  # fmt: skip
                print(f"{name:26} {clients:7} {got['throughput']:8.1f} {got['p50']:8.1f} "
                      f"{got['p99']:8.1f}", flush=True)  # fmt: skip
    finally:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
