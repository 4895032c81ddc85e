"""Drive a URL with wrk and read its throughput and latency percentiles."""

import re
import subprocess

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}
CONNECTIONS = 32
THREADS = 2
HEADERS = ["X-Forwarded-Proto: https"]


def _milliseconds(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * UNITS[unit]


def parse_wrk(output):
    """Requests per second, p50 and p99 in milliseconds, and non-2xx answers."""
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = _milliseconds(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1))
    p99 = _milliseconds(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1))
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return {
        "requests_per_second": rps,
        "p50_ms": round(p50, 2),
        "p99_ms": round(p99, 2),
        "non_2xx": int(errors.group(1)) if errors else 0,
    }


def run_wrk(url, seconds, *, cookie=None):
    """One bounded wrk run at 32 connections; the timeout stops a hung run."""
    headers = HEADERS + ([f"Cookie: {cookie}"] if cookie else [])
    command = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency"]
    for header in headers:
        command += ["-H", header]
    result = subprocess.run(
        command + [url], capture_output=True, text=True, timeout=seconds + 30, check=True
    )
    return parse_wrk(result.stdout)
