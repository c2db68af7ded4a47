"""One event, many mentions: merging reports of the same event, keeping distinct ones apart."""

from __future__ import annotations

import pytest

from dyad.model import Actor, ActorRef, Event, Mention, Record, article_id
from dyad.store import Store
from dyad.store.matching import Side, Where, place_score, same_actor


def story(
    text: str,
    url: str,
    publisher: str,
    *,
    etype: str = "ASSAULT",
    source: tuple[str, str | None] | None = ("al-Shabaab", "SOM"),
    target: tuple[str, str | None] | None = ("Kenya Defence Forces", "KEN"),
    date: str | None = "2019-01-15",
    place: dict | None = None,
    trigger: str = "attacked",
    negated: bool = False,
    hypothetical: bool = False,
    published: str = "2019-01-15",
    extra_events: int = 0,
) -> Record:
    """A record with one event (plus ``extra_events`` more mentions of it) as a stage makes it."""
    rec = Record(
        id=article_id(url, text),
        text=text,
        url=url,
        publisher=publisher,
        published=published,
        title=text[:40],
    )
    refs = []
    for i, side in enumerate((source, target)):
        if side is None:
            refs.append(None)
            continue
        name, country = side
        start = max(0, text.find(name.split()[-1]))
        rec.actors.append(
            Actor(
                id=f"A{i + 1}",
                name=name,
                country=country,
                mentions=[Mention(start, start + len(name.split()[-1]))],
            )
        )
        refs.append(ActorRef(name, country, None, f"A{i + 1}"))
    t = max(0, text.find(trigger))
    for _ in range(1 + extra_events):
        rec.events.append(
            Event(
                type=etype,
                span=(t, t + len(trigger)),
                sentence=text,
                source=refs[0],
                target=refs[1],
                cameo="190",
                quad_class=4,
                goldstein=-10.0,
                date=date,
                place=place,
                trigger=trigger,
                negated=negated,
                hypothetical=hypothetical,
            )
        )
    rec.tone = -5.0
    return rec


NAIROBI = {"name": "Nairobi", "country": "KEN", "lat": -1.28, "lon": 36.82, "feature": "city"}
MOMBASA = {"name": "Mombasa", "country": "KEN", "lat": -4.05, "lon": 39.67, "feature": "city"}
KENYA = {"name": "Kenya", "country": "KEN", "lat": 0.0, "lon": 38.0, "feature": "country"}


@pytest.fixture()
def store(tmp_path):
    st = Store(str(tmp_path / "e.duckdb"))
    yield st
    st.close()


def test_three_rewordings_are_one_event_with_three_mentions(store):
    texts = [
        ("Al-Shabaab fighters attacked Kenyan troops in Nairobi on Tuesday.", "attacked"),
        ("Kenyan soldiers came under attack by al-Shabaab in Nairobi.", "attack"),
        ("Militants from al-Shabaab stormed a Kenya Defence Forces base in Nairobi.", "stormed"),
    ]
    pubs = ["Daily Nation", "Reuters", "Al Jazeera"]
    for i, ((text, trig), pub) in enumerate(zip(texts, pubs, strict=True)):
        rec = story(
            text,
            f"https://news{i}.example/a",
            pub,
            trigger=trig,
            place=NAIROBI if i != 1 else KENYA,
            date="2019-01-15" if i != 2 else "2019-01-16",  # within the one-day window
        )
        assert store.upsert(rec) == "stored"
    evs = store.events()
    assert len(evs) == 1
    ev = evs[0]
    assert ev["num_mentions"] == 3 and ev["num_articles"] == 3 and ev["num_sources"] == 3
    assert ev["place_name"] == "Nairobi"
    mentions = store.event_mentions(ev["id"])
    assert len(mentions) == 3
    spans = {(m["span_start"], m["span_end"]) for m in mentions}
    assert len(spans) == 3  # every evidence span is kept
    assert {m["publisher"] for m in mentions} == set(pubs)


def test_two_similar_attacks_in_different_cities_stay_two_events(store):
    store.upsert(
        story("Al-Shabaab attacked Kenyan troops in Nairobi.", "https://a.example/1", "A",
              place=NAIROBI)
    )  # fmt: skip
    store.upsert(
        story("Al-Shabaab attacked Kenyan troops in Mombasa.", "https://b.example/2", "B",
              place=MOMBASA)
    )  # fmt: skip
    evs = store.events(order="id")
    assert len(evs) == 2
    assert {e["place_name"] for e in evs} == {"Nairobi", "Mombasa"}
    assert all(e["num_mentions"] == 1 for e in evs)
    # A third report naming only the country joins one of them, not a new third event.
    store.upsert(
        story("Al-Shabaab attacked Kenyan troops.", "https://c.example/3", "C", place=KENYA)
    )
    assert len(store.events()) == 2
    assert sum(e["num_mentions"] for e in store.events()) == 3


