"""Word lists and small word-level helpers of the actors stage."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from dyad import knowledge as kb
from dyad.extract.actors import gazetteer as gz
from dyad.extract.actors.names import fold, name_words

if TYPE_CHECKING:
    from dyad.extract.actors.syntax import Work

LOCATIVE = set(
    """
    in at to from into across near within throughout around inside outside through toward
    towards along onto via beyond off past out above below under beside amid among during
    since until
    """.split()
)


SUBJ = set(
    """
    nsubj nsubjpass csubj csubjpass agent expl
    """.split()
)

OBJ = set(
    """
    dobj iobj dative attr oprd
    """.split()
)

MALE = set(
    """
    he him his himself
    """.split()
)

FEMALE = set(
    """
    she her hers herself
    """.split()
)

IT_VERBS = set(
    """
    say announce agree deny claim accuse want plan reject urge call insist warn threaten add
    argue demand refuse vow pledge decide seek respond condemn admit acknowledge confirm
    promise ask expect hope intend offer sign launch order ban impose propose report state
    declare deploy attack withdraw send allow block back support oppose enter release arrest
    sanction criticise criticize
    """.split()
)

PLACE_NOUNS = set(
    """
    north south east west northeast northwest southeast southwest part parts capital city
    town village region province border coast territory centre center heart edge outskirts
    interior rest area side corner map soil streets people citizen resident population
    """.split()
)

TRANSFER_WORDS = set(
    """
    talk speak appeal send give offer provide hand deliver donate sell supply grant extend
    pay lend apologize apologise return transfer extradite write aid assistance support loan
    sale export shipment delivery message letter ultimatum warning threat concession
    proposal plea request compensation credit pledge promise
    """.split()
)

SPEECH_VERBS = set(
    """
    say tell announce report state claim add declare warn urge insist deny call demand
    accuse condemn reject threaten respond confirm note write tweet argue vow pledge allege
    ask agree
    """.split()
)

DETS = set(
    """
    the a an this these those its their his her some many both
    """.split()
)


PLACE_WORDS = set(
    """
    avenue street square road boulevard bridge airport station park stadium lane highway
    prospekt plaza district province
    """.split()
)

PROTEST_GROUPS = set(
    """
    protester protestor demonstrator activist striker
    """.split()
)

NO_COUNTRY_GROUPS = set(
    """
    coalition ally family associate supporter
    """.split()
)

TITLE_LEAD = set(
    """
    new newly elected designate appointed former acting interim caretaker then deputy vice
    outgoing incoming late ex top senior chief foreign defense defence interior finance
    justice health opposition state general prime first second assistant associate special
    de facto
    """.split()
)

TRANSNATIONAL = set(
    """
    global international world coalition alliance transnational multinational united nations
    regional african european asian arab pan islamic intergovernmental
    """.split()
)

HONORIFICS = set(
    """
    mr mrs ms miss dr sir dame lord lady mme m
    """.split()
)

EVENT_WORDS = {
    "election",
    "elections",
    "budget",
    "inquiry",
    "games",
    "olympics",
    "cup",
    "championship",
    "championships",
    "summit",
    "conference",
    "festival",
    "awards",
    "award",
    "prize",
    "war",
    "referendum",
    "treaty",
    "agreement",
    "accord",
    "act",
    "bill",
    "day",
    "week",
    "year",
    "season",
    "millennium",
    "series",
    "tournament",
    "open",
    "marathon",
    "grand prix",
    "expo",
    "olympiad",
    "protocol",
    "declaration",
}

FAMILY_FIRST = set(
    """li wang zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he lin gao luo
    zheng liang xie song tang han feng deng cao peng zeng xiao tian dong pan yuan cai jiang
    yu du ye cheng wei su lu ding ren shen yao xi kim park lee choi jung kang cho yoon jang
    lim han oh seo shin kwon hwang ahn song hong moon""".split()
)

FEMALE_NAMES = set(
    """mary elizabeth angela theresa hillary nancy kamala ursula christine margaret jacinda
    sanna julia marine emmanuelle condoleezza madeleine samantha nikki susan janet nicola liz
    priti yulia svetlana alexandra tsai ingrid ellen helen sarah jennifer jessica karen linda
    patricia barbara michelle laura ann anne catherine kate victoria sophie marie claire
    isabel cristina dilma golda benazir indira hasina aung jill melania ivanka nadia aisha
    fatima mariam maria ana sonia yoko yuriko""".split()
)

# common given names across languages: an ORG-tagged "Paul Rivera" is a person
GIVEN_NAMES = set(
    """
    john james robert michael william david richard joseph thomas charles christopher daniel
    matthew anthony mark donald steven paul andrew joshua kenneth kevin brian george timothy
    ronald edward jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin
    scott brandon benjamin samuel gregory alexander frank patrick raymond jack dennis jerry
    tyler aaron jose adam nathan henry douglas zachary peter kyle ethan walter noah jeremy
    christian keith roger terry gerald harold sean austin carl arthur lawrence dylan jesse
    jordan bryan billy joe bruce gabriel logan albert willie alan juan wayne elijah randy roy
    vincent ralph eugene russell bobby mason philip louis tom tony jim bill bob mike steve
    ahmed ahmad mohammed muhammad mohamed mohammad ali hassan hussein omar abdul abdullah
    ibrahim khalid mahmoud mustafa youssef yusuf karim tariq faisal hamid nasser salman
    sergei sergey vladimir dmitry dmitri alexei alexey andrei andrey ivan mikhail nikolai
    yuri oleg igor viktor boris pavel anatoly yevgeny evgeny maxim volodymyr petro oleksiy
    jean pierre francois jacques michel philippe nicolas emmanuel luc marc laurent olivier
    hans klaus jurgen wolfgang helmut gerhard frank thomas stefan andreas markus heiko olaf
    carlos luis miguel jorge pedro manuel antonio francisco javier alejandro fernando diego
    giuseppe giovanni marco luca matteo paolo mario sergio roberto alessandro
    wang li zhang liu chen yang huang zhao kim park lee choi
    recep ahmet mehmet mustafa emine ali kemal
    raj rahul amit sanjay vijay narendra arvind
    mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa betty
    margaret sandra ashley kimberly emily donna michelle dorothy carol amanda melissa deborah
    stephanie rebecca sharon laura cynthia kathleen amy shirley angela helen anna brenda
    pamela nicole emma samantha katherine christine debra rachel catherine carolyn janet
    ruth maria heather diane virginia julie joyce victoria olivia kelly christina lauren joan
    evelyn judith megan cheryl andrea hannah martha jacqueline frances gloria ann teresa
    kathryn sara janice jean alice madison doris abigail julia judy grace denise amber
    marilyn beverly danielle theresa sophia marie diana brittany natalie isabella charlotte
    rose alexis kayla fatima aisha leila yasmin natalia olga tatiana irina svetlana elena
    yulia ekaterina marina anastasia ingrid ursula angelika sabine claudia petra monika
    """.split()
)
MALE_NAMES = set(
    """andrea luca nikita ilya joshua sasha mustafa musa isa yahya zakaria moussa elijah
    jonah noah""".split()
)

_US = re.compile(r"\b(?:U\.S\.A?\.?|USA|US|United States(?: of America)?)(?=\s|$)")


# a word in an organisation's name and the sector it suggests
ORG_WORDS: dict[str, str | None] = {
    "ministry": "GOV",
    "office": "GOV",
    "department": "GOV",
    "agency": "GOV",
    "council": "GOV",
    "parliament": "GOV",
    "commission": "GOV",
    "government": "GOV",
    "administration": "GOV",
    "embassy": "GOV",
    "army": "MIL",
    "forces": "MIL",
    "force": "MIL",
    "navy": "MIL",
    "guard": "MIL",
    "fleet": "MIL",
    "guards": "MIL",
    "corps": "MIL",
    "brigade": "MIL",
    "command": "MIL",
    "police": "COP",
    "court": "JUD",
    "tribunal": "JUD",
    "party": "PTY",
    "front": "REB",
    "movement": None,
    "foundation": "NGO",
    "fund": "NGO",
    "charity": "NGO",
    "institute": "EDU",
    "university": "EDU",
    "college": "EDU",
    "school": "EDU",
    "hospital": None,
    "church": "REL",
    "bank": "BUS",
    "airline": "BUS",
    "airlines": "BUS",
    "airways": "BUS",
    "company": "BUS",
    "corporation": "BUS",
    "corp": "BUS",
    "inc": "BUS",
    "ltd": "BUS",
    "group": None,
    "news": "MED",
    "times": "MED",
    "post": "MED",
    "radio": "MED",
    "television": "MED",
    "tv": "MED",
    "press": "MED",
    "journal": "MED",
    "herald": "MED",
    "tribune": "MED",
    "gazette": "MED",
    "daily": "MED",
    "motors": "BUS",
    "holdings": "BUS",
    "energy": "BUS",
    "oil": "BUS",
    "petroleum": "BUS",
    "telecom": "BUS",
    "pharmaceuticals": "BUS",
    "technologies": "BUS",
    "industries": "BUS",
    "entertainment": "BUS",
    "securities": "BUS",
    "insurance": "BUS",
    "foods": "BUS",
    "brewery": "BUS",
    "motor": "BUS",
    "plc": "BUS",
    "llc": "BUS",
    "gmbh": "BUS",
    "sa": "BUS",
    "ag": "BUS",
    "co": "BUS",
    "enterprises": "BUS",
    "solutions": "BUS",
    "committee": None,
    "association": None,
    "union": None,
    "network": None,
    "federation": None,
    "society": None,
    "trust": None,
}


def _gender(name: str) -> bool | None:
    """True for a first name that is usually a woman's, None when unknown."""
    ws = name_words(name)
    if len(ws) < 2:
        return None
    first = fold(ws[0]).strip(".")
    if first in FEMALE_NAMES:
        return True
    if first in MALE_NAMES:
        return None
    if len(first) > 3 and first.endswith("a") and not first.endswith(("ya", "sha")):
        return True  # Veronika, Angela, Yulia: a strong cue in many languages
    return None


