"""Fair rankings: empirical-Bayes beta-binomial shrinkage and ranks with intervals.

A commune with 8 answers can score 100 % or 50 % by chance; ranking raw rates puts
such communes at the top and bottom. Here each unit's satisfied share θ_u is given a
Beta(a, b) prior fitted to all units (empirical Bayes), so a unit's estimate is pulled
towards the provincial level in proportion to how little it rests on, and its rank is
reported with an interval from posterior simulation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import optimize, special, stats

from analysis._cells import group_codes, satisfaction_cells
from analysis._checks import RngLike, as_columns, as_rng, positive_int, z_value
from analysis.counts import as_counts
from analysis.method import SipasMethod, index_structure

__all__ = ["BetaPrior", "fit_beta_prior", "rank_intervals", "rank_units"]

_MAX_CONCENTRATION = 1e7  # a + b this large means no spread between units: full pooling


@dataclass(frozen=True)
class BetaPrior:
    """Beta(alpha, beta) prior for unit rates, mean = alpha / (alpha + beta)."""

    alpha: float
    beta: float
    method: str
    converged: bool

    @property
    def concentration(self) -> float:
        """alpha + beta: the prior counts as this many answers."""
        return self.alpha + self.beta


def _moments(k: np.ndarray, n: np.ndarray) -> tuple[float, float]:
    """Method-of-moments mean and concentration (binomial noise removed)."""
    mean = float(k.sum() / n.sum())
    rates = k / n
    spread = float(np.average((rates - mean) ** 2, weights=n))
    noise = mean * (1 - mean) * len(n) / n.sum()
    excess = spread - noise
    if mean in (0.0, 1.0) or excess <= 0:
        return mean, _MAX_CONCENTRATION
    rho = excess / (mean * (1 - mean))  # intra-unit correlation 1 / (a + b + 1)
    return mean, float(np.clip(1 / rho - 1, 1e-3, _MAX_CONCENTRATION))


def fit_beta_prior(successes: object, trials: object, *, method: str = "mle") -> BetaPrior:
    """Fit the Beta prior of a beta-binomial model to units' counts.

    Parameters
    ----------
    successes, trials : array_like of int
        Satisfied answers and answers per unit; units with no answers are ignored.
    method : {"mle", "moments"}
        Marginal maximum likelihood (default) or the method of moments.

    Returns
    -------
    BetaPrior

    Notes
    -----
    kᵤ ~ Binomial(nᵤ, θᵤ), θᵤ ~ Beta(a, b). The marginal log-likelihood is
    Σᵤ [ln B(a + kᵤ, b + nᵤ − kᵤ) − ln B(a, b)] (plus a constant); it is maximised over
    logit(a / (a + b)) and ln(a + b) with L-BFGS-B, starting from the method of
    moments (between-unit variance of k/n, weighted by n, minus binomial noise). When
    units differ no more than chance allows, a + b runs to its cap of 10⁷: every unit
    gets the pooled rate. At least three units with answers are needed.

    Examples
    --------
    >>> prior = fit_beta_prior([45, 80, 9, 160], [50, 100, 10, 200])
    >>> round(prior.alpha / prior.concentration, 3)
    0.817
    """
    k = np.asarray(successes, dtype=np.float64)
    n = np.asarray(trials, dtype=np.float64)
    if k.shape != n.shape or k.ndim != 1 or np.any(k < 0) or np.any(k > n):
        raise ValueError("need 1-D successes and trials with 0 <= successes <= trials")
    keep = n > 0
    k, n = k[keep], n[keep]
    if k.size < 3:
        raise ValueError("need at least three units with answers to fit a prior")
    mean, conc = _moments(k, n)
    if method == "moments" or mean in (0.0, 1.0):
        m = min(max(mean, 1e-9), 1 - 1e-9)
        return BetaPrior(m * conc, (1 - m) * conc, "moments", True)
    if method != "mle":
        raise ValueError("method must be 'mle' or 'moments'")

    def nll(x: np.ndarray) -> float:
        mu, s = special.expit(x[0]), np.exp(x[1])
        a, b = mu * s, (1 - mu) * s
        return -float(np.sum(special.betaln(a + k, b + n - k) - special.betaln(a, b)))

    start = np.array([special.logit(mean), np.log(min(conc, 1e6))])
    bounds = [(-30.0, 30.0), (np.log(1e-3), np.log(_MAX_CONCENTRATION))]
    fit = optimize.minimize(nll, start, method="L-BFGS-B", bounds=bounds)
    mu, s = float(special.expit(fit.x[0])), float(np.exp(fit.x[1]))
    return BetaPrior(mu * s, (1 - mu) * s, "mle", bool(fit.success))


def _posterior_ranks(
    n: np.ndarray,
    k: np.ndarray,
    *,
    priors: list[BetaPrior],
    w: np.ndarray,
    draws: int,
    gen: np.random.Generator,
    q: tuple[float, float],
) -> dict[str, np.ndarray]:
    """Posterior means, credible intervals, ranks and rank intervals of one cell's units."""
    a_post = np.empty(n.shape)
    b_post = np.empty(n.shape)
    for i, pr in enumerate(priors):
        a_post[:, i], b_post[:, i] = pr.alpha + k[:, i], pr.beta + n[:, i] - k[:, i]
    theta = gen.beta(a_post, b_post, size=(draws, *n.shape)) @ w  # (draws, units)
    ranks = (-theta).argsort(axis=1).argsort(axis=1) + 1
    post_mean = (a_post / (a_post + b_post)) @ w
    if w.size == 1:
        cred = np.asarray(stats.beta.ppf([[q[0]], [q[1]]], a_post[:, 0], b_post[:, 0]))
    else:
        cred = np.quantile(theta, list(q), axis=0)
    rank_q = np.quantile(ranks, list(q), axis=0, method="inverted_cdf")
    return {
        "n": n.min(axis=1),
        "index_raw": 100 * (k / n) @ w,
        "posterior_mean": 100 * post_mean,
        "cred_low": 100 * cred[0],
        "cred_high": 100 * cred[1],
        "rank": (-post_mean).argsort().argsort() + 1,
        "rank_low": rank_q[0].astype(int),
        "rank_high": rank_q[1].astype(int),
    }


