# ruff: noqa: RUF001
"""How the English test of `knowledge.dialogue.language` does: messages in other languages
caught, English questions left alone.

    python -m benchmarks.languages [--data ../shared/eval]

English: every question of the bundled article's sets and of SQuAD, and English questions
about foreign names. Other languages: the questions below, 5 per language in 12 languages
(the issue's five examples among them), written for this check.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from knowledge.dialogue.language import not_english

REPO = Path(__file__).resolve().parents[1]
FOREIGN = {
    "ru": ["Что сказал Трамп?", "Кто посредник?", "Сколько заложников?", "О чём статья?",
           "Когда началась война?"],
    "uk": ["Що сказав Трамп?", "Хто посередник?", "Скільки заручників?", "Про що стаття?",
           "Коли почалася війна?"],
    "de": ["Wer vermittelt?", "Was hat Trump gesagt?", "Wie viele Geiseln gibt es noch?",
           "Worum geht es in dem Artikel?", "Wann hat der Krieg begonnen?"],
    "es": ["¿Qué dijo Trump?", "¿Quién es el mediador?", "¿Cuántos rehenes quedan?",
           "¿De qué trata el artículo?", "¿Cuándo empezó la guerra?"],
    "fr": ["Qu'a dit Trump ?", "Qui sont les médiateurs ?", "Combien d'otages reste-t-il ?",
           "De quoi parle l'article ?", "Quand la guerre a-t-elle commencé ?"],
    "pt": ["O que Trump disse?", "Quem é o mediador?", "Quantos reféns ainda restam?",
           "Sobre o que é o artigo?", "Quando começou a guerra?"],
    "it": ["Cosa ha detto Trump?", "Chi sono i mediatori?", "Quanti ostaggi restano?",
           "Di cosa parla l'articolo?", "Quando è iniziata la guerra?"],
    "tr": ["Trump ne dedi?", "Arabulucu kim?", "Kaç rehine kaldı?", "Makale ne hakkında?",
           "Savaş ne zaman başladı?"],
    "id": ["Apa yang dikatakan Trump?", "Siapa mediatornya?", "Berapa sandera yang tersisa?",
           "Artikel ini tentang apa?", "Kapan perang dimulai?"],
    "ar": ["ماذا قال ترامب؟", "من هو الوسيط؟", "كم عدد الرهائن؟", "عن ماذا يتحدث المقال؟",
           "متى بدأت الحرب؟"],
    "fa": ["ترامپ چه گفت؟", "میانجی کیست؟", "چند گروگان مانده است؟", "مقاله درباره چیست؟",
           "جنگ کی شروع شد؟"],
    "hi": ["ट्रम्प ने क्या कहा?", "मध्यस्थ कौन है?", "कितने बंधक बचे हैं?", "लेख किस बारे में है?",
           "युद्ध कब शुरू हुआ?"],
}  # fmt: skip
ENGLISH_WITH_NAMES = [
    "What did Recep Tayyip Erdoğan say?",
    "Did Olaf Scholz talk to Der Spiegel?",
    "What is Al Bawaba?",
    "Who is Benjamin Netanyahu?",
    "What did Emmanuel Macron say about la France?",
    "Is Qatar in the Golfo Pérsico?",
    "What did José Luis Rodríguez Zapatero do?",
    "What about Hamas?",
]


def lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.languages")
    parser.add_argument("--data", type=Path, default=REPO / ".." / "shared" / "eval")
    data = parser.parse_args().data
    english = [
        str(row["q"])
        for name in ("seed_dev", "conversation_dev", "meaning_dev")
        for row in lines(data / f"{name}.jsonl")
    ]
    english += [
        str(q["q"]) for a in lines(data / "squad_dev_visible.jsonl") for q in a["questions"]
    ]  # type: ignore[attr-defined]
    rows = [
        ("English questions left alone", english + ENGLISH_WITH_NAMES, False),
        ("English questions about foreign names", ENGLISH_WITH_NAMES, False),
        *((f"{code} caught", texts, True) for code, texts in FOREIGN.items()),
    ]
    for label, texts, foreign in rows:
        right = [t for t in texts if not_english(t) == foreign]
        print(f"{label:40} {len(right):5}/{len(texts):<5}")
        for text in [t for t in texts if not_english(t) != foreign][:5]:
            print(f"    not: {text}")


if __name__ == "__main__":
    main()
