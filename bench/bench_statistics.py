"""Benchmark: do the intervals cover and do the warnings fire only on evidence?

Run: .venv/bin/python -m bench.bench_statistics [--reps 10000] [--seed 11]

Simulated respondents answer every satisfaction item; item r of respondent i is
satisfied when √ρ Zᵢ + √(1 − ρ) εᵢᵣ < Φ⁻¹(p): ρ = 0 gives independent answers, ρ = 0.5
a respondent-level latent with correlation 0.5 (the answers' own correlation is lower).

coverage   The national questionnaire's 39 items (16 service items in 5 factors, 23
           policy items in 9 policies), ``--reps`` units of n respondents each, every
           item's true rate p. Each unit's item, three-item factor (access), service
           index and SIPAS are computed by ``analysis.sipas_indices`` with the
           respondent-level co-counts (``patterns=``) and the share of 95 % intervals
           holding 100 p is reported. Item intervals are Wilson's, as before.
warnings   The visit pulse (5 one-question factors + service index), provinces of 66
           centres, 8 baseline weeks and a current week, every centre at 85 % (five
           points above the 80 % target), through ``analysis.early_warnings`` with
           answer patterns. Reported: the share of centres carrying each kind of warning
           in the current week ("old rule": an estimate under the target on any row, what
           the province page listed before), and the size of the service index's
           unadjusted 5 % change test with the respondent-level variance ("size") and
           with items treated as independent ("old size"). "power": the current week ten
           points lower (75 %) at n = 100.

Everything is vectorised over units (one call per province for the warnings), so the
full run takes minutes on two cores.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import special

import analysis
from analysis.method import SERVICE_FACTORS, national_survey_items

try:
    from bench import results
except ImportError:  # run as a script
    results = None  # type: ignore[assignment]

PULSE = [f"{f}.general" for f in SERVICE_FACTORS]
TARGET = 80.0
CENTRES = 66
BASELINE_WEEKS = 8


def pulse_items() -> pd.DataFrame:
    return pd.DataFrame(
        {"question": PULSE, "family": "service", "factor": list(SERVICE_FACTORS), "policy": None}
    )


def satisfied(
    rng: np.random.Generator, shape: tuple[int, ...], p: float | np.ndarray, rho: float
) -> np.ndarray:
    """Satisfied indicators, shape (*units, respondents, items), latent correlation rho."""
    z = rng.standard_normal((*shape[:-1], 1), dtype=np.float32)
    e = rng.standard_normal(shape, dtype=np.float32)
    latent = np.sqrt(rho, dtype=np.float32) * z + np.sqrt(1 - rho, dtype=np.float32) * e
    return latent < special.ndtri(p).astype(np.float32)


def coverage_cell(n: int, p: float, rho: float, reps: int, rng: np.random.Generator) -> dict:
    """Coverage of item, factor, service and SIPAS intervals over ``reps`` units."""
    items = national_survey_items()
    questions = items["question"].tolist()
    n_items = len(questions)
    hits = {"item": 0, "factor": 0, "service": 0, "sipas": 0}
    count = dict.fromkeys(hits, 0)
    chunk = max(1, 4_000_000 // (n * n_items))
    for start in range(0, reps, chunk):
        units = min(chunk, reps - start)
        sat = satisfied(rng, (units, n, n_items), p, rho).astype(np.float32)
        k = sat.sum(axis=1)  # (units, items)
        # Every respondent is a pattern of their own, as in the province survey.
        flat = sat.reshape(units * n, n_items)
        patterns = pd.DataFrame(np.where(flat > 0, 5, 2).astype(np.int8), columns=questions)
        patterns.insert(0, "unit", np.repeat(np.arange(units), n))
        patterns["n"] = 1
        unit = np.repeat(np.arange(units), n_items)
        kk = k.ravel().astype(np.int64)
        counts = pd.DataFrame(
            {
                "unit": np.concatenate([unit, unit]),
                "question": np.tile(questions, 2 * units),
                "value": np.repeat([5, 2], units * n_items),
                "n": np.concatenate([kk, n - kk]),
            }
        )
        res = analysis.sipas_indices(counts, items, "unit", replicates=0, patterns=patterns)
        truth = 100 * p
        rows = {
            "item": res["component"] == "access.1",
            "factor": res["component"] == "access",
            "service": res["component"] == "service",
            "sipas": res["component"] == "sipas",
        }
        for key, mask in rows.items():
            sub = res.loc[mask & ~res["too_few"]]
            hits[key] += int(((sub["ci_low"] <= truth) & (truth <= sub["ci_high"])).sum())
            count[key] += len(sub)
    return {key: hits[key] / count[key] if count[key] else np.nan for key in hits}


def _pulse_patterns(
    sat: np.ndarray, weeks: list[str], centre_offset: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Counts and answer patterns of a province: sat is (centres, weeks, n, items)."""
    centres, n_weeks, n, n_items = sat.shape
    code = (sat.astype(np.int64) << np.arange(n_items)).sum(axis=-1)  # pattern per person
    flat = code.reshape(centres * n_weeks, n)
    pats = []
    cell = np.repeat(np.arange(centres * n_weeks), n)
    key = cell * (1 << n_items) + flat.ravel()
    uniq, nums = np.unique(key, return_counts=True)
    cell_of, pat = uniq >> n_items, uniq & ((1 << n_items) - 1)
    frame = pd.DataFrame(
        {
            "centre": cell_of // n_weeks + centre_offset,
            "week": np.asarray(weeks, dtype=object)[cell_of % n_weeks],
        }
    )
    for i, q in enumerate(PULSE):
        frame[q] = np.where((pat >> i) & 1, 5, 2)
    frame["n"] = nums
    pats.append(frame)
    patterns = pd.concat(pats, ignore_index=True)
    counts = analysis.pattern_counts(patterns, ["centre", "week"])
    return counts, patterns