def test_distinct_dyads_types_and_dates_are_not_merged(store):
    base = "Al-Shabaab attacked Kenyan troops in Nairobi."
    store.upsert(story(base, "https://a.example/1", "A", place=NAIROBI))
    # another target
    store.upsert(
        story(base + " Two.", "https://a.example/2", "A", target=("Somali army", "SOM"),
              place=NAIROBI)
    )  # fmt: skip
    # another type
    store.upsert(story(base + " Three.", "https://a.example/3", "A", etype="COERCE", place=NAIROBI))
    # three days later
    store.upsert(
        story(base + " Again.", "https://a.example/4", "A", date="2019-01-18", place=NAIROBI)
    )
    assert len(store.events()) == 4


def test_surname_matches_full_name_of_same_country(store):
    store.upsert(
        story("Gates accused Gadhafi.", "https://a.example/1", "A", etype="ACCUSE",
              source=("Robert Gates", "USA"), target=("Moammar Gadhafi", "LBY"), place=None,
              trigger="accused")
    )  # fmt: skip
    store.upsert(
        story("Gates accused Gadhafi of lying.", "https://b.example/2", "B", etype="ACCUSE",
              source=("Gates", "USA"), target=("Gadhafi", "LBY"), place=None, trigger="accused")
    )  # fmt: skip
    evs = store.events()
    assert len(evs) == 1 and evs[0]["num_mentions"] == 2 and evs[0]["num_sources"] == 2


def test_negated_and_hypothetical_mentions_are_stored_but_never_events(store):
    rec = story("Al-Shabaab did not attack Kenyan troops.", "https://a.example/1", "A",
                negated=True, trigger="attack")  # fmt: skip
    store.upsert(rec)
    rec2 = story("Al-Shabaab may attack Kenyan troops.", "https://b.example/2", "B",
                 hypothetical=True, trigger="attack")  # fmt: skip
    store.upsert(rec2)
    assert store.events() == []
    rows = store.con.execute(
        "SELECT negated, hypothetical, event_id FROM event_mentions ORDER BY negated"
    ).fetchall()
    assert sorted(rows) == [(False, True, None), (True, False, None)]
    assert store.articles()[0]["events"] == 0
    # A real report afterwards makes one event with one mention: the others do not count.
    store.upsert(story("Al-Shabaab attacked Kenyan troops.", "https://c.example/3", "C"))
    evs = store.events()
    assert len(evs) == 1 and evs[0]["num_mentions"] == 1


def test_same_event_twice_in_one_article(store):
    store.upsert(
        story("Al-Shabaab attacked Kenyan troops. The attack killed four.", "https://a.ex/1",
              "A", extra_events=1)
    )  # fmt: skip
    ev = store.events()[0]
    assert ev["num_mentions"] == 2 and ev["num_articles"] == 1 and ev["num_sources"] == 1


def test_replacing_an_article_recounts_and_drops_orphan_events(store):
    a = story("Al-Shabaab attacked Kenyan troops.", "https://a.example/1", "A")
    b = story("Al-Shabaab attacked Kenyan soldiers.", "https://b.example/2", "B")
    store.upsert(a)
    store.upsert(b)
    assert store.events()[0]["num_mentions"] == 2
    edited = story("Al-Shabaab attacked Kenyan soldiers (updated).", "https://b.example/2", "B",
                   etype="COERCE")  # fmt: skip
    assert store.upsert(edited) == "replaced"
    evs = {e["type"]: e for e in store.events()}
    assert evs["ASSAULT"]["num_mentions"] == 1 and evs["COERCE"]["num_mentions"] == 1
    store.delete_article(a.id)
    assert [e["type"] for e in store.events()] == ["COERCE"]


def test_matching_helpers():
    assert same_actor(Side.of("Robert Gates", "USA"), Side.of("Gates", "USA"))
    assert not same_actor(Side.of("Robert Gates", "USA"), Side.of("Bill Gates", "USA"))
    assert not same_actor(Side.of("Gates", "USA"), Side.of("Gates", "GBR"))
    assert same_actor(None, None) and not same_actor(Side.of("X", None), None)
    assert place_score(Where.of(NAIROBI), Where.of(MOMBASA)) is None
    assert place_score(Where.of(NAIROBI), Where.of(KENYA)) == 1
    assert place_score(Where.of(NAIROBI), None) == 1
    assert place_score(Where.of(NAIROBI), Where.of(dict(NAIROBI, name="Nairobi City"))) == 2


