"""English verbs whose past forms a stemmer cannot bring back to their base: "said" -> "say".

Snowball stems "says" and "saying" to "say" but leaves "said" as it is, so "What did Trump
say?" never met a paragraph where he "said" anything. `base` maps each irregular past tense
and past participle to its verb. Forms that are as often another word are left out: "left"
(also "remaining", and the side), "found" (also "founded"), "saw", "felt", "rose", "lay",
"fell", "ground", "wound", "bore", "lead" and "spoke"; so is "born", which asks for a birth.
A question's "left" after a form of "be" is what remains (`remaining`): where no article uses
"left", the index reads it as "remain", at the discount of a word said otherwise.
"""

from __future__ import annotations

_VERBS = """
say said; tell told; go went gone; take took taken; make made; give gave given; hold held
think thought; bring brought; buy bought; begin began begun; know knew known; see seen
come came; become became; get got gotten; meet met; keep kept; win won; lose lost; pay paid
send sent; spend spent; build built; run ran; stand stood; write wrote written
break broke broken; choose chose chosen; drive drove driven; eat ate eaten; fight fought
seek sought; teach taught; catch caught; strike struck stricken; understand understood
throw threw thrown; grow grew grown; draw drew drawn; fly flew flown; forget forgot forgotten
hide hid hidden; rise risen; sell sold; sit sat; shoot shot; sleep slept; hear heard
mean meant; deal dealt; lend lent; lead led; leave; speak spoken; swear swore sworn
wear wore worn; tear tore torn; steal stole stolen; freeze froze frozen; wake woke woken
ride rode ridden; shake shook shaken; forbid forbade forbidden; forgive forgave forgiven
sing sang sung; sink sank sunk; swim swam swum; drink drank drunk; ring rang rung
begin began begun; bite bit bitten; blow blew blown; feed fed; flee fled; bend bent
bleed bled; breed bred; cling clung; dig dug; hang hung; seek sought; shine shone
shrink shrank shrunk; slide slid; spin spun; stick stuck; sting stung; swing swung
weep wept; withdraw withdrew withdrawn; undertake undertook undertaken; arise arose arisen
overcome overcame; overthrow overthrew overthrown; foresee foresaw foreseen; mislead misled
"""

IRREGULAR: dict[str, str] = {
    form: forms.split()[0]
    for forms in _VERBS.replace("\n", " ").split(";")
    for form in forms.split()[1:]
}
"""Each irregular past form -> its verb ("said" -> "say", "taken" -> "take")."""


def base(word: str) -> str:
    """The verb an irregular past form belongs to; any other word as it is."""
    return IRREGULAR.get(word, word)


BE_FORMS = frozenset(["is", "are", "was", "were", "be", "been", "being", "still"])
"""Words before "left" that make it what remains ("are left", "still left")."""


def remaining(word: str, before: str, after: str) -> bool:
    """Whether `word` is "left" saying what remains, not the side or the verb: after a form of
    "be" ("how many hostages are left?"), and not "left to" ("currencies are left to float")."""
    return word == "left" and before in BE_FORMS and after != "to"
