"""The SIPAS method as configuration: which items make which index, with which weights.

sipas.md marks the formulas as partly reconstructed (R), so every choice lives in
:class:`SipasMethod` and nothing downstream hard-codes a factor, a policy or a weight.
Every composite index is a mean of means of item indices, hence a fixed linear
combination of item indices; :func:`index_structure` writes those combinations as the
rows of a weight matrix, which the index, bootstrap, test and alert code all share.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from analysis._checks import require_columns

__all__ = [
    "POLICIES",
    "POLICY_FACTORS",
    "SERVICE_FACTORS",
    "SERVICE_ITEMS",
    "Component",
    "IndexStructure",
    "SipasMethod",
    "index_structure",
    "national_survey_items",
]

SERVICE_FACTORS = ("access", "procedure", "staff", "result", "feedback")
POLICY_FACTORS = ("accountability", "participation", "implementation", "results")
POLICIES = (
    "economy",
    "medical",
    "education",
    "water",
    "electricity",
    "order",
    "transport",
    "social_security",
    "admin_reform",
)


# How many items each service factor has in the national questionnaire (sipas.md 1C).
SERVICE_ITEMS = {"access": 3, "procedure": 4, "staff": 3, "result": 3, "feedback": 3}


def national_survey_items() -> pd.DataFrame:
    """The national questionnaire's 39 satisfaction items (sipas.md section 1C).

    Service items are numbered within their factor; the two policy families have two
    items per factor for accountability and participation, one per policy for
    implementation and results, and results adds the household economy.

    Returns
    -------
    DataFrame
        ``question``, ``family``, ``factor``, ``policy``: the item metadata
        :func:`index_structure` reads.

    Examples
    --------
    >>> items = national_survey_items()
    >>> len(items), items["family"].value_counts().to_dict()
    (39, {'policy': 23, 'service': 16})
    """
    rows: list[tuple[str, str, str, str | None]] = []
    for factor, count in SERVICE_ITEMS.items():
        rows += [(f"{factor}.{i}", "service", factor, None) for i in range(1, count + 1)]
    for factor in ("accountability", "participation"):
        rows += [(f"{factor}.{i}", "policy", factor, None) for i in (1, 2)]
    rows += [(f"implementation.{p}", "policy", "implementation", p) for p in POLICIES]
    rows += [("results.household_economy", "policy", "results", "economy")]
    rows += [(f"results.{p}", "policy", "results", p) for p in POLICIES]
    return pd.DataFrame(rows, columns=["question", "family", "factor", "policy"])


@dataclass(frozen=True)
class SipasMethod:
    """Configuration of the SIPAS formulas (sipas.md section 3); defaults follow it.

    Parameters
    ----------
    positive : frozenset of int
        Answer values counted as satisfied (default 4 and 5).
    scale : tuple of int
        Values on the satisfaction scale; answers outside it are an error, missing
        answers ("not applicable", blank) are left out of every denominator.
    min_n : int
        Figures resting on fewer answers are reported as "too few answers".
    service_factors, policy_factors, policies : tuple of str
        Components of the service index, the policy factor indices, the policy index.
    policy_item_factors : tuple of str
        Policy factors whose items carry a ``policy`` key and make a policy's index.
    policy_mean : {"items", "factors"}
        "items": a policy's index is the mean of all its items (economy: implementation
        and two results items, each weighted 1/3). "factors": the mean of its
        implementation mean and its results mean (economy's results items 1/4 each).
    weight_policy, weight_service : float
        SIPAS = (weight_policy × policy + weight_service × service) / (sum of weights).
    satisfaction_families : tuple of str
        Item families on the satisfaction scale, given item indices ("overall", the
        pulse's overall question, is an item only: it is in no composite).
    """

    positive: frozenset[int] = frozenset({4, 5})
    scale: tuple[int, ...] = (1, 2, 3, 4, 5)
    min_n: int = 30
    service_factors: tuple[str, ...] = SERVICE_FACTORS
    policy_factors: tuple[str, ...] = POLICY_FACTORS
    policies: tuple[str, ...] = POLICIES
    policy_item_factors: tuple[str, ...] = ("implementation", "results")
    policy_mean: Literal["items", "factors"] = "items"
    weight_policy: float = 9.0
    weight_service: float = 5.0
    satisfaction_families: tuple[str, ...] = field(default=("service", "policy", "overall"))

    def __post_init__(self) -> None:
        object.__setattr__(self, "positive", frozenset(int(v) for v in self.positive))
        object.__setattr__(self, "scale", tuple(int(v) for v in self.scale))
        if not self.positive or not self.positive <= set(self.scale):
            raise ValueError("positive must be a non-empty subset of scale")
        if isinstance(self.min_n, bool) or not isinstance(self.min_n, int) or self.min_n < 1:
            raise ValueError(f"min_n must be a positive integer, got {self.min_n!r}")
        if self.policy_mean not in ("items", "factors"):
            raise ValueError("policy_mean must be 'items' or 'factors'")
        weights = (self.weight_policy, self.weight_service)
        if min(weights) < 0 or sum(weights) <= 0:
            raise ValueError("SIPAS weights must be non-negative with a positive sum")


@dataclass(frozen=True)
class Component:
    """One composite index: its level (factor, policy, index), family and name."""

    level: str
    family: str
    name: str


@dataclass(frozen=True)
class IndexStructure:
    """Composite indices as linear combinations of item indices.

    ``weights[j, i]`` is the weight of item ``questions[i]`` in ``components[j]``;
    each row sums to one.
    """

    questions: tuple[str, ...]
    families: tuple[str, ...]
    components: tuple[Component, ...]
    weights: np.ndarray

    def component_frame(self) -> pd.DataFrame:
        """Components as a tidy frame (level, family, component)."""
        return pd.DataFrame(
            {
                "level": [c.level for c in self.components],
                "family": [c.family for c in self.components],
                "component": [c.name for c in self.components],
            }
        )

    def with_items(self, levels: tuple[str, ...] | None = None) -> tuple[pd.DataFrame, np.ndarray]:
        """Items (as one-item rows, level "item") and composites, limited to ``levels``."""
        items = pd.DataFrame(
            {"level": "item", "family": list(self.families), "component": list(self.questions)}
        )
        frame = pd.concat([items, self.component_frame()], ignore_index=True)
        weights = np.vstack([np.eye(len(self.questions)), self.weights])
        unknown = set(levels or ()) - {"item", "factor", "policy", "index"}
        if unknown:
            raise ValueError(f"unknown level(s) {sorted(unknown)}; use item, factor, policy, index")
        if levels is not None:
            keep = frame["level"].isin(levels).to_numpy()
            frame, weights = frame.loc[keep].reset_index(drop=True), weights[keep]
        return frame, weights


def _labels(series: pd.Series) -> np.ndarray:
    """Strings with "" for missing, so comparisons never meet pd.NA."""
    return np.array(["" if pd.isna(v) else str(v) for v in series], dtype=object)


def _mean_row(rows: list[np.ndarray]) -> np.ndarray:
    mean: np.ndarray = np.mean(np.vstack(rows), axis=0)
    return mean


def index_structure(items: pd.DataFrame, method: SipasMethod | None = None) -> IndexStructure:
    """Write each composite index as weights on item indices.

    Parameters
    ----------
    items : DataFrame
        Item metadata with columns ``question``, ``family``, ``factor`` and optionally
        ``policy``. Only families in ``method.satisfaction_families`` are used.
    method : SipasMethod, optional
        The formulas; defaults to sipas.md section 3.

    Returns
    -------
    IndexStructure
        A composite is present only when all its parts are: the service index needs
        every service factor, the policy index every policy, SIPAS both.

    Notes
    -----
    factor = mean of its items; service = mean of the service factors;
    policy p = mean of its implementation and results items (see ``policy_mean``);
    policy index = mean of the policies;
    SIPAS = (w_p × policy + w_s × service) / (w_p + w_s), by default (9 P + 5 S) / 14.

    Examples
    --------
    >>> items = pd.DataFrame({"question": ["access.general", "staff.general"],
    ...                       "family": ["service", "service"],
    ...                       "factor": ["access", "staff"]})
    >>> s = index_structure(items)
    >>> [c.name for c in s.components]
    ['access', 'staff']
    >>> s.weights.tolist()
    [[1.0, 0.0], [0.0, 1.0]]
    """
    method = method or SipasMethod()
    require_columns(items, ["question", "family", "factor"], what="items")
    meta = items.loc[items["family"].isin(method.satisfaction_families)]
    if meta["question"].duplicated().any():
        dup = meta.loc[meta["question"].duplicated(), "question"].tolist()
        raise ValueError(f"items lists question(s) twice: {dup}")
    policy = meta["policy"] if "policy" in meta.columns else pd.Series(pd.NA, index=meta.index)
    questions = tuple(str(q) for q in meta["question"])
    families = tuple(str(f) for f in meta["family"])
    family, factor, pol = (_labels(meta["family"]), _labels(meta["factor"]), _labels(policy))

    def mean_of(mask: np.ndarray) -> np.ndarray:
        shares: np.ndarray = mask.astype(float) / mask.sum()
        return shares

    comps: list[Component] = []
    rows: list[np.ndarray] = []
    found: dict[tuple[str, str], np.ndarray] = {}
    for fam, factors in (("service", method.service_factors), ("policy", method.policy_factors)):
        for name in factors:
            mask = (family == fam) & (factor == name)
            if mask.any():
                found[(fam, name)] = mean_of(mask)
                comps.append(Component("factor", fam, name))
                rows.append(found[(fam, name)])
    per_policy: list[np.ndarray] = []
    for name in method.policies:
        parts = [
            (family == "policy") & (factor == f) & (pol == name) for f in method.policy_item_factors
        ]
        if not any(p.any() for p in parts):
            continue
        if method.policy_mean == "items":
            row = mean_of(np.logical_or.reduce(parts))
        else:
            row = _mean_row([mean_of(p) for p in parts if p.any()])
        per_policy.append(row)
        comps.append(Component("policy", "policy", name))
        rows.append(row)
    service = None
    if all(("service", f) in found for f in method.service_factors):
        service = _mean_row([found[("service", f)] for f in method.service_factors])
        comps.append(Component("index", "service", "service"))
        rows.append(service)
    policy_index = None
    if per_policy and len(per_policy) == len(method.policies):
        policy_index = _mean_row(per_policy)
        comps.append(Component("index", "policy", "policy"))
        rows.append(policy_index)
    if service is not None and policy_index is not None:
        total = method.weight_policy + method.weight_service
        sipas = (method.weight_policy * policy_index + method.weight_service * service) / total
        comps.append(Component("index", "sipas", "sipas"))
        rows.append(sipas)
    weights = np.vstack(rows) if rows else np.zeros((0, len(questions)))
    return IndexStructure(questions, families, tuple(comps), weights)
