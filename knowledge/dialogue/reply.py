"""The reply to a message, as one value that every front end renders: `reply_to(knowledge, text)`.

`intent.classify` decides what the message is; this module decides what to say:
- **answer**: the paragraphs that answer the question, best first (the first is quoted);
- **none**: the article does not answer it; say so and suggest questions it does answer;
- **chat**: a short friendly line for small talk ("help" gets the help text);
- **about**: what the article is about (its lead, quoted), its date, author or source, taken
  from its metadata; a fact the article does not give is said to be missing, never guessed.
"""

from __future__ import annotations

import datetime as dtm
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from knowledge.dialogue.intent import classify
from knowledge.models import Article, Match, Passage
from knowledge.search.index import MAX_QUESTION_CHARS

if TYPE_CHECKING:
    from knowledge.knowledge_base import KnowledgeBase

Kind = Literal["answer", "none", "chat", "about"]

ECHO_CHARS = 80
"""A refused question is repeated back up to this many characters."""
MAX_LISTED = 10
"""Articles listed by name in one reply; the rest are counted."""
TITLE_CHARS = 120
EACH = {
    "date": "When each was published:",
    "author": "Who wrote each:",
    "source": "Where each comes from:",
}
SUGGESTIONS_LEAD = "It does answer questions like these:"
HELP = (
    "Ask me a question about {the} and I will quote the paragraph that answers it, or tell "
    "you that it does not say. You can also ask what it is about, when it was published and "
    "who wrote it."
)
CHAT = {
    "greeting": "Hello! Ask me anything about {the} and I will quote the paragraph that "
    "answers it.",
    "thanks": "You're welcome! Ask me anything else about {the}.",
    "ack": "Ask me anything else about {the} whenever you like.",
    "goodbye": "Goodbye! Come back with more questions any time.",
    "help": HELP,
    "identity": "I am a bot that answers questions about {the} by quoting the paragraph that "
    "answers them.",
    "abilities": "I answer questions about {the} by quoting the paragraph that answers them, "
    "and I say so when it does not. Try asking what it is about.",
    "empty": "Ask me a question about {the}, for example: what is it about?",
}


@dataclass(frozen=True)
class Reply:
    """What the bot says to one message, for every front end to render its own way."""

    message: str
    """The message as it was received."""
    kind: Kind
    said: str = ""
    """The bot's own words, plain text, before any quote ("" for an answer: it is the quote)."""
    matches: tuple[Match, ...] = ()
    """answer: the paragraphs that answer, best first; about: the lead paragraph quoted."""
    suggestions: tuple[str, ...] = ()
    """none: questions the article does answer."""
    topic: str = ""
    """The finer kind (see `intent.Intent.topic`): "greeting", "help", "date", "author"..."""

    @property
    def quoted(self) -> Match | None:
        """The paragraph the reply quotes, if any."""
        return self.matches[0] if self.matches else None

    @property
    def text(self) -> str:
        """The whole reply as plain text: the words, the quote and its source, suggestions."""
        blocks = [self.said] if self.said else []
        if self.quoted:
            passage = self.quoted.passage
            blocks.append(f"“{passage.text}”\n— {source_text(passage)}")
        if self.suggestions:
            blocks.append("\n".join([SUGGESTIONS_LEAD, *(f"• {s}" for s in self.suggestions)]))
        return "\n\n".join(blocks)


