"""What the bot says to a message: `reply_to(knowledge, text)`, one `Reply` (`turns`) that
every front end renders.

`intent.classify` decides what the message is; this module decides what to say:
- **answer**: the paragraphs that answer the question, best first (the first is quoted);
- **none**: the article does not answer it; say so and suggest questions it does answer;
- **chat**: a short friendly line for small talk ("help" gets the help text);
- **about**: what the article is about (its lead, quoted), its date, author or source, taken
  from its metadata; a fact the article does not give is said to be missing, never guessed.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from knowledge.dialogue import collection, followup
from knowledge.dialogue.followup import Turn
from knowledge.dialogue.intent import classify
from knowledge.dialogue.language import english_only_line, not_english
from knowledge.dialogue.several import split_questions
from knowledge.dialogue.suggestions import suggested_questions
from knowledge.dialogue.turns import MAX_QUESTION_CHARS, Kind, Reply, turn_of
from knowledge.dialogue.wording import (
    CHAT,
    ECHO_CHARS,
    NO_FURTHER,
    NO_QUESTION_YET,
    NOTHING_ELSE,
    REFUSED,
    UNSURE,
    short,
    speaking_of,
)
from knowledge.knowledge_base import KnowledgeBase
from knowledge.models import Article, Found, Match, Passage

__all__ = ["quoted_passage", "reply_to", "step_to", "suggestions_for"]

SUGGESTIONS = 3
"""Questions suggested with a refusal."""
OWN_SUGGESTIONS = 2
"""Of those, how many come from the article a conversation is about, when there are several."""


def reply_to(
    knowledge: KnowledgeBase,
    message: str,
    limit: int = 3,
    *,
    suggest: bool = True,
    after: Turn | None = None,
    language: str | None = None,
) -> Reply:
    """The reply to `message`: up to `limit` matches for a question; refusals carry the
    knowledge base's suggested questions unless `suggest` is false. Only the first
    `MAX_QUESTION_CHARS` of the message are read.

    `after` is what the message follows in its conversation (the question answered before):
    a message that cannot stand alone is read with it, and "more" shows its next match.
    A message in another language gets one line saying the bot reads English, in `language`
    (the user's language code) when it has it.
    """
    intent = classify(message[:MAX_QUESTION_CHARS])
    question = intent.question
    if intent.kind == "question" and followup.asks_for_more(question):
        return next_match(knowledge, message, after, limit)
    if after is not None and (
        (intent.kind == "question" and followup.needs_context(question))
        or (intent.kind == "about" and followup.points_back(question))
    ):
        return read_with(knowledge, message, question, after, limit, suggest)
    if intent.kind == "chat":
        return Reply(
            message,
            "chat",
            CHAT[intent.topic].format(**speaking_of(len(knowledge.articles))),
            topic=intent.topic,
        )
    if not_english(question):
        return Reply(message, "chat", english_only_line(language), topic="language")
    if intent.kind == "about" and intent.topic == "link" and after and after.shown:
        quoted = tuple(a for a in knowledge.articles if a.name == after.shown[0])
        return about(message, quoted or knowledge.articles, "link")  # the article quoted last
    if intent.kind == "about":
        return about(message, knowledge.articles, intent.topic)
    if intent.kind == "question" and len(parts := split_questions(question)) > 1:
        return several(knowledge, message, parts, after)
    if collection.asks_summary(question):
        summary = summary_of_one(message, question, knowledge.articles)
        if summary is not None:
            return summary
    found = knowledge.find(question, limit=limit)
    if found.matches:
        return Reply(message, "answer", matches=found.matches)
    return unsure(knowledge, message, question, found) or refusal(
        knowledge, message, question, suggest, after
    )


def unsure(
    knowledge: KnowledgeBase, message: str, question: str, found: Found | None = None
) -> Reply | None:
    """ "I am not sure the article answers …", offering the paragraphs that come closest;
    None when none comes close. A follow-up is echoed as it was read ("how many hostages are
    left? are they alive?"), so a reply to this message is read with it too."""
    found = found or knowledge.find(question)
    if not found.offered:
        return None
    the = speaking_of(len(knowledge.articles))["the"]
    answers = "answers" if len(knowledge.articles) == 1 else "answer"
    said = UNSURE.format(the=the, answers=answers) + f"“{short(question, ECHO_CHARS)}”. "
    said += "These come closest:" if len(found.offered) > 1 else "This comes closest:"
    return Reply(message, "unsure", said, offered=found.offered, thread=question)


def several(
    knowledge: KnowledgeBase, message: str, questions: list[str], after: Turn | None
) -> Reply:
    """One reply to several questions: each answered (or refused) in turn, each part read
    with the one before it when it cannot stand alone."""
    parts = []
    for question in questions:
        part = reply_to(knowledge, question, limit=1, suggest=False, after=after)
        if part.kind == "unsure":  # no buttons inside a reply of several parts
            part = Reply(question, "none", part.said.split("”.")[0] + "”.")
        parts.append(part)
        after = turn_of(part) or after
    quoted = tuple(p.matches[0] for p in parts if p.kind == "answer" and p.matches)
    kind: Kind = "answer" if quoted else parts[0].kind
    return Reply(message, kind, matches=quoted, parts=tuple(parts))


def refusal(
    knowledge: KnowledgeBase,
    message: str,
    question: str,
    suggest: bool,
    after: Turn | None = None,
) -> Reply:
    """ "The article does not say anything I can quote about …", with suggestions: in a
    conversation about one of several articles, first from that article."""
    words = speaking_of(len(knowledge.articles))
    said = f"{words['the'].capitalize()} {words['does']} {REFUSED}“{short(question, ECHO_CHARS)}”."
    if not suggest:
        return Reply(message, "none", said)
    article = after.shown[0] if after is not None and after.shown else None
    return Reply(message, "none", said, suggestions=suggestions_for(knowledge, article))


def next_match(knowledge: KnowledgeBase, message: str, after: Turn | None, limit: int) -> Reply:
    """ "more", "next": the match after the one shown for the question before; after an
    unsure reply, the paragraphs it offered, closest first."""
    if after is None:
        return Reply(message, "chat", NO_QUESTION_YET, topic="more")
    rank = after.rank + 1
    if after.shown is None and not knowledge.search(after.question, limit=1):
        rank = 0  # after an unsure reply, which quoted none of its offers: the first of them
    return step_to(knowledge, message, rank, limit, read_as=after.question)


def step_to(
    knowledge: KnowledgeBase, message: str, rank: int, limit: int = 2, read_as: str = ""
) -> Reply:
    """The match of rank `rank` (0 = best) of the question of `message`, or of `read_as`
    when it was read with the one before, and up to `limit` - 1 after it: what "more" and
    the ◀ ▶ buttons show. A reading is one question, as it was searched: never cut into
    several again. The matches are the paragraphs that answer it, else the closest ones an
    unsure reply offers; none that far is "I have nothing further" (kind "chat")."""
    question = read_as or classify(message[:MAX_QUESTION_CHARS]).question
    matches = followup.stepped(knowledge, question, rank + limit)[rank:]
    if not matches:
        said = NO_FURTHER.format(question=short(question, ECHO_CHARS))
        return Reply(message, "chat", said, topic="more")
    return Reply(message, "answer", matches=matches, read_as=read_as, rank=rank)


def read_with(
    knowledge: KnowledgeBase,
    message: str,
    question: str,
    after: Turn,
    limit: int,
    suggest: bool,
) -> Reply:
    """A follow-up read with the question before it (see `followup.matches_with`).

    One that names things of its own is read alone when that answers it just as well: the
    same paragraph, and "more" and ▶ would go on to the same one too (else they would leave
    what the conversation is about: "where were they held?" after "Who was released by the
    Taliban?", read alone, went on to "Hold onto your feather bedding"). It is read alone too
    when the question before it was not answered, or when the two together find nothing.
    """
    read_as, matches = followup.matches_with(knowledge, question, after, limit)
    alone: tuple[Match, ...] = ()
    if followup.known_words(knowledge, question):
        alone = tuple(knowledge.search(question, limit=limit))
        if alone and (not matches or after.shown is None):
            return Reply(message, "answer", matches=alone)
    if (
        not matches
        and followup.plain_words(question)[:1] == ["who"]
        and followup.asks_else(question)
    ):
        one = len(knowledge.articles) == 1
        the = speaking_of(len(knowledge.articles))["the"].capitalize()
        said = NOTHING_ELSE.format(the=the, s="s" * one)
        return Reply(message, "none", said)
    if not matches:
        return unsure(knowledge, message, read_as) or refusal(
            knowledge, message, question, suggest, after
        )
    rank, following = followup.placed(knowledge, read_as, matches[0], limit - 1)
    together = Reply(
        message, "answer", matches=(matches[0], *following), read_as=read_as, rank=rank
    )
    by_itself = Reply(message, "answer", matches=alone, thread=read_as)
    if [m.passage for m in by_itself.onward[:2]] == [m.passage for m in together.onward[:2]]:
        return by_itself
    return together


def quoted_passage(knowledge: KnowledgeBase, message: str) -> Passage | None:
    """The paragraph the reply to `message` would quote as an answer, if any."""
    reply = reply_to(knowledge, message, limit=1, suggest=False)
    return reply.quoted.passage if reply.kind == "answer" and reply.quoted else None


def suggestions_for(knowledge: KnowledgeBase, article: str | None = None) -> tuple[str, ...]:
    """Up to three questions these articles answer, each quoting another paragraph; with
    `article` (a file name) and several articles, up to `OWN_SUGGESTIONS` of them from that
    article first (worked out when first needed and kept in `KnowledgeBase.suggested_in`).

    Worked out on the first refusal, then kept with this knowledge base
    (`KnowledgeBase.suggested`); how distinctive a word is comes from the index
    (`KnowledgeBase.paragraphs_using`), so it reads only the paragraphs it tries. Each is
    checked by asking it as any message is asked. A knowledge base changed from another (a
    reload) first asks the other's again, and keeps them while each still quotes a paragraph
    of its own.
    """
    if article is not None and len(knowledge.articles) > 1:
        own = knowledge.suggested_in.get(article)
        if own is None:
            passages = [p for p in knowledge.passages if p.article.name == article]
            own = knowledge.suggested_in[article] = read_off(knowledge, passages, OWN_SUGGESTIONS)
        others = tuple(q for q in suggestions_for(knowledge) if q not in own)
        return (*own, *others)[:SUGGESTIONS]
    found = knowledge.suggested
    if found is None:
        earlier = knowledge.suggested_before
        quoted = [quoted_passage(knowledge, question) for question in earlier]
        if earlier and all(quoted) and len({id(p) for p in quoted}) == len(earlier):
            found = earlier
        else:
            found = read_off(knowledge, knowledge.passages, SUGGESTIONS)
        knowledge.suggested = found
    return found


def read_off(knowledge: KnowledgeBase, passages: Sequence[Passage], count: int) -> tuple[str, ...]:
    """Up to `count` questions read off `passages`, each checked by asking it of `knowledge`."""
    return suggested_questions(
        passages, partial(quoted_passage, knowledge), count, spread=knowledge.paragraphs_using
    )


def about(message: str, articles: tuple[Article, ...], topic: str) -> Reply:
    """A reply about the article(s) themselves, from their text and metadata."""
    said, lead = collection.about(articles, topic)
    if lead is None:
        return Reply(message, "about", said, topic=topic)
    opening = Passage(lead, 1, lead.paragraphs[0])
    return Reply(message, "about", said, matches=(Match(opening, 1.0),), topic=topic)


def summary_of_one(message: str, question: str, articles: tuple[Article, ...]) -> Reply | None:
    """ "summary of the tariffs article": the opening of the article its title names."""
    named = collection.named_article(articles, question)
    if named is None:
        return None
    opening = Passage(named, 1, named.paragraphs[0])
    said = f"{collection.title_line(named)} opens with what it is about:"
    return Reply(message, "about", said, matches=(Match(opening, 1.0),), topic="summary")
