"""Figures that ``make bench`` gathers from every benchmark into one table.

Each benchmark prints its own detailed table and also calls :func:`record` for its
headline figures; ``bench.run_all`` names a file in ``HAILONG_BENCH_RESULTS`` and prints
what was recorded there once every benchmark has run.
"""

from __future__ import annotations

import json
import os
import platform
from pathlib import Path

RESULTS_ENV = "HAILONG_BENCH_RESULTS"


def machine() -> str:
    """The machine the figures come from: architecture, cores, memory, Python."""
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kib = int(meminfo.read_text().split()[1])
        memory = f", {kib / 1024**2:.0f} GiB"
    return (
        f"machine: {platform.machine()}, {os.cpu_count()} cores{memory}, "
        f"Python {platform.python_version()}"
    )


def record(name: str, figure: str, target: str = "") -> None:
    """Add one line to the combined table, when ``make bench`` asked for one."""
    path = os.environ.get(RESULTS_ENV)
    if not path:
        return
    with Path(path).open("a", encoding="utf-8") as out:
        out.write(json.dumps({"name": name, "figure": figure, "target": target}) + "\n")


def read(path: Path) -> list[dict[str, str]]:
    """The lines recorded so far, in order."""
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