def reply_to(
    knowledge: KnowledgeBase, message: str, limit: int = 3, *, suggest: bool = True
) -> Reply:
    """The reply to `message`: up to `limit` matches for a question; refusals carry the
    knowledge base's suggested questions unless `suggest` is false."""
    intent = classify(message[:MAX_QUESTION_CHARS])  # all that search would read of it
    the = "the article" if len(knowledge.articles) == 1 else "the articles"
    if intent.kind == "chat":
        return Reply(message, "chat", CHAT[intent.topic].format(the=the), topic=intent.topic)
    if intent.kind == "about":
        return about(message, knowledge.articles, intent.topic)
    matches = tuple(knowledge.search(intent.question, limit=limit))
    if matches:
        return Reply(message, "answer", matches=matches)
    shown = " ".join(intent.question.split())
    if len(shown) > ECHO_CHARS:
        shown = shown[: ECHO_CHARS - 1].rstrip() + "…"
    verb = "does" if len(knowledge.articles) == 1 else "do"
    said = f"{the.capitalize()} {verb} not say anything I can quote about “{shown}”."
    return Reply(message, "none", said, suggestions=knowledge.suggestions if suggest else ())


def quoted_passage(knowledge: KnowledgeBase, message: str) -> Passage | None:
    """The paragraph the reply to `message` would quote as an answer, if any."""
    reply = reply_to(knowledge, message, limit=1, suggest=False)
    return reply.quoted.passage if reply.kind == "answer" and reply.quoted else None


def about(message: str, articles: tuple[Article, ...], topic: str) -> Reply:
    """A reply about the article(s) themselves, from their text and metadata."""
    if topic == "summary" and len(articles) == 1:
        lead = Passage(articles[0], 1, articles[0].paragraphs[0])
        said = "It opens with what it is about:"
        return Reply(message, "about", said, matches=(Match(lead, 1.0),), topic=topic)
    if topic == "summary":
        said = f"I know {len(articles)} articles:\n{listed(articles)}\n"
        said += "Ask me something specific about one of them."
    elif len(articles) == 1:
        said = one_fact(articles[0], topic)
    else:
        said = f"{EACH[topic]}\n{listed(articles, topic)}"
    return Reply(message, "about", said, topic=topic)


def one_fact(article: Article, topic: str) -> str:
    """The article's date, author or source as a sentence, or that it does not give it."""
    fact = fact_of(article, topic)
    if topic == "date":
        return f"It was published on {fact}." if fact else "The article does not give its date."
    if topic == "author":
        if fact:
            return f"It was written by {fact}."
        source = fact_of(article, "source")
        named = f" It comes from {source}." if source else ""
        return f"The article does not name its author.{named}"
    return f"It comes from {fact}." if fact else "The article does not name its source."


def fact_of(article: Article, topic: str) -> str | None:
    """The date (readable), author or source ("Name (url)", or the url) of an article."""
    if topic == "date":
        return readable_date(article.date) if article.date else None
    if topic == "author":
        return article.author
    if article.source and article.url:
        return f"{article.source} ({article.url})"
    return article.source or article.url


def listed(articles: tuple[Article, ...], topic: str | None = None) -> str:
    """One line per article, "• Title" or "• Title: fact", at most `MAX_LISTED` of them."""
    lines = []
    for article in articles[:MAX_LISTED]:
        title = article.title
        if len(title) > TITLE_CHARS:
            title = title[: TITLE_CHARS - 1].rstrip() + "…"
        if topic is None:
            lines.append(f"• {title}")
        else:
            lines.append(f"• {title}: {fact_of(article, topic) or 'not given'}")
    if len(articles) > MAX_LISTED:
        lines.append(f"… and {len(articles) - MAX_LISTED} more.")
    return "\n".join(lines)


def source_text(passage: Passage) -> str:
    """'Title, 2 January 2025, paragraph 3 of 7' (the date only when the article has one)."""
    article = passage.article
    pieces = [article.title]
    if article.date:
        pieces.append(readable_date(article.date))
    pieces.append(f"paragraph {passage.number} of {passage.total}")
    return ", ".join(pieces)


def readable_date(iso: str) -> str:
    """'2025-01-02' as '2 January 2025'; anything unparsable is shown as it is."""
    try:
        day = dtm.date.fromisoformat(iso[:10])
    except ValueError:
        return iso
    return f"{day.day} {day:%B %Y}"
