"""Deciding whether the best paragraph answers the question, or the article does not say.

The decision is a small logistic model over a few signals of the question and its best
paragraph (`Signals`), with its coefficients kept here. They were fitted on the tuning half of
SQuAD by `benchmarks/refusal_fit.py`: each article asked its own questions (answerable) and
another article's (not answerable). benchmarks/README.md ("The refusal model") shows the
curve and why the cutoff (`Tuning.min_probability`) is where it is.
"""

from __future__ import annotations

import math

from knowledge.search.signals import Signals

__all__ = ["COEFFICIENTS", "INTERCEPT", "probability"]

INTERCEPT = -10.2065
COEFFICIENTS: dict[str, float] = {
    "english_coverage": 7.0796,
    "coverage": -3.4627,
    "together": 0.6059,
    "fuzz": 6.5027,
    "rarest": 2.6544,
    "phrases": 0.5365,
    "unknown": -0.0201,
    "unknown_names": -1.2794,
    "name_coverage": 2.6376,
}
"""Fitted on the tuning half of SQuAD by `python -m benchmarks.refusal_fit`."""


def probability(signals: Signals) -> float:
    """The model's probability that the paragraph answers the question."""
    z = INTERCEPT + sum(weight * getattr(signals, name) for name, weight in COEFFICIENTS.items())
    return 1.0 / (1.0 + math.exp(-z))
