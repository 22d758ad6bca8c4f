"""Pages kept in memory: one build per page at a time in a process."""

from __future__ import annotations

import contextlib
import threading
import time

from survey_app.manage import cache


def _in_thread(results: list[str], build: object) -> threading.Thread:
    thread = threading.Thread(
        target=lambda: results.append(cache.remember("test-page", ("state",), build))  # type: ignore[arg-type]
    )
    thread.start()
    return thread


def test_a_reader_waits_for_the_page_another_thread_is_building() -> None:
    cache.forget_all()
    started, release = threading.Event(), threading.Event()
    calls: list[int] = []

    def build() -> str:
        calls.append(1)
        started.set()
        release.wait(10)
        return "page"

    results: list[str] = []
    first = _in_thread(results, build)
    assert started.wait(10)
    second = _in_thread(results, build)
    time.sleep(0.2)  # the second reader is now waiting, not building
    release.set()
    first.join(10)
    second.join(10)
    assert calls == [1]
    assert results == ["page", "page"]
    cache.forget_all()


def test_a_reader_builds_itself_when_the_other_build_fails() -> None:
    cache.forget_all()
    started, release = threading.Event(), threading.Event()

    def failing() -> str:
        started.set()
        release.wait(10)
        raise RuntimeError("database went away")

    def thread_body() -> None:
        with contextlib.suppress(RuntimeError):
            cache.remember("test-page", ("state",), failing)

    first = threading.Thread(target=thread_body)
    first.start()
    assert started.wait(10)
    results: list[str] = []
    second = _in_thread(results, lambda: "page")
    time.sleep(0.2)
    release.set()
    first.join(10)
    second.join(10)
    assert results == ["page"]
    cache.forget_all()
