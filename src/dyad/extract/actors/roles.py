"""Titles and appositions: who holds which office, for which country and sector."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from dyad import knowledge as kb
from dyad.extract.actors import gazetteer as gz
from dyad.extract.actors.names import fold, name_words, same_person_name, surname_key
from dyad.extract.actors.syntax import Cand, Role
from dyad.extract.actors.words import FAMILY_FIRST, HONORIFICS, ORG_WORDS, TITLE_LEAD, _gender

# offices a party has itself (with a party in the title, the person's sector is PTY)
PARTY_ROLES = frozenset(
    (
        "leader",
        "deputy leader",
        "chairman",
        "chairwoman",
        "chair",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "president",
        "vice president",
        "candidate",
        "official",
        "member",
        "activist",
        "treasurer",
        "founder",
        "co-founder",
        "head",
        "general secretary",
        "secretary general",
    )
)


class RolesMixin:
    """Titles and appositions: who holds which office, for which country and sector."""

    def title_prefix(self, start: int) -> tuple[int, int] | None:
        """Token range of a title written right before a name ("U.S. Defense Secretary")."""
        doc = self.doc
        i = start - 1
        toks: list[int] = []
        while i >= 0 and len(toks) < 10:
            t = doc[i]
            low = t.lower_
            if t.text in ("'s", "’s", "'", "’") and toks:
                toks.insert(0, i)
                i -= 1
                continue
            if t.text == "-" and toks:
                toks.insert(0, i)
                i -= 1
                continue
            if (
                low == "the"
                and toks
                and i > 0
                and doc[i - 1].lower_ in ("of", "to", "for")
                and doc[i + 1].is_title
            ):
                toks.insert(0, i)  # "Ambassador to the United Nations"
                i -= 1
                continue
            if t.text == ")":
                o = next((k for k in range(i - 1, max(i - 8, -1), -1) if doc[k].text == "("), None)
                if o is not None and o > 0 and (doc[o - 1].is_title or doc[o - 1].is_upper):
                    i = o - 1  # "Labour MP (Member of Parliament) Tom Watson": skip the gloss
                    continue
            if (
                not toks
                and t.is_lower
                and t.pos_ == "NOUN"
                and i >= 2
                and doc[i - 1].lower_ == "for"
                and doc[i - 2].lower_ in gz.agent_words()
            ):
                toks.insert(0, i)  # "spokeswoman for women Sandra Gidley"
                i -= 1
                continue
            if toks and doc[toks[0]].is_lower and doc[toks[0]].pos_ in ("NOUN", "CCONJ"):
                # a portfolio in lower case: "AU trade and industry commissioner"; with no
                # name, country or capitalised word before it, the trim below drops it
                if t.is_lower and t.pos_ == "NOUN" and t.dep_ in ("compound", "nmod", "conj"):
                    toks.insert(0, i)
                    i -= 1
                    continue
                if low == "and" and i > 0 and doc[i - 1].is_lower and doc[i - 1].pos_ == "NOUN":
                    toks.insert(0, i)
                    i -= 1
                    continue
            if t.is_punct or low in ("the", "a", "an", "and", "or", "but", "said", "says"):
                break
            if low in ("of", "to", "for"):
                nxt = doc[i + 1] if doc[i + 1].lower_ != "the" else doc[min(i + 2, len(doc) - 1)]
                between = doc[i + 1 : toks[-1]] if toks else doc[i + 1 : i + 1]
                if (
                    toks
                    and i > 0
                    and (doc[i - 1].is_title or doc[i - 1].lower_ in gz.agent_words())
                    and (
                        nxt.is_title
                        # "spokeswoman for women Sandra Gidley": a portfolio in lower case
                        or (
                            low == "for"
                            and doc[i - 1].lower_ in gz.agent_words()
                            and all(t2.is_lower and t2.pos_ == "NOUN" for t2 in between)
                        )
                    )
                    # "envoy for Syria", not "critic of Russian president": no second title
                    # (unless a body's name comes first: "Commission for Racial Equality
                    # chairman")
                    and not gz.title_regex().search(
                        doc[
                            i + 1 : toks[-1] + (kb.agent(doc[i - 1].lower_, "title") is not None)
                        ].text
                    )
                ):
                    toks.insert(0, i)
                    i -= 1
                    continue
                break
            if t.pos_ in ("ADP", "SCONJ", "PRON") and not t.is_title:
                break
            other = self.by_tok.get(i)
            if (
                other is not None
                and other.kind == "person"
                and not (other.end < len(doc) and doc[other.end].text in ("'s", "’s", "'", "’"))
            ):
                break  # another person's name: "Senators Marco Rubio of Florida, Mike Lee"
            if t.is_title or t.is_upper or low in gz.agent_words() or low in TITLE_LEAD:
                if t.pos_ in ("VERB", "AUX") and not t.is_title:
                    break
                if t.ent_type_ in ("DATE", "TIME", "CARDINAL", "ORDINAL"):
                    break
                toks.insert(0, i)
                i -= 1
                continue
            break
        while toks and doc[toks[-1]].lower_.rstrip(".") in HONORIFICS:
            toks.pop()  # "NAO head Sir John Bourn": "Sir" is no part of the title
        # trim words that only happen to be capitalised ("Both President ...")
        while (
            toks
            and not self._title_anchor(toks[0])
            and (doc[toks[0]].is_sent_start or doc[toks[0]].is_lower or doc[toks[0]].is_punct)
        ):
            toks.pop(0)
        if not toks:
            return None
        return toks[0], toks[-1] + 1

    def _role_range_ok(self, s: int, e: int) -> bool:
        """A title or apposition: no other person in it, and its head is a title word
        ("the caretaker Prime Minister", "Ambassador to Germany", not "lawyers for ...")."""
        doc = self.doc
        if not gz.title_regex().search(doc[s:e].text):
            return False

        def titled(t: Token) -> bool:
            if t.tag_ in ("NNS", "NNPS"):
                return False  # "his lawyers": a person holds one title
            return bool(
                gz.title_regex().search(doc[max(s, t.i - 3) : t.i + 1].text)
                and (t.lower_ in gz.agent_words() or t.lower_.rstrip("s") in gz.agent_words())
            )

        head = None
        for i in range(s, e):
            t = doc[i]
            c = self.by_tok.get(i)
            if c is not None and c.kind == "person" and c.end <= e:
                nxt = doc[c.end].text if c.end < len(doc) else ""
                if nxt not in ("'s", "’s", "'", "’"):
                    return False
            if head is None and (
                t.lower_ in ("of", "to", "for", "who", "which", "that", "with", "at", "in")
                or t.text in (",", ";", "(")
            ):
                head = doc[i - 1] if i > s else None
                if t.text in (",", ";", "(") or t.lower_ in ("who", "which", "that"):
                    break
        last = next((doc[i] for i in range(e - 1, s - 1, -1) if not doc[i].is_punct), None)
        return bool(
            (last is not None and titled(last))
            or (head is not None and titled(head))
            or titled(doc[s:e].root)  # "the Government commissioner responsible for defence"
        )

    def _title_anchor(self, i: int) -> bool:
        t = self.doc[i]
        c = self.by_tok.get(i)
        if c is not None and c.kind in ("country", "demonym", "capital", "org", "person"):
            return True
        if (
            t.lower_ in ORG_WORDS
            and i + 1 < len(self.doc)
            and self.doc[i + 1].lower_ in ("for", "of")
        ):
            return True  # "Commission for Racial Equality chairman"
        return t.lower_ in gz.agent_words() or t.lower_ in TITLE_LEAD

    def parse_role(self, s: int, e: int, by_tok: dict[int, Cand]) -> Role | None:
        """Country, sector and title from tokens ``[s, e)`` of a title or apposition."""
        doc = self.doc
        if s >= e:
            return None
        span = doc[s:e]
        txt = span.text
        ms = list(gz.title_regex().finditer(txt))
        if not ms:
            return None
        m = ms[-1]
        agent_phrase = re.sub(r"[\s-]+", " ", m.group(0).lower())
        a = kb.agent(agent_phrase, "title") or kb.agent(agent_phrase.rstrip("s"), "title")
        if a is None and agent_phrase.endswith("es"):
            a = kb.agent(agent_phrase[:-2], "title")
        if a is None:
            return None
        role = Role(agent=a.phrase, sector=a.sector, tokens=(s, e))
        # what is in the title: countries, organisations, a possessor
        cut = s  # title text starts after leading countries / possessors
        org_country = org_sector = None
        seen: set[int] = set()
        for i in range(s, e):
            c = by_tok.get(i)
            if c is None or id(c) in seen:
                continue
            seen.add(id(c))
            j = c.start - 1
            while j > s and doc[j].lower_ in ("the", "a", "an"):
                j -= 1
            prev = doc[j].lower_ if j >= s and j < c.start else ""
            nxt = doc[c.end].text if c.end < len(doc) else ""
            if nxt in ("'s", "’s", "'", "’") and c.end < e:
                w = self.tok_owner.get(c.start)
                if c.kind == "person" and w is not None:
                    role.possessor = w
                elif c.kind in ("country", "demonym", "capital") and c.value:
                    role.country = role.country or c.value
                elif c.kind == "org":
                    role.possessor = self.org_work(c)
                if c.end + 1 <= e and c.start <= cut:
                    cut = max(cut, c.end + 1)  # a leading possessor is no part of the title
                continue
            if (
                c.kind in ("country", "demonym")
                and c.value
                and (prev not in ("to", "in", "for") or (prev == "for" and c.kind == "demonym"))
            ):
                if role.country is None:
                    role.country = c.value
                if c.start == cut:
                    cut = c.end
            elif c.kind == "org" and prev in ("to", "in"):
                pass  # "Ambassador to the United Nations": the post, not the employer
            elif c.kind == "nominal" and prev == "of":
                body = kb.agent(doc[c.end - 1].lemma_.lower(), "body")  # "of the Parliament"
                org_sector = org_sector or (body.sector if body else None)
            elif c.kind == "org":
                o = kb.org_by_name(c.value or c.text(doc))
                if o is None:
                    o = self.org_work(c)
                if org_country is None and prev == "of" and a.phrase in PARTY_ROLES:
                    # "president of the Tunisian League ...": he heads that body, so its
                    # sector is his (none where the body's is unknown), not the word's
                    role.sector = o.sector
                org_country = org_country or o.country
                org_sector = org_sector or o.sector
        if role.country is None:
            for i in range(s, e):
                t = doc[i]
                if not t.is_title or (i > s and doc[i - 1].lower_ in ("to", "in", "for")):
                    continue
                city = t.ent_type_ == "GPE"
                cc = gz.region_country(t.text, city) or (
                    gz.region_country(f"{t.text} {doc[i + 1].text}", city) if i + 1 < e else None
                )
                if cc:
                    role.country = cc
                    break
        if role.country is None and a.country:
            role.country = a.country  # an office of one country ("Taoiseach Leo Varadkar")
        poss = role.possessor
        if poss is not None:
            role.country = role.country or poss.country
            if role.sector is None:
                role.sector = poss.sector
        if org_sector == "PTY" and a.phrase in PARTY_ROLES:
            role.sector = "PTY"  # "Tory leader Michael Howard": he leads a party, not a state
        if org_country:
            role.country = role.country or org_country
            if role.sector is None or (org_country == "IGO" and role.sector == "GOV"):
                role.sector = (
                    org_sector if org_sector != "IGO" or org_country == "IGO" else role.sector
                )
        if role.sector is None and org_sector and org_sector != "IGO":
            role.sector = org_sector  # "member of the Tunisian Parliament": the body's sector
        if role.sector is None and role.country and role.country != "IGO":
            role.sector = (
                "GOV"
                if a.phrase
                in (
                    "spokesman",
                    "spokeswoman",
                    "spokesperson",
                    "aide",
                    "adviser",
                    "advisor",
                    "press secretary",
                    "chief of staff",
                    "envoy",
                )
                else None
            )
        if (
            role.sector == "BUS"
            and org_country is None
            and org_sector is None
            and poss is None
            and role.country not in (None, "IGO")
        ):
            role.sector = "GOV"  # "Hong Kong Chief Executive": an office of state, not a firm
        if role.country == "IGO" and role.sector in (None, "GOV"):
            role.sector = "IGO"
        title_txt = doc[cut:e].text.strip(" ,'’") if cut < e else m.group(0)
        role.title = title_txt or m.group(0)
        return role

    def apposition(self, c: Cand) -> tuple[int, int] | None:
        """Token range of an apposition naming the person's role, before or after the name."""
        doc = self.doc
        span = c.span(doc)
        root = span.root
        # after: "Name, the caretaker Prime Minister,"
        for ch in root.children:
            if ch.dep_ == "appos" and ch.i >= span.end:
                toks = [t.i for t in ch.subtree if t.i >= span.end and not t.is_punct]
                toks = [i for i in toks if doc[i].lower_ not in ("the", "a", "an")]
                if toks:
                    return min(toks), max(toks) + 1
        if span.end + 2 < len(doc) and doc[span.end].text == ",":
            j = span.end + 1
            if doc[j].lower_ in ("the", "a", "an"):
                j += 1
            k = j
            while k < len(doc) and k < j + 14 and doc[k].text not in (",", ".", ";", "—", "("):
                if doc[k].pos_ in ("VERB", "AUX"):
                    break
                k += 1
            if k < len(doc) and doc[k].text in (",", ".") and k > j:
                if gz.title_regex().search(doc[j:k].text):
                    return j, k
        # before: "Mahan's director, Hamid Arabnejad Khanooki,"
        if root.dep_ == "appos" and root.head.i < span.start:
            h = root.head
            toks = [t.i for t in h.subtree if t.i < span.start and not t.is_punct]
            toks = [i for i in toks if doc[i].lower_ not in ("the", "a", "an")]
            if toks and self._role_range_ok(min(toks), max(toks) + 1):
                return min(toks), max(toks) + 1
        if span.start >= 2 and doc[span.start - 1].text == ",":
            k = span.start - 1
            j = k - 1
            while (
                j >= 0
                and j > k - 15
                and doc[j].text not in (",", ".", ";", "\n")
                and (
                    doc[j].lower_ not in ("the", "a", "an")
                    or (j > 0 and doc[j - 1].lower_ in ("of", "for", "to"))  # "of the League"
                )
            ):
                if doc[j].pos_ in ("VERB", "AUX"):
                    break
                j -= 1
            j += 1
            if j < k and gz.title_regex().search(doc[j:k].text):
                if gz.title_regex().search(doc[k - 1].text):
                    return j, k  # "Mahan's director, Hamid Arabnejad Khanooki,"
                # "the president of the Tunisian League for ..., Jamel Msallem,"
                m = gz.title_regex().match(doc[j:k].text)
                after = doc[j].idx + m.end() if m else -1
                if any(t.idx >= after and t.lower_ == "of" for t in doc[j:k][:6]):
                    return j, k
        return None

    def person(self, c: Cand) -> None:
        doc = self.doc
        sp = c.span(doc)
        text = sp.text
        w = None
        if len(name_words(text)) >= 2:
            for p in self.persons:
                if same_person_name(p.name, text):
                    w = p
                    if len(text) > len(p.name):
                        p.name = text
                    break
        else:
            key = surname_key(text)
            best = None
            for p in self.persons:
                if surname_key(p.name) == key:
                    last = max((m.start for m in p.mentions if m.start < sp.start_char), default=-1)
                    if best is None or last > best[0]:
                        best = (last, p)
            if best:
                w = best[1]
            elif fold(text) in FAMILY_FIRST:
                # "Li" after "Li Wenliang": Chinese and Korean names put the family name first
                same = [p for p in self.persons if fold(name_words(p.name)[0]) == fold(text)]
                if len(same) == 1:
                    w = same[0]
            else:
                # "Qaboos" after "Qaboos bin Said": Arabic names of this shape go by the
                # given name
                same = [
                    p
                    for p in self.persons
                    if fold(name_words(p.name)[0]) == fold(text)
                    and {"bin", "ibn", "bint"} & {fold(x) for x in name_words(p.name)}
                ]
                if len(same) == 1:
                    w = same[0]
        if w is None:
            w = self.work(("person", text), "person", text)
            w.female = _gender(text)
            self.persons.append(w)
        kind = "name" if fold(text) == fold(w.name) or len(name_words(text)) >= 2 else "alias"
        w.add(sp.start_char, sp.end_char, text, kind)
        for i in range(c.start, c.end):
            self.tok_owner[i] = w

    def person_role(self, c: Cand) -> None:
        w = self.tok_owner.get(c.start)
        if w is None or w.kind != "person":
            return
        pre = self.title_prefix(c.start)
        ranges = self.role_ranges.get(c.start, [])
        doc = self.doc
        titled = bool(ranges) or doc[c.start].lower_ in gz.agent_words()
        if titled and c.end + 1 < len(doc) and doc[c.end].lower_ == "of":
            # "King Abdullah of Jordan", "Sultan Qaboos bin Said of Oman"
            d = self.by_tok.get(c.end + 1)
            if d is not None and d.kind in ("country", "capital") and d.value:
                self.title_toks.update(range(c.end, d.end))  # part of the style, not an actor
                w.country = w.country or d.value
        for s, e in ranges:
            role = self.parse_role(s, e, self.by_tok)
            if role is None:
                if (s, e) == pre and e == c.start:
                    # a bare demonym or country before a name: "Russian Alexei Navalny"
                    last = self.by_tok.get(e - 1)
                    if last is not None and last.kind == "demonym" and w.country is None:
                        w.country = last.value
                continue
            self.title_toks.update(range(s, e))
            if role.country and (w.country is None or w.confidence < 1):
                w.country = role.country
                w.confidence = 1.0
            if role.sector and (w.sector is None):
                w.sector = role.sector
            if role.title and not w.title:
                w.title = role.title
                w.agent = role.agent
            if role.agent in (
                "spokeswoman",
                "chairwoman",
                "congresswoman",
                "businesswoman",
                "queen",
            ):
                w.female = True
            elif role.agent in ("spokesman", "chairman", "congressman", "businessman", "king"):
                w.female = False

    def person_facts(self, c: Cand) -> None:
        """What the text says of a person outside a title: "Martin Smith of PBS" (the
        organisation's country and sector), "Hatice Cengiz is a Turkish national" (the
        demonym of a predicate noun)."""
        w = self.tok_owner.get(c.start)
        if w is None or w.kind != "person":
            return
        doc = self.doc
        k = c.end
        if k + 1 < len(doc) and doc[k].lower_ == "of":
            k += 2 if doc[k + 1].lower_ == "the" and k + 2 < len(doc) else 1
            o = self.tok_owner.get(k)
            if o is not None and o.kind == "org" and o.country and o.provenance != "context":
                w.country = w.country or o.country
                w.sector = w.sector or o.sector
        root = c.span(doc).root
        if root.dep_ == "nsubj" and root.head.lemma_ == "be":
            for attr in root.head.children:
                if attr.dep_ != "attr" or attr.pos_ != "NOUN":
                    continue
                for mod in attr.children:
                    d = self.by_tok.get(mod.i)
                    if mod.dep_ in ("amod", "compound") and d is not None and d.kind == "demonym":
                        w.country = w.country or d.value
                a = kb.agent(attr.lemma_.lower(), "title")
                if a is not None and w.sector is None:
                    w.sector = a.sector
                elif w.sector is None:
                    w.sector = kb.generic_sector(attr.lemma_)  # "is a lawyer": JUD
        # an apposition that is no title: "Amos Wekesa, a Kenyan lawyer, said"
        for ap in root.children:
            if ap.dep_ != "appos" or ap.i < c.end or ap.pos_ != "NOUN":
                continue
            for mod in ap.children:
                d = self.by_tok.get(mod.i)
                if mod.dep_ in ("amod", "compound") and d is not None and d.kind == "demonym":
                    w.country = w.country or d.value
            if w.sector is None:
                mods = [x.lower_ for x in ap.lefts if x.dep_ in ("compound", "amod") and x.is_lower]
                w.sector = kb.generic_sector(" ".join([*mods, ap.lemma_]))

    def _looks_like_titled_person(self, span: Span) -> bool:
        """An ORG-tagged name right after a person's title ("spokesperson, Morgan Ortagus")."""
        if not 2 <= len(span) <= 4 or not all(t.is_title for t in span):
            return False
        if any(t.lower_ in ORG_WORDS or t.lower_ in gz.agent_words() for t in span):
            return False
        # "Nils-Erik Haagenrud, the police's operations manager"
        j = span.end
        if j < len(self.doc) and self.doc[j].text == ",":
            window = self.doc[j + 1 : min(len(self.doc), j + 7)]
            for t in window:
                if t.text in (",", ".", ";"):
                    break
                if gz.title_regex().fullmatch(t.text) and t.tag_ not in ("NNS", "NNPS"):
                    return True
        i = span.start - 1
        if i >= 0 and self.doc[i].text == ",":
            i -= 1
        if i < 0:
            return False
        prev = self.doc[i]
        return bool(gz.title_regex().fullmatch(prev.text)) or (
            span.root.dep_ == "appos" and bool(gz.title_regex().fullmatch(span.root.head.text))
        )
