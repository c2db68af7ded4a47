"""The learn stage: what a run's articles teach the articles after them.

It runs right after the actors stage. From each article it takes the people and
organisations named in full with a country the text gave ("U.S. Defense Secretary
Robert Gates") and puts them on the record (``Record.lessons``) and into the run's
memory (:func:`dyad.extract.actors.memory.learned`), so the actors stage of every later
article resolves a bare "Gates" to him (``provenance="learned:<article id>"``), and the
stages after it (quotes, events, tone...) see that actor. The memory starts from
``Settings.prior_lessons``: in an ingest, the lessons of the articles already stored, so
a resumed ingest starts from exactly where the interrupted one stopped.

It is the run's one in-order stage (:class:`dyad.contract.InOrderStage`): a parallel
run (:mod:`dyad.parallel`, :mod:`dyad.distributed`) runs it in the main process, in
input order, and runs the actors stage of an article again there when the article read
a memory key the run has learned something under since the worker's memory was made.
So the records are the same for any number of workers.
"""

from __future__ import annotations

from spacy.tokens import Doc

from dyad import knowledge as kb
from dyad.contract import Context, register
from dyad.extract.actors.memory import known_from_lesson, learned
from dyad.extract.actors.names import name_words
from dyad.model import Actor, Lesson, Record


def lessons_of(actors: list[Actor], article_id: str) -> list[Lesson]:
    """What an article teaches: persons named in full with a country, and organisations
    the text placed (not in our organisation table), each read with confidence >= 0.9."""
    out: list[Lesson] = []
    for a in actors:
        if a.provenance != "text" or a.confidence < 0.9 or not a.country:
            continue
        if not any(m.kind == "name" for m in a.mentions):
            continue  # "the Mongolian President": a title, not a name to remember
        if a.kind == "org" and kb.org_by_name(a.name) is None:
            aliases = [s for s in a.aliases if s and not kb.is_acronym(s)]
            out.append(Lesson(a.name, "org", a.country, a.sector, None, aliases, article_id))
        elif a.kind == "person" and len(name_words(a.name)) >= 2:
            aliases = [s for s in a.aliases if s]
            out.append(Lesson(a.name, "person", a.country, a.sector, a.title, aliases, article_id))
    return out


class LearnStage:
    """The ``learn`` stage (see the module docstring)."""

    name = "learn"
    requires: tuple[str, ...] = ("actors",)
    uses: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ("lessons",)
    in_order = True

    def setup(self, context: Context) -> None:
        learned(context)

    def run(self, doc: Doc, record: Record, context: Context) -> None:
        self.run_in_order(record, context)

    def run_in_order(self, record: Record, context: Context) -> None:
        record.lessons = lessons_of(record.actors, record.id)
        self.absorb(record, context)

    def absorb(self, record: Record, context: Context) -> None:
        """Take in the lessons of a record this stage made earlier."""
        mem = learned(context)
        for lesson in record.lessons:
            mem.add(known_from_lesson(lesson))

    def watch(self, context: Context) -> None:
        """Note every memory key read from now on (on a worker, before the actors stage)."""
        learned(context).reads = set()

    def reads(self, context: Context) -> frozenset[str]:
        """The keys read since :meth:`watch` (and stop noting them)."""
        mem = learned(context)
        out = frozenset(mem.reads or ())
        mem.reads = None
        return out

    def track(self, context: Context) -> None:
        """Note every key this run learns something under from now on (in the main
        process, whose memory starts where the workers' memories stay)."""
        learned(context).changed = set()

    def stale(self, reads: frozenset[str], context: Context) -> bool:
        """Whether an article that read ``reads`` could read differently now."""
        changed = learned(context).changed
        return changed is None or not changed.isdisjoint(reads)


STAGE = register(LearnStage())
