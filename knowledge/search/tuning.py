"""`Tuning`: every knob of ranking and refusing, in one frozen value.

The index cache's name includes it, so a changed knob never reads an index built with another.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Tuning:
    """The knobs of the ranking and of refusing; the defaults were chosen on the tuning half of
    SQuAD (benchmarks/README.md, "Ranking: what was tried")."""

    k1: float = 1.2
    b: float = 0.75
    sentence_weight: float = 0.5
    bigram_weight: float = 0.5
    typo_discount: float = 0.8
    set_ratio_weight: float = 0.8
    partial_ratio_weight: float = 0.2
    date_weight: float = 0.15
    """Added to a paragraph that names a date, when the question asks when."""
    article_weight: float = 1.0
    """Added, times `articles.evidence` (0 to 1), for how much a paragraph's article holds
    the question's terms, each weighed by how few articles use it and how rare it is in
    English: among several articles, the paragraph of the one the question is about first."""
    type_weight: float = 0.1
    """Added to a paragraph that holds the answer type asked for (a number for "how many")."""
    focus_weight: float = 0.15
    """Added to a paragraph that says the question's focus in other words ("vowed" for
    "intentions")."""
    meaning_discount: float = 0.7
    """Weight of a focus word read as an article word that says it otherwise."""
    min_confidence: float = 0.15
    """A paragraph holding less of the question's IDF weight is never offered."""
    min_probability: float = 0.16
    """Below this `refusal.probability` for the best paragraph: "the article does not say"."""
    min_unsure: float = 0.25
    """Refused, but at least this `refusal.probability`: unsure, and the closest paragraphs
    are offered to choose from; below it, a plain refusal that offers nothing."""
    min_counted: float = 0.05
    """The same for a "how many" question whose closest paragraph gives a number just before
    what is counted ("roughly 100 hostages")."""
    unsure_confidence: float = 0.1
    """The least confidence of a paragraph offered when unsure."""
    synonym_weight: float = 0.5
    """Weight of a question word no article uses, read as an article word of the same meaning
    (`related`: "stop" as "cease"), when choosing what to offer of an unsure search (never
    when answering: it cost off-topic refusals on the tuning half); 0 leaves it unread."""
    derived_weight: float = 0.5
    """The same, for a word derived from it or it from ("insist" / "insistence")."""
    hyponym_weight: float = 0.5
    """The same, for a kind of it ("prisoners" as "hostages")."""
    hypernym_weight: float = 0.0
    """The same, for what it is a kind of ("hostages" as "captives"): unused, it offered more
    off-topic questions something on the tuning half and no right paragraph more."""

    far_weight: float = 0.35
    """The same, for a word two hyponym or hypernym steps away ("insisting" as "said")."""
    related_max_zipf: float = 4.7
    """Only words rarer in English than this (Zipf frequency, `english`) are read through
    `related`: common words ("going", "hand", "use") have too many senses to guess which."""

    @property
    def related_weights(self) -> dict[str, float]:
        """The weights above by `related` relation."""
        return {
            "syn": self.synonym_weight,
            "der": self.derived_weight,
            "hypo": self.hyponym_weight,
            "hyper": self.hypernym_weight,
            "far": self.far_weight,
        }
