"""A slow step in a child process: stopped at its limit, and any end of it is a reason."""

from __future__ import annotations

import os

import pytest

from knowledge.ingest.within import ChildDied, TooSlow, call_within


def dies() -> None:
    os._exit(3)


def fails() -> None:
    raise ValueError("a bug in the step")


def waits_for_ever() -> None:
    while True:
        pass


def test_a_step_that_kills_its_process_is_reported_not_raised_as_a_crash() -> None:
    with pytest.raises(ChildDied, match="exit code 3"):
        call_within(10, dies)


def test_an_exception_in_the_step_reaches_the_caller() -> None:
    with pytest.raises(ValueError, match="a bug in the step"):
        call_within(10, fails)


def test_a_step_past_its_limit_is_stopped() -> None:
    with pytest.raises(TooSlow, match=r"longer than 0\.2 s"):
        call_within(0.2, waits_for_ever)


def test_what_the_step_returns_comes_back() -> None:
    assert call_within(10, sorted, [3, 1, 2]) == [1, 2, 3]
