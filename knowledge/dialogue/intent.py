"""What a message is: a question about the content, small talk, or a question about the article.

One decision, shared by every front end (`reply.reply_to` is its only caller). The patterns are
plain English, not tied to any article:

- **chat**: the whole message is small talk: greetings, thanks, goodbye, "help", "what are
  you?", "what can you do?", "ok". Small talk around a question ("hi, who mediates?",
  "thanks! and the hostages?") is set aside and the question is answered.
- **about**: the message asks about the article itself (what it is about, its date, its author,
  its source) and nothing else. It says so with a word of its own ("summary", "author", "date")
  or names the article ("it", "this story") with a verb that asks after it ("when was it
  published?"), and once those words and stop words are set aside, no word is left. "When was
  the October 7 attack?" keeps "October 7 attack", so it asks about the content.
- **question**: everything else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from knowledge.search.text import is_stop_word

IntentKind = Literal["question", "chat", "about"]


@dataclass(frozen=True)
class Intent:
    """What a message is, and the question in it with the small talk around it set aside."""

    kind: IntentKind
    topic: str = ""
    """chat: greeting, thanks, ack, goodbye, help, identity, abilities, or empty for a blank
    message; about: summary, date, author or source; question: empty."""
    question: str = ""


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


SMALL_TALK = {  # in the order a message made only of small talk is answered by
    "help": r"(?:(?:i need|i want|can you|could you|will you|please) )?help(?: me)?(?: out)?"
    r"|how does (?:this|it) work|how (?:do|does) (?:this|it|you) work"
    r"|how (?:do|can|should) i (?:use (?:this|you|it)|ask(?: you)?(?: a)?(?: questions?)?)"
    r"|what (?:can|should|do) i ask(?: you)?|instructions|commands|usage|start|menu"
    r"|how can you help(?: me)?|i have a question|(?:can|may) i ask(?: you)?(?: a question"
    r"| something)?",
    "identity": r"what are you(?: about)?|who are you|(?:what is|whats) (?:this|your name)"
    r"|(?:what is|whats) this bot(?: about)?"
    r"|are you (?:a |an )?(?:bot|robot|human|real|ai|person|machine)"
    r"(?: or (?:a |an )?(?:bot|robot|human|real|ai|person|machine))?"
    r"|(?:is this|am i talking to) (?:a |an )?(?:bot|robot|human|real person|person|machine)"
    r"|who (?:made|built|created) you",
    "praise": r"(?:good|great|nice|clever|smart|best|awesome) (?:bot|job|work|answer)"
    r"|(?:you are|youre|u r) (?:great|awesome|amazing|smart|clever|helpful|the best|good)"
    r"|love (?:it|this|you)|well done|bravo|brilliant|excellent|amazing",
    "insult": r"(?:you are|youre|u r|ur|this is|thats|what a|such a|you|stupid|dumb|useless)"
    r"(?: (?:so|such a|a|an|really|very|totally|completely|pretty))*"
    r" (?:useless|stupid|dumb|idiot|idiotic|rubbish|garbage|trash|terrible|awful|bad bot"
    r"|worthless|pathetic|crap|shit|broken|annoying|bad|wrong|sucks|suck|no help|not helpful)"
    r"|(?:bad|stupid|dumb|useless|terrible|worst) bot|(?:this|it|you) sucks?|shut up"
    r"|(?:useless|stupid|dumb|rubbish|garbage)",
    "abilities": r"what (?:can|do) you (?:do|know)|what can you (?:tell me|answer)"
    r"|what are you (?:for|able to do)|what do you know about",
    "goodbye": r"(?:bye)+(?: bye)?|goodbye|good bye|see (?:you|ya)(?: later| soon| around)?|cya"
    r"|good ?night|farewell|take care|gotta go|later|laters|ttyl",
    "thanks": r"(?:thanks|thank you|thank u|thankyou|thx|ty|tysm|cheers|much appreciated"
    r"|appreciate it|many thanks)(?: (?:so|very) much| a lot| a bunch)?",
    "greeting": r"hi+|hello+|hey+|heya|hiya|howdy|yo|greetings|hola|good (?:morning|afternoon"
    r"|evening|day)|morning|evening|whats up|sup|how are you(?: doing)?(?: today)?"
    r"|hows it going|how do you do|nice to meet you|(?:is )?any(?:one|body) (?:there|here)"
    r"|(?:are )?you there|test|testing",
    "ack": r"ok(?:ay)?|kk?|cool|great|nice|good|got it|i see|perfect|awesome|alright|all right"
    r"|sure|yes|no|yeah|yep|nope|fine|understood|wow|lol|(?:ha)+|nice one|good one|interesting"
    r"|makes sense|i understand|oh|hm+|right|(?:thats|that is|that was|very|so) helpful"
    r"|helpful|that helps|useful|thats (?:great|all|it)|never ?mind",
}
SMALL_TALK_FILLERS = _set(
    "there bot friend everyone all again mate buddy pal guys folks please pls oh well and"
)
"""Words that may sit between small-talk phrases ("hi there", "thanks again", "oh well")."""
MAX_PHRASE_WORDS = 8
_PHRASE_RE = re.compile("|".join(f"(?:{p})" for p in SMALL_TALK.values()))
_OPENER_RE = re.compile(  # small talk that may open a question without a comma after it
    f"(?:{SMALL_TALK['greeting']})|(?:{SMALL_TALK['thanks']})|ok|okay"
)
_TOPIC_RE = {topic: re.compile(rf"(?<!\S)(?:{p})(?!\S)") for topic, p in SMALL_TALK.items()}
_SEGMENT_RE = re.compile(r"[^,.!?;:…\n]+")


# Words that ask about the article itself (see `about_topic`).
ARTICLE_NOUNS = _set(
    "article articles story stories piece text item report post page document news"
)
ARTICLE_WORDS = ARTICLE_NOUNS | _set("this it that one here")
FILLERS = _set(
    "please pls plz tell give gimme show let know can could would will want wanna need like"
    " quick quickly short shortly brief briefly just exactly actually really main overall whole"
    " entire basically kindly also whats whos wheres whens hows thats its im ive youre isnt"
    " wasnt theres heres lets u ya find read full key name named names send sent share"
)
DATE_NOUNS = _set("date dated timestamp")
DATE_UNITS = _set("day year month time")
PUBLISH_VERBS = _set(
    "published publish posted written write released updated come came out appear appeared from"
)
AGE_WORDS = _set("old recent new")
AUTHOR_NOUNS = _set(
    "author authors writer writers byline reporter reporters journalist journalists"
)
WRITE_VERBS = _set("wrote written write writes authored penned reported")
SOURCE_NOUNS = _set(
    "source publisher newspaper paper outlet website site publication link url origin magazine"
    " journal original"
)
SUMMARY_NOUNS = _set(
    "summary summarize summarise summarized summarised summarizing summarising tldr gist"
    " overview nutshell recap synopsis abstract outline headline point points idea topic subject"
    " theme takeaway takeaways essence sum version"
)
LINK_NOUNS = _set("link links url urls address web")
HEADLINE_NOUNS = _set("headline headlines title titles")
COLLECTION_NOUNS = _set("articles stories pieces reports topics subjects items documents")
"""Asked about with "which" or "what" ("which articles do you have?"): the whole collection."""
LATEST_WORDS = _set("latest newest last recent")
HAVE_VERBS = _set("have has got know cover covers hold carry list available")
SAY_VERBS = _set(
    "say says saying said cover covers discuss discusses describe describes explain explains"
    " happened happens happening going on"
)
_ABOUT_WORDS = (
    ARTICLE_WORDS
    | FILLERS
    | DATE_NOUNS
    | DATE_UNITS
    | PUBLISH_VERBS
    | AGE_WORDS
    | AUTHOR_NOUNS
    | WRITE_VERBS
    | SOURCE_NOUNS
    | SUMMARY_NOUNS
    | SAY_VERBS
    | LINK_NOUNS
    | HEADLINE_NOUNS
    | COLLECTION_NOUNS
    | LATEST_WORDS
    | HAVE_VERBS
)


def classify(message: str) -> Intent:
    """What `message` is; for a question, the question without the small talk around it."""
    text = re.sub(r"\btl\W{0,2}dr\b", "tldr", message, flags=re.IGNORECASE)
    segments = [(m.start(), m.end(), _plain(m.group())) for m in _SEGMENT_RE.finditer(text)]
    segments = [s for s in segments if s[2]]
    if not segments:
        return Intent("chat", emoji_topic(message))
    topics: list[str] = []
    first, last = 0, len(segments)
    while first < last and (topic := small_talk(segments[first][2])) is not None:
        topics.append(topic)
        first += 1
    while last > first and (topic := small_talk(segments[last - 1][2])) is not None:
        topics.append(topic)
        last -= 1
    if first == last:  # a message of fillers only ("bot", "please") gets the hint
        return Intent(
            "chat", min(filter(None, topics), key=list(SMALL_TALK).index, default="empty")
        )
    start = segments[first][0]
    end = segments[last][0] if last < len(segments) else len(text)  # keep its "?"
    question = text[start:end].strip(" \t,;:-\u2013\u2014")
    question = _drop_words(question, opener_length(segments[first][2].split()))
    about = about_topic(question)
    if about:
        return Intent("about", about, question)
    return Intent("question", "", question)


POSITIVE_EMOJI = frozenset("👍👌🙏🥰😍❤💙💚♥🔥💯✅🎉👏🤝⭐🌟🤩")
NEGATIVE_EMOJI = frozenset("👎😡😠🤬💩🙄😒😤😞😢😭")


def emoji_topic(message: str) -> str:
    """A message with no words: praise for 👍 and the like, an insult for 👎, else "empty"."""
    marks = set(message)
    if marks & NEGATIVE_EMOJI:
        return "insult"
    if marks & POSITIVE_EMOJI:
        return "praise"
    return "empty"


def small_talk(segment: str) -> str | None:
    """The topic of a segment that is small talk through and through, else None; for several
    ("ok thanks, bye") the first in `SMALL_TALK`'s order; "" for fillers only (", bot")."""
    words = segment.split()
    if _fillers(words):
        return ""
    if not _phrase_ends(words, _PHRASE_RE)[len(words)]:
        return None
    return next((topic for topic, found in _TOPIC_RE.items() if found.search(segment)), None)


