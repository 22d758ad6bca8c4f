"""Benchmark: the analysis library against a plain numpy bincount floor.

Run: .venv/bin/python bench/bench_analysis.py [--sizes 1000000 10000000]
 or: .venv/bin/python -m bench.bench_analysis (as bench/run_all.py does)

Synthetic pulse answers (66 centres, the 5 service-factor questions plus overall
satisfaction, values 1-5 with some "not applicable", timestamps over 52 weeks) in
compact dtypes: categorical centre and question (int8 codes), nullable Int8 values,
UTC timestamps. Two paths over the same answers:

floor    numpy only: local week number from the timestamps (fixed UTC+7 offset), one
         mixed-radix key of centre x week x question x value, numpy.bincount.
library  add_period -> count_answers -> sipas_indices by centre and week: item and
         factor indices with Wilson intervals, the service index with a 1000-replicate
         parametric bootstrap.

Time is the best of --repeat runs. Memory is the tracemalloc peak of allocations made
during one extra run of each path (numpy and pandas buffers are traced; the input
frame, allocated before, is not counted), so it is the extra memory the path needs.
RSS is the peak resident memory (Linux VmHWM, reset after the input is made) of a
fresh child process running the path once: the whole process during the run,
interpreter, libraries and input included.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import gc
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

if __package__ in (None, ""):  # run as a file: make the project root importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis import add_period, count_answers, sipas_indices
from bench import results

CENTRES = 66
WEEKS = 52
QUESTIONS = [
    "access.general",
    "procedure.general",
    "staff.general",
    "result.general",
    "feedback.general",
    "overall.visit",
]
ITEMS = pd.DataFrame(
    {
        "question": QUESTIONS,
        "family": ["service"] * 5 + ["overall"],
        "factor": ["access", "procedure", "staff", "result", "feedback", "overall"],
        "policy": pd.NA,
    }
)
START = pd.Timestamp("2025-12-28 17:00", tz="UTC")  # Monday 2025-12-29 00:00 in Hà Nội
LOCAL_OFFSET_NS = 7 * 3600 * 10**9  # Việt Nam: UTC+7 all year, no daylight saving
WEEK_NS = 7 * 86400 * 10**9


def make_answers(size: int, seed: int) -> pd.DataFrame:
    """Synthetic raw answers in compact dtypes, made a million at a time (low peak)."""
    rng = np.random.default_rng(seed)
    centre = np.empty(size, dtype=np.int8)
    question = np.empty(size, dtype=np.int8)
    value = np.empty(size, dtype=np.int8)
    missing = np.empty(size, dtype=bool)
    stamp = np.empty(size, dtype=np.int64)
    cumulative = np.cumsum([0.03, 0.05, 0.1, 0.42, 0.4])
    for start in range(0, size, 1 << 20):
        part = slice(start, min(size, start + (1 << 20)))
        m = part.stop - part.start
        centre[part] = rng.integers(0, CENTRES, m, dtype=np.int8)
        question[part] = rng.integers(0, len(QUESTIONS), m, dtype=np.int8)
        value[part] = 1 + np.searchsorted(cumulative, rng.random(m))
        # "Not applicable": most people never lodged a complaint; a few blanks elsewhere.
        missing[part] = rng.random(m) < np.where(question[part] == 4, 0.6, 0.01)
        stamp[part] = START.value + rng.integers(0, WEEKS * WEEK_NS, m, dtype=np.int64)
    times = pd.DatetimeIndex(stamp.view("datetime64[ns]")).tz_localize("UTC")
    return pd.DataFrame(
        {
            "centre": pd.Categorical.from_codes(
                centre, categories=[f"centre_{i:02d}" for i in range(CENTRES)]
            ),
            "question": pd.Categorical.from_codes(question, categories=QUESTIONS),
            "value": pd.arrays.IntegerArray(value, missing),
            "submitted_at": times,
        },
        copy=False,
    )


def floor_path(answers: pd.DataFrame) -> np.ndarray:
    """The same counts with nothing but numpy: the speed floor."""
    centre = answers["centre"].cat.codes.to_numpy()
    question = answers["question"].cat.codes.to_numpy()
    values = answers["value"].array
    code = values._data.astype(np.int32)  # the raw int8 buffer (private, fine in a benchmark)
    code[values._mask] = 0  # missing answers get level 0
    stamp = answers["submitted_at"].array.as_unit("ns").asi8
    week = ((stamp + LOCAL_OFFSET_NS - (START.value + LOCAL_OFFSET_NS)) // WEEK_NS).astype(np.int32)
    key = centre.astype(np.int32)
    key *= WEEKS
    key += week
    key *= len(QUESTIONS)
    key += question
    key *= 6
    key += code
    return np.bincount(key, minlength=CENTRES * WEEKS * len(QUESTIONS) * 6)


def library_path(answers: pd.DataFrame, replicates: int, seed: int) -> pd.DataFrame:
    """add_period -> count_answers -> weekly indices by centre with intervals."""
    weekly = add_period(answers, "submitted_at", "W")
    counts = count_answers(weekly, ["centre", "period"])
    return sipas_indices(counts, ITEMS, ["centre", "period"], replicates=replicates, rng=seed)


def best_time(func: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def peak_memory(func: Callable[[], Any]) -> int:
    gc.collect()
    tracemalloc.start()
    tracemalloc.reset_peak()
    func()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def stage_times(answers: pd.DataFrame, replicates: int, seed: int, repeat: int) -> dict[str, float]:
    """The library path stage by stage, best of ``repeat`` for each stage."""
    weekly = add_period(answers, "submitted_at", "W")
    counts = count_answers(weekly, ["centre", "period"])
    return {
        "add_period": best_time(lambda: add_period(answers, "submitted_at", "W"), repeat),
        "count_answers": best_time(lambda: count_answers(weekly, ["centre", "period"]), repeat),
        "indices+intervals": best_time(
            lambda: sipas_indices(
                counts, ITEMS, ["centre", "period"], replicates=replicates, rng=seed
            ),
            repeat,
        ),
    }


def check_same_counts(answers: pd.DataFrame, floor: np.ndarray) -> None:
    """The library's counts must equal the floor's."""
    weekly = add_period(answers, "submitted_at", "W")
    counts = count_answers(weekly, ["centre", "period"], keep_missing=False)
    if int(counts["n"].sum()) != int(floor.reshape(-1, 6)[:, 1:].sum()):
        raise SystemExit("library and floor disagree on the number of answers")


def rss_of_one_run(path: str, size: int, replicates: int, seed: int) -> tuple[float, float]:
    """In a fresh process: ru_maxrss (MB) after making the input, and after one run."""
    script = Path(__file__).resolve()
    command = [sys.executable, str(script), "--rss-child", path, "--sizes", str(size)]
    command += ["--replicates", str(replicates), "--seed", str(seed)]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout.split()
    return float(out[0]), float(out[1])


def _proc_status_mb(field: str) -> float:
    """A memory figure of this process from /proc/self/status (Linux, kB) in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return float(line.split()[1]) / 2**10
    raise KeyError(field)


