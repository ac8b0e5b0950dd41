"""A reproducible synthetic dossier: scraped-style Danish articles, notes, events and a registry.

    python benchmarks/corpus.py OUT_DIR --articles 5000 --people 300 --organisations 100 --seed 1

writes OUT_DIR/content/ and OUT_DIR/sources.toml. The sentences are templates written for this
benchmark; names are drawn from first names, surnames and place names, so nobody real is meant.
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from dossier.content import atomic_write, format_header, slugify

FIRST = (
    "Anne Bente Birgitte Camilla Dorthe Eva Hanne Helle Inge Karen Lene Lise Mette Pia "
    "Rikke Susanne Tina Ulla Anders Bent Carsten Erik Frank Hans Henrik Jens Jesper "
    "Karsten Lars Mads Martin Michael Morten Niels Ole Peter Poul Rasmus Søren Thomas "
    "Torben"
).split()
LAST = (
    "Andersen Bach Bech Berg Bruun Dahl Damgaard Eriksen Fog Friis Gade Hald Holm Juhl "
    "Kjær Krogh Lund Madsen Mikkelsen Møller Nygaard Olesen Pedersen Poulsen Rasmussen "
    "Riis Schmidt Skov Storm Svendsen Thomsen Vestergaard Winther Østergaard Aagaard Brix "
    "Hvid Lauritsen"
).split()
TOWNS = (
    "Ringkøbing Skanderborg Hjørring Faaborg Næstved Viborg Kolding Odsherred Rødovre "
    "Ballerup Thisted Lemvig Vordingborg Sorø Haderslev Svendborg Frederikssund Halsnæs "
    "Assens Ikast Billund Vejen Nyborg Kalundborg Tårnby Greve Furesø Syddjurs Norddjurs "
    "Favrskov"
).split()
ROLES = (
    "it-chef",
    "digitaliseringschef",
    "direktør",
    "formand",
    "borgmester",
    "kontorchef",
    "specialkonsulent",
    "ordfører",
    "projektleder",
    "chefkonsulent",
)
TOPICS = (
    "sagssystemet",
    "udbuddet",
    "licenserne",
    "brugerklubben",
    "konkurrencen",
    "kildekoden",
    "driftsaftalen",
    "integrationerne",
    "aktindsigten",
    "budgettet",
)
SENTENCES = (
    "{org} har i flere år arbejdet med {topic}, og nu skal der træffes en beslutning.",
    "Ifølge {org} er der tale om en principiel sag for hele den offentlige sektor.",
    "Kommunerne i samarbejdet har hver især betalt et beløb pr. indbygger for at være med.",
    "Kritikerne mener, at {topic} forvrider konkurrencen på markedet for it-systemer.",
    "{name}, der er {role} i {org}, har fulgt sagen siden begyndelsen.",
    "Sagen har været drøftet i udvalget flere gange uden at blive afgjort.",
    "Flere leverandører har klaget over, at de ikke kan byde på opgaven på lige vilkår.",
    "I {town} Kommune har man valgt at vente på en afklaring, før man skifter system.",
    "Den seneste opgørelse viser, at udgifterne til jura og administration er steget.",
    "{org} afviser, at der er noget problematisk i den måde, {topic} er organiseret på.",
    "Ministeriet har bedt om en redegørelse, som ventes at ligge klar efter sommerferien.",
    "Der er stadig uenighed om, hvordan reglerne for offentlige udbud skal fortolkes her.",
)
# Nouns that vary from article to article, so texts differ in more than names (as real news does).
NOUNS = (
    "arkivering journalisering dokumentstyring sagsbehandling borgerservice datasikkerhed "
    "persondata hosting driftsmiljø licensmodel medlemsbetaling kontrakt rammeaftale "
    "tilbudsfrist prækvalifikation evalueringsmodel klagenævn aktindsigt offentlighedslov "
    "forvaltningslov statsstøtte konkurrenceret brugerflade integration snitflade webservice "
    "migrering konvertering testmiljø opgradering sikkerhedsopdatering leverandørskifte "
    "exit-strategi kildekode ophavsret licensvilkår vedligeholdelse videreudvikling styregruppe "
    "generalforsamling bestyrelse sekretariat økonomiudvalg kommunalbestyrelse byråd regionsråd "
    "budgetforlig kasseeftersyn revision risikovurdering gevinstrealisering business-case "
    "digitaliseringsstrategi fællesoffentlig infrastruktur støttesystemer fagsystemer "
    "ydelsesrefusion borgerportal selvbetjening postløsning e-boks cloudløsning datacenter "
    "backup nedetid svartid brugertilfredshed uddannelsesforløb superbrugere kravspecifikation"
).split()
NOUN_SENTENCES = (
    "Spørgsmålet om {noun} fylder meget i drøftelserne, og {noun2} er ikke afklaret.",
    "I {town} har man særligt haft fokus på {noun} og {noun2}.",
    "Et notat om {noun} blev forelagt {org}, men det skabte flere spørgsmål om {noun2}.",
    "Både {noun} og {noun2} indgår i den nye aftale, som træder i kraft til næste år.",
)
QUOTES = (
    "Vi har hele tiden fulgt reglerne, og det vil vi blive ved med",
    "Det her handler om, hvordan vi bruger skatteborgernes penge bedst muligt",
    "Private virksomheder kan sagtens løse opgaven, hvis de får lov",
    "Jeg forstår godt kritikken, men jeg deler den ikke",
    "Vi ejer koden i fællesskab, og udviklingen købes i udbud hos private",
    "Det er et spørgsmål om fair konkurrence og ikke om et bestemt system",
)


@dataclass(frozen=True)
class Registry:
    """The generated people and organisations."""

    people: list[tuple[str, str, str, str]]  # id, name, role, organisation id
    organisations: list[tuple[str, str, str]]  # id, name, type


def make_registry(rng: random.Random, people: int, organisations: int) -> Registry:
    """Unique people and organisations (municipalities, associations and companies)."""
    orgs: dict[str, tuple[str, str, str]] = {}
    while len(orgs) < organisations:
        kind = rng.choice(("kommune", "forening", "virksomhed"))
        town = rng.choice(TOWNS)
        base = {
            "kommune": f"{town} Kommune",
            "forening": f"Foreningen for Digital {town}",
            "virksomhed": f"{rng.choice(LAST)} {rng.choice(('Data', 'Systemer', 'IT'))} A/S",
        }[kind]
        name = base if slugify(base) not in orgs else f"{base} {len(orgs)}"
        orgs[slugify(name)] = (slugify(name), name, kind)
    org_ids = list(orgs)
    persons: dict[str, tuple[str, str, str, str]] = {}
    while len(persons) < people:
        middle = rng.choice(FIRST) if rng.random() < 0.2 else ""
        name = " ".join(f"{rng.choice(FIRST)} {middle} {rng.choice(LAST)}".split())
        persons.setdefault(
            slugify(name), (slugify(name), name, rng.choice(ROLES), rng.choice(org_ids))
        )
    return Registry(list(persons.values()), list(orgs.values()))


def article_text(rng: random.Random, registry: Registry, words: int) -> tuple[str, list[str]]:
    """Paragraphs of roughly `words` words with quotes attributed to registry people."""
    paragraphs, count, cast = [], 0, rng.sample(registry.people, k=min(4, len(registry.people)))
    while count < words:
        pid, name, role, org_id = rng.choice(cast)
        org = next(o[1] for o in registry.organisations if o[0] == org_id)
        if rng.random() < 0.25:
            text = f"»{rng.choice(QUOTES)},« siger {name}, {role} i {org}."
        else:
            text = " ".join(
                rng.choice(SENTENCES + NOUN_SENTENCES).format(
                    org=org,
                    topic=rng.choice(TOPICS),
                    name=name,
                    role=role,
                    town=rng.choice(TOWNS),
                    noun=rng.choice(NOUNS),
                    noun2=rng.choice(NOUNS),
                )
                for _ in range(rng.randint(2, 4))
            )
        paragraphs.append(text)
        count += len(text.split())
    return "\n\n".join(paragraphs), [c[0] for c in cast]


def write_corpus(out: Path, articles: int, people: int, organisations: int, seed: int) -> Path:
    """Write the whole corpus under out/ and return its content folder."""
    rng = random.Random(seed)
    registry = make_registry(rng, people, organisations)
    content = out / "content"
    for pid, name, role, org_id in registry.people:
        header = format_header(
            [("Title", name), ("Roles", f"{role.capitalize()} | {org_id} | 2010 |")]
        )
        atomic_write(content / "people" / f"{pid}.md", header + f"{name} er {role}.\n")
    for oid, name, kind in registry.organisations:
        header = format_header([("Title", name), ("Type", kind)])
        atomic_write(content / "organisations" / f"{oid}.md", header + f"{name} er en {kind}.\n")
    sources = ["avisen", "fagbladet", "nyhedsbrevet"]
    start = datetime(2010, 1, 1)
    for number in range(articles):
        date = start + timedelta(hours=rng.randint(0, 24 * 365 * 9))
        topic = rng.choice(TOPICS)
        title = f"{rng.choice(TOWNS)}: ny strid om {topic} ({number})"
        body, _cast = article_text(rng, registry, rng.randint(300, 800))
        source = rng.choice(sources)
        header = format_header(
            [
                ("Title", title),
                ("Date", date.strftime("%Y-%m-%d %H:%M")),
                ("Source", source),
                ("Original", f"https://{source}.example/artikel/{number}"),
                ("Publish", "excerpt"),
                ("Summary", body.split("\n\n")[0][:200]),
            ]
        )
        atomic_write(
            content / "articles" / source / str(date.year) / f"{slugify(title)}.md",
            header + body + "\n",
        )
    for number in range(max(1, articles // 50)):
        date = start + timedelta(days=rng.randint(0, 365 * 9))
        title = f"Note om {rng.choice(TOPICS)} {number}"
        body, cast = article_text(rng, registry, 200)
        header = format_header(
            [("Title", title), ("Date", date.strftime("%Y-%m-%d")), ("People", ", ".join(cast[:2]))]
        )
        atomic_write(content / "notes" / f"{slugify(title)}.md", header + body + "\n")
        title = f"Begivenhed om {rng.choice(TOPICS)} {number}"
        header = format_header(
            [("Title", title), ("Date", date.strftime("%Y-%m-%d")), ("Kind", "begivenhed")]
        )
        atomic_write(
            content / "events" / f"{date:%Y-%m-%d}-{slugify(title)}.md",
            header + "Et møde om sagen.\n",
        )
    toml = '[topic]\nquery = "sagssystemet"\n' + "".join(
        f'\n[[source]]\nid = "{s}"\nname = "{s.capitalize()}"\nfeed = "https://{s}.example/rss"\n'
        for s in sources
    )
    atomic_write(out / "sources.toml", toml)
    return content


def main() -> None:
    """Command line: write a corpus."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--people", type=int, default=300)
    parser.add_argument("--organisations", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    write_corpus(args.out, args.articles, args.people, args.organisations, args.seed)


if __name__ == "__main__":
    main()