def rank_units(
    data: pd.DataFrame,
    items: pd.DataFrame,
    unit: str | Sequence[str],
    component: str,
    by: str | Sequence[str] | None = None,
    *,
    method: SipasMethod | None = None,
    confidence: float = 0.95,
    draws: int = 4000,
    rng: RngLike = None,
    prior: str = "mle",
    min_n: int | None = None,
) -> pd.DataFrame:
    """Shrunken index, credible interval and rank interval for every unit.

    Parameters
    ----------
    data : DataFrame
        Counts or raw answers with ``unit`` and ``by`` columns.
    items : DataFrame
        Item metadata.
    unit : str or list of str
        The units ranked, e.g. "commune".
    component : str
        A question key, or a factor, policy or index name ("staff", "service").
    by : str or list of str, optional
        Cells ranked separately, e.g. "period".
    method : SipasMethod, optional
        Positive set and scale.
    confidence : float
        Coverage of the credible and rank intervals.
    draws : int
        Posterior draws for composites and ranks.
    rng : Generator or int, optional
        Seed for reproducible rank intervals.
    prior : {"mle", "moments"}
        How the prior is fitted, see :func:`fit_beta_prior`.
    min_n : int, optional
        Units with fewer answers (to the component's least-answered item) are not
        ranked: they still inform the prior but get no row; default ``method.min_n``.
        Pass 1 to rank every unit on its shrunken estimate.

    Returns
    -------
    DataFrame
        ``*by, *unit, n, index_raw, posterior_mean, cred_low, cred_high, rank,
        rank_low, rank_high, units, excluded`` (percent; rank 1 is best, by posterior
        mean). ``units`` is the number ranked in the ``by`` cell, ``excluded`` the
        number left out there for having fewer than ``min_n`` answers; the left-out
        units themselves (``*by, *unit, n``) are in ``result.attrs["excluded"]``.
        Units lacking answers to any item of the component are left out silently.

    Notes
    -----
    Each item of the component gets its own prior across the units of a ``by`` cell;
    unit u's posterior is θᵤᵢ ~ Beta(aᵢ + kᵤᵢ, bᵢ + nᵤᵢ − kᵤᵢ), whose mean
    (aᵢ + kᵤᵢ)/(aᵢ + bᵢ + nᵤᵢ) moves the raw rate towards aᵢ/(aᵢ + bᵢ) by the factor
    (aᵢ + bᵢ)/(aᵢ + bᵢ + nᵤᵢ). A composite's posterior is the weighted mean of its
    items' posteriors, simulated. In each draw the units are ranked; the rank interval
    holds the central ``confidence`` share of a unit's simulated ranks. The fitted
    prior is then treated as known (plain empirical Bayes), so with few units the
    credible intervals are somewhat too narrow.

    Examples
    --------
    >>> items = pd.DataFrame({"question": ["q"], "family": ["service"], "factor": ["staff"]})
    >>> counts = pd.DataFrame({"commune": list("ABCDE") * 2, "question": "q",
    ...                        "value": [5] * 5 + [1] * 5,
    ...                        "n": [8, 160, 150, 140, 120, 0, 40, 50, 60, 80]})
    >>> res = rank_units(counts, items, "commune", "q", rng=1)
    >>> res[["commune", "n", "index_raw", "rank", "rank_low", "rank_high", "excluded"]]
      commune    n  index_raw  rank  rank_low  rank_high  excluded
    0       B  200       80.0     1         1          2         1
    1       C  200       75.0     2         1          3         1
    2       D  200       70.0     3         2          3         1
    3       E  200       60.0     4         3          4         1
    >>> res.attrs["excluded"]
      commune  n
    0       A  8
    """
    method = method or SipasMethod()
    units = as_columns(unit, what="unit")
    cells_by = as_columns(by)
    draws = positive_int(draws, name="draws", minimum=100)
    min_n = method.min_n if min_n is None else positive_int(min_n, name="min_n")
    z_value(confidence)
    gen = as_rng(rng)
    structure = index_structure(items, method)
    frame, weights = structure.with_items()
    row = np.flatnonzero(frame["component"].to_numpy(dtype=object) == component)
    if row.size != 1:
        raise ValueError(f"component {component!r} matches {row.size} index rows, need one")
    w_all = weights[row[0]]
    used = np.flatnonzero(w_all)
    w = w_all[used]
    questions = [structure.questions[i] for i in used]
    keys = [*cells_by, *units]
    counts = as_counts(data, keys)
    cells = satisfaction_cells(counts, keys, questions, method.scale, method.positive)
    bcode, _ = group_codes(cells.groups, cells_by)
    lo_q, hi_q = (1 - confidence) / 2, (1 + confidence) / 2
    parts, left_out = [], []
    for b in range(bcode.max(initial=-1) + 1):
        every = np.flatnonzero((bcode == b) & (cells.n > 0).all(axis=1))
        if every.size == 0:
            continue
        # Every unit informs the prior; only those with min_n answers are ranked.
        priors = [
            fit_beta_prior(cells.k[every, i], cells.n[every, i], method=prior)
            for i in range(cells.n.shape[1])
        ]
        big = cells.n[every].min(axis=1) >= min_n
        small = every[~big]
        if small.size:
            left_out.append(
                cells.groups.iloc[small][keys]
                .reset_index(drop=True)
                .assign(n=cells.n[small].min(axis=1))
            )
        sel = every[big]
        if sel.size == 0:
            continue
        out = cells.groups.iloc[sel][keys].reset_index(drop=True)
        cols = _posterior_ranks(
            cells.n[sel], cells.k[sel], priors=priors, w=w, draws=draws, gen=gen, q=(lo_q, hi_q)
        )
        for name, values in cols.items():
            out[name] = values
        out["units"] = sel.size
        out["excluded"] = small.size
        parts.append(out)
    columns = [*keys, "n", "index_raw", "posterior_mean", "cred_low", "cred_high"]
    columns += ["rank", "rank_low", "rank_high", "units", "excluded"]
    result = (
        pd.concat(parts, ignore_index=True)[columns] if parts else pd.DataFrame(columns=columns)
    )
    excluded = (
        pd.concat(left_out, ignore_index=True) if left_out else pd.DataFrame(columns=[*keys, "n"])
    )
    result.attrs["excluded"] = excluded
    return result