def rss_child(path: str, size: int, replicates: int, seed: int) -> None:
    """Print resident MB before one run of ``path`` and the high-water mark during it.

    Linux VmHWM, not ru_maxrss: a child's ru_maxrss starts at its parent's size at
    fork, which would hide the figure. Writing 5 to /proc/self/clear_refs resets the
    mark after the input is made, so it measures the run (plus what is already held).
    """
    answers = make_answers(size, seed)
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # glibc: hand freed blocks back
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    with contextlib.suppress(OSError):  # then the mark also holds making the input
        Path("/proc/self/clear_refs").write_text("5")
    before = _proc_status_mb("VmRSS")
    if path == "floor":
        floor_path(answers)
    else:
        library_path(answers, replicates, seed)
    print(f"{before:.1f} {_proc_status_mb('VmHWM'):.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--replicates", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=20260706)
    parser.add_argument("--rss-child", choices=["floor", "library"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.rss_child:
        rss_child(args.rss_child, args.sizes[0], args.replicates, args.seed)
        return

    print(f"numpy {np.__version__}, pandas {pd.__version__}; replicates={args.replicates}")
    print("time: best of --repeat; extra MB: tracemalloc peak of allocations during the call")
    print("(input excluded); RSS MB: peak resident memory (Linux VmHWM) of a fresh process")
    print("during one run, interpreter, libraries and input included [resident before it]\n")
    header = (
        f"{'answers':>12} {'path':<8} {'time s':>8} {'x floor':>8} {'extra MB':>9} {'RSS MB':>15}"
    )
    print(header)
    print("-" * len(header))
    for size in args.sizes:
        answers = make_answers(size, args.seed)
        check_same_counts(answers, floor_path(answers))
        floor_s = best_time(lambda a=answers: floor_path(a), args.repeat)
        lib_s = best_time(
            lambda a=answers: library_path(a, args.replicates, args.seed), args.repeat
        )
        floor_mb = peak_memory(lambda a=answers: floor_path(a)) / 2**20
        lib_mb = peak_memory(lambda a=answers: library_path(a, args.replicates, args.seed))
        lib_mb /= 2**20
        for name, secs, extra in (("floor", floor_s, floor_mb), ("library", lib_s, lib_mb)):
            before, after = rss_of_one_run(name, size, args.replicates, args.seed)
            rss = f"{after:.0f} [{before:.0f}]"
            print(
                f"{size:>12,} {name:<8} {secs:>8.3f} {secs / floor_s:>8.2f} {extra:>9.1f} {rss:>15}"
            )
            if name == "library":
                results.record(
                    f"analysis, {size / 1e6:g} M answers",
                    f"{secs:.3f} s ({secs / floor_s:.2f}× bincount floor), peak RSS {after:.0f} MB",
                    "≤ 3× floor, < 1 GB",
                )
        stages = stage_times(answers, args.replicates, args.seed, args.repeat)
        detail = ", ".join(f"{k} {v:.3f}s" for k, v in stages.items())
        input_mb = answers.memory_usage(deep=True).sum() / 2**20
        print(f"{'':>12} input frame {input_mb:.0f} MB; library stages: {detail}")
        del answers
        gc.collect()


if __name__ == "__main__":
    main()