@dataclass
class WarningShares:
    units: int = 0
    at_risk: int = 0
    below_at_risk: int = 0
    below_watch: int = 0
    below_estimate: int = 0
    drop: int = 0
    ewma: int = 0
    tests: int = 0
    size: float = 0.0
    size_old: float = 0.0

    def add(self, found: pd.DataFrame, units: int) -> None:
        self.units += units

        def centres(mask: pd.Series) -> int:
            return found.loc[mask, "centre"].nunique()

        self.at_risk += centres(found["severity"] == "at_risk")
        self.below_at_risk += centres(found["rule"] == "upper_bound_below_target")
        self.below_watch += centres(found["rule"] == "under_target_no_evidence")
        self.below_estimate += centres(found["reason"] == "below_target")
        self.drop += centres(found["rule"] == "significant_drop")
        self.ewma += centres(found["rule"] == "ewma")

    def add_tests(self, new: pd.DataFrame, old: pd.DataFrame) -> None:
        """Unadjusted two-sided 5 % rejections of the service-index change test."""
        self.tests += int(new["tested"].sum())
        self.size += float((new["p_value"] < 0.05).sum())
        self.size_old += float((old["p_value"] < 0.05).sum())

    def shares(self) -> dict[str, float]:
        names = ("at_risk", "below_at_risk", "below_watch", "below_estimate", "drop", "ewma")
        out = {k: getattr(self, k) / max(self.units, 1) for k in names}
        out["size"] = self.size / max(self.tests, 1)
        out["size_old"] = self.size_old / max(self.tests, 1)
        return out


