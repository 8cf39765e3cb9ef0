"""Prometheus metrics with the Node runtime's names (templates/runtime-node/src/metrics.ts), written as text without a client library."""

from __future__ import annotations

import os
import resource
import time
from bisect import bisect_left
from collections.abc import Callable

LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
BATCH_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024]
INFERENCE_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5]
QUEUE_BUCKETS = [0.0001, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1]
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
START_TIME = time.time()


class Histogram:
    def __init__(self, buckets: list[float]):
        self.buckets = buckets
        self.counts = [0] * (len(buckets) + 1)
        self.sum = 0.0

    def observe(self, value: float) -> None:
        self.counts[bisect_left(self.buckets, value)] += 1
        self.sum += value

    def lines(self, name: str, labels: str = "") -> list[str]:
        out, total = [], 0
        sep = "," if labels else ""
        for bound, count in zip([*self.buckets, "+Inf"], self.counts):
            total += count
            out.append(f'{name}_bucket{{{labels}{sep}le="{bound}"}} {total}')
        suffix = f"{{{labels}}}" if labels else ""
        out += [f"{name}_sum{suffix} {self.sum}", f"{name}_count{suffix} {total}"]
        return out


def _label(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


class Metrics:
    """Requests, errors, latency, batches, queue, readiness; `queue_depth` and `ready` are read when Prometheus scrapes."""

    def __init__(self, queue_depth: Callable[[], int], ready: Callable[[], bool]):
        self.queue_depth = queue_depth
        self.ready = ready
        self.requests: dict[tuple[str, str, int], int] = {}
        self.errors: dict[tuple[str, str], int] = {}
        self.latency: dict[str, Histogram] = {}
        self.batch_size = Histogram(BATCH_BUCKETS)
        self.inference = Histogram(INFERENCE_BUCKETS)
        self.queue_wait = Histogram(QUEUE_BUCKETS)
        self.overloads = 0

    def request(self, route: str, method: str, status: int, seconds: float, code: str | None) -> None:
        key = (route, method, status)
        self.requests[key] = self.requests.get(key, 0) + 1
        histogram = self.latency.get(route)
        if histogram is None:
            histogram = self.latency[route] = Histogram(LATENCY_BUCKETS)
        histogram.observe(seconds)
        if status >= 400:
            error = (route, code or str(status))
            self.errors[error] = self.errors.get(error, 0) + 1

    def batch(self, size: int, seconds: float) -> None:
        self.batch_size.observe(size)
        self.inference.observe(seconds)

    def waited(self, seconds: float) -> None:
        self.queue_wait.observe(seconds)

    def overloaded(self) -> None:
        self.overloads += 1

    def _process(self) -> list[str]:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        rss = 0
        try:
            with open("/proc/self/statm") as statm:
                rss = int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except OSError:
            pass
        try:
            fds = len(os.listdir("/proc/self/fd"))
        except OSError:
            fds = 0
        return [
            "# HELP craneml_process_cpu_seconds_total Total user and system CPU time spent in seconds.",
            "# TYPE craneml_process_cpu_seconds_total counter",
            f"craneml_process_cpu_seconds_total {usage.ru_utime + usage.ru_stime}",
            "# HELP craneml_process_resident_memory_bytes Resident memory size in bytes.",
            "# TYPE craneml_process_resident_memory_bytes gauge",
            f"craneml_process_resident_memory_bytes {rss}",
            "# HELP craneml_process_start_time_seconds Start time of the process since unix epoch in seconds.",
            "# TYPE craneml_process_start_time_seconds gauge",
            f"craneml_process_start_time_seconds {int(START_TIME)}",
            "# HELP craneml_process_open_fds Number of open file descriptors.",
            "# TYPE craneml_process_open_fds gauge",
            f"craneml_process_open_fds {fds}",
        ]

    def text(self) -> str:
        lines = self._process()
        lines += [
            "# HELP craneml_requests_total HTTP requests answered, by route, method and status",
            "# TYPE craneml_requests_total counter",
        ]
        for (route, method, status), count in self.requests.items():
            lines.append(f'craneml_requests_total{{route="{_label(route)}",method="{_label(method)}",status="{status}"}} {count}')
        lines += [
            "# HELP craneml_request_errors_total HTTP requests answered with an error status, by route and error code",
            "# TYPE craneml_request_errors_total counter",
        ]
        for (route, code), count in self.errors.items():
            lines.append(f'craneml_request_errors_total{{route="{_label(route)}",code="{_label(code)}"}} {count}')
        lines += [
            "# HELP craneml_request_duration_seconds Time from the request line to the last byte of the answer",
            "# TYPE craneml_request_duration_seconds histogram",
        ]
        for route, histogram in self.latency.items():
            lines += histogram.lines("craneml_request_duration_seconds", f'route="{_label(route)}"')
        for name, help_text, histogram in (
            ("craneml_batch_size", "Samples per model call", self.batch_size),
            ("craneml_inference_duration_seconds", "Time of one model call", self.inference),
            ("craneml_queue_wait_seconds", "Time a sample waited in the batching queue", self.queue_wait),
        ):
            lines += [f"# HELP {name} {help_text}", f"# TYPE {name} histogram", *histogram.lines(name)]
        lines += [
            "# HELP craneml_rejected_overload_total Requests refused because the queue was full",
            "# TYPE craneml_rejected_overload_total counter",
            f"craneml_rejected_overload_total {self.overloads}",
            "# HELP craneml_queue_depth Samples waiting in the batching queue",
            "# TYPE craneml_queue_depth gauge",
            f"craneml_queue_depth {self.queue_depth()}",
            "# HELP craneml_model_ready 1 when the model is loaded and warmed",
            "# TYPE craneml_model_ready gauge",
            f"craneml_model_ready {1 if self.ready() else 0}",
        ]
        return "\n".join(lines) + "\n"
