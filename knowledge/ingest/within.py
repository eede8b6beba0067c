"""Running a slow step (reading a web page) in a child process that is killed at its time limit.

A thread cannot be stopped, and trafilatura on a page of tens of thousands of paragraphs can
take minutes: a time limit that holds has to be a process. The children are forked from a
`forkserver` that has imported the extractor once, so a child starts in milliseconds, shares
no locks with the threads of the caller, and dies with it (`daemon`).

As with any `multiprocessing` start method but fork, the caller's main module is imported
again in the forkserver (as `__mp_main__`): a script that calls `add_source` keeps its work
under `if __name__ == "__main__":` (`python -m bot` does).
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, TypeVar

T = TypeVar("T")

CONTEXT = multiprocessing.get_context("forkserver")
CONTEXT.set_forkserver_preload(["knowledge.ingest.extract", "trafilatura"])


class TooSlow(Exception):
    """The step did not end within its time limit (it was stopped)."""


class ChildDied(Exception):
    """The child process ended without an answer (killed for memory, or it crashed)."""


def call_within(seconds: float, function: Callable[..., T], *args: Any) -> T:
    """`function(*args)` in a child process, stopped after `seconds`.

    `function` and `args` must pickle, and so must what it returns or raises: an exception in
    the child is raised here. Raises `TooSlow` at the time limit, `ChildDied` if the child
    ends without answering.
    """
    receiver, sender = CONTEXT.Pipe(duplex=False)
    child = CONTEXT.Process(target=answer, args=(sender, function, args), daemon=True)
    try:
        child.start()
    except (OSError, RuntimeError) as error:  # the forkserver could not start or died
        receiver.close()
        raise ChildDied(f"it could not start ({error or type(error).__name__})") from None
    finally:
        sender.close()
    outcome: tuple[bool, Any] | None = None
    try:
        if not receiver.poll(seconds):
            raise TooSlow(f"took longer than {seconds:g} s")
        outcome = receiver.recv()
    except EOFError:
        pass
    finally:
        child.kill()
        child.join()
        receiver.close()
    if outcome is None:
        raise ChildDied(f"it stopped with exit code {child.exitcode}")
    done, value = outcome
    if not done:
        raise value
    return value  # type: ignore[no-any-return]


def answer(sender: Connection, function: Callable[..., Any], args: tuple[Any, ...]) -> None:
    """In the child: send back (True, what `function` returned) or (False, what it raised)."""
    try:
        result: tuple[bool, Any] = (True, function(*args))
    except Exception as error:
        result = (False, error)
    sender.send(result)
    sender.close()
