# ruff: noqa: RUF001, RUF002
"""Whether a message is in English, and the one honest line for one that is not.

The test is measured, not a model (`python -m benchmarks.languages`): a message is taken for
another language when most of its letters are not Latin ("Что сказал Трамп?"), or when it is
in Latin letters and more of its words are common words of another language than common
English words ("Wer vermittelt?"), or it opens with "¿" or "¡", or it has no common English
word and a word in small letters with a mark English does not use ("Kaç rehine kaldı?").
Names count for neither, so an English question about foreign names ("What did Recep Tayyip
Erdoğan say?") stays English.
"""

from __future__ import annotations

import re
import unicodedata

from knowledge.search.text import STOP_WORDS


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


ENGLISH = STOP_WORDS | _set(
    "tell show give say said says happen happened please thanks hi hello yes no"
)
FOREIGN = _set(
    # German, Spanish, French, Portuguese, Italian, Dutch, Turkish, Indonesian/Malay, Polish
    """
    der die das den dem des und ist sind war was wer wie wo warum wann welche hat haben ich
    nicht mit von zu sie es ein eine einen auf für über auch noch wurde wird gibt kann qué
    que el los las del es son por para cómo quién quiénes dónde cuándo cuál una cuántos
    cuántas se lo le les est qui quoi pourquoi comment où des du et dans pour sur avec ce
    cette sont combien quand qu il elle la a quem onde quando porque um uma os não da dos é
    são quantos quantas sobre o gli chi cosa perché di della è sono quanti quante het een
    wat wie waar waarom hoe zijn niet ne kim nerede neden nasıl bir ve bu mi mı mu mü ile
    için kaç apa siapa dan yang ini itu dengan untuk adalah kapan mengapa bagaimana co kto
    gdzie dlaczego jak jest nie czy się
    """
)
"""Common words of the languages written in Latin letters that people most often send."""
WORD_RE = re.compile(r"[^\W\d_]+", re.UNICODE)
MIN_LETTERS = 3

LINES = {
    "en": "I read questions in English only. For example: What is the article about?",
    "ru": "Я понимаю вопросы только на английском. Например: What is the article about?",
    "uk": "Я розумію запитання лише англійською. Наприклад: What is the article about?",
    "es": "Solo entiendo preguntas en inglés. Por ejemplo: What is the article about?",
    "pt": "Só entendo perguntas em inglês. Por exemplo: What is the article about?",
    "fr": "Je ne comprends que les questions en anglais. Par exemple : What is the article about?",
    "de": "Ich verstehe nur Fragen auf Englisch. Zum Beispiel: What is the article about?",
    "it": "Capisco solo domande in inglese. Ad esempio: What is the article about?",
    "tr": "Yalnızca İngilizce soruları anlıyorum. Örneğin: What is the article about?",
    "id": "Saya hanya memahami pertanyaan dalam bahasa Inggris. Contoh: What is the article "
    "about?",
    "ar": "أفهم الأسئلة باللغة الإنجليزية فقط. مثلاً: What is the article about?",
    "fa": "من فقط سؤال‌های انگلیسی را می‌فهمم. برای مثال: What is the article about?",
    "hi": "मैं केवल अंग्रेज़ी में पूछे गए प्रश्न समझता हूँ। उदाहरण: What is the article about?",
}
"""The line for a message not in English, in the user's language (Telegram's language_code),
for the languages Telegram's users most often have; English otherwise."""


def is_latin(char: str) -> bool:
    return unicodedata.name(char, "").startswith("LATIN")


def not_english(message: str) -> bool:
    """Whether `message` is written in another language than English."""
    letters = [c for c in message if c.isalpha()]
    if len(letters) < MIN_LETTERS:
        return False
    if sum(not is_latin(c) for c in letters) * 2 > len(letters):
        return True
    if message.lstrip()[:1] in ("¿", "¡"):
        return True
    written = WORD_RE.findall(message.replace("'", " ").replace("\u2019", " "))
    found = [w.lower() for w in written if len(w) > 1 or w.lower() == "a"]
    english = sum(w in ENGLISH and w not in FOREIGN for w in found)
    foreign = sum(w in FOREIGN and w not in ENGLISH for w in found)
    marked = any(w.islower() and not w.isascii() for w in written)  # "reféns", not "Erdoğan"
    return foreign > english or (marked and english == 0)


def english_only_line(language: str | None) -> str:
    """The honest line, in `language` (an IETF tag such as "pt-br") when there is one."""
    code = (language or "en").lower().split("-")[0]
    return LINES.get(code, LINES["en"])
