"""How many whole CPUs the container may use: the one count the torch threads and the image codec's children follow."""

from __future__ import annotations

import math
import os
from typing import Callable


def container_cpus(read: Callable[[str], str | None] | None = None, machine: int | None = None) -> int:
    """Whole CPUs the container may use: its cgroup quota (v2 cpu.max, else v1), never more than the machine's, at least 1 (as cgroup.ts)."""

    def text(file: str) -> str | None:
        try:
            with open(file) as handle:
                return handle.read().strip()
        except OSError:
            return None

    read = read or text
    machine = machine or len(os.sched_getaffinity(0))
    limit: float = machine
    v2 = (read("/sys/fs/cgroup/cpu.max") or "").split()
    if len(v2) == 2 and v2[0] != "max" and float(v2[0]) > 0 and float(v2[1]) > 0:
        limit = float(v2[0]) / float(v2[1])
    else:
        quota, period = read("/sys/fs/cgroup/cpu/cpu.cfs_quota_us"), read("/sys/fs/cgroup/cpu/cpu.cfs_period_us")
        if quota and period and float(quota) > 0 and float(period) > 0:
            limit = float(quota) / float(period)
    return max(1, min(machine, math.floor(limit)))
