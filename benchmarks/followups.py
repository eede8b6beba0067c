"""How often the stands-alone test takes a full question for a follow-up, and the reverse.

    python -m benchmarks.followups [--data ../shared/eval]

A follow-up ("by when?") is read with the question before it; a full question must not be.
`knowledge.dialogue.followup.needs_context` decides from the message's form alone. Printed:
the share of known follow-ups it catches (the last turns of followups_dev.jsonl that are not
full questions, and the issue's examples) and the share of full questions it leaves alone
(every SQuAD question, and the bundled article's question sets). A full question taken for a
follow-up is only read with the one before when a private chat asked something in the last
10 minutes, and then its own words still choose the paragraph.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from knowledge.dialogue.followup import asks_for_more, needs_context
from knowledge.dialogue.intent import classify

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = [  # from issue 15
    "by when?",
    "and Egypt?",
    "why?",
    "who said that?",
    "how many are still alive?",
    "and the US?",
    "are they alive?",
]


def lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.followups")
    parser.add_argument("--data", type=Path, default=REPO / ".." / "shared" / "eval")
    data = parser.parse_args().data
    cases = lines(data / "followups_dev.jsonl")
    last = [str(c["turns"][-1]) for c in cases]  # type: ignore[index]
    follow = [t for t in last if t[:1].islower() and not asks_for_more(t)] + EXAMPLES
    full = [t for t in last if t[:1].isupper()]
    intents = [
        classify(str(row["q"]))
        for name in ("seed_dev", "conversation_dev", "meaning_dev")
        for row in lines(data / f"{name}.jsonl")
    ]  # small talk and questions about the article are told apart before this test
    dev = [intent.question for intent in intents if intent.kind == "question"]
    squad = [str(q["q"]) for a in lines(data / "squad_dev_visible.jsonl") for q in a["questions"]]  # type: ignore[attr-defined]
    rows = [
        ("follow-ups read with the question before", follow, True),
        ("followups_dev full questions read alone", full, False),
        ("seed/conversation/meaning_dev questions read alone", dev, False),
        ("SQuAD questions read alone", squad, False),
    ]
    for label, texts, want in rows:
        right = [t for t in texts if needs_context(t) == want]
        print(f"{label:50} {len(right):5}/{len(texts):<5} {len(right) / len(texts):.3f}")
        for text in [t for t in texts if needs_context(t) != want][:5]:
            print(f"    not: {text}")


if __name__ == "__main__":
    main()
