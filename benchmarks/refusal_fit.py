"""Fit the refusal model of `knowledge/search/refusal.py` and print its curve.

    python -m benchmarks.refusal_fit              # fit on the tuning half, print the curve
    python -m benchmarks.refusal_fit --features coverage,fuzz

Answerable: each SQuAD article asked its own questions. Not answerable: each article asked the
questions of the article half the set away (`evaluation.scoring.asked_elsewhere`). The model
is a logistic regression over the signals of the best paragraph (`signals.Signals`), fitted by
Newton's method (IRLS) with a little L2, on the tuning half only; the curve is printed for the
tuning half, the held-out test half, and the seed and conversation questions of the bundled
article. The printed coefficients are what `knowledge/search/refusal.py` keeps.
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from knowledge import load_knowledge
from knowledge.evaluation.scoring import (
    SquadArticle,
    asked_elsewhere,
    read_lines,
    read_squad,
    with_typo,
)
from knowledge.search import refusal
from knowledge.search.index import Index
from knowledge.search.signals import Signals

REPO = Path(__file__).resolve().parent.parent
CUTOFFS = (0.0, 0.02, 0.05, 0.08, 0.1, 0.12, 0.14, 0.16, 0.2, 0.3, 0.5)


@dataclass(frozen=True)
class Sample:
    """One question asked: its signals (None when no paragraph passes the confidence cutoff),
    whether the article answers it, and whether the best paragraph is the right one."""

    signals: Signals | None
    answerable: bool
    right: bool


def squad_samples(path: Path, split: str, typos: bool = False) -> list[Sample]:
    """Each article of the split asked its own questions, then another article's; with
    `typos`, every question with one typo (`with_typo`)."""
    rows = read_lines(path)
    own, other = read_squad(rows, split), asked_elsewhere(rows, split)
    samples = []
    with tempfile.TemporaryDirectory(prefix="article-bot-fit-") as tmp:
        for number, (article, elsewhere) in enumerate(zip(own, other, strict=True)):
            index = _index(Path(tmp) / str(number), article)
            for text, gold in article.questions:
                hits, signals = index.ranked(with_typo(text) if typos else text, 1)
                gold_text = " ".join(article.passages[gold].split())
                right = bool(hits) and " ".join(index.texts[hits[0].paragraph].split()) in (
                    gold_text
                )
                samples.append(Sample(signals, True, right))
            for text, _ in elsewhere.questions:
                hits, signals = index.ranked(with_typo(text) if typos else text, 1)
                samples.append(Sample(signals, False, False))
    return samples


def _index(folder: Path, article: SquadArticle) -> Index:
    folder.mkdir()
    (folder / article.file_name).write_text(article.knowledge_file(), "utf-8")
    return load_knowledge(folder).index


def bundled_samples(data: Path) -> list[Sample]:
    """The seed questions and the `answer`/`none` lines of the conversation set."""
    knowledge = load_knowledge()
    samples = []
    for name in ("seed_dev.jsonl", "conversation_dev.jsonl"):
        for row in read_lines(data / name):
            kind = row.get("kind")
            expect = row.get("expect")
            if kind not in (None, "answer", "none"):
                continue
            hits, signals = knowledge.index.ranked(str(row["q"]), 1)
            answerable = isinstance(expect, list)
            right = answerable and bool(hits)
            if right and isinstance(expect, list):
                text = knowledge.index.texts[hits[0].paragraph]
                right = any(str(e) in text for e in expect)
            samples.append(Sample(signals, answerable, right))
    return samples


def matrix(samples: Sequence[Sample], features: Sequence[str]) -> npt.NDArray[np.float64]:
    return np.array(
        [[asdict(s.signals)[f] for f in features] for s in samples if s.signals is not None]
    )


def fit(
    x: npt.NDArray[np.float64],
    y: npt.NDArray[np.float64],
    l2: float = 1e-3,
    positive_weight: float = 1.0,
) -> tuple[float, npt.NDArray[np.float64]]:
    """Logistic regression by IRLS on standardised features, each answerable question
    counting `positive_weight` times; returns the raw-scale intercept and coefficients."""
    mean, std = x.mean(axis=0), x.std(axis=0) + 1e-9
    z = np.hstack([np.ones((len(x), 1)), (x - mean) / std])
    w = np.zeros(z.shape[1])
    penalty = l2 * len(x) * np.eye(z.shape[1])
    penalty[0, 0] = 0
    counts = np.where(y > 0, positive_weight, 1.0)
    for _ in range(50):
        p = 1 / (1 + np.exp(-z @ w))
        gradient = z.T @ (counts * (p - y)) + penalty @ w
        hessian = (z * (counts * p * (1 - p))[:, None]).T @ z + penalty
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    coefficients = w[1:] / std
    return float(w[0] - (coefficients * mean).sum()), coefficients


def curve(samples: Sequence[Sample], cutoffs: Sequence[float]) -> list[str]:
    """A markdown table: at each cutoff, answerable refused, top-1, off-topic refused."""
    answerable = [s for s in samples if s.answerable]
    off_topic = [s for s in samples if not s.answerable]
    rows = [
        "| cutoff | answerable refused | top-1 | off-topic refused |",
        "| --- | --- | --- | --- |",
    ]
    for cutoff in cutoffs:

        def accepted(s: Sample, cutoff: float = cutoff) -> bool:
            return s.signals is not None and refusal.probability(s.signals) >= cutoff

        refused = sum(not accepted(s) for s in answerable)
        right = sum(accepted(s) and s.right for s in answerable)
        refused_off = sum(not accepted(s) for s in off_topic)
        rows.append(
            f"| {cutoff:.2f} | {refused / len(answerable):.3f} ({refused}/{len(answerable)})"
            f" | {right / len(answerable):.3f}"
            f" | {refused_off / max(len(off_topic), 1):.3f} ({refused_off}/{len(off_topic)}) |"
        )
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.refusal_fit", description=__doc__)
    parser.add_argument("--data", type=Path, default=REPO / ".." / "shared" / "eval")
    parser.add_argument(
        "--features",
        default=",".join(refusal.COEFFICIENTS),
        help="comma-separated `signals.Signals` fields (default: the model's own)",
    )
    parser.add_argument("--no-fit", action="store_true", help="only the curve of the model")
    parser.add_argument(
        "--with-typos", action="store_true", help="fit on the questions with a typo too"
    )
    args = parser.parse_args(argv)
    squad = args.data / "squad_dev_visible.jsonl"
    tune, test = squad_samples(squad, "tune"), squad_samples(squad, "test")
    tune_typos = squad_samples(squad, "tune", typos=True)
    test_typos = squad_samples(squad, "test", typos=True)
    bundled = bundled_samples(args.data)

    if not args.no_fit:
        features = args.features.split(",")
        kept = [s for s in tune + (tune_typos if args.with_typos else []) if s.signals]
        x = matrix(kept, features)
        y = np.array([float(s.answerable) for s in kept])
        intercept, coefficients = fit(x, y)
        print("Fitted on the tuning half (paste into knowledge/search/refusal.py):\n")
        print(f"INTERCEPT = {intercept:.4f}")
        print("COEFFICIENTS: dict[str, float] = {")
        for name, value in zip(features, coefficients, strict=True):
            print(f'    "{name}": {value:.4f},')
        print("}\n")
        refusal.INTERCEPT = intercept
        refusal.COEFFICIENTS = dict(zip(features, coefficients.tolist(), strict=True))

    for name, samples in (
        ("SQuAD tuning half", tune),
        ("SQuAD test half", test),
        ("SQuAD tuning half, one typo per question", tune_typos),
        ("SQuAD test half, one typo per question", test_typos),
        ("bundled article: seed and conversation questions", bundled),
    ):
        print(f"{name}:\n")
        print("\n".join(curve(samples, CUTOFFS)) + "\n")


if __name__ == "__main__":
    main()
