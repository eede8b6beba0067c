"""Follow-ups: a message that cannot stand alone is read with the question before it."""

from __future__ import annotations

import json

import pytest
from support.running import ROOT, run_cli

from bot.conversations import Conversations, MemoryStore, chat_key
from knowledge import Article, KnowledgeBase, Reply, Turn, reply_to, turn_of
from knowledge.dialogue import step_to
from knowledge.dialogue.followup import asks_for_more, needs_context

FOLLOWUPS_DEV = ROOT.parent / "shared" / "eval" / "followups_dev.jsonl"
needs_followups_dev = pytest.mark.skipif(
    not FOLLOWUPS_DEV.is_file(), reason=f"follow-up set not found at {FOLLOWUPS_DEV}"
)


def chat(knowledge: KnowledgeBase, *messages: str) -> Reply:
    """The reply to the last of `messages`, sent one after another in one private chat."""
    before: Turn | None = None
    for message in messages:
        reply = reply_to(knowledge, message, after=before)
        before = turn_of(reply) or before
    return reply


def quoted(reply: Reply) -> str:
    assert reply.kind == "answer", reply
    assert reply.quoted is not None
    return reply.quoted.passage.text


@pytest.mark.parametrize(
    "message",
    ["by when?", "and Egypt?", "why?", "who said that?", "how many are still alive?",
     "and the US?", "are they alive?", "what about the prisoners?", "who else?", "where?",
     "what did they get in exchange?", "how long were they held?"],
)  # fmt: skip
def test_short_messages_that_cannot_stand_alone_need_context(message: str) -> None:
    assert needs_context(message)


@pytest.mark.parametrize(
    "message",
    ["What did Trump threaten?", "Who is mediating the talks?", "Who won the World Cup in 2018?",
     "How many MSPs are there?", "When did the war start?", "what is the capital of Qatar?",
     "What did Hamas say about their hostages?"],
)  # fmt: skip
def test_full_questions_stand_alone(message: str) -> None:
    assert not needs_context(message)


def test_more_next_and_another_ask_for_the_next_match() -> None:
    for message in ("more", "tell me more", "next", "Another", "another one", "more please"):
        assert asks_for_more(message), message
    for message in ("What's next for the talks?", "more hostages?", "who else?"):
        assert not asks_for_more(message), message


def test_by_when_after_trumps_threat_quotes_the_deadline(knowledge: KnowledgeBase) -> None:
    reply = chat(knowledge, "What did Trump threaten?", "by when?")
    assert "by his inauguration on Jan. 20" in quoted(reply)
    assert reply.read_as == "What did Trump threaten? by when?"


def test_a_full_new_question_is_not_bent_by_the_one_before(knowledge: KnowledgeBase) -> None:
    reply = chat(knowledge, "What did Trump threaten?", "Who is mediating the talks?")
    assert "Qatar and Egypt have led" in quoted(reply)
    assert reply.read_as == ""
    refused = chat(knowledge, "Who is mediating the talks?", "Who won the World Cup in 2018?")
    assert refused.kind == "none"


def test_a_follow_ups_own_words_choose_the_paragraph(knowledge: KnowledgeBase) -> None:
    assert "Qatar and Egypt" in quoted(chat(knowledge, "What did Trump threaten?", "and Egypt?"))
    off = chat(knowledge, "Who is mediating the talks?", "what about the World Cup?")
    assert off.kind == "none"
    assert "World Cup" in off.said


def test_next_steps_through_the_matches_and_says_when_there_are_no_more(
    knowledge: KnowledgeBase,
) -> None:
    first = reply_to(knowledge, "Who is mediating the talks?")
    seen = [quoted(first)]
    reply = first
    for _ in range(20):
        reply = chat(knowledge, "Who is mediating the talks?", *["next"] * len(seen))
        if reply.kind != "answer":
            break
        assert quoted(reply) not in seen
        seen.append(quoted(reply))
    assert len(seen) >= 2
    assert reply.kind == "chat"
    assert "nothing further" in reply.said


def test_more_with_nothing_asked_before_says_how_it_works(knowledge: KnowledgeBase) -> None:
    reply = reply_to(knowledge, "tell me more")
    assert reply.kind == "chat"
    assert "Ask me a question first" in reply.said


def test_a_chat_is_kept_for_ten_minutes_under_an_hmac_of_its_id() -> None:
    now = [1000.0]
    store = MemoryStore(clock=lambda: now[0])
    conversations = Conversations(store, b"secret")
    conversations.remember(42, Turn("What did Trump threaten?", 0, ("a.md", 5)))
    assert "42" not in "".join(store.values)
    assert chat_key(b"secret", 42) in store.values
    now[0] += 599
    assert conversations.before(42) == Turn("What did Trump threaten?", 0, ("a.md", 5))
    assert conversations.before(43) is None
    now[0] += 2
    assert conversations.before(42) is None


