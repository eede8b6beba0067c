"""Regenerate `knowledge/search/data/related.tsv.gz` from the WordNet 3.0 database files.

    apt-get download wordnet-base && dpkg -x wordnet-base_*.deb /tmp/wordnet
    python tools/wordnet_table.py /tmp/wordnet/usr/share/wordnet

The table keeps, for each single English word that WordNet lists (and that symspellpy's
frequency dictionary knows, to keep it small), the words it relates to in its first senses:

- `syn`: the other words of the same synset, in its first `SENSES` senses of each part of speech;
- `der`: its derivationally related forms, pertainyms, participles and attributes
  ("abduct" / "abduction", "insist" / "insistence", "old" / "age");
- `hypo`: the words of the direct hyponyms of its first `SENSES` senses ("prisoner" ->
  "hostage");
- `hyper`: the words of the direct hypernyms of its first sense ("hostage" -> "captive");
- `=`: the base forms WordNet's exception lists give an irregular form ("held" -> "hold").

Names (capitalised in WordNet: "Hussein" as a king) and phrases are left out.

One line per word and relation: `word<TAB>relation<TAB>related words, space-separated`.
WordNet 3.0 Copyright 2006 by Princeton University (licence: `data/LICENSE-WordNet.txt`).
"""

from __future__ import annotations

import gzip
import re
import sys
from collections import defaultdict
from pathlib import Path

from knowledge.search.english import frequencies

OUT = Path(__file__).resolve().parent.parent / "knowledge" / "search" / "data" / "related.tsv.gz"
POS = {"noun": "n", "verb": "v", "adj": "a", "adv": "r"}
SENSES = 2
DERIVED = {"+", "\\", "<", "="}
HYPONYM = {"~"}
HYPERNYM = {"@"}
Synset = tuple[list[str], list[tuple[str, tuple[str, str], int, int]]]


def read_synsets(folder: Path) -> dict[tuple[str, str], Synset]:
    """Every synset by (part of speech, offset): its words and its pointers."""
    found: dict[tuple[str, str], Synset] = {}
    for name, pos in POS.items():
        for line in (folder / f"data.{name}").read_text("latin-1").splitlines():
            if line.startswith(" "):
                continue
            head = line.split(" | ")[0].split()
            count, at = int(head[3], 16), 4
            members = []
            for _ in range(count):
                members.append(re.sub(r"\(.*\)$", "", head[at]))
                at += 2
            pointers = []
            for _ in range(int(head[at])):
                symbol, offset, target_pos, source_target = head[at + 1 : at + 5]
                target = ("a" if target_pos == "s" else target_pos, offset)
                pointers.append(
                    (symbol, target, int(source_target[:2], 16), int(source_target[2:], 16))
                )
                at += 4
            found[(pos, head[0])] = (members, pointers)
    return found


def read_senses(folder: Path) -> dict[str, list[list[tuple[str, str]]]]:
    """Each word -> its synsets per part of speech, most frequent sense first."""
    senses: dict[str, list[list[tuple[str, str]]]] = defaultdict(list)
    for name, pos in POS.items():
        for line in (folder / f"index.{name}").read_text("latin-1").splitlines():
            if line.startswith(" "):
                continue
            fields = line.split()
            pointers = int(fields[3])
            senses[fields[0]].append([(pos, offset) for offset in fields[6 + pointers :]])
    return senses


def relations(folder: Path, known: set[str]) -> dict[tuple[str, str], set[str]]:
    synsets, senses = read_synsets(folder), read_senses(folder)
    table: dict[tuple[str, str], set[str]] = defaultdict(set)
    for word, per_pos in senses.items():
        if word not in known:
            continue
        for offsets in per_pos:
            for rank, key in enumerate(offsets):
                members, pointers = synsets[key]
                if rank < SENSES:
                    table[(word, "syn")].update(members)
                for symbol, target, source, goal in pointers:
                    words = synsets[target][0]
                    if source:  # a pointer between two words, not two synsets
                        if members[source - 1].lower() != word:
                            continue
                        words = [words[goal - 1]]
                    if symbol in DERIVED:
                        table[(word, "der")].update(words)
                    elif symbol in HYPONYM and rank < SENSES:
                        table[(word, "hypo")].update(words)
                    elif symbol in HYPERNYM and rank == 0:
                        table[(word, "hyper")].update(words)
    for name in POS:
        for line in (folder / f"{name}.exc").read_text("latin-1").splitlines():
            form, *bases = line.split()
            if form in known:
                table[(form, "=")].update(bases)
    return {
        key: {w for w in words if w in known and w != key[0]}  # a capitalised word is a name
        for key, words in table.items()
    }


def main(argv: list[str]) -> None:
    folder = Path(argv[0] if argv else "/usr/share/wordnet")
    known = {word for word in frequencies() if word.isalpha()}
    table = relations(folder, known)
    lines = [f"{w}\t{r}\t{' '.join(sorted(ws))}\n" for (w, r), ws in sorted(table.items()) if ws]
    with gzip.open(OUT, "wt", encoding="utf-8", compresslevel=9) as out:
        out.writelines(lines)
    print(f"{OUT}: {len(lines)} lines, {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main(sys.argv[1:])
