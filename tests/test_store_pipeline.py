"""One event, many mentions, end to end: real articles through the whole pipeline."""

from __future__ import annotations

from dyad.model import Article, article_id
from dyad.store import Store

REWORDINGS = [
    ("Russian troops attacked the Ukrainian city of Kharkiv on Monday, officials said.",
     "https://agency-a.example/1", "Agency A"),
    ("On Monday, Russian forces launched an attack on Kharkiv in Ukraine.",
     "https://agency-b.example/2", "Agency B"),
    ("Kharkiv was attacked by Russian troops on Monday.",
     "https://agency-c.example/3", "Agency C"),
]  # fmt: skip
OTHER_CITY = (
    "Russian troops attacked the Ukrainian city of Odesa on Monday, officials said.",
    "https://agency-d.example/4",
    "Agency D",
)


def test_three_rewordings_one_event_and_another_city_apart(pipeline, tmp_path):
    arts = [
        Article(id=article_id(u, t), text=t, url=u, publisher=p, published="2022-03-07")
        for t, u, p in [*REWORDINGS, OTHER_CITY]
    ]
    with Store(str(tmp_path / "p.duckdb")) as st:
        for rec in pipeline.process(arts):
            assert not hasattr(rec, "reason"), rec
            assert [e.type for e in rec.events if not e.negated] == ["ASSAULT"], rec.events
            st.upsert(rec)
        evs = {e["place_name"]: e for e in st.events(type="ASSAULT")}
        assert set(evs) == {"Kharkiv", "Odesa"}, evs
        k = evs["Kharkiv"]
        assert (k["num_mentions"], k["num_articles"], k["num_sources"]) == (3, 3, 3)
        assert evs["Odesa"]["num_mentions"] == 1
        assert len(st.event_mentions(k["id"])) == 3
