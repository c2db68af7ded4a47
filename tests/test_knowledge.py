"""Our knowledge files: countries, organisations, agents; and transliteration keys."""

from __future__ import annotations

from dyad import knowledge as kb
from dyad.extract.actors.names import name_key, same_person_name, surname, surname_key


def test_countries_by_name_demonym_capital():
    assert kb.country_by_name("U.S.").iso3 == "USA"
    assert kb.country_by_name("the United States").iso3 == "USA"
    assert kb.country_by_name("Britain").iso3 == "GBR"
    assert kb.country_by_name("the Russian Federation").iso3 == "RUS"
    assert kb.country_by_demonym("Libyan").iso3 == "LBY"
    assert kb.country_by_demonym("Russians").iso3 == "RUS"
    assert kb.country_by_demonym("Iraqi").iso3 == "IRQ"
    assert kb.country_by_capital("Tehran").iso3 == "IRN"
    assert kb.country_by_capital("Washington").iso3 == "USA"
    c = kb.country("DEU")
    assert c.name == "Germany" and "German" in c.demonyms and "Berlin" in c.capitals
    # "us" the pronoun is no country; "US" is
    assert kb.country_by_name("us") is None
    assert kb.country_by_name("US").iso3 == "USA"
    assert kb.country_by_name("Atlantis") is None


def test_every_un_member_sized_country_is_there():
    k = kb.load()
    assert len(k.countries) >= 195
    for iso in ("AFG", "BRA", "CHN", "COD", "EGY", "IND", "PSE", "SSD", "TWN", "XKX", "ZWE"):
        assert iso in k.countries, iso


def test_igo_and_organisations():
    nato = kb.igo_by_name("NATO")
    assert nato is not None and nato.country == "IGO" and "alliance" in nato.types
    assert kb.igo_by_name("UN Security Council").name == "UN Security Council"
    assert kb.is_igo("European Union") and kb.is_igo("EU")
    assert not kb.is_igo("Hamas")
    assert kb.org_by_name("PKK").country == "TUR"
    assert kb.org_by_name("Reuters").sector == "MED"


def test_agents_map_titles_and_nouns_to_sectors():
    assert kb.agent("defense minister", "title").sector == "GOV"
    assert kb.agent("opposition leader", "title").sector == "OPP"
    assert kb.agent("troop").sector == "MIL"
    assert kb.agent("rebel").sector == "REB"
    assert kb.agent("police").sector == "COP"
    assert kb.agent("defense ministry", "body").sector == "MIL"
    assert kb.agent("spokesman", "title").sector is None  # inherits from the possessor
    assert kb.sector_of("protester") == "CVL"


def test_transliteration_key_merges_spelling_variants():
    forms = ["Gadhafi", "Qaddafi", "Gaddafi", "Kadhafi", "Qadhafi"]
    assert len({name_key(f) for f in forms}) == 1
    assert name_key("Erdoğan") == name_key("Erdogan")
    assert name_key("Zelensky") == name_key("Zelenskyy")
    assert name_key("Putin") != name_key("Peskov")
    assert surname("Bashar al-Assad") == "al-Assad"
    assert surname_key("Bashar al-Assad") == surname_key("Assad")
    assert same_person_name("Moammar Gadhafi", "Muammar Qaddafi")
    assert not same_person_name("Bashar al-Assad", "Hafez al-Assad")


def test_actor_dictionary_roles_resolve_at_the_date():
    from dyad.extract.actors.memory import known_people

    people = known_people()
    ban_2005 = people.find("Ban Ki-moon", "2005-06-01", person=True)
    ban_2010 = people.find("Ban Ki-moon", "2010-06-01", person=True)
    assert (ban_2005.country, ban_2005.sector) == ("KOR", "GOV")
    assert (ban_2010.country, ban_2010.sector) == ("IGO", "IGO")
    blair = people.find("Tony Blair", "2005-03-01", person=True)
    assert (blair.country, blair.sector) == ("GBR", "GOV")
    later = people.find("Tony Blair", "2012-03-01", person=True)
    assert later.country == "GBR" and later.sector is None  # no office that day


def test_a_bare_surname_is_no_dictionary_person_unless_an_alias():
    from dyad.extract.actors.memory import known_people

    people = known_people()
    assert people.find("Howard", "2005-01-01", person=True) is None  # not John Howard
    assert people.find("Michael Howard", "2005-01-01", person=True) is None
    assert people.find("Erdogan", "2020-01-01", person=True).country == "TUR"


def test_role_at_without_a_date_takes_the_latest_office():
    from dyad.extract.actors.memory import DatedRole, role_at

    roles = (
        DatedRole("KOR", "GOV", "2004-10-01", "2006-11-30"),
        DatedRole("IGO", "IGO", "2007-01-01", ""),
    )
    assert role_at(roles, None) == ("IGO", "IGO")
    # before any office: the nearest role's country, no sector
    assert role_at(roles, "2003-01-01") == ("KOR", None)


def test_dictionary_organisations_and_parties():
    assert kb.dictionary_org("Commerzbank").country == "DEU"
    assert kb.dictionary_org("Commerzbank").sector == "BUS"
    assert kb.dictionary_org("OPEC").country == "IGO"
    for name in ("Tories", "Conservatives", "Labour", "Liberal Democrats", "SNP"):
        o = kb.org_by_name(name)
        assert (o.country, o.sector) == ("GBR", "PTY"), name
    for name in ("European Community", "GATT", "EC"):
        assert kb.org_by_name(name).country == "IGO", name
    assert kb.agent("taoiseach", "title").country == "IRL"


def test_generic_agent_nouns_from_the_cameo_agents_file():
    # our agents.tsv first, then the compiled CAMEO agents file; plurals and modifiers
    assert kb.generic_sector("civil servant") == "GOV"
    assert kb.generic_sector("former civil servant") == "GOV"
    assert kb.generic_sector("mortar and shell manufacturer") == "BUS"
    assert kb.generic_sector("lawyers") == "JUD"
    assert kb.generic_sector("farmers") == "CVL"
    assert kb.generic_sector("daily newspaper") == "MED"
    assert kb.generic_sector("troops") == "MIL"
    assert kb.generic_sector("weather") is None
    # criminals are CRM since session 4; codes of no sector of ours are left out (elites)
    assert kb.generic_sector("smuggler") == "CRM"
    assert kb.generic_sector("illegal immigrant") == "CVL"  # an immigrant; migrating is no crime
    assert kb.sector_of("drug gangs".rstrip("s")) == "CRM"  # and they act as groups


def test_news_media_have_their_home_country():
    for name, iso in (("Rudaw", "IRQ"), ("VOA", "USA"), ("The Hindu", "IND"), ("NHK", "JPN")):
        o = kb.org_by_name(name)
        assert o is not None and (o.country, o.sector) == (iso, "MED"), name
    assert kb.country("BLR").name == "Belarus"