def opener_length(words: list[str]) -> int:
    """How many of the first words are a greeting or thanks that opens a question ("hey there
    what did Trump threaten" -> 2); 0 when there is none or when nothing would be left."""
    ends = _phrase_ends(words, _OPENER_RE)
    return max((n for n in range(1, len(words)) if ends[n] and not _fillers(words[:n])), default=0)


def _phrase_ends(words: list[str], phrase: re.Pattern[str]) -> list[bool]:
    """For each n, whether `words[:n]` is a run of whole phrases and fillers, with at least
    one phrase. Word by word, so that time stays linear however the phrases overlap."""
    ends = [True] + [False] * len(words)
    phrases = [False] * (len(words) + 1)
    for start in range(len(words)):
        if not ends[start]:
            continue
        if words[start] in SMALL_TALK_FILLERS:
            ends[start + 1] = True
            phrases[start + 1] = phrases[start + 1] or phrases[start]
        for stop in range(start + 1, min(len(words), start + MAX_PHRASE_WORDS) + 1):
            if phrase.fullmatch(" ".join(words[start:stop])):
                ends[stop] = phrases[stop] = True
    return [end and phrase for end, phrase in zip(ends, phrases, strict=True)]


def _fillers(words: list[str]) -> bool:
    return all(word in SMALL_TALK_FILLERS for word in words)


