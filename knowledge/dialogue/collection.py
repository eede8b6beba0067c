"""What the bot says about the articles themselves: the collection, one article's facts.

"which articles do you have?", "what's the latest article?", "what's the headline?", "send me
the link", "when was it published?", "who wrote it?", "summary of the tariffs article": each
is answered from the articles' titles, dates, links and metadata, never guessed. A fact an
article does not give is said to be missing.
"""

from __future__ import annotations

from knowledge.dialogue.followup import plain_words
from knowledge.dialogue.intent import ARTICLE_NOUNS, SUMMARY_NOUNS
from knowledge.dialogue.wording import readable_date, short
from knowledge.models import Article
from knowledge.search.text import is_stop_word, stem, words

MAX_LISTED = 10
"""Articles listed by name in one reply; the rest are counted."""
EACH = {
    "date": "When each was published:",
    "author": "Who wrote each:",
    "source": "Where each comes from:",
    "link": "The link of each:",
}
NOT_NAMES = frozenset(
    [
        "article",
        "articles",
        "story",
        "piece",
        "report",
        "text",
        "please",
        "give",
        "tell",
        "want",
        "need",
        "short",
        "quick",
    ]
)
"""Words around "summary" that name no article."""
NO_LINK = "The article has no link: it was added as a file, not from a web page."


def about(articles: tuple[Article, ...], topic: str) -> tuple[str, Article | None]:
    """What to say, and the article whose opening paragraph to quote (None: quote nothing)."""
    if topic == "summary" and len(articles) == 1:
        return "It opens with what it is about:", articles[0]
    if topic in ("summary", "articles"):
        if len(articles) == 1:
            return f"I know one article:\n{listed(articles, 'entry')}", None
        said = f"I know {len(articles)} articles:\n{listed(articles, 'entry')}"
        return said + "\nAsk me something specific about one of them.", None
    if topic == "latest":
        latest = max(articles, key=lambda a: a.date or "")
        if not latest.date:
            return f"The articles give no dates. I know:\n{listed(articles, 'entry')}", None
        return f"The latest is {title_line(latest)}. It opens with:", latest
    if topic == "headline":
        if len(articles) == 1:
            return f"The headline: {short(articles[0].title)}", None
        return f"The headlines:\n{listed(articles)}", None
    if len(articles) == 1:
        return one_fact(articles[0], topic), None
    return f"{EACH[topic]}\n{listed(articles, topic)}", None


def title_line(article: Article) -> str:
    """ "Title (2 January 2025)" """
    date = f" ({readable_date(article.date)})" if article.date else ""
    return f"“{short(article.title)}”{date}"


def one_fact(article: Article, topic: str) -> str:
    """The article's date, author, source or link as a sentence, or that it does not give it."""
    fact = fact_of(article, topic)
    if topic == "date":
        return f"It was published on {fact}." if fact else "The article does not give its date."
    if topic == "author":
        if fact:
            return f"It was written by {fact}."
        source = fact_of(article, "source")
        named = f" It comes from {source}." if source else ""
        return f"The article does not name its author.{named}"
    if topic == "link":
        return f"The article's link: {fact}" if fact else NO_LINK
    return f"It comes from {fact}." if fact else "The article does not name its source."


def fact_of(article: Article, topic: str) -> str | None:
    """The date (readable), author, link, or source ("Name (url)", or the url) of an article."""
    if topic == "date":
        return readable_date(article.date) if article.date else None
    if topic == "author":
        return article.author
    if topic == "link":
        return article.url
    if article.source and article.url:
        return f"{article.source} ({article.url})"
    return article.source or article.url


def listed(articles: tuple[Article, ...], topic: str | None = None) -> str:
    """One line per article, at most `MAX_LISTED`: "• Title", "• Title: fact", or for
    `topic` "entry" "• Title (date) link"."""
    lines = []
    for article in articles[:MAX_LISTED]:
        title = short(article.title)
        if topic is None:
            lines.append(f"• {title}")
        elif topic == "entry":
            link = f" {article.url}" if article.url else ""
            lines.append(f"• {title_line(article)}{link}")
        else:
            lines.append(f"• {title}: {fact_of(article, topic) or 'not given'}")
    if len(articles) > MAX_LISTED:
        lines.append(f"… and {len(articles) - MAX_LISTED} more.")
    return "\n".join(lines)


SUMMARY_WORDS = frozenset(
    {"summary", "summarize", "summarise", "tldr", "gist", "overview", "recap", "synopsis"}
    | {"nutshell"}
)
"""Words that ask for a summary whatever else is said (not "point" or "idea", which often
ask about the content: "Who had the idea for the inquiry?")."""


def asks_summary(question: str) -> bool:
    """Whether a question asks for a summary: "summary of the tariffs article", or what an
    article is about ("what is the tariffs article about?"; not "what does the article say
    about tariffs?", which asks what it says)."""
    found = [w.replace("'", "") for w in plain_words(question)]
    if any(w in SUMMARY_WORDS for w in found):
        return True
    return (
        found[-1:] == ["about"]
        and found[0] in ("what", "whats")
        and bool(ARTICLE_NOUNS.intersection(found))
    )


def named_article(articles: tuple[Article, ...], question: str) -> Article | None:
    """The one article whose title holds the most of the question's other words, if any."""
    wanted = {
        stem(w)
        for w in words(question)
        if not is_stop_word(w) and w not in SUMMARY_NOUNS and w not in NOT_NAMES
    }
    if not wanted:
        return None
    scored = [(len(wanted & {stem(w) for w in words(a.title)}), a) for a in articles]
    best = max(n for n, _ in scored)
    found = [a for n, a in scored if n == best]
    return found[0] if best and len(found) == 1 else None