def test_signing_reported_both_ways_and_by_country_is_one_event(store):
    kw = dict(etype="COOPERATE", place=None, trigger="signed", date="2024-02-20",
              published="2024-02-20")  # fmt: skip
    a = story("Brazilian President Rafael Monteiro signed a deal with Lucia Ferraro.",
              "https://a.example/1", "A", source=("Rafael Monteiro", "BRA"),
              target=("Lucia Ferraro", "ARG"), **kw)  # fmt: skip
    b = story("Argentina and Brazil signed a trade agreement.", "https://b.example/2", "B",
              source=("Argentina", "ARG"), target=("Brazil", "BRA"), **kw)  # fmt: skip
    for rec in (a, b):
        for e in rec.events:
            e.cameo = "057"
    store.upsert(a)
    store.upsert(b)
    evs = store.events()
    assert len(evs) == 1 and evs[0]["num_sources"] == 2


def test_one_way_actions_do_not_merge_reversed_or_with_rebels(store):
    store.upsert(story("Kenya attacked Somalia.", "https://a.example/1", "A",
                       source=("Kenya", "KEN"), target=("Somalia", "SOM")))  # fmt: skip
    store.upsert(story("Somalia attacked Kenya.", "https://b.example/2", "B",
                       source=("Somalia", "SOM"), target=("Kenya", "KEN")))  # fmt: skip
    assert len(store.events()) == 2
    rebels = story("Somali rebels attacked Kenya.", "https://c.example/3", "C",
                   source=("Somali rebels", "SOM"), target=("Kenya", "KEN"))  # fmt: skip
    rebels.events[0].source.sector = "REB"
    store.upsert(rebels)
    assert len(store.events()) == 3


def test_surname_without_country_matches_but_other_countries_do_not():
    assert same_actor(Side.of("Trump", None), Side.of("Donald Trump", "USA"))
    assert not same_actor(Side.of("Trump", "GBR"), Side.of("Donald Trump", "USA"))
    assert not same_actor(Side.of("Ivanka Trump", None), Side.of("Donald Trump", "USA"))


def test_collective_nouns_and_missing_sides():
    assert same_actor(
        Side.of("Russian troops", "RUS", "MIL"), Side.of("Russian forces", "RUS", "MIL")
    )
    assert not same_actor(
        Side.of("Russian troops", "RUS", "MIL"), Side.of("Russian police", "RUS", "COP")
    )
    assert not same_actor(
        Side.of("Russian troops", "RUS", "MIL"), Side.of("Ukrainian troops", "UKR", "MIL")
    )


def test_event_place_comes_from_the_sentence_when_missing_or_broad():
    from dyad.model import Place
    from dyad.store.matching import event_place

    places = [Place("Kharkiv", (10, 17), "UKR", 50.0, 36.2, None, "city"),
              Place("Ukraine", (21, 28), "UKR", 49.0, 32.0, None, "country"),
              Place("Moscow", (80, 86), "RUS", 55.7, 37.6, None, "city")]  # fmt: skip
    assert event_place(None, (0, 40), places)["name"] == "Kharkiv"
    assert event_place({"name": "Ukraine", "country": "UKR"}, (0, 40), places)["name"] == "Kharkiv"
    assert (
        event_place({"name": "Lviv", "country": "UKR", "feature": "city"}, (0, 40), places)["name"]
        == "Lviv"
    )
    assert event_place(None, (30, 60), places) is None  # Moscow is in another sentence


def test_a_report_leaving_out_the_target_joins_only_at_the_same_place(store):
    full = story("Al-Shabaab attacked Kenyan troops in Nairobi.", "https://a.example/1", "A",
                 place=NAIROBI)  # fmt: skip
    short = story("Al-Shabaab attacked in Nairobi.", "https://b.example/2", "B", target=None,
                  place=NAIROBI)  # fmt: skip
    elsewhere = story("Al-Shabaab attacked in Mombasa.", "https://c.example/3", "C", target=None,
                      place=MOMBASA)  # fmt: skip
    for rec in (full, short, elsewhere):
        store.upsert(rec)
    evs = {e["place_name"]: e for e in store.events()}
    assert evs["Nairobi"]["num_mentions"] == 2 and evs["Mombasa"]["num_mentions"] == 1


# --- Evidence of identity: compatible is not the same (issue 19) ---------------------


def _undated(rec: Record) -> Record:
    """As the pipeline stores an event nothing in the text dates: the publication day."""
    for e in rec.events:
        e.date, e.date_source = rec.published, "published"
    return rec


def test_different_pledges_of_one_party_on_one_day_stay_apart(store):
    pledges = [
        ("Labour pledged to scrap tuition fees for university students.", "pledged"),
        ("Labour pledged to build 200,000 new council homes by 2010.", "pledged"),
        ("Labour vowed to protect the state pension for every retired worker.", "vowed"),
    ]
    for i, (text, trig) in enumerate(pledges):
        rec = story(text, f"https://p{i}.example/a", f"P{i}", etype="AGREE",
                    source=("Labour", "GBR"), target=None, trigger=trig,
                    published="2005-04-10")  # fmt: skip
        store.upsert(_undated(rec))
    assert len(store.events()) == 3