def _title_agent(title: str | None) -> str | None:
    """The agent phrase of a title ("Kremlin spokesman" -> "spokesman")."""
    if not title:
        return None
    ms = list(gz.title_regex().finditer(title))
    if not ms:
        return None
    phrase = re.sub(r"[\s-]+", " ", ms[-1].group(0).lower())
    a = kb.agent(phrase, "title") or kb.agent(phrase.rstrip("s"), "title")
    return a.phrase if a else None


def _org_head(name: str) -> str:
    """The head noun of an organisation's name ("Global Coalition to Defeat ISIS" -> coalition)."""
    words = name.split()
    for i, w in enumerate(words):
        if w.lower() in ("of", "to", "for", "in", "on", "against") and i > 0:
            return words[i - 1].lower()
    return words[-1].lower() if words else ""


def _is_place_name(s: str) -> bool:
    return bool(gz.region_country(s) or kb.country_by_any(s))


def _org_key(s: str) -> str:
    """An organisation's key: "U.S. Geological Survey" = "United States Geological Survey"."""
    return _surface_key(_US.sub("united states", s))


def _surface_key(s: str) -> str:
    return fold(re.sub(r"^the\s+", "", s.strip(), flags=re.I))


def _acronym(name: str) -> str:
    return "".join(w[0] for w in re.findall(r"[A-Za-z][\w']*", name) if w[0].isupper())


