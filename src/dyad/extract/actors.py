"""The actors stage: spaCy entities into actors with mentions (first cut)."""

from __future__ import annotations

from spacy.tokens import Doc

from dyad.model import Actor, Mention, Record

LABELS = {"PERSON": "person", "ORG": "org", "GPE": "country", "NORP": "group"}


def run(doc: Doc, rec: Record, ctx: object) -> None:
    """One actor per distinct entity text, with every mention's span."""
    by_name: dict[str, Actor] = {}
    for ent in doc.ents:
        if ent.label_ not in LABELS:
            continue
        a = by_name.get(ent.text)
        if a is None:
            a = Actor(id=f"A{len(by_name) + 1}", name=ent.text, kind=LABELS[ent.label_])
            by_name[ent.text] = a
        a.mentions.append(Mention(ent.start_char, ent.end_char, ent.text, "name"))
    rec.actors.extend(by_name.values())
