"""Timing, rows and the machine description.

A :class:`Row` is one line of the report: what was measured, at which sizes,
the timing (median and spread over several runs), and optionally a floor (the
same work done by the bare library), a peer (Taguette) and a target.
"""

from __future__ import annotations

import os
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime


@dataclass
class Timing:
    """Wall-clock seconds of repeated runs (or, for memory rows, MiB)."""

    samples: list[float]
    unit: str = "s"

    @property
    def runs(self) -> int:
        return len(self.samples)

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def low(self) -> float:
        return min(self.samples)

    @property
    def high(self) -> float:
        return max(self.samples)

    def quartiles(self) -> tuple[float, float]:
        """(Q1, Q3); min and max when there are fewer than four runs."""
        if len(self.samples) < 4:
            return self.low, self.high
        q = statistics.quantiles(self.samples, n=4, method="inclusive")
        return q[0], q[2]


def measure(
    run: Callable[[], object],
    runs: int,
    setup: Callable[[], object] | None = None,
    warmup: int = 1,
    budget: float | None = None,
    min_runs: int = 1,
) -> Timing:
    """Time ``run`` ``runs`` times after ``warmup`` untimed runs; ``setup``
    (untimed) runs before each timed and warm-up run. With a ``budget`` (seconds)
    no further run starts once the timed runs have used it up (at least
    ``min_runs`` run, one by default),
    so a pathologically slow row cannot hold up the whole suite; its ``runs``
    column then shows how many ran."""
    for _ in range(warmup):
        if setup is not None:
            setup()
        run()
    samples: list[float] = []
    for _ in range(runs):
        if budget is not None and len(samples) >= max(1, min_runs) and sum(samples) > budget:
            break
        if setup is not None:
            setup()
        began = time.perf_counter()
        run()
        samples.append(time.perf_counter() - began)
    return Timing(samples)


@dataclass
class Row:
    name: str  # a stable identifier, e.g. "import.one"
    title: str  # what a reader sees
    sizes: str  # e.g. "1 doc x 60 KB"
    timing: Timing | None = None
    floor: Timing | None = None
    floor_name: str = ""
    peer: Timing | None = None
    target: float | None = None  # seconds (or MiB), on the median
    peer_target: float | None = None  # how many times faster than the peer we aim to be
    note: str = ""  # "not available yet: ...", what a row stands for
    statements: int | None = None  # SQL statements one call issues (rows_bulk.StatementCounter)

    @property
    def available(self) -> bool:
        return self.timing is not None

    @property
    def median(self) -> float | None:
        return self.timing.median if self.timing else None

    @property
    def floor_ratio(self) -> float | None:
        if self.timing and self.floor and self.floor.median > 0:
            return self.timing.median / self.floor.median
        return None

    @property
    def peer_ratio(self) -> float | None:
        """Our median over the peer's: below 1 is faster than the peer."""
        if self.timing and self.peer and self.peer.median > 0:
            return self.timing.median / self.peer.median
        return None

    @property
    def speedup(self) -> float | None:
        """The peer's median over ours: 5.0 means five times faster than the peer."""
        ratio = self.peer_ratio
        return 1 / ratio if ratio else None

    @property
    def met(self) -> bool | None:
        """Whether the median meets the target and the speed-up over the peer
        meets ``peer_target`` (each only when it applies); None when neither does."""
        checks = []
        if self.target is not None and self.timing is not None:
            checks.append(self.timing.median <= self.target)
        if self.peer_target is not None and self.speedup is not None:
            checks.append(self.speedup >= self.peer_target)
        return all(checks) if checks else None


@dataclass
class Report:
    machine: dict[str, str]
    started: str
    smoke: bool
    rows: list[Row] = field(default_factory=list)
    seconds: float = 0.0

    def add(self, row: Row) -> Row:
        self.rows.append(row)
        return row

    def row(self, name: str) -> Row | None:
        return next((r for r in self.rows if r.name == name), None)


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.lower().startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _ram() -> str:
    try:
        with open("/proc/meminfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    kib = int(line.split()[1])
                    return f"{kib / 2**20:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def _os() -> str:
    try:
        with open("/etc/os-release", encoding="utf-8") as f:
            info = dict(line.rstrip().split("=", 1) for line in f if "=" in line)
        return f"{info.get('PRETTY_NAME', '').strip(chr(34))} (kernel {platform.release()})"
    except OSError:
        return platform.platform()


def load_average() -> str:
    """The 1-, 5- and 15-minute load averages: other work on the machine skews timings."""
    try:
        return " / ".join(f"{v:.2f}" for v in os.getloadavg())
    except OSError:
        return "unknown"


def machine() -> dict[str, str]:
    """The machine the numbers came from, read at run time."""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "CPU": _cpu_model(),
        "cores": f"{os.cpu_count()} logical ({usable} usable by this process)",
        "RAM": _ram(),
        "Python": f"{platform.python_implementation()} {platform.python_version()}",
        "OS": _os(),
        "load average at start (1/5/15 min)": load_average(),
    }


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
