"""The actors stage: who is who in an article, with country, sector, title and every mention.

Steps, all on the one spaCy parse:

1. candidates: spaCy's PERSON/ORG/GPE/NORP/FAC entities merged with our gazetteer
   (countries, demonyms, capitals, organisations), each typed once per article by
   document consistency (a surface tagged PERSON once and ORG once is one thing; a
   bare "Gates" is the surname of "Robert Gates", whatever spaCy says);
2. persons: full names, surnames and spelling variants grouped into one actor; titles
   and appositions read for country, sector and title ("U.S. Defense Secretary Robert
   Gates", "Mahan's director, Hamid ...", "Adil Abdul-Mahdi, the caretaker Prime Minister");
3. countries act only where the syntax says so (subject, object, possessor, "talks with
   X"), not as places ("in Libya"); demonyms with government nouns ("Iraqi leaders") are
   the country, with armed forces ("Libyan air defenses") its military, with institutions
   ("the Iraqi parliament") a body of that country; capitals as subjects ("Tehran said");
4. organisations from the gazetteer or the text ("Iranian airline Mahan Air", "X, a
   Berlin-based non-profit", "Charité in Berlin");
5. coreference: "the prime minister" to the person with that title, "the alliance" to
   NATO, "the airline" to the airline named before, he/she/his/her to the most recent
   fitting person (outside quotations);
6. actors known from the user's actor file or learned from earlier articles."""

from __future__ import annotations

from spacy.tokens import Doc

from dyad import diskcache
from dyad import knowledge as kb
from dyad.contract import Context, stage
from dyad.extract.actors.article import ArticleState
from dyad.extract.actors.candidates import candidates
from dyad.extract.actors.coref import coreference
from dyad.extract.actors.countries import country_mention, fold_passive_forces, main_country
from dyad.extract.actors.finish import actors_of, apply_user, finish_orgs
from dyad.extract.actors.kinds import type_candidates
from dyad.extract.actors.memory import Known, Memory, learned, seed_known
from dyad.extract.actors.names import name_words
from dyad.extract.actors.nominals import nominals, unnamed_titles
from dyad.extract.actors.orgs import (
    merge_parent_orgs,
    org_context,
    org_mention,
    org_work,
    titled_org_acts,
)
from dyad.extract.actors.persons import finish_persons, person, person_facts, person_role
from dyad.extract.actors.roles import apposition, role_range_ok, title_prefix
from dyad.extract.actors.syntax import Cand, slot
from dyad.model import Actor, Record

__all__ = ["run", "seed_known", "slot"]


def setup(ctx: Context) -> None:
    """Start the run's memory from the actors the database already knows."""
    diskcache.set_folder(ctx.settings.cache_dir)  # the gazetteer's built tables
    if ctx.settings.known_actors:
        seed_known(ctx.settings.known_actors, ctx)


@stage("actors", assigns=("actors",), setup=setup)
def run(doc: Doc, rec: Record, ctx: Context) -> None:
    """Resolve every actor mention in ``doc`` onto ``rec.actors``."""
    art = ArticleState.of(doc, rec, ctx)
    build(art)
    fold_passive_forces(art)
    apply_user(art)
    actors = actors_of(art)
    rec.actors.extend(actors)
    if ctx is not None and ctx.settings.learn_in_stage:
        # else the ingest's writer learns, in input order (see RunLearner)
        remember_actors(actors, rec.id, learned(ctx))