def about_topic(question: str) -> str | None:
    """summary, date, author, source, link, headline, latest or articles (the collection)
    when `question` asks only about the article(s)."""
    words = set(_plain(question).split())
    if not words or any(w not in _ABOUT_WORDS and not is_stop_word(w) for w in words):
        return None
    named = bool(words & ARTICLE_WORDS)  # "it", "this", "the story": the article is named
    if words & LINK_NOUNS:
        return "link"
    if words & HEADLINE_NOUNS:
        return "headline"
    if words & LATEST_WORDS and words & (ARTICLE_NOUNS | COLLECTION_NOUNS):
        return "latest"
    if words & COLLECTION_NOUNS and (words & {"which", "what", "whats"} or words & HAVE_VERBS):
        return "articles"
    when = (words & ({"when"} | DATE_UNITS) and words & PUBLISH_VERBS) or words & AGE_WORDS
    if words & DATE_NOUNS or (named and when) or ("how" in words and words & AGE_WORDS):
        return "date"
    by_whom = words & {"who", "whom"} and words & (WRITE_VERBS | {"by"})
    if words & AUTHOR_NOUNS or (named and by_whom):
        return "author"
    where = "where" in words or ("who" in words and words & PUBLISH_VERBS)
    if words & SOURCE_NOUNS or (named and where):
        return "source"
    what = words & {"what", "whats"}
    what_is = what and words & ARTICLE_NOUNS  # "what is the story?"
    happened = what and words & {"happened", "happening", "going"}  # "what happened?"
    if words & SUMMARY_NOUNS or happened:
        return "summary"
    if named and (words & SAY_VERBS or "about" in words or what_is):
        return "summary"
    return None


def _plain(text: str) -> str:
    """Lower-case words with apostrophes dropped ("What's" -> "whats"), one space apart."""
    text = text.lower().replace("\u2019", "").replace("'", "")
    return " ".join(re.findall(r"[^\W_]+", text))


def _drop_words(text: str, count: int) -> str:
    """`text` without its first `count` words (and what separates them)."""
    return re.sub(rf"^\W*(?:[\w'\u2019]+\W+){{{count}}}", "", text) if count else text
