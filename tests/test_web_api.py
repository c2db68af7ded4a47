"""The HTTP API of `dyad serve`: every endpoint, its filters, paging, downloads and bad input.

The database is built in the test from Records made with the model's dataclasses (so the
API is tested apart from the NLP stages), through the store's own upsert.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from dyad.model import Actor, ActorRef, Event, Mention, Place, Quote, Record, TimeRef, article_id
from dyad.store import Store
from dyad.vocab import SECTORS
from dyad.web import create_app
from dyad.web.app import STATIC

GATES = ActorRef("Robert Gates", "USA", "GOV", "A1")
SERDYUKOV = ActorRef("Anatoly Serdyukov", "RUS", "GOV", "A2")
GADHAFI = ActorRef("Moammar Gadhafi", "LBY", "GOV", "A3")


def _span(text: str, part: str, nth: int = 0) -> tuple[int, int]:
    at = -1
    for _ in range(nth + 1):
        at = text.index(part, at + 1)
    return at, at + len(part)


def _record(text: str, url: str, published: str, title: str, **parts) -> Record:
    rec = Record(
        id=article_id(url, text),
        text=text,
        title=title,
        published=published,
        url=url,
        publisher=url.split("/")[2],
    )
    for k, v in parts.items():
        setattr(rec, k, v)
    return rec


def _actor(text: str, local: str, name: str, country: str, sector: str, *names: str) -> Actor:
    mentions = [Mention(*_span(text, n), n) for n in names]
    aliases = [n for n in names if n != name]
    return Actor(local, name, country, sector, kind="person", aliases=aliases, mentions=mentions)


def _records() -> list[Record]:
    t1 = (
        "Russian Defense Minister Anatoly Serdyukov met Robert Gates in Moscow on Tuesday. "
        "Gates accused Moammar Gadhafi of killing civilians. "
        '"We will not stand by," Gates said.'
    )
    r1 = _record(
        t1,
        "https://example.org/2011/03/22/gates",
        "2011-03-22",
        "Gates in Moscow",
        actors=[
            _actor(t1, "A1", "Robert Gates", "USA", "GOV", "Robert Gates", "Gates"),
            _actor(t1, "A2", "Anatoly Serdyukov", "RUS", "GOV", "Anatoly Serdyukov"),
            _actor(t1, "A3", "Moammar Gadhafi", "LBY", "GOV", "Moammar Gadhafi"),
        ],
        events=[
            Event(
                "CONSULT",
                _span(t1, "met"),
                t1[: t1.index(".") + 1],
                SERDYUKOV,
                GATES,
                cameo="040",
                quad_class=1,
                goldstein=1.0,
                date="2011-03-22",
                place={"name": "Moscow", "country": "RUS"},
                trigger="met",
            ),
            Event(
                "ACCUSE",
                _span(t1, "accused"),
                "Gates accused Moammar Gadhafi of killing civilians.",
                GATES,
                GADHAFI,
                cameo="112",
                quad_class=3,
                goldstein=-2.0,
                date="2011-03-22",
                trigger="accused",
            ),
            Event(
                "THREATEN",
                _span(t1, "stand by"),
                '"We will not stand by," Gates said.',
                GATES,
                GADHAFI,
                quad_class=3,
                date="2011-03-22",
                negated=True,
            ),
        ],  # fmt: skip
        quotes=[
            Quote(
                "We will not stand by,",
                "direct",
                _span(t1, "We will not stand by,"),
                GATES,
                cue="said",
            )
        ],  # fmt: skip
        places=[Place("Moscow", _span(t1, "Moscow"), "RUS", 55.75, 37.62, feature="city")],
        times=[TimeRef("Tuesday", _span(t1, "Tuesday"), "2011-03-22", "day")],
        tone=-2.5,
    )
    # The same accusation in other words, from another outlet: one event, two mentions.
    t2 = "U.S. Defense Secretary Robert Gates on Tuesday accused Moammar Gadhafi of attacks on civilians."
    r2 = _record(
        t2,
        "https://news.example.com/a/gates-gadhafi",
        "2011-03-22",
        "Gates blames Gadhafi",
        actors=[
            _actor(t2, "A1", "Robert Gates", "USA", "GOV", "Robert Gates"),
            _actor(t2, "A2", "Moammar Gadhafi", "LBY", "GOV", "Moammar Gadhafi"),
        ],
        events=[
            Event(
                "ACCUSE",
                _span(t2, "accused"),
                t2,
                ActorRef("Robert Gates", "USA", "GOV", "A1"),
                ActorRef("Moammar Gadhafi", "LBY", "GOV", "A2"),
                cameo="112",
                quad_class=3,
                goldstein=-2.0,
                date="2011-03-22",
                trigger="accused",
            )
        ],  # fmt: skip
        tone=-4.0,
    )
    t3 = (
        "French jets struck Libyan tanks near Benghazi on Saturday. "
        "France and Britain agreed to share air patrols, officials said."
    )
    fra, lby, gbr = (ActorRef("France", "FRA", "MIL", "A1"), ActorRef("Libya", "LBY", "MIL", "A2"),
                     ActorRef("Britain", "GBR", "GOV", "A3"))  # fmt: skip
    r3 = _record(
        t3,
        "https://example.net/2011/03/26/jets",
        "2011-03-26",
        "French jets strike",
        actors=[
            Actor(
                "A1",
                "France",
                "FRA",
                "MIL",
                kind="country",
                mentions=[Mention(*_span(t3, "French"))],
            ),
            Actor(
                "A2",
                "Libya",
                "LBY",
                "MIL",
                kind="country",
                mentions=[Mention(*_span(t3, "Libyan"))],
            ),
            Actor(
                "A3",
                "Britain",
                "GBR",
                "GOV",
                kind="country",
                mentions=[Mention(*_span(t3, "Britain"))],
            ),
        ],
        events=[
            Event(
                "ASSAULT",
                _span(t3, "struck"),
                t3[: t3.index(".") + 1],
                fra,
                lby,
                cameo="195",
                quad_class=4,
                goldstein=-10.0,
                date="2011-03-26",
                place={"name": "Benghazi", "country": "LBY"},
                trigger="struck",
            ),
            Event(
                "AGREE",
                _span(t3, "agreed"),
                t3[t3.index("France and") :],
                fra,
                gbr,
                cameo="030",
                quad_class=1,
                goldstein=4.0,
                date="2011-03-26",
                trigger="agreed",
            ),
        ],  # fmt: skip
        places=[Place("Benghazi", _span(t3, "Benghazi"), "LBY", 32.1, 20.07, feature="city")],
        tone=-1.0,
    )
    return [r1, r2, r3]


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("web") / "web.duckdb"
    with Store(str(path)) as st:
        for rec in _records():
            assert st.upsert(rec) == "stored"
    return path


@pytest.fixture(scope="module")
def client(db) -> TestClient:
    return TestClient(create_app(str(db)))


def _items(client: TestClient, url: str) -> list[dict]:
    r = client.get(url)
    assert r.status_code == 200, r.text
    return r.json()["items"]


def _bad(client: TestClient, url: str, name: str | None = None) -> str:
    r = client.get(url)
    assert r.status_code == 422, (url, r.status_code, r.text)
    detail = r.json()["detail"]
    text = json.dumps(detail)
    if name:
        assert name in text, (url, text)
    return text


# --- the page and the description ------------------------------------------------------


def test_page_and_assets_are_local(client):
    r = client.get("/")
    assert r.status_code == 200 and "text/html" in r.headers["content-type"]
    assert "default-src 'self'" in r.headers["content-security-policy"]
    srcs = re.findall(r'(?:src|href)="([^"]+)"', r.text)
    assert srcs and all(s.startswith(("/", "#", "data:")) for s in srcs), srcs
    for f in sorted(STATIC.iterdir()):
        body = f.read_text()
        # No CDN or other remote asset: the only URL is the SVG namespace name.
        urls = set(re.findall(r"https?://[^\s\"'`)]+", body)) - {"http://www.w3.org/2000/svg"}
        assert not urls, (f.name, urls)
        assert client.get(f"/static/{f.name}").status_code == 200
    assert client.get("/static/nope.js").status_code == 404


def test_openapi_describes_every_endpoint(client):
    spec = client.get("/api/openapi.json").json()
    paths = set(spec["paths"])
    for p in ("/api/events", "/api/events/{event_id}", "/api/events/{event_id}/mentions", "/api/actors", "/api/actors/{key}",
              "/api/quotes", "/api/articles", "/api/articles/{article_id}", "/api/dyads",
              "/api/timeline", "/api/facets", "/api/stats", "/api/network"):  # fmt: skip
        assert p in paths, p
    names = {p["name"] for p in spec["paths"]["/api/events"]["get"]["parameters"]}
    assert {"actor", "country", "sector", "type", "quad_class", "since", "until", "words",
            "place", "limit", "offset", "format", "order"} <= names  # fmt: skip
    # Swagger UI would load scripts from a CDN: it is off.
    assert client.get("/docs").status_code == 404
    assert client.get("/api/nothing").status_code == 404


def test_stats(client):
    s = client.get("/api/stats").json()
    assert s["articles"] == 3 and s["events"] == 4 and s["event_mentions"] == 6


# --- events ------------------------------------------------------------------------------


def test_events_list_and_filters(client):
    body = client.get("/api/events").json()
    assert body["total"] == 4 and len(body["items"]) == 4 and body["next_offset"] is None
    # The negated threat is kept as a mention but is not an event.
    assert {e["type"] for e in body["items"]} == {"CONSULT", "ACCUSE", "ASSAULT", "AGREE"}
    assert [e["type"] for e in _items(client, "/api/events?country=LBY&order=oldest")] == [
        "ACCUSE", "ASSAULT"
    ]  # fmt: skip
    assert len(_items(client, "/api/events?country=Libya")) == 2  # a name works like the CLI
    assert len(_items(client, "/api/events?country=usa,rus")) == 2
    assert [e["type"] for e in _items(client, "/api/events?type=assault")] == ["ASSAULT"]
    assert {e["type"] for e in _items(client, "/api/events?quad_class=3,4")} == {
        "ACCUSE",
        "ASSAULT",
    }
    assert {e["type"] for e in _items(client, "/api/events?sector=MIL")} == {"AGREE", "ASSAULT"}
    assert {e["type"] for e in _items(client, "/api/events?actor=Gates")} == {"CONSULT", "ACCUSE"}
    assert {e["type"] for e in _items(client, "/api/events?source=Gates")} == {"ACCUSE"}
    assert {e["type"] for e in _items(client, "/api/events?target_country=LBY")} == {
        "ACCUSE", "ASSAULT"
    }  # fmt: skip
    assert {e["type"] for e in _items(client, "/api/events?cameo=19")} == {"ASSAULT"}
    assert [e["type"] for e in _items(client, "/api/events?words=tanks")] == ["ASSAULT"]
    assert len(_items(client, "/api/events?since=2011-03-23")) == 2
    assert len(_items(client, "/api/events?until=2011-03-22")) == 2
    assert _items(client, "/api/events?since=2011-03-23&until=2011-03-25") == []
    assert [e["type"] for e in _items(client, "/api/events?place=Benghazi")] == ["ASSAULT"]
    accuse = _items(client, "/api/events?min_mentions=2")
    assert [e["type"] for e in accuse] == ["ACCUSE"] and accuse[0]["num_articles"] == 2


def test_events_paging(client):
    ids = [e["id"] for e in _items(client, "/api/events?order=id")]
    seen = []
    offset = 0
    while offset is not None:
        body = client.get(f"/api/events?order=id&limit=3&offset={offset}").json()
        assert len(body["items"]) <= 3 and body["total"] == 4
        seen += [e["id"] for e in body["items"]]
        offset = body["next_offset"]
    assert seen == ids
    assert _items(client, "/api/events?offset=100") == []


def test_events_download_csv_and_jsonl(client):
    r = client.get("/api/events?format=csv&country=LBY")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert 'filename="events.csv"' in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == 2 and {r["type"] for r in rows} == {"ACCUSE", "ASSAULT"}
    assert rows[0]["source_country"] and "date" in rows[0]
    r = client.get("/api/events?format=jsonl&limit=5000")
    lines = [json.loads(x) for x in r.text.splitlines()]
    assert len(lines) == 4 and all("type" in x for x in lines)


def test_event_with_all_mentions(client):
    accuse = _items(client, "/api/events?type=ACCUSE")[0]
    body = client.get(f"/api/events/{accuse['id']}").json()
    assert body["event"]["type"] == "ACCUSE" and body["event"]["num_mentions"] == 2
    ms = body["mentions"]
    assert len(ms) == 2 and len({m["article_id"] for m in ms}) == 2
    assert {m["title"] for m in ms} == {"Gates in Moscow", "Gates blames Gadhafi"}
    assert all(m["sentence"][m["sentence"].index("accused") :].startswith("accused") for m in ms)
    listed = client.get(f"/api/events/{accuse['id']}/mentions?limit=1").json()
    assert listed["total"] == 2 and len(listed["items"]) == 1 and listed["next_offset"] == 1
    r = client.get(f"/api/events/{accuse['id']}/mentions?format=csv")
    assert len(list(csv.DictReader(io.StringIO(r.text)))) == 2
    assert client.get("/api/events/999999/mentions").status_code == 404
    assert client.get("/api/events/999999").status_code == 404
    assert client.get("/api/events/abc").status_code == 422
    assert client.get("/api/events/0").status_code == 422


# --- actors --------------------------------------------------------------------------------


def test_actors_list_and_filters(client):
    names = [a["name"] for a in _items(client, "/api/actors?limit=100")]
    assert "Robert Gates" in names and names.count("Robert Gates") == 1
    gates = next(a for a in _items(client, "/api/actors?name=gates"))
    assert gates["as_source"] == 1 and gates["quotes"] == 1 and gates["articles"] == 2
    assert {a["country"] for a in _items(client, "/api/actors?country=LBY")} == {"LBY"}
    assert {a["name"] for a in _items(client, "/api/actors?sector=MIL")} == {"France", "Libya"}
    assert [a["name"] for a in _items(client, "/api/actors?order=name&limit=2")] == [
        "Anatoly Serdyukov", "Britain"
    ]  # fmt: skip
    r = client.get("/api/actors?format=csv")
    assert r.status_code == 200 and "aliases" in r.text.splitlines()[0]


def test_actor_page(client):
    by_name = client.get("/api/actors/Robert Gates?country=USA").json()
    a = by_name["actor"]
    assert a["name"] == "Robert Gates" and a["country"] == "USA" and "Gates" in a["aliases"]
    assert by_name["roles"]["source"] == 1 and by_name["roles"]["target"] == 1
    assert by_name["roles"]["speaker"] == 1 and by_name["roles"]["articles"] == 2
    assert {e["type"] for e in by_name["events"]} == {"CONSULT", "ACCUSE"}
    assert by_name["roles_by_type"] == [
        {"type": "ACCUSE", "as_source": 1, "as_target": 0},
        {"type": "CONSULT", "as_source": 0, "as_target": 1},
    ]
    assert [q["text"] for q in by_name["quotes"]] == ["We will not stand by,"]
    assert by_name["timeline"] == [
        {"period": "2011-03-22", "events": 2, "cooperative": 1, "conflictual": 1}
    ]
    # By alias, and by database id.
    assert client.get("/api/actors/gates").json()["actor"]["id"] == a["id"]
    assert client.get(f"/api/actors/{a['id']}").json()["actor"]["name"] == "Robert Gates"
    week = client.get("/api/actors/Robert Gates?by=week").json()["timeline"]
    assert week[0]["period"] == "2011-03-21"  # the Monday
    assert client.get("/api/actors/Nobody").status_code == 404
    _bad(client, "/api/actors/Gates?by=year", "by")
    _bad(client, "/api/actors/Gates?country=ZZ", "country")


# --- quotes and articles ---------------------------------------------------------------------


def test_quotes(client):
    qs = _items(client, "/api/quotes")
    assert len(qs) == 1 and qs[0]["speaker"] == "Robert Gates" and qs[0]["kind"] == "direct"
    assert _items(client, "/api/quotes?speaker=Gates&kind=direct&country=USA") == qs
    assert _items(client, "/api/quotes?words=stand") == qs
    assert _items(client, "/api/quotes?speaker=Gadhafi") == []
    assert _items(client, "/api/quotes?since=2011-03-23") == []
    r = client.get("/api/quotes?format=csv")
    assert list(csv.DictReader(io.StringIO(r.text)))[0]["text"] == "We will not stand by,"


def test_articles_and_the_whole_record(client):
    arts = _items(client, "/api/articles")
    assert len(arts) == 3 and arts[0]["published"] == "2011-03-26"  # newest first
    assert [a["title"] for a in _items(client, "/api/articles?words=jets")] == [
        "French jets strike"
    ]
    assert len(_items(client, "/api/articles?publisher=example.org")) == 1
    assert len(_items(client, "/api/articles?until=2011-03-22")) == 2
    gates = next(a for a in arts if a["title"] == "Gates in Moscow")
    rec = client.get(f"/api/articles/{gates['id']}").json()
    assert rec["id"] == gates["id"] and rec["title"] == "Gates in Moscow"
    # The whole record: spans index the text, and each event knows its stored event.
    q = rec["quotes"][0]
    assert rec["text"][q["span"][0] : q["span"][1]] == q["text"]
    for a in rec["actors"]:
        for s, e in a["mentions"]:
            assert rec["text"][s:e] in [a["name"], *a["aliases"]]
    assert len(rec["event_ids"]) == 3 and rec["event_ids"][2] is None  # the negated one
    accuse = client.get(f"/api/events/{rec['event_ids'][1]}").json()["event"]
    assert accuse["type"] == "ACCUSE"
    assert client.get(f"/api/articles/{gates['id'][:8]}").json()["id"] == gates["id"]  # a prefix
    assert client.get("/api/articles/ffffffffffffffff").status_code == 404
    assert client.get("/api/articles/bad id!").status_code == 422
    # The events of one article.
    assert {e["type"] for e in _items(client, f"/api/events?article={gates['id']}")} == {
        "CONSULT", "ACCUSE"
    }  # fmt: skip


# --- dyads, timeline, facets ------------------------------------------------------------------


def test_dyads(client):
    d = _items(client, "/api/dyads")
    pairs = {(x["source"], x["target"]): x for x in d}
    assert pairs[("Robert Gates", "Moammar Gadhafi")]["conflictual"] == 1
    assert pairs[("France", "Britain")]["cooperative"] == 1
    assert pairs[("France", "Libya")]["material_conflict"] == 1
    assert all("tone" in x for x in d)
    by_country = _items(client, "/api/dyads?by=country&country=LBY")
    assert {(x["source"], x["target"]) for x in by_country} == {("USA", "LBY"), ("FRA", "LBY")}
    assert [x["source"] for x in _items(client, "/api/dyads?type=AGREE")] == ["France"]
    assert _items(client, "/api/dyads?min_events=2") == []
    r = client.get("/api/dyads?format=csv")
    assert r.text.splitlines()[0].startswith("source,source_country,target")
    _bad(client, "/api/dyads?by=region", "by")


def test_network_folds_all_but_the_top_nodes(client):
    dyads = _items(client, "/api/dyads?limit=1000")
    whole = client.get("/api/network?top=100").json()
    assert whole["other"] == {"nodes": 0, "events": 0}
    # Every event with a source and a target is on one edge; the nodes count them once each.
    assert sum(e["events"] for e in whole["edges"]) == sum(d["events"] for d in dyads)
    counts: dict[str, int] = {}
    for d in dyads:
        counts[d["source"]] = counts.get(d["source"], 0) + d["events"]
        if d["target"] != d["source"]:
            counts[d["target"]] = counts.get(d["target"], 0) + d["events"]
    assert {n["name"]: n["events"] for n in whole["nodes"]} == counts
    # Top 2: two nodes, the rest folded into "other" (a null end), no event lost.
    two = client.get("/api/network?top=2").json()
    assert len(two["nodes"]) == 2
    assert [n["events"] for n in two["nodes"]] == sorted(counts.values(), reverse=True)[:2]
    assert two["other"]["nodes"] == len(counts) - 2
    assert sum(e["events"] for e in two["edges"]) == sum(d["events"] for d in dyads)
    shown = {n["name"] for n in two["nodes"]} | {None}
    assert all(e["source"] in shown and e["target"] in shown for e in two["edges"])
    assert two["other"]["events"] == sum(
        e["events"] for e in two["edges"] if e["source"] is None or e["target"] is None
    )
    # Countries and sectors; filters apply.
    by_country = client.get("/api/network?by=country&country=LBY").json()
    assert {n["name"] for n in by_country["nodes"]} == {"USA", "FRA", "LBY"}
    assert all(e["tone"] is None or -10 <= e["tone"] <= 10 for e in by_country["edges"])
    sectors = {n["name"] for n in client.get("/api/network?by=sector").json()["nodes"]}
    assert sectors and sectors <= set(SECTORS)
    _bad(client, "/api/network?by=region", "by")
    _bad(client, "/api/network?top=0", "top")


def test_timeline(client):
    days = _items(client, "/api/timeline")
    assert days == [
        {"period": "2011-03-22", "events": 2, "cooperative": 1, "conflictual": 1,
         "mentions": 3, "goldstein": -0.5},
        {"period": "2011-03-26", "events": 2, "cooperative": 1, "conflictual": 1,
         "mentions": 2, "goldstein": -3.0},
    ]  # fmt: skip
    weeks = _items(client, "/api/timeline?by=week")
    assert [(w["period"], w["events"]) for w in weeks] == [("2011-03-21", 4)]
    assert [w["events"] for w in _items(client, "/api/timeline?of=USA")] == [2]
    assert [w["events"] for w in _items(client, "/api/timeline?of=Gadhafi")] == [1]
    assert [w["conflictual"] for w in _items(client, "/api/timeline?quad_class=4")] == [1]
    r = client.get("/api/timeline?by=week&format=csv")
    assert r.text.splitlines()[0].startswith("period,events,cooperative,conflictual")
    _bad(client, "/api/timeline?of=USA&country=FRA", "of")
    _bad(client, "/api/timeline?by=hour", "by")


def test_facets_count_the_filtered_events(client):
    f = client.get("/api/facets").json()
    assert set(f) == {"type", "quad_class", "country", "actor", "sector"}
    countries = {x["value"]: x["count"] for x in f["country"]}
    assert countries == {"LBY": 2, "USA": 2, "FRA": 2, "RUS": 1, "GBR": 1}
    for code, n in countries.items():
        assert len(_items(client, f"/api/events?country={code}")) == n
    f = client.get("/api/facets?country=LBY").json()
    assert {x["value"]: x["count"] for x in f["type"]} == {"ACCUSE": 1, "ASSAULT": 1}
    assert {x["value"] for x in f["quad_class"]} == {3, 4}
    assert len(client.get("/api/facets?size=1").json()["country"]) == 1


# --- bad parameters and safety -----------------------------------------------------------------


@pytest.mark.parametrize(
    "url,name",
    [
        ("/api/events?limit=0", "limit"),
        ("/api/events?limit=5000", "limit"),  # a JSON page is at most 1000 rows
        ("/api/events?limit=100000&format=csv", "limit"),  # a download at most 10000
        ("/api/events?limit=ten", "limit"),
        ("/api/events?offset=-1", "offset"),
        ("/api/events?format=xml", "format"),
        ("/api/events?order=random()", "order"),
        ("/api/events?since=2011-02-30", "since"),
        ("/api/events?since=yesterday", "since"),
        ("/api/events?since=2011-04-01&until=2011-03-01", "since"),
        ("/api/events?country=XX", "country"),
        ("/api/events?country=Atlantis", "country"),
        ("/api/events?sector=SPY", "sector"),
        ("/api/events?type=HUG", "type"),
        ("/api/events?quad_class=5", "quad_class"),
        ("/api/events?quad_class=1;2", "quad_class"),
        ("/api/events?cameo=19x", "cameo"),
        ("/api/events?min_mentions=0", "min_mentions"),
        ("/api/events?words=" + "x" * 201, "words"),
        ("/api/events?article=../../etc", "article"),
        ("/api/actors?kind=robot", "kind"),
        ("/api/actors?limit=-5", "limit"),
        ("/api/quotes?kind=shout", "kind"),
        ("/api/quotes?until=2011-13-01", "until"),
        ("/api/articles?order=length", "order"),
        ("/api/dyads?min_events=0", "min_events"),
        ("/api/facets?size=1000", "size"),
        ("/api/timeline?format=parquet", "format"),
    ],
)
def test_bad_parameters_are_422_with_the_name(client, url, name):
    _bad(client, url, name)


def test_injection_is_only_data(client, db):
    evil = "'; DROP TABLE events; --"
    for url in (f"/api/events?words={evil}", f"/api/events?actor={evil}",
                f"/api/quotes?speaker={evil}", f"/api/articles?words={evil}",
                f"/api/actors?name={evil}", f"/api/events?place={evil}",
                f"/api/timeline?of={evil}", f"/api/actors/{evil}"):  # fmt: skip
        r = client.get(url)
        assert r.status_code in (200, 404), (url, r.text)
    assert client.get("/api/stats").json()["events"] == 4
    # A LIKE wildcard is matched literally.
    assert _items(client, "/api/events?words=%25") == []


def test_missing_database_is_503_with_a_reason(tmp_path):
    c = TestClient(create_app(str(tmp_path / "none.duckdb")))
    r = c.get("/api/events")
    assert r.status_code == 503 and "dyad ingest" in r.json()["detail"]
    assert c.get("/").status_code == 200  # the page itself still loads


def test_read_only_and_a_writer_between_requests(tmp_path):
    path = tmp_path / "live.duckdb"
    recs = _records()
    with Store(str(path)) as st:
        st.upsert(recs[0])
    c = TestClient(create_app(str(path)))
    assert c.get("/api/stats").json()["articles"] == 1
    # The app holds no connection between requests, so a writer can open the file now.
    with Store(str(path)) as st:
        st.upsert(recs[2])
    assert c.get("/api/stats").json()["articles"] == 2
    assert len(_items(c, "/api/events?country=FRA")) == 2


def test_answers_are_kept_per_database_version(tmp_path, monkeypatch):
    """A repeated request is answered without opening the database; a write starts afresh."""
    import dyad.web.app as web_app

    path = tmp_path / "kept.duckdb"
    recs = _records()
    with Store(str(path)) as st:
        st.upsert(recs[0])
    opened = []
    real = web_app.Store
    monkeypatch.setattr(web_app, "Store", lambda *a, **k: opened.append(1) or real(*a, **k))
    app = create_app(str(path))
    c = TestClient(app)
    first = c.get("/api/events")
    again = c.get("/api/events")
    assert first.status_code == again.status_code == 200
    assert again.content == first.content and len(opened) == 1
    assert again.headers["content-type"] == first.headers["content-type"]
    assert again.headers["x-content-type-options"] == "nosniff"
    assert c.get("/api/events?country=RUS").status_code == 200 and len(opened) == 2
    assert c.get("/api/events?country=NOPE").status_code == 422  # errors are not kept
    assert c.get("/api/events?country=NOPE").status_code == 422
    with Store(str(path)) as st:
        st.upsert(recs[2])
    assert c.get("/api/stats").json()["articles"] == 2
    before = len(opened)
    assert c.get("/api/events").json()["total"] > first.json()["total"]  # the write is seen
    assert len(opened) == before + 1
    # Turned off: every request opens the database.
    opened.clear()
    c = TestClient(create_app(str(path), cache=False))
    c.get("/api/stats")
    c.get("/api/stats")
    assert len(opened) == 2


def test_warm_answers_the_explore_pages_first_requests(db):
    from dyad.web.warm import EXPLORE, warm

    app = create_app(str(db), allowed_hosts=["127.0.0.1"])
    assert warm(app) == dict.fromkeys(EXPLORE, 200)
    c = TestClient(app, base_url="http://127.0.0.1")
    before = app.state.answers.hits
    for url in EXPLORE:
        assert c.get(url).status_code == 200
    assert app.state.answers.hits == before + len(EXPLORE)  # all kept, none recomputed


def test_a_held_reader_lets_a_writer_of_another_process_in(tmp_path):
    """`dyad serve` holds one connection between requests (no open per request) and gives
    it up as soon as a writer of another process wants the file."""
    path = tmp_path / "held.duckdb"
    with Store(str(path)) as st:
        st.upsert(_records()[0])
    app = create_app(str(path), hold=True, cache=False)
    app.state.readers.idle = 60.0  # only the writer's marker can make it let go
    c = TestClient(app)
    for _ in range(3):
        assert c.get("/api/stats").json()["articles"] == 1
    assert app.state.readers.opened == 1
    writer = (
        "import sys, time, pickle; from dyad.store import Store; "
        "rec = pickle.loads(sys.stdin.buffer.read()); t = time.monotonic(); "
        "st = Store(sys.argv[1]); st.upsert(rec); st.close(); print(time.monotonic() - t)"
    )
    import pickle

    done = subprocess.run(
        [sys.executable, "-c", writer, str(path)],
        input=pickle.dumps(_records()[2]),
        capture_output=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr.decode()
    assert float(done.stdout) < 10  # it did not wait for the 60 s idle time
    assert c.get("/api/stats").json()["articles"] == 2
    assert app.state.readers.opened == 2
    app.state.readers.close()


def test_busy_database_is_503_not_500(tmp_path):
    """While another process holds the write lock, a request says so and asks to retry."""
    path = tmp_path / "busy.duckdb"
    with Store(str(path)) as st:
        st.upsert(_records()[2])
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('locked', flush=True); "
         "time.sleep(30)", str(path)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        r = TestClient(create_app(str(path))).get("/api/events")
        assert r.status_code == 503, r.text
        assert "Retry-After" in r.headers and "cannot open" in r.json()["detail"]
    finally:
        holder.kill()
        holder.wait()
    time.sleep(0.1)
    assert TestClient(create_app(str(path))).get("/api/events").status_code == 200


# --- the CLI command ---------------------------------------------------------------------------


def test_serve_command_defaults_and_missing_db(tmp_path):
    from typer.testing import CliRunner

    from dyad.cli import app

    runner = CliRunner()
    r = runner.invoke(app, ["serve", "--help"])
    assert r.exit_code == 0
    out = re.sub(r"\x1b\[[0-9;]*m", "", r.output)
    assert "--db" in out and "--host" in out and "--port" in out and "127.0.0.1" in out
    r = runner.invoke(app, ["serve", "--db", str(tmp_path / "none.duckdb")])
    assert r.exit_code == 2


def test_a_real_ingested_text_highlights_consistently(extract, tmp_path):
    """One small text through the whole pipeline: every span the page highlights is in the text."""
    text = (
        "Japanese Foreign Minister Kenji Morita met South Korean Foreign Minister Park Soo-jin "
        'in Seoul on Tuesday. "We have agreed to work together," Morita told reporters.'
    )
    rec = extract(text, published="2024-04-09", title="Talks in Seoul")
    path = tmp_path / "real.duckdb"
    with Store(str(path)) as st:
        st.upsert(rec)
    c = TestClient(create_app(str(path)))
    got = c.get(f"/api/articles/{rec.id}").json()
    assert got["text"] == text and got["title"] == "Talks in Seoul"
    spans = [tuple(m) for a in got["actors"] for m in a["mentions"]]
    spans += [tuple(x["span"]) for k in ("quotes", "events", "places") for x in got[k]]
    spans += [tuple(t["span"]) for t in got["times"] if t["span"]]
    assert spans and all(0 <= s < e <= len(text) for s, e in spans)
    assert any(a["name"].endswith("Morita") for a in got["actors"])
    assert len(got["event_ids"]) == len(got["events"])
    assert c.get("/api/facets").status_code == 200 and c.get("/api/dyads").status_code == 200


def test_a_country_by_its_usual_name(client):
    """Issue 14: ``?country=Britain`` answered 422 and a timeline of Britain searched actor
    names, while the extractor maps Britain to GBR. One country table serves them all."""
    usa = _items(client, "/api/events?country=USA")
    assert usa and _items(client, "/api/events?country=United States") == usa
    assert _items(client, "/api/events?country=the U.S.") == usa
    r = client.get("/api/events?country=Britain")
    assert r.status_code == 200 and r.json()["items"] == _items(client, "/api/events?country=GBR")
    assert client.get("/api/events?country=UK,gbr").status_code == 200
    _bad(client, "/api/events?country=Narnia", "country")
    of_usa = _items(client, "/api/timeline?of=USA")
    assert _items(client, "/api/timeline?of=United States") == of_usa
