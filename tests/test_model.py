from dyad.model import (
    Actor,
    ActorRef,
    Article,
    Event,
    Mention,
    Place,
    Quote,
    Record,
    TimeRef,
    article_id,
)


def test_record_round_trips_through_json():
    text = "Gates met Serdyukov in Moscow on Tuesday."
    rec = Record(id="x", text=text, published="2011-03-22", versions={"dyad": "0"})
    rec.actors.append(
        Actor(
            id="A1",
            name="Robert Gates",
            country="USA",
            sector="GOV",
            mentions=[Mention(0, 5, "Gates", "name")],
        )
    )
    rec.events.append(
        Event(
            type="CONSULT",
            span=(6, 9),
            sentence=text,
            source=ActorRef("Robert Gates", "USA", "GOV", "A1"),
            target=ActorRef("Anatoly Serdyukov", "RUS"),
            reported_by=None,
        )
    )
    rec.quotes.append(Quote(text="hello", kind="direct", span=(0, 5), speaker=ActorRef("G")))
    rec.places.append(Place(name="Moscow", span=(23, 29), country="RUS", lat=55.7, lon=37.6))
    rec.times.append(TimeRef(text="on Tuesday", span=(30, 40), value="2011-03-22"))
    rec.times.append(TimeRef(text="March 22, 2011", span=None, value="2011-03-22"))
    back = Record.from_json(rec.to_json())
    assert back.to_dict() == rec.to_dict()
    assert back.actors[0].mentions[0].text == "Gates"
    assert back.events[0].source.country == "USA"
    assert rec.to_dict()["actors"][0]["mentions"] == [[0, 5]]


def test_article_id_is_stable_and_ignores_whitespace():
    a = article_id("http://x/1", "Some  text\n here")
    assert a == article_id("http://x/1", "Some text here")
    assert a != article_id("http://x/2", "Some text here")
    assert Article.from_dict(Article(id=a, text="t").to_dict()).id == a
