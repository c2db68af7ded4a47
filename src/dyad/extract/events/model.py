"""The learned event-type model: which PLOVER type (or none) a trigger has in its parse.

Rules cannot always decide: "attacked the decision" is an accusation, "attacked the
town" an assault; "pledged aid" is AID-intent, "pledged to raise taxes" no event between
actors; "slaughter the council tax" is no event. A multinomial logistic regression over
a few parse features of the trigger (its lemma, its object, the preposition and its
object, whether the object names an actor, the verb it controls) answers these.

The model is a JSON file shipped in the package (``lexicon/events_model.json``, weights
per feature and class); prediction is a sum of weights and a softmax, pure Python, a few
microseconds per trigger. It is trained by ``python -m dyad.extract.events.train`` on
data whose licence allows shipping it; ``lexicon/events_model.md`` is its card.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from spacy.tokens import Token

OBJ_DEPS = ("dobj", "attr", "oprd", "dative")
ACTOR_ENTS = {"GPE", "ORG", "PERSON", "NORP", "FAC", "LOC"}
ACTOR_PRONOUNS = {"him", "her", "them", "us", "me", "it"}


def _lem(t: Token) -> str:
    return t.lemma_.lower()


def _kind_of(t: Token) -> str:
    """What a noun phrase head is: an actor (a name or a person pronoun) or a thing."""
    if t.ent_type_ in ACTOR_ENTS or t.pos_ == "PROPN":
        return "ACTOR"
    if t.pos_ == "PRON":
        return "ACTOR" if t.lower_ in ACTOR_PRONOUNS else "PRON"
    for c in t.children:  # "the town's mayor", "Iranian oil platforms": an actor's thing
        if c.dep_ in ("poss", "amod", "compound") and (
            c.ent_type_ in ACTOR_ENTS or c.pos_ == "PROPN"
        ):
            return "OWNED"
    return "THING"


def features(tok: Token) -> list[str]:
    """The features of one trigger token (a verb or an event noun) in its sentence."""
    v = _lem(tok)
    kind = "N" if tok.pos_ in ("NOUN", "PROPN") else "V"
    out = [f"k={kind}", f"v={v}", f"{kind}:v={v}"]
    if kind == "N":
        out.append(f"num={'pl' if tok.tag_ in ('NNS', 'NNPS') else 'sg'}|{v}")
    if kind == "V" and any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children):
        out.append("passive")
    for c in tok.children:
        d = c.dep_
        if d in OBJ_DEPS or (kind == "V" and d == "nsubjpass"):
            o = _lem(c)
            ok = _kind_of(c)
            out += [f"o={o}", f"v+o={v}|{o}", f"ok={ok}", f"v+ok={v}|{ok}"]
            for m in c.children:
                if m.dep_ in ("amod", "compound") and m.pos_ in ("ADJ", "NOUN"):
                    out.append(f"om={_lem(m)}")
        elif d in ("prep", "agent") or (d == "prt" and kind == "V"):
            p = c.lower_
            out += [f"p={p}", f"v+p={v}|{p}"]
            for po in c.children:
                if po.dep_ in ("pobj", "pcomp"):
                    o = _lem(po)
                    pk = _kind_of(po)
                    out += [f"p+po={p}|{o}", f"v+p+po={v}|{p}|{o}", f"p+pk={p}|{pk}"]
                    out.append(f"v+p+pk={v}|{p}|{pk}")
        elif d in ("xcomp", "ccomp") and c.pos_ in ("VERB", "AUX"):
            out += [f"{d}={_lem(c)}", f"v+{d}={v}|{_lem(c)}"]
        elif d == "nsubj":
            out.append(f"sk={_kind_of(c)}")
        elif d in ("poss",) and kind == "N":
            out.append(f"pk=poss|{_kind_of(c)}")
        elif d in ("amod", "compound") and kind == "N":
            out.append(f"nm={_lem(c)}")
    return out


@dataclass
class Guess:
    """The model's answer for one trigger: the best type, its probability, all of them."""

    type: str
    p: float
    probs: dict[str, float]
    features: list[str]

    def explain(self) -> str:
        top = sorted(self.probs.items(), key=lambda kv: -kv[1])[:3]
        return "model: " + ", ".join(f"{t} {p:.2f}" for t, p in top)


class TypeModel:
    """A linear model over sparse string features (weights per feature and class)."""

    def __init__(self, classes: list[str], weights: dict[str, dict[str, float]], bias: dict):
        self.classes = classes
        self.weights = weights
        self.bias = bias

    @classmethod
    def load(cls, path: Path) -> TypeModel:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(data["classes"], data["weights"], data["bias"])

    def predict_features(self, feats: list[str]) -> dict[str, float]:
        score = {c: self.bias.get(c, 0.0) for c in self.classes}
        for f in feats:
            for c, w in self.weights.get(f, {}).items():
                score[c] += w
        top = max(score.values())
        ex = {c: math.exp(s - top) for c, s in score.items()}
        z = sum(ex.values())
        return {c: e / z for c, e in ex.items()}

    def guess(self, tok: Token) -> Guess:
        feats = features(tok)
        probs = self.predict_features(feats)
        best = max(probs, key=probs.__getitem__)
        return Guess(best, probs[best], probs, feats)


def model_path() -> Path:
    return Path(str(resources.files("dyad") / "lexicon" / "events_model.json"))


@lru_cache(maxsize=1)
def get_model() -> TypeModel | None:
    """The shipped model, or None where it has not been trained."""
    path = model_path()
    return TypeModel.load(path) if path.exists() else None
