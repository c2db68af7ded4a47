"""The example coder (``--coder example``): the smallest event coder that works.

It codes one thing only: a meeting. Each form of the verb "meet" whose subject and
object are actors of the record becomes a CONSULT event (CAMEO 040). It is a template
for writing a coder (see docs/architecture.md, "Adding a stage or a coder"), and the
test that a second coder plugs into the events stage by name; it is no rival to the
lexicon coder.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from dyad.contract import Context
from dyad.extract.events.coders import Candidate
from dyad.extract.lookup import actor_at
from dyad.model import Actor, Event, Record


def _actor(rec: Record, tok: Token) -> Actor | None:
    span = tok.doc[tok.left_edge.i : tok.right_edge.i + 1]
    return actor_at(rec, tok.idx, tok.idx + len(tok.text)) or actor_at(
        rec, span.start_char, span.end_char
    )


class ExampleCoder:
    """CONSULT for "X met Y"; nothing else."""

    name = "example"

    def setup(self, context: Context) -> None:
        """Nothing to load."""

    def code(
        self,
        doc: Doc,
        record: Record,
        context: Context,
        trace: list[Candidate] | None = None,
    ) -> list[Event]:
        events: list[Event] = []
        for tok in doc:
            if tok.lemma_ != "meet" or tok.pos_ != "VERB":
                continue
            cand = Candidate(tok.text, (tok.idx, tok.idx + len(tok.text)), "V", "meet")
            subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
            src = _actor(record, subj) if subj is not None else None
            tgt = _actor(record, obj) if obj is not None else None
            if src is None or tgt is None:
                cand.reason = "no actor as subject and object"
            else:
                cand.outcome, cand.type = "event", "CONSULT"
                cand.reason = f"{src.name} met {tgt.name}"
                cand.source, cand.target = src.name, tgt.name
                cand.events.append(len(events))
                sent = tok.sent
                events.append(
                    Event(
                        type="CONSULT",
                        span=(tok.idx, tok.idx + len(tok.text)),
                        sentence=sent.text,
                        source=src.ref(),
                        target=tgt.ref(),
                        cameo="040",
                        quad_class=1,
                        date=record.published,
                        date_source="published" if record.published else None,
                        trigger=tok.text,
                        rule="meet",
                        confidence=0.5,
                        sentence_span=(sent.start_char, sent.end_char),
                    )
                )
            if trace is not None:
                trace.append(cand)
        return events


CODER = ExampleCoder()
