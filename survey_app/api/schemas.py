"""The API's request and response bodies as pydantic models.

The OpenAPI document's schemas are generated from these classes (JSON Schema 2020-12,
which OpenAPI 3.1 uses as is), so the document cannot drift from what the code checks.
Requests refuse unknown fields and are strict: ``"centre": 12`` is an error, not "12".
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from survey_app.core.one_stop import MAX_PER_DAY

PERIOD_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])$"
CODE_PATTERN = r"^[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{10}$"
# A year of days in one call: a backfill fits, and stays under API_MAX_BODY (64 KiB).
MAX_DAYS_PER_PUSH = 366


class Strict(BaseModel):
    """A request body: unknown fields refused, no type coercion."""

    model_config = ConfigDict(extra="forbid", strict=True)


class Reply(BaseModel):
    """A response body."""

    model_config = ConfigDict(extra="forbid")


class MintRequest(Strict):
    """A dossier that needs its receipt code."""

    centre: str = Field(min_length=1, max_length=60, examples=["van-quan"])
    dossier_ref: str = Field(
        min_length=1,
        max_length=200,
        description="The dossier's reference in the one-stop system; used, never stored.",
        examples=["000.00.31.H40-261125-0001"],
    )
    field: str | None = Field(
        default=None, min_length=1, max_length=60, description="A service field code."
    )


class MintedCode(Reply):
    """The dossier's receipt code, its link and its QR symbol."""

    code: str = Field(pattern=CODE_PATTERN, examples=["K7M2QX4B9A"])
    url: str
    qr_svg_url: str
    qr_png_url: str
    centre: str
    field: str | None
    created: bool = Field(description="True the first time, false when asked again.")


class CentreItem(Reply):
    """A centre and the code the API knows it by."""

    code: str
    name: str
    commune: str


class CentreList(Reply):
    """Every active centre."""

    centres: list[CentreItem]


class IndexFigure(Reply):
    """One published figure: the share satisfied (0–100) with its 95 % interval."""

    code: str = Field(description="The centre or commune code; empty for the province.")
    name: str
    n: int = Field(ge=0, description="Answers behind the figure.")
    index: float | None = Field(description="Null when n is below the minimum.")
    ci_low: float | None
    ci_high: float | None
    margin: float | None
    suppressed: bool = Field(description="True when too few answers to publish.")


class Indices(Reply):
    """The published satisfaction figures for a period, as the public page has them."""

    period: str
    first_day: date
    last_day: date
    level: str
    question: str
    province: IndexFigure
    rows: list[IndexFigure]


class FactorFigure(Reply):
    """A factor or index of the managers' week page for the period."""

    key: str
    label: str
    n: int = Field(ge=0)
    index: float | None
    ci_low: float | None
    ci_high: float | None


class ComplaintsOnTime(Reply):
    """Complaints resolved in the period and how many by their deadline.

    Open complaints already past their deadline count as not on time.
    """

    resolved: int = Field(ge=0)
    on_time: int = Field(ge=0)
    judged: int = Field(
        ge=0, description="Resolved in the period plus open ones already past their deadline."
    )
    rate: float | None = Field(
        description="on_time / judged; null when judged is under 5 (read the counts)."
    )
    low: float | None = Field(description="95 % Wilson interval, lower bound; null with rate.")
    high: float | None = Field(description="95 % Wilson interval, upper bound; null with rate.")
    open_now: int = Field(ge=0)
    overdue_now: int = Field(ge=0)


class CentreWarning(Reply):
    """An early warning on one index or factor, as the week page gives it in words."""

    component: str = Field(description="The index or factor, e.g. service or staff.general.")
    reason: Literal["significant_drop", "below_target", "ewma_signal"]
    rule: str = Field(
        description="The rule that fired: significant_drop, upper_bound_below_target, "
        "under_target_no_evidence or ewma."
    )
    severity: Literal["at_risk", "watch"] = Field(
        description="at_risk: on evidence; watch: the estimate alone, may be chance."
    )
    period: str = Field(description="The latest period of the stretch judged.")
    n: int = Field(ge=0, description="Answers in that period.")
    current: float | None = Field(description="The index in that period, in %.")
    previous: float | None = Field(description="The index in the period before (drops).")
    upper_bound: float | None = Field(description="One-sided upper bound (below target).")
    target: float | None


class CentreFigures(Reply):
    """The managers' figures of one centre for a month."""

    centre: str
    period: str
    first_day: date
    last_day: date
    factors: list[FactorFigure]
    integrity: list[FactorFigure] = Field(
        description="Share of answers reporting each integrity problem (index = share)."
    )
    complaints: ComplaintsOnTime
    judged_on: str | None = Field(
        description="The stretch the warnings judge: month, or months3 when the month alone "
        "has too few answers; null when even that has too few (no warnings then)."
    )
    warnings: list[CentreWarning]


# A figure of one day at one centre (the core's MAX_PER_DAY: a larger one is a slip).
Count = Annotated[int, Field(ge=0, le=MAX_PER_DAY)]


class DayFiguresIn(Strict):
    """What the one-stop system counted at the centre on one day (all five figures)."""

    day: date = Field(description="A day in Lạng Sơn's calendar, not after today.")
    received: Count = Field(description="Dossiers received that day.")
    on_time: Count = Field(description="Results returned that day by their due date.")
    late: Count = Field(description="Results returned that day after their due date.")
    late_apologised: Count = Field(
        description="Of the late results, those sent with a written apology (at most late)."
    )
    supplemented_repeatedly: Count = Field(
        description="Dossiers asked that day for papers a second or later time."
    )


class DossierFiguresIn(Strict):
    """One day or a batch of days for one centre; each day sent whole replaces what was."""

    days: list[DayFiguresIn] = Field(min_length=1, max_length=MAX_DAYS_PER_PUSH)


class DayOutcome(Reply):
    """What storing one day did."""

    day: date
    change: Literal["created", "replaced", "unchanged"]


class DossierFiguresStored(Reply):
    """The days stored, in date order, and how many of each outcome."""

    centre: str
    days: list[DayOutcome]
    created: int = Field(ge=0)
    replaced: int = Field(ge=0)
    unchanged: int = Field(ge=0)


class FieldErrorItem(Reply):
    """One refused field."""

    field: str
    message: str


class ProblemDocument(BaseModel):
    """An error (RFC 9457), served as application/problem+json."""

    model_config = ConfigDict(extra="allow")

    type: str
    title: str
    status: int
    detail: str
    instance: str
    errors: list[FieldErrorItem] | None = None