def warnings_cell(
    n: int, rho: float, provinces: int, rng: np.random.Generator, *, current: float = 0.85
) -> dict[str, float]:
    """Share of centres with each warning in the current week (baseline at 85 %)."""
    items = pulse_items()
    weeks = [f"2026-W{w:02d}" for w in range(BASELINE_WEEKS + 1)]
    rates = np.full(BASELINE_WEEKS + 1, 0.85, dtype=np.float64)
    rates[-1] = current
    tally = WarningShares()
    for _ in range(provinces):
        sat = satisfied(rng, (CENTRES, len(weeks), n, len(PULSE)), rates[None, :, None, None], rho)
        counts, patterns = _pulse_patterns(sat, weeks, 0)
        found = analysis.early_warnings(
            counts, items, "centre", "week", patterns=patterns, target=TARGET
        )
        tally.add(found, CENTRES)
        change = {
            "levels": ("index",),
            "latest_only": True,
        }
        tally.add_tests(
            analysis.period_change(counts, items, "centre", "week", patterns=patterns, **change),
            analysis.period_change(counts, items, "centre", "week", **change),
        )
    return tally.shares()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    # 10,000 units put one standard error of a coverage at 0.0022, so the 0.94-0.96 band
    # is ±4.5 SE wide; at 2,000 (SE 0.0049) a perfect rule leaves about 2 of 36 cells
    # outside it by chance.
    parser.add_argument("--reps", type=int, default=10_000, help="units per coverage cell")
    parser.add_argument(
        "--provinces",
        type=int,
        default=31,
        help="simulated provinces of 66 centres per warning cell",
    )
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--sizes", type=int, nargs="+", default=[30, 100, 400])
    parser.add_argument("--rates", type=float, nargs="+", default=[0.60, 0.85, 0.97])
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    started = time.monotonic()
    provinces = args.provinces
    se = np.sqrt(0.95 * 0.05 / args.reps)
    print(
        f"coverage of 95 % intervals, {args.reps} units per cell (respondent-level variance); "
        f"one standard error of a coverage near 0.95 is {se:.4f}"
    )
    head = ("answers", "n", "p", "item", "factor", "service", "SIPAS")
    print("{:>13} {:>4} {:>5} {:>7} {:>7} {:>8} {:>7}".format(*head))
    worst = {30: 1.0, 100: 1.0}
    for rho, label in ((0.0, "independent"), (0.5, "correlated")):
        for n in args.sizes:
            for p in args.rates:
                cov = coverage_cell(n, p, rho, args.reps, rng)
                print(
                    f"{label:>13} {n:>4} {p:>5.2f} {cov['item']:>7.3f} {cov['factor']:>7.3f} "
                    f"{cov['service']:>8.3f} {cov['sipas']:>7.3f}",
                    flush=True,
                )
                composite = min(cov["factor"], cov["service"], cov["sipas"])
                bucket = 30 if n < 100 else 100
                worst[bucket] = min(worst[bucket], composite)
    print(
        f"\nwarnings in a week with every centre at 85 % (target {TARGET:.0f} %), "
        f"{provinces} provinces × {CENTRES} centres, share of centres; 'size' and 'old size': "
        "how often the service-index change test rejects at a nominal 5 %, with the "
        "respondent-level variance and with items treated as independent"
    )
    print(
        f"{'answers':>13} {'n':>4} {'at risk':>8} {'<target':>8} {'watch':>7} "
        f"{'old rule':>9} {'drop':>7} {'EWMA':>7} {'size':>6} {'old size':>9}"
    )
    worst_alarm = 0.0
    for rho, label in ((0.0, "independent"), (0.5, "correlated")):
        for n in args.sizes:
            s = warnings_cell(n, rho, provinces, rng)
            worst_alarm = max(worst_alarm, s["at_risk"], s["drop"])
            print(
                f"{label:>13} {n:>4} {s['at_risk']:>8.3f} {s['below_at_risk']:>8.3f} "
                f"{s['below_watch']:>7.3f} {s['below_estimate']:>9.3f} {s['drop']:>7.3f} "
                f"{s['ewma']:>7.3f} {s['size']:>6.3f} {s['size_old']:>9.3f}",
                flush=True,
            )
    print("\npower: every factor 10 points lower (75 %) in the current week, n = 100")
    power = {}
    for rho, label in ((0.0, "independent"), (0.5, "correlated")):
        s = warnings_cell(100, rho, provinces, rng, current=0.75)
        power[label] = s["at_risk"]
        print(
            f"{label:>13} at risk {s['at_risk']:.3f}  (<target {s['below_at_risk']:.3f}, "
            f"drop {s['drop']:.3f}, EWMA {s['ewma']:.3f})",
            flush=True,
        )
    print(f"\n{time.monotonic() - started:.0f} s")
    if results is not None:
        results.record(
            "statistics: worst composite coverage, n >= 100", f"{worst[100]:.3f}", "0.94-0.96"
        )
        results.record(
            "statistics: worst composite coverage, n = 30", f"{worst[30]:.3f}", ">= 0.92"
        )
        results.record(
            "statistics: false at-risk / drop share, all 5 pts above target",
            f"{worst_alarm:.3f}",
            "<= 0.05",
        )
        results.record(
            "statistics: power to flag a 10-point drop, n = 100 (correlated)",
            f"{power['correlated']:.3f}",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