def build(art: ArticleState) -> None:
    """Every step up to the actors of the article, in order (each fills ``art``)."""
    doc = art.doc
    cands = type_candidates(art, candidates(art))
    by_tok: dict[int, Cand] = {}
    for c in cands:
        for i in range(c.start, c.end):
            by_tok[i] = c
    for c in art.inner:  # the innermost name wins for lookups
        for i in range(c.start, c.end):
            by_tok[i] = c
    art.by_tok = by_tok
    # persons: full names first (in order), then single names
    persons = [c for c in cands if c.kind == "person"]
    for c in sorted(persons, key=lambda c: (len(name_words(c.text(doc))) < 2, c.start)):
        person(art, c)
    # where titles and appositions are (their names do not make actors by themselves)
    art.role_ranges: dict[int, list[tuple[int, int]]] = {}
    for c in persons:
        rs = [r for r in (title_prefix(art, c.start), apposition(art, c)) if r]
        rs = [r for r in rs if role_range_ok(art, *r)]
        art.role_ranges[c.start] = rs
        for s, e in rs:
            art.title_toks.update(range(s, e))
    # organisations: longer names first, so "Mahan" finds "Mahan Air"
    orgs = [c for c in cands if c.kind == "org"]
    orgs.sort(key=lambda c: (-(c.end - c.start), c.start))
    late = []
    for c in orgs:
        if c.start in art.title_toks:
            late.append(c)
            continue
        org_mention(art, c)
    for c in late:  # inside a title: see titled_org_acts
        if titled_org_acts(art, c, org_work(art, c)):
            org_mention(art, c)
    for c in orgs:
        org_context(art, c)
    merge_parent_orgs(art)
    # roles of persons (after orgs, so "Mahan's director" finds Mahan Air)
    for c in sorted(persons, key=lambda c: c.start):
        person_role(art, c)
    for c in persons:
        person_facts(art, c)
    main_country(art, cands)
    # countries, demonyms, capitals
    for c in cands:
        if c.kind in ("country", "demonym", "capital"):
            country_mention(art, c)
    finish_persons(art)
    nominals(art)
    unnamed_titles(art)
    finish_orgs(art)
    coreference(art)


def remember_actors(actors: list[Actor], article_id: str, mem: Memory) -> None:
    """Put the actors an article named in full (with a country) into ``mem``."""
    for a in actors:
        if (
            a.kind == "org"
            and a.country
            and a.provenance == "text"
            and a.confidence >= 0.9
            and kb.org_by_name(a.name) is None
            and any(m.kind == "name" for m in a.mentions)
        ):
            mem.add(
                Known(
                    name=a.name,
                    country=a.country,
                    sector=a.sector,
                    aliases=[s for s in a.aliases if s and not kb.is_acronym(s)],
                    kind="org",
                    provenance=f"learned:{article_id}",
                )
            )
            continue
        if a.kind != "person" or len(name_words(a.name)) < 2 or not a.country:
            continue
        if a.provenance not in ("text",) or a.confidence < 0.9:
            continue
        if not any(m.kind == "name" for m in a.mentions):
            continue  # "the Mongolian President": a title, not a name to remember
        mem.add(
            Known(
                name=a.name,
                country=a.country,
                sector=a.sector,
                title=a.title,
                aliases=[s for s in a.aliases if s],
                kind="person",
                provenance=f"learned:{article_id}",
            )
        )


class RunLearner:
    """Learning across the articles of one ingest run, done by the writer in input order.

    Worker processes start from what the database knew when the run began
    (``learn_in_stage`` off), so every worker count gives the same records; the writer
    then resolves bare surnames an earlier article of the run named in full ("Gates"
    after "U.S. Defense Secretary Robert Gates"), and learns from each record it stores.
    """

    def __init__(self, rows: list[dict] | None = None):
        ctx = Context()
        if rows:
            seed_known(rows, ctx)
        self.mem = learned(ctx)

    def apply(self, rec: Record) -> int:
        """Resolve what the run has learned in ``rec``; then learn from it. Returns how
        many actors changed."""
        changed: dict[str, Actor] = {}
        for a in rec.actors:
            if a.kind != "person" or len(name_words(a.name)) >= 2:
                continue
            if a.country is not None and a.provenance != "context":
                continue
            k = self.mem.find(a.name, rec.published, person=True)
            if k is None or not k.country:
                continue
            if a.name not in a.aliases:
                a.aliases.append(a.name)
            a.name, a.country = k.name, k.country
            a.sector, a.title = a.sector or k.sector, a.title or k.title
            a.provenance, a.confidence = k.provenance or "learned", min(a.confidence, 0.8)
            changed[a.id] = a
        if changed:
            for e in rec.events:
                for attr in ("source", "target", "reported_by"):
                    ref = getattr(e, attr)
                    if ref is not None and ref.actor_id in changed:
                        setattr(e, attr, changed[ref.actor_id].ref())
            for q in rec.quotes:
                if q.speaker is not None and q.speaker.actor_id in changed:
                    q.speaker = changed[q.speaker.actor_id].ref()
        remember_actors(rec.actors, rec.id, self.mem)
        return len(changed)