def _strip_det(s: str) -> str:
    return re.sub(r"^(the|a|an|his|her|its|their)\s+", "", s.strip(), flags=re.I)


def _demonym(iso: str) -> str | None:
    c = kb.country(iso)
    if c is None:
        return None
    for d in c.demonyms:
        if not d.endswith("s") and not kb.is_acronym(d) and "." not in d:
            return d
    return None


def _country_of(name: str) -> str | None:
    c = kb.country_by_any(name)
    return c[0].iso3 if c else None


def _force_name(surface: str, iso: str) -> str:
    s = _strip_det(surface)
    m = re.match(r"^(.+?)[’']s\s+(.+)$", s)
    if m and kb.country_by_name(m.group(1)):
        s = m.group(2)  # "Libya's air defenses" -> "Libyan air defenses"
        adj = _demonym(iso)
        return f"{adj} {s}" if adj else s
    if s and s[0].islower():
        adj = _demonym(iso)
        return f"{adj} {s}" if adj else s
    return s


def _display_name(w: Work) -> str:
    """An organisation's name: the canonical one where the article writes it, else the
    article's own longest spelling (an acronym only if it never spells the name out)."""
    known = kb.org_by_name(w.name)
    texts = {fold(x) for x in w.surfaces}
    if known is not None and fold(known.name) in texts:
        return known.name
    full = [x for x in w.surfaces if not kb.is_acronym(x)]
    if known is None:
        return max(full, key=len) if full else w.name
    return max(w.surfaces, key=lambda x: (w.surfaces[x], -len(x)))