def rank_intervals(
    successes: object,
    trials: object,
    *,
    draws: int = 2000,
    seed: RngLike = 0,
    confidence: float = 0.90,
) -> pd.DataFrame:
    """Each unit's rank on one proportion, with an interval for the rank by simulation.

    Parameters
    ----------
    successes, trials : array_like of int
        Satisfied answers and answers of each unit ranked (every trial above 0; leave
        units under the minimum n out before calling).
    draws : int
        Posterior draws (at least 100).
    seed : Generator or int, optional
        Seed, so that a page shows the same intervals on every visit.
    confidence : float
        Coverage of the rank interval (0.90: the 5th to the 95th percentile).

    Returns
    -------
    DataFrame
        One row per unit, in the order given: ``posterior_mean`` (percent), ``rank``
        (1 is best, by posterior mean; equal means share a rank), ``rank_low``, ``rank_high``.

    Notes
    -----
    kᵤ ~ Binomial(nᵤ, θᵤ). With three units or more, θᵤ ~ Beta(a, b) with a and b
    fitted to all of them (:func:`fit_beta_prior`, marginal maximum likelihood), so the
    posterior is θᵤ | kᵤ ~ Beta(a + kᵤ, b + nᵤ − kᵤ); with fewer, each unit gets the
    Jeffreys prior Beta(½, ½). In each of ``draws`` draws every θᵤ is drawn from its
    posterior and the units are ranked (1 = highest); the rank interval holds the
    central ``confidence`` share of a unit's simulated ranks. Units whose rates differ
    by little compared with their uncertainty swap places from draw to draw and get
    wide intervals; well-separated units keep their place and get narrow ones. This is
    :func:`rank_units` for a single item, on plain arrays.

    Examples
    --------
    >>> res = rank_intervals([95, 255, 208, 150], [100, 300, 400, 300], seed=1)
    >>> res[["rank", "rank_low", "rank_high"]].to_numpy().tolist()
    [[1, 1, 1], [2, 2, 2], [3, 3, 4], [4, 3, 4]]
    """
    k = np.asarray(successes, dtype=np.float64)
    n = np.asarray(trials, dtype=np.float64)
    if k.shape != n.shape or k.ndim != 1 or np.any(n <= 0) or np.any(k < 0) or np.any(k > n):
        raise ValueError("need 1-D successes and trials with 0 <= successes <= trials, trials > 0")
    draws = positive_int(draws, name="draws", minimum=100)
    z_value(confidence)
    columns = ["posterior_mean", "rank", "rank_low", "rank_high"]
    if k.size == 0:
        return pd.DataFrame(columns=columns)
    prior = fit_beta_prior(k, n) if k.size >= 3 else BetaPrior(0.5, 0.5, "jeffreys", True)
    a_post, b_post = prior.alpha + k, prior.beta + n - k
    theta = as_rng(seed).beta(a_post, b_post, size=(draws, k.size))
    ranks = (-theta).argsort(axis=1).argsort(axis=1) + 1
    bounds = np.quantile(
        ranks, [(1 - confidence) / 2, (1 + confidence) / 2], axis=0, method="inverted_cdf"
    )
    mean = a_post / (a_post + b_post)
    return pd.DataFrame(
        {
            "posterior_mean": 100 * mean,
            # Equal estimates share a place (1, 1, 3 …): no order is invented between them.
            "rank": 1 + (mean[None, :] > mean[:, None]).sum(axis=1),
            "rank_low": bounds[0].astype(int),
            "rank_high": bounds[1].astype(int),
        },
        columns=columns,
    )
