"""A load generator: many concurrent clients over keep-alive connections (aiohttp).

Two scenarios, run against the same server in the same run:

- ``trivial``: GET a constant endpoint, the server's practical ceiling;
- ``submit``: a citizen's whole submission, CSRF round trip included: GET the form,
  read its CSRF and submission tokens and the session cookie, POST ten answers, expect
  the 303 to the thank-you page. Each submission is a new citizen: fresh cookies and
  its own address in X-Forwarded-For (the server trusts one proxy, as behind nginx).

Latencies are measured per request and per whole submission; only requests that
start after the warm-up and end before the deadline count.
"""

from __future__ import annotations

import asyncio
import html
import itertools
import re
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field

import aiohttp

ANSWERS = {
    "access-general": "4",
    "procedure-general": "5",
    "staff-general": "5",
    "result-general": "4",
    "feedback-general": "na",
    "overall-visit": "5",
    "integrity-harassment": "1",
    "integrity-extra_payment": "1",
    "integrity-supplements": "0",
    "integrity-on_time": "1",
    "comment": "Cán bộ hướng dẫn rất nhiệt tình.",
}
_HIDDEN = re.compile(r'<input type="hidden" name="(csrf_token|submission)" value="([^"]*)"')


@dataclass(slots=True)
class LoadResult:
    """What one scenario did: counts, errors and latencies in milliseconds."""

    clients: int
    seconds: float
    completed: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    latencies: dict[str, list[float]] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        """Completed operations per second."""
        return self.completed / self.seconds

    def percentile(self, name: str, q: float) -> float:
        """The ``q`` quantile (0–1) of the latencies named ``name``, nearest rank."""
        ordered = sorted(self.latencies.get(name, ()))
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


class _Window:
    """The measured part of a run: after the warm-up, before the deadline, or the first
    ``total`` operations when a count is given instead of a time."""

    def __init__(self, warmup: float, seconds: float | None, total: int | None) -> None:
        now = time.perf_counter()
        self.start = now + warmup
        self.end = self.start + seconds if seconds is not None else float("inf")
        self.left = total

    def counts(self, started: float, ended: float) -> bool:
        return started >= self.start and ended <= self.end

    def take(self) -> bool:
        """Whether another operation may start."""
        if self.left is not None:
            if self.left <= 0:
                return False
            self.left -= 1
        return time.perf_counter() < self.end


Operation = Callable[[aiohttp.ClientSession, int], Awaitable[dict[str, float]]]


class _Addresses:
    """A new citizen's address for every submission: 10.0.0.1, 10.0.0.2, …"""

    def __init__(self) -> None:
        self._numbers = itertools.count(1)

    def next(self) -> str:
        n = next(self._numbers)
        return f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}"


def trivial(base_url: str, path: str = "/healthz/live") -> Operation:
    """GET ``path``; the operation's latency is the request's."""
    url = base_url + path

    async def run(session: aiohttp.ClientSession, _client: int) -> dict[str, float]:
        started = time.perf_counter()
        async with session.get(url) as response:
            await response.read()
            if response.status != 200:
                raise LoadError(f"GET {response.status}")
        return {"request": (time.perf_counter() - started) * 1000}

    return run


@dataclass(slots=True)
class Attempt:
    """A submission that was not acknowledged: what was sent, and what came back."""

    url: str
    data: dict[str, str]
    headers: dict[str, str]
    status: int | None
    body: str


def submit(
    base_url: str,
    codes: Sequence[str],
    acknowledged: list[str],
    failed: list[Attempt] | None = None,
) -> Operation:
    """A citizen's submission on one of ``codes`` (poster codes), client by client.

    The signed submission token of every acknowledged (303) submission is appended to
    ``acknowledged``; every other POST, with its reply, to ``failed`` when given.
    """
    addresses = _Addresses()

    async def run(session: aiohttp.ClientSession, client: int) -> dict[str, float]:
        url = f"{base_url}/q/{codes[client % len(codes)]}"
        headers = {"X-Forwarded-For": addresses.next()}
        started = time.perf_counter()
        async with session.get(url, headers=headers) as response:
            page = await response.text()
            if response.status != 200:
                raise LoadError(f"form GET {response.status}")
            cookies = response.headers.getall("Set-Cookie", [])
        hidden = {name: html.unescape(value) for name, value in _HIDDEN.findall(page)}
        if "submission" not in hidden:
            raise LoadError("form without a submission token")
        got_form = time.perf_counter()
        headers["Cookie"] = "; ".join(c.split(";", 1)[0] for c in cookies)
        data = {**ANSWERS, **hidden}
        status, body = None, ""
        try:
            status, body = await post_form(session, url, data, headers)
        finally:
            if status != 303 and failed is not None:
                failed.append(Attempt(url, data, headers, status, body))
        if status != 303:
            raise LoadError(f"submit POST {status}")
        done = time.perf_counter()
        acknowledged.append(hidden["submission"])
        return {
            "form": (got_form - started) * 1000,
            "post": (done - got_form) * 1000,
            "submission": (done - started) * 1000,
        }

    return run


async def post_form(
    session: aiohttp.ClientSession, url: str, data: dict[str, str], headers: dict[str, str]
) -> tuple[int, str]:
    """POST a form without following redirects; the status and the body."""
    async with session.post(url, data=data, headers=headers, allow_redirects=False) as reply:
        return reply.status, await reply.text()


class LoadError(Exception):
    """A reply the scenario did not expect."""


async def _client(
    number: int, operation: Operation, window: _Window, result: LoadResult, timeout: float
) -> None:
    connector = aiohttp.TCPConnector(limit=1, force_close=False)
    async with aiohttp.ClientSession(
        connector=connector,
        cookie_jar=aiohttp.DummyCookieJar(),
        timeout=aiohttp.ClientTimeout(total=timeout),
    ) as session:
        while window.take():
            started = time.perf_counter()
            try:
                latencies = await operation(session, number)
            except (LoadError, aiohttp.ClientError, TimeoutError) as error:
                if window.counts(started, time.perf_counter()):
                    result.errors[str(error) or type(error).__name__] += 1
                continue
            if window.counts(started, time.perf_counter()):
                result.completed += 1
                for name, value in latencies.items():
                    result.latencies.setdefault(name, []).append(value)


async def _run(
    operation: Operation, clients: int, window: _Window, seconds: float, timeout: float
) -> LoadResult:
    result = LoadResult(clients=clients, seconds=seconds)
    await asyncio.gather(*(_client(n, operation, window, result, timeout) for n in range(clients)))
    return result


def run_load(
    operation: Operation,
    clients: int,
    seconds: float = 10.0,
    warmup: float = 2.0,
    timeout: float = 30.0,
) -> LoadResult:
    """Run ``clients`` concurrent clients repeating ``operation`` for ``seconds``."""
    window = _Window(warmup, seconds, None)
    return asyncio.run(_run(operation, clients, window, seconds, timeout))


def run_count(operation: Operation, clients: int, total: int, timeout: float = 60.0) -> LoadResult:
    """Run ``operation`` ``total`` times in all, by ``clients`` concurrent clients."""
    started = time.perf_counter()
    window = _Window(0.0, None, total)
    result = asyncio.run(_run(operation, clients, window, 0.0, timeout))
    result.seconds = time.perf_counter() - started
    return result