@needs_followups_dev
def test_eval_gets_every_follow_up_case_right() -> None:
    result = run_cli("eval", str(FOLLOWUPS_DEV), "--min-top1", "1")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "right: 12/12" in result.stdout


def test_ask_chat_reads_the_lines_as_one_private_chat() -> None:
    lines = "What did Trump threaten?\nby when?\nWho is mediating the talks?\nnext\n"
    result = run_cli("ask", "--chat", "--json", stdin=lines)
    assert result.returncode == 0, result.stderr
    replies = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["question"] for r in replies] == lines.splitlines()
    assert "by his inauguration on Jan. 20" in replies[1]["answer"]
    assert "Qatar and Egypt have led" in replies[2]["answer"]
    assert replies[3]["kind"] == "answer"
    assert replies[3]["answer"] != replies[2]["answer"]
    alone = run_cli("ask", "--json", stdin=lines)
    assert json.loads(alone.stdout.splitlines()[1])["kind"] != "answer"


def test_a_follow_up_that_points_back_stays_in_the_article_it_follows() -> None:
    ferry = Article(
        "ferry.md",
        "Harbour ferry to Skerry Island runs every hour",
        (
            "The harbour ferry to Skerry Island now leaves every hour from the north pier.",
            "Tickets for the ferry cost four euros and are sold on board.",
        ),
    )
    museum = Article(
        "museum.md",
        "Museum opens a new wing",
        ("The museum's new wing, worth 30 million euros, opens to visitors in May.",),
    )
    knowledge = KnowledgeBase([ferry, museum])
    reply = chat(knowledge, "How much do ferry tickets cost?", "how much is it worth?")
    assert reply.quoted is not None
    assert reply.quoted.passage.article.name == "ferry.md"


def test_a_chain_of_follow_ups_keeps_the_question_it_started_from(
    knowledge: KnowledgeBase,
) -> None:
    reply = chat(knowledge, "Who is mediating the talks?", "and Egypt?", "who else?")
    assert reply.kind == "answer"
    assert "Mediators have been conducting" in quoted(reply) or "talks" in quoted(reply)


def test_next_after_a_follow_up_goes_on_within_what_the_conversation_is_about() -> None:
    # "where were they held?" alone quotes the paragraph it quotes read with the question before
    # it, but alone it goes on to "Hold onto your feather bedding".
    hostages = Article(
        "hostages.md",
        "Taliban free two hostages",
        (
            "Two hostages who had been held by the Taliban in Afghanistan since 2016 were "
            "released on Tuesday in a prisoner swap.",
            "The three Taliban prisoners were released in Doha, where the group keeps a "
            "political office.",
        ),
    )
    bedding = Article(
        "bedding.md",
        "Feather bedding and the lungs",
        ("Hold onto your feather bedding, the doctors said, but mention any cough.",),
    )
    knowledge = KnowledgeBase([hostages, bedding])
    reply = chat(knowledge, "Who was released by the Taliban?", "where were they held?")
    assert "since 2016" in quoted(reply)
    # ▶, as the bot reads the question back from the message: its "Read as" line, else itself
    pressed = step_to(knowledge, reply.message, 1, read_as=reply.read_as)
    assert "Doha" in quoted(pressed)


def test_a_follow_up_about_them_is_read_with_the_question_that_named_them() -> None:
    hostages = Article(
        "hostages.md",
        "Taliban free two hostages",
        (
            "Two hostages held by the Taliban since 2016 were freed on Tuesday in exchange "
            "for three Taliban prisoners.",
        ),
    )
    market = Article(
        "market.md",
        "Seed market",
        ("Farmers get seeds in exchange for a share of the harvest.",),
    )
    knowledge = KnowledgeBase([hostages, market])
    assert "Farmers" in quoted(chat(knowledge, "what did they get in exchange?"))  # alone
    reply = chat(knowledge, "Who did the Taliban free?", "what did they get in exchange?")
    assert "Taliban prisoners" in quoted(reply)


def test_a_follow_up_that_points_back_leaves_the_article_only_for_one_more_about_it() -> None:
    settlements = Article(
        "settlements.md",
        "Settlements decision",
        (
            "Trump said the decision corrected a historic injustice.",
            "Britain warned that the settlements threaten the viability of a two-state solution.",
        ),
    )
    talks = Article(
        "talks.md",
        "Hostage talks",
        (
            "Trump has threatened that there will be hell to pay unless the hostages are freed.",
            "Qatar and Egypt lead the mediation between the two sides.",
        ),
    )
    knowledge = KnowledgeBase([settlements, talks])
    assert "historic injustice" in quoted(chat(knowledge, "What did Trump say?"))
    reply = chat(knowledge, "What did Trump say?", "what did he threaten?")
    assert "hell to pay" in quoted(reply)  # not the settlements that "threaten" a solution
