"""Common-noun actors: governments, armed forces, institutions, groups, unnamed titles."""

from __future__ import annotations

import re

from spacy.tokens import Token

from dyad import knowledge as kb
from dyad.extract.actors import gazetteer as gz
from dyad.extract.actors.names import fold, surname
from dyad.extract.actors.syntax import Work, _root, slot
from dyad.extract.actors.words import (
    DETS,
    NO_COUNTRY_GROUPS,
    PROTEST_GROUPS,
    TITLE_LEAD,
    _demonym,
    _force_name,
    _org_head,
    _strip_det,
    _title_agent,
)


class NominalsMixin:
    """Common-noun actors: governments, armed forces, institutions, groups, unnamed titles."""

    def nominals(self) -> None:
        for t in self.toks:
            if t.pos_ not in ("NOUN", "PROPN"):
                continue
            if t.i in self.title_toks and not (
                # the body a person belongs to: "a member of the Tunisian Parliament"
                t.dep_ == "pobj"
                and t.head.lower_ == "of"
                and kb.agent(t.lemma_.lower(), "body") is not None
            ):
                continue
            owner = self.tok_owner.get(t.i)
            if owner is not None:
                continue
            # the head of a noun phrase only
            if (
                t.dep_ in ("compound", "amod")
                and t.head.pos_ in ("NOUN", "PROPN")
                and t.head.i > t.i
            ):
                continue
            self.nominal(t)

    def title_phrase(self, t: Token) -> tuple[kb.Agent, int] | None:
        """The longest title ("prime minister", "spokesman") ending at ``t``."""
        doc = self.doc
        low = t.lower_
        sing = low[:-1] if low.endswith("s") and not low.endswith("ss") else low
        heads = gz.agent_heads()
        if low not in heads and sing not in heads:
            return None
        for n in (3, 2, 1):
            s = t.i - n + 1
            if s < 0 or any(doc[i].is_punct and doc[i].text != "-" for i in range(s, t.i)):
                continue
            words = [doc[i].lower_ for i in range(s, t.i)]
            for last in (low, sing):
                a = kb.agent(" ".join([*words, last]).replace(" - ", "-"), "title")
                if a is not None:
                    return a, s
        return None

    def unnamed_titles(self) -> None:
        """A title acting without a name ("Putin's spokesman said", "the Mongolian President
        said"): the person holding it in this article, or an actor of its own."""
        doc = self.doc
        for t in self.toks:
            if t.pos_ not in ("NOUN", "PROPN") or t.i in self.title_toks or self.tok_owner.get(t.i):
                continue
            if t.dep_ in ("compound", "amod") and t.head.i > t.i:
                continue
            if (
                t.i + 1 < len(doc)
                and self.by_tok.get(t.i + 1) is not None
                and self.by_tok[t.i + 1].kind == "person"
            ):
                continue
            found = self.title_phrase(t)
            if found is None or _root(t).dep_ != "nsubj" or t.tag_ in ("NNS", "NNPS"):
                continue
            a, s = found
            country = None
            possessor: Work | None = None
            start = s
            j = s - 1
            while j >= 0 and j >= s - 5:
                tok = doc[j]
                if tok.tag_ == "POS":
                    j -= 1
                    continue
                c = self.by_tok.get(j)
                ow = self.tok_owner.get(j)
                if c is not None and c.kind in ("country", "demonym", "capital") and c.value:
                    country = country or c.value
                elif ow is not None and j + 1 < len(doc) and doc[j + 1].tag_ == "POS":
                    possessor = ow
                    country = country or ow.country
                elif (
                    tok.lower_ in DETS
                    or tok.lower_ in TITLE_LEAD
                    or (tok.is_title and tok.lower_ in gz.agent_words())
                ):
                    pass
                else:
                    break
                if tok.lower_ not in DETS:
                    start = j
                j -= 1
            if country is None and possessor is None:
                continue
            sector = a.sector or (possessor.sector if possessor is not None else None)
            if sector is None and country and country != "IGO":
                sector = "GOV"
            end_char = t.idx + len(t.text)
            surface = self.text[doc[start].idx : end_char]
            holders = [
                w
                for w in self.persons
                if w.country == country
                and (w.agent == a.phrase or _title_agent(w.title) == a.phrase)
            ]
            if len(holders) == 1:
                holders[0].add(doc[start].idx, end_char, surface, "title")
                continue
            if holders:
                continue
            w = self.work(
                ("title", country, a.phrase, id(possessor)),
                "person",
                surface,
                country=country,
                sector=sector,
            )
            w.title = self.text[doc[s].idx : end_char]
            w.agent = a.phrase
            w.confidence = 0.9
            w.add(doc[start].idx, end_char, surface, "title")
            self.tok_owner[t.i] = w

    def agent_phrase(self, t: Token) -> tuple[kb.Agent, int] | None:
        """The longest agent phrase ending at ``t`` (lemmas), and its first token."""
        low = t.lower_
        heads = gz.agent_heads()
        if (
            t.lemma_.lower() not in heads
            and low not in heads
            and not (low.endswith("s") and low[:-1] in heads)
        ):
            return None
        doc = self.doc
        k = kb.load()
        best = None
        for n in range(min(k.max_agent_words, 4), 0, -1):
            s = t.i - n + 1
            if s < 0:
                continue
            words = [doc[i].lower_ for i in range(s, t.i)] + [t.lemma_.lower()]
            if any(doc[i].is_punct and doc[i].text != "-" for i in range(s, t.i)):
                continue
            phrase = " ".join(words).replace(" - ", "-")
            low = t.lower_
            sing = low[:-1] if low.endswith("s") and not low.endswith("ss") else low
            roles = (
                k.agents.get(phrase)
                or k.agents.get(" ".join(words[:-1] + [low]))
                or k.agents.get(" ".join(words[:-1] + [sing]))
            )
            if roles:
                for r in ("government", "force", "body", "group"):
                    if r in roles:
                        best = (roles[r], s)
                        break
                if best:
                    break
        return best

    def nominal(self, t: Token) -> None:
        doc = self.doc
        found = self.agent_phrase(t)
        if found is None:
            return
        a, s = found
        if t.lower_ in ("ministry", "premiership") and s > 0 and doc[s - 1].lower_ == "prime":
            return  # "the prime ministry": the office of prime minister, no ministry
        root = _root(t)
        if root.dep_ in ("attr", "acomp", "oprd") or t.dep_ == "appos":
            return  # "YPG is the main fighting force": a description, not a mention
        # the whole noun phrase, from its left edge
        left = s
        for x in t.lefts:
            if x.i < left and x.dep_ in (
                "amod",
                "compound",
                "nmod",
                "poss",
                "det",
                "nummod",
                "advmod",
            ):
                left = min(left, x.left_edge.i)
        for i in range(left, s):
            if doc[i].is_space or "\n" in doc[i].text or doc[i].is_sent_start and i > left:
                left = i + 1  # never across a line or sentence break
            elif doc[i].pos_ == "AUX" or (
                doc[i].pos_ == "VERB"
                and any(c.dep_ in ("nsubj", "nsubjpass") for c in doc[i].children)
            ):
                left = i + 1  # a clause the parser hung on the noun
        while left < s and (doc[left].is_punct or doc[left].pos_ == "CCONJ"):
            left += 1
        while left < s and doc[left].is_punct:
            left += 1
        mods = [doc[i] for i in range(left, s)]
        if s >= 2 and doc[s - 1].text == ")":  # "ISIS (Islamic State ...) fighters"
            j = s - 2
            while j > 0 and doc[j].text != "(" and s - j < 12:
                j -= 1
            if j > 0 and doc[j].text == "(":
                mods = [doc[j - 1]]
        country = None
        possessor: Work | None = None
        org_mod: Work | None = None
        other_mod = False
        people = False
        countries: list[tuple[Token, str]] = []
        for m in mods:
            d = self.by_tok.get(m.i)
            if d is not None and d.kind in ("country", "demonym", "capital") and d.value:
                country = country or d.value
                if not countries or countries[-1][1] != d.value:
                    countries.append((m, d.value))
                continue
            if d is not None and d.kind == "place":
                cc = gz.region_country(d.text(doc))  # "Shanghai authorities"
                if cc:
                    country = country or cc
                    continue
            ow = self.tok_owner.get(m.i)
            if m.dep_ == "poss" or (m.i + 1 < len(doc) and doc[m.i + 1].tag_ == "POS"):
                if ow is not None:
                    possessor = ow
                    if ow.kind == "country":
                        country = country or ow.country
                    continue
                if m.lower_ in ("his", "her"):
                    possessor = self.pronoun_target(m)
                    continue
                if m.lower_ in ("its", "their"):
                    continue
            if ow is not None and ow.kind == "org":
                org_mod = ow
                continue
            if m.lower_ in (
                "the",
                "a",
                "an",
                "this",
                "these",
                "those",
                "that",
                "some",
                "many",
                "both",
                "and",
                "its",
                "their",
                "our",
                "his",
                "her",
                "'s",
                "’s",
            ) or m.pos_ in ("DET", "NUM", "CCONJ", "PUNCT", "PART"):
                continue
            if m.pos_ in ("ADJ", "ADV") and m.is_lower:
                continue
            if m.ent_type_ in ("DATE", "CARDINAL", "ORDINAL", "TIME"):
                continue
            if m.ent_type_ == "NORP":
                people = True  # "Kurdish fighters": a people of no one country
            other_mod = True
        # "of X" / "in X" after the noun
        for ch in t.rights:
            if ch.dep_ == "prep" and ch.lower_ in ("of", "in"):
                for p in ch.children:
                    if p.dep_ != "pobj":
                        continue
                    d = self.by_tok.get(p.i)
                    ow = self.tok_owner.get(p.i)
                    if (
                        ch.lower_ == "of"
                        and ow is not None
                        and ow.kind in ("person", "org")
                        and possessor is None
                    ):
                        possessor = ow
                        country = country or ow.country
                    elif (
                        d is not None
                        and d.kind in ("country", "capital")
                        and d.value
                        and (ch.lower_ == "of" or a.role != "force")
                    ):
                        country = country or d.value
                    elif ch.lower_ == "in" and a.role != "force" and p.is_title:
                        name = p.text
                        if p.ent_iob_ != "O":  # the whole name: "New Mexico", not "Mexico"
                            ents = [e for e in doc.ents if e.start <= p.i < e.end]
                            name = ents[0].text if ents else name
                        cc = gz.region_country(name)
                        if cc:
                            country = country or cc
        sl = slot(doc[t.i : t.i + 1])
        start_tok = left
        while start_tok < t.i and doc[start_tok].lower_ in DETS:
            start_tok += 1
        np_start = doc[start_tok].idx
        np_end = t.idx + len(t.text)
        surface = self.text[np_start:np_end]
        # named members ("German firms including X") carry the group: no actor for it
        if any(
            ch.lower_ in ("including", "such") or (ch.dep_ == "prep" and ch.lower_ == "like")
            for ch in t.rights
        ):
            return
        acting = sl in ("subj", "obj", "poss") or sl.startswith("prep:")
        if len({iso for _, iso in countries}) > 1 and a.role in ("government", "force", "group"):
            # "U.S. and Russian negotiators", "Hungarian and Romanian officials": one each
            for m, iso in countries:
                self.coordinated(a, t, m, iso, acting)
            return
        if (
            a.role == "government"
            and not other_mod
            and org_mod is None
            and (possessor is None or possessor.kind == "country")
        ):
            bare = country is None
            if bare and t.lower_ in ("governments", "regimes", "administrations"):
                return  # "Governments" in general
            if bare and not (
                t.tag_ == "NNS"
                or (
                    doc[left].lower_ == "the"
                    and t.lemma_.lower() in ("government", "regime", "administration")
                )
            ):
                return
            iso = country
            conf = 1.0
            if iso is None:
                main = self.works.get(("country", self.main))
                if main is None or not main.acting or not acting:
                    return  # "officials" stand for the article's country only if it acts
                iso, conf = self.main, self.main_conf
            c_obj = kb.country(iso)
            w = self.work(
                ("country", iso), "country", c_obj.name if c_obj else iso, country=iso, sector="GOV"
            )
            if conf < 1 and not w.mentions:
                w.confidence, w.provenance = conf, "context"
            if acting or not bare:
                w.acting = True  # "the Haitian government" is an actor in any slot
            w.add(np_start, np_end, surface, "nominal")
            return
        if org_mod is not None and a.role in ("group", "force", "government", "body"):
            org_mod.add(np_start, np_end, surface, "nominal")  # "ISIS fighters"
            return
        if a.role == "government":
            # "rebel leaders", "opposition leaders": the modifier's title gives the sector
            lead = kb.agent(f"{doc[t.i - 1].lower_} {t.lemma_.lower()}", "title") if t.i else None
            a = kb.agent(a.phrase, "group") or kb.Agent(
                a.phrase, lead.sector if lead else None, "group", a.phrase
            )
        if a.role == "force":
            self.force(t, a, country, other_mod, sl, np_start, np_end, surface)
            return
        if a.role == "body":
            # the institution's own title: without the country, with "of <field>"
            ft = start_tok
            while ft < t.i and (
                doc[ft].lower_ in DETS
                or (doc[ft].pos_ == "ADJ" and doc[ft].is_lower)
                or doc[ft].tag_ == "POS"
                or doc[ft + 1].tag_ == "POS"
                or (
                    self.by_tok.get(ft) is not None
                    and self.by_tok[ft].kind in ("country", "demonym", "capital")
                )
            ):
                ft += 1
            end = np_end
            for ch in t.rights:
                if ch.dep_ == "prep" and ch.lower_ == "of":
                    pobj = [p for p in ch.children if p.dep_ == "pobj"]
                    inner = self.by_tok.get(pobj[0].i) if pobj else None
                    if (
                        pobj
                        and pobj[0].is_title
                        and (
                            inner is None
                            or inner.kind not in ("country", "demonym", "capital", "person", "org")
                        )
                    ):
                        last = max(x.i for x in pobj[0].subtree)
                        end = doc[last].idx + len(doc[last].text)
            title = self.text[doc[ft].idx : end]
            a = kb.agent(re.sub(r"\s+", " ", title.lower()), "body") or a  # "Ministry of Defense"
            self.body(a, country, possessor, np_start, end, self.text[np_start:end], title)
            return
        # groups act: active subjects; objects only when they are somebody's and no
        # bystanders ("Rwandan rebels" yes, "reporters" or "civilians" no)
        subject = root.dep_ == "nsubj" or (root.dep_ == "pobj" and root.head.lower_ == "by")
        qualified = country is not None or possessor is not None
        if not subject and not (
            qualified and a.sector not in (None, "CVL") and (sl == "obj" or sl.startswith("prep:"))
        ):
            return
        # "the airline", "the alliance", "the coalition": an organisation named before
        target = self.type_target(t)
        if target is not None and country is None:
            target.add(np_start, np_end, surface, "nominal")
            return
        iso = country or (possessor.country if possessor is not None else None)
        conf = 1.0
        if iso is None and possessor is None and a.phrase not in NO_COUNTRY_GROUPS and not people:
            # an unqualified group ("residents", "workers") is too vague to be an actor,
            # except the usual parties to conflict and protest
            if a.sector not in ("REB", "OPP", "MIL", "COP") and a.phrase not in PROTEST_GROUPS:
                return
            iso, conf = self.main, self.main_conf * 0.8
        sector = a.sector or (possessor.sector if possessor is not None else None)
        if possessor is not None and possessor.kind == "person":
            name = f"{surname(possessor.name)}'s {t.text if t.is_lower else t.lower_}"
        else:
            name = _strip_det(surface)
        key = ("group", a.phrase, iso, id(possessor) if possessor is not None else None)
        w = self.work(key, "group", name, country=iso, sector=sector)
        if conf < 1 and not w.mentions:
            w.confidence, w.provenance = conf, "context"
        w.acting = True
        w.add(np_start, np_end, surface, "nominal")
        # "Hospital officials in Omsk": keep the place in the name
        for ch in t.rights:
            if ch.dep_ == "prep" and ch.lower_ == "in" and any(p.is_title for p in ch.children):
                end = max(x.i for x in ch.subtree) + 1
                if len(w.mentions) == 1:
                    w.name = _strip_det(
                        self.text[np_start : doc[end - 1].idx + len(doc[end - 1].text)]
                    )

    def coordinated(self, a: kb.Agent, t: Token, m: Token, iso: str, acting: bool) -> None:
        """One of several countries sharing a noun: the demonym is its mention."""
        start, end = m.idx, m.idx + len(m.text)
        if a.role == "government":
            c_obj = kb.country(iso)
            w = self.work(
                ("country", iso), "country", c_obj.name if c_obj else iso, country=iso, sector="GOV"
            )
            w.acting = w.acting or acting
        elif a.role == "force":
            w = self.works.get(("force", iso)) or self.work(
                ("force", iso),
                "group",
                f"{_demonym(iso) or m.text} {t.text}",
                country=iso,
                sector=a.sector or "MIL",
            )
            w.acting = True
        else:
            if _root(t).dep_ != "nsubj":
                return
            w = self.work(
                ("group", a.phrase, iso, None),
                "group",
                f"{_demonym(iso) or m.text} {t.text}",
                country=iso,
                sector=a.sector,
            )
            w.acting = True
        w.add(start, end, m.text, "demonym")

    def force(
        self,
        t: Token,
        a: kb.Agent,
        country: str | None,
        other_mod: bool,
        sl: str,
        np_start: int,
        np_end: int,
        surface: str,
    ) -> None:
        """A country's armed forces: one actor per country."""
        doc = self.doc
        iso = country
        conf = 1.0
        if iso is None and any(c.dep_ == "poss" and c.pos_ == "PRON" for c in t.children):
            return  # "their forces": whose, the pronoun's antecedent would have to say
        if iso is None:
            words = fold(surface)
            if "government" in words:
                # "government forces": the country last spoken of as a government
                govs = [
                    w
                    for w in self.works.values()
                    if w.kind == "country"
                    and any(
                        m.kind == "nominal" and "government" in fold(m.text) and m.start < np_start
                        for m in w.mentions
                    )
                ]
                if govs:
                    iso = max(
                        govs, key=lambda w: max(m.start for m in w.mentions if m.start < np_start)
                    ).country
            if iso is None:
                prev = [
                    w
                    for w in self.works.values()
                    if w.key[0] == "force" and w.mentions and w.first < np_start
                ]
                if prev and not other_mod:
                    w = max(
                        prev, key=lambda w: max(m.start for m in w.mentions if m.start < np_start)
                    )
                    w.add(np_start, np_end, surface, "nominal")
                    return
                if sl != "subj":
                    return
                iso, conf = self.main, self.main_conf
        if iso is None and sl != "subj":
            return  # an armed force of no known country acts only as a subject
        key = ("force", iso)
        w = self.works.get(key)
        if w is None:
            w = self.work(
                key, "group", _force_name(surface, iso), country=iso, sector=a.sector or "MIL"
            )
            w.confidence = conf
            if conf < 1:
                w.provenance = "context"
        w.acting = True
        w.add(np_start, np_end, surface, "nominal")
        if surface[:1].isupper() and not any(m.text[:1].isupper() for m in w.mentions[:-1]):
            w.name = _force_name(surface, iso)  # a proper name ("the Syrian Army") wins
        _ = doc

    def body(
        self,
        a: kb.Agent,
        country: str | None,
        possessor: Work | None,
        np_start: int,
        np_end: int,
        surface: str,
        title_text: str = "",
    ) -> None:
        """A country's institution ("the Iraqi parliament", "France's Foreign Ministry")."""
        iso = country or (possessor.country if possessor is not None else None)
        if (
            iso is None
            and surface.lower().endswith(("ies", "s"))
            and not surface.lower().endswith(("ss", "news", "police", "media", "forces", "affairs"))
        ):
            return  # "western embassies": several, of no one country
        tkey = re.sub(r"\s+", " ", title_text.lower()) or a.phrase
        same = [
            w
            for w in self.works.values()
            if w.key[0] == "body"
            and (w.key[2] == tkey or (tkey == a.phrase and w.agent == a.phrase))
        ]
        if iso is None and same:
            same[-1].add(np_start, np_end, surface, "nominal")
            return
        conf = 1.0
        if iso is None:
            iso, conf = self.main, self.main_conf
        if iso is None:
            return
        key = ("body", iso, tkey)
        title = title_text if title_text[:1].isupper() else (a.title or a.phrase)
        c_obj = kb.country(iso)
        adj = _demonym(iso) or (c_obj.name if c_obj else iso)
        w = self.work(key, "org", f"{adj} {title}", country=iso, sector=a.sector)
        w.agent = a.phrase
        if conf < 1 and not w.mentions:
            w.confidence, w.provenance = conf, "context"
        w.acting = True
        w.add(np_start, np_end, surface, "nominal")

    def type_target(self, t: Token) -> Work | None:
        """An organisation this common noun refers back to ("the alliance" -> NATO)."""
        noun = t.lower_
        lem = t.lemma_.lower()
        best = None
        for w in self.works.values():
            if w.kind != "org" or not w.mentions:
                continue
            if w.first >= t.idx:
                continue
            head = _org_head(w.name)
            if noun in w.types or lem in w.types or head in (noun, lem):
                last = max(m.start for m in w.mentions if m.start < t.idx)
                if best is None or last > best[0]:
                    best = (last, w)
        return best[1] if best else None
