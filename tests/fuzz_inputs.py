"""What the security fuzzing sends: nasty text, moments at the calendar's ends, queries."""

from __future__ import annotations

from datetime import timedelta, timezone

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

FUZZ = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
MAX_CONTENT_LENGTH = 256 * 1024
INJECTIONS = (
    "' OR '1'='1",
    "'; DROP TABLE complaint; --",
    "1 UNION SELECT password_hash FROM user_account",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{7*7}}",
    "{% print(7*7) %}",
    "%(x)s %s {0}",
    "=cmd|' /C calc'!A0",
    "../../etc/passwd",
    "PA-\x00",
    "\ud7ff\ufeff\u202e",
    "0912 345 678",
    "-1",
    "99999999999999999999",
    "1e309",
    "NaN",
    "",
    " ",
)
CONTROL = tuple(chr(c) for c in (*range(0x20), 0x7F))
nasty_text = st.one_of(
    st.text(max_size=40),
    st.sampled_from(INJECTIONS),
    st.text(alphabet=st.sampled_from((*CONTROL, " ", "a", "<", "'", '"', "%")), max_size=20),
    # Long, and now and then longer than a request may be.
    st.builds(
        lambda c, n: c * n,
        st.sampled_from(["a", "ệ", "\x00", "😀"]),
        st.integers(1000, MAX_CONTENT_LENGTH + 10),
    ),
)
# Moments anywhere in the calendar, with or without an offset: dates, filters, weeks.
moments = st.builds(
    lambda moment, offset, date_only: (
        moment.date().isoformat() if date_only else moment.replace(tzinfo=offset).isoformat()
    ),
    st.datetimes(),
    st.one_of(
        st.none(),
        st.builds(timezone, st.timedeltas(-timedelta(hours=23), timedelta(hours=23))),
    ),
    st.booleans(),
)
# The ends of the calendar, where date arithmetic and time-zone conversion overflow.
EDGE_MOMENTS = ("0001-01-01", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "9999-W52")
DATE_NAMES = ("start_date", "end_date", "tuan", "date")
OTHER_NAMES = ("lang", "code", "page", "next", "view", "service_request_id", "service_code")
# Each known parameter now and then, dates as dates; and a few unknown ones.
queries = st.builds(
    lambda known, unknown: {**unknown, **known},
    st.fixed_dictionaries(
        {},
        optional={
            **dict.fromkeys(DATE_NAMES, st.one_of(st.sampled_from(EDGE_MOMENTS), moments)),
            **dict.fromkeys(OTHER_NAMES, nasty_text),
            "status": st.sampled_from(["open", "closed", "open,closed", ""]),
        },
    ),
    st.dictionaries(st.text(max_size=10), nasty_text, max_size=3),
)