def test_one_politician_rejecting_different_things_is_several_events(store):
    rejections = [
        ("Gordon Brown rejected calls for an early budget statement.", "rejected"),
        ("Gordon Brown rejected the opposition tax plans as uncosted.", "rejected"),
        ("Gordon Brown dismissed claims of a rift inside the cabinet.", "dismissed"),
        ("Gordon Brown ruled out any rise in value added tax.", "ruled out"),
    ]
    for i, (text, trig) in enumerate(rejections):
        rec = story(text, f"https://r{i}.example/a", f"R{i}", etype="REJECT",
                    source=("Gordon Brown", "GBR"), target=None, trigger=trig,
                    published="2005-02-01")  # fmt: skip
        store.upsert(_undated(rec))
    assert len(store.events()) == 4


def test_two_statements_dated_by_the_text_on_one_day_need_evidence_to_merge(store):
    a = story("The United States agreed to extend wheat export credits to Egypt.",
              "https://w.example/1", "W", etype="AGREE", source=("United States", "USA"),
              target=None, trigger="agreed", date="1987-03-02", published="1987-03-03")  # fmt: skip
    b = story("The United States agreed to reschedule the debt of its Latin allies.",
              "https://w.example/2", "X", etype="AGREE", source=("United States", "USA"),
              target=None, trigger="agreed", date="1987-03-02", published="1987-03-03")  # fmt: skip
    store.upsert(a)
    store.upsert(b)
    assert len(store.events()) == 2


def test_the_same_pledge_from_two_outlets_is_one_event_and_says_why(store):
    a = story("Labour pledged to scrap tuition fees for university students.",
              "https://a.example/1", "A", etype="AGREE", source=("Labour", "GBR"), target=None,
              trigger="pledged", published="2005-04-10")  # fmt: skip
    b = story("Labour has pledged to scrap university tuition fees, the party said.",
              "https://b.example/2", "B", etype="AGREE", source=("Labour", "GBR"), target=None,
              trigger="pledged", published="2005-04-10")  # fmt: skip
    late = story("Labour pledged again to scrap tuition fees for university students.",
                 "https://c.example/3", "C", etype="AGREE", source=("Labour", "GBR"),
                 target=None, trigger="pledged", published="2005-04-11")  # fmt: skip
    for rec in (a, b, late):
        store.upsert(_undated(rec))
    evs = store.events(order="id")
    # the report a day later, dated only by its publication day, is not tied to it
    assert [e["num_mentions"] for e in evs] == [2, 1]
    why = [m["joined_because"] for m in store.event_mentions(evs[0]["id"])]
    assert why[0] == "first report"
    assert "same object words" in why[1] and "publication day" in why[1]
    assert "fee" in why[1] and "scrap" in why[1]


def test_rewordings_are_joined_for_a_stated_reason(store):
    for i, text in enumerate(
        ["Al-Shabaab attacked Kenyan troops in Nairobi.", "Al-Shabaab attacked Kenyan soldiers."]
    ):
        store.upsert(story(text, f"https://k{i}.example/a", f"K{i}", place=NAIROBI if i else None))
    (ev,) = store.events()
    why = [m["joined_because"] for m in store.event_mentions(ev["id"])]
    assert "first report" in why
    assert any("same target" in w and "score" in w for w in why)


def test_object_words_are_the_triggers_clause():
    from dyad.store.matching import object_words

    s = "On Monday, Labour pledged to scrap tuition fees, the party said."
    at = s.index("pledged")
    assert object_words(s, (at, at + 7), ("Labour",)) == {"scrap", "tuition", "fee"}
    s = "Kharkiv was attacked by Russian troops on Monday."
    at = s.index("attacked")
    assert object_words(s, (at, at + 8), ("Russian troops",)) == {"kharkiv"}
    assert object_words("", (0, 0)) == frozenset()


def test_two_accusations_of_one_target_on_one_day_need_more_than_the_target(store):
    """The subject's title and the target's name are no evidence that what was said is
    the same: one leader accusing one rival of two things is two events."""
    a = story("Opposition leader Anna Berg has accused Mr Lind of ignoring the flood reports.",
              "https://a.example/1", "A", etype="ACCUSE", source=("Anna Berg", "SWE"),
              target=("Lind", "SWE"), trigger="accused", published="2005-03-01")  # fmt: skip
    b = story("Opposition leader Anna Berg has accused Lind of rigging the budget talks.",
              "https://b.example/2", "B", etype="ACCUSE", source=("Anna Berg", "SWE"),
              target=("Lind", "SWE"), trigger="accused", published="2005-03-01")  # fmt: skip
    store.upsert(_undated(a))
    store.upsert(_undated(b))
    assert len(store.events()) == 2
