"""A generated corpus of French patient posts, and queries over it, for the search benchmark.

Seeded and deterministic: the same --posts and --seed give the same posts and queries.
Posts are about 85 words (the demo's fragments, community/demo/texts.py, and sentences
built from a pool of medical and lay words with Zipf-like frequencies); about a fifth
are typed without accents, some carry typos, about 3 % are in English. They spread over
10 spaces of uneven sizes (the first holds about 30 %), in threads of about 8 posts (the
opening post carries the thread's title), dated over two years, ids in date order.

    .venv/bin/python bench/search_corpus.py [--posts 100000] [--seed 6]   # writes the cache

The corpus is cached as JSON lines in bench/work/search/ (git-ignored); `load()` reads
the cache or writes it first. No database is involved.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import asdict
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "work" / "search"
sys.path.insert(0, str(ROOT))

from community.demo.texts import GENERIC, TOPICS  # noqa: E402
from community.search.backend import IndexedPost  # noqa: E402

# (id, slug, share of the posts, demo topic its posts draw from; None: every topic)
SPACES = (
    (1, "diabete-type-1", 0.30, "t1"),
    (2, "diabete-type-2", 0.15, "t2"),
    (3, "endometriose", 0.12, "endo"),
    (4, "sclerose-en-plaques", 0.10, "sep"),
    (5, "maladies-rares", 0.08, "rares"),
    (6, "cafe-des-membres", 0.07, None),
    (7, "parents-et-aidants", 0.06, None),
    (8, "douleur-chronique", 0.05, "endo"),
    (9, "nouveaux-diagnostics", 0.04, None),
    (10, "vie-pro-et-droits", 0.03, None),
)
BIG_SPACE, SMALL_SPACE = 1, 10
END = datetime(2026, 11, 1, 12, 0)
SPAN = timedelta(days=730)


def _pool(text: str) -> tuple[str, ...]:
    return tuple(word.strip() for word in text.split(","))


# Word pools: "singular|plural" when both exist; the first entries are the most frequent.
CARERS = _pool(
    "médecin|médecins, médecin traitant, infirmière|infirmières, diabétologue, "
    "neurologue, gynécologue, endocrinologue, kiné|kinés, pharmacien|pharmaciens, "
    "psychologue, rhumatologue, dermatologue, cardiologue, nutritionniste, généraliste, "
    "spécialiste|spécialistes, gastro-entérologue, podologue, ergothérapeute, "
    "orthoptiste, sage-femme, radiologue, algologue"
)
SYMPTOMS = _pool(
    "fatigue, douleur|douleurs, hypoglycémie|hypoglycémies, nausée|nausées, "
    "migraine|migraines, crampe|crampes, insomnie|insomnies, vertige|vertiges, "
    "crise|crises, angoisse|angoisses, essoufflement, fourmillement|fourmillements, "
    "brûlure|brûlures, ballonnement|ballonnements, raideur|raideurs, "
    "hyperglycémie|hyperglycémies, poussée|poussées, saignement|saignements, "
    "démangeaison|démangeaisons, palpitation|palpitations, spasme|spasmes, neuropathie, "
    "rétinopathie, gastroparésie, acidocétose, lipodystrophie, dyspareunie, spasticité, "
    "paresthésie|paresthésies, névrite optique, adénomyose, tachycardie, "
    "acouphène|acouphènes, photophobie"
)
CARE = _pool(
    "traitement|traitements, insuline, capteur|capteurs, pompe|pompes, "
    "injection|injections, piqûre|piqûres, comprimé|comprimés, ordonnance|ordonnances, "
    "metformine, antidouleur|antidouleurs, séance|séances, prise de sang, bilan|bilans, "
    "analyse|analyses, IRM, opération|opérations, pilule, "
    "anti-inflammatoire|anti-inflammatoires, corticoïde|corticoïdes, glycémie|glycémies, "
    "hormone|hormones, chirurgie, kinésithérapie, régime, vaccin|vaccins, stylo|stylos, "
    "lecteur|lecteurs, bandelette|bandelettes, cathéter|cathéters, coelioscopie, "
    "laparoscopie, biothérapie|biothérapies, immunosuppresseur, perfusion|perfusions, "
    "hémoglobine glyquée, cétonémie, ponction lombaire, électromyogramme, fibroscopie, "
    "holter, bouillotte|bouillottes"
)
LIFE = _pool(
    "travail, sport, sommeil, moral, famille, repas, marche, stress, alimentation, "
    "enfant|enfants, collègue|collègues, vacances, voyage|voyages, couple, école, "
    "anxiété, rendez-vous, association|associations, courses, sortie|sorties, "
    "week-end|week-ends, piscine, vélo, yoga, randonnée|randonnées, natation, jardinage, "
    "télétravail, permis de conduire, assurance|assurances, mutuelle|mutuelles, "
    "arrêt maladie, mi-temps thérapeutique, MDPH"
)
MOMENTS = _pool(
    "le matin, la nuit, après les repas, en fin de journée, pendant les règles, l’hiver, "
    "en été, au travail, le week-end, pendant le sport, avant les examens, "
    "depuis le diagnostic, les jours de fatigue, après une poussée"
)
# The first six are lengths of time ("il y a …").
DURATIONS = _pool(
    "trois mois, deux ans, quelques semaines, six mois, cinq ans, un an, "
    "le diagnostic, l’opération, la rentrée, le changement de traitement, la grossesse"
)
FEELINGS = _pool(
    "m’inquiète, me fatigue, me rassure, m’aide beaucoup, me pèse, me soulage, "
    "me stresse, m’épuise, me redonne confiance, me décourage un peu"
)
CONNECTORS = ("Du coup", "En fait", "Par contre", "Honnêtement", "Bref", "Au final", "Sinon")
TEMPLATES = (
    "Depuis {dur}, {care} {feel}.",
    "Mon {carer} m’a parlé de {care} et de {care2}.",
    "{conn}, {symptom} {feel}, surtout {moment}.",
    "Est-ce que quelqu’un a déjà eu {symptom} avec {care} ?",
    "J’ai demandé à mon {carer} si {care} pouvait aider contre {symptom}.",
    "Pour moi {life} et {symptom} ne font pas bon ménage {moment}.",
    "Le {carer} a changé mon {care} il y a {dur2}, et {symptom} {feel}.",
    "{conn}, je fais attention à {life} et je note tout dans un carnet.",
    "Avec {care}, {life} est devenu plus simple, mais {symptom} revient {moment}.",
    "Ma {carer} m’a conseillé de parler de {symptom} à mon {carer2}.",
    "On m’a prescrit {care} pour {symptom}, vous avez des retours ?",
    "Le plus dur reste {symptom} {moment}, même avec {care}.",
)
EN_SENTENCES = (
    "I was diagnosed two years ago and I am still learning how to live with it.",
    "My doctor changed my treatment last month and the fatigue is better now.",
    "Does anyone here have experience with an insulin pump during sport?",
    "The pain is worse at night, so I keep a diary to show my specialist.",
    "Thank you all for your answers, it really helps to read your stories.",
    "I moved to France recently and my French is not good enough yet, sorry.",
    "Sleep has been my biggest problem since the diagnosis, any tips?",
    "My nurse showed me how to use the sensor and it changed my life.",
    "Work is hard some days, but my colleagues have been very understanding.",
    "I would like to hear how you talk about your illness with your children.",
)
EN_TITLES = ("Hello from an English speaker", "Question about treatment", "Sport and insulin")
TITLE_TEMPLATES = (
    "{Symptom} et {life} : vos expériences ?",
    "Question sur {care}",
    "{Care} : ça marche pour vous ?",
    "{Symptom} {moment}, c’est normal ?",
    "Premier rendez-vous chez le {carer}",
    "{Life} avec {symptom}",
)
FIRST_NAMES = _pool(
    "Camille, Léa, Manon, Chloé, Inès, Jade, Louise, Emma, Alice, Lina, Julie, Sarah, "
    "Clara, Lucas, Hugo, Louis, Jules, Gabriel, Arthur, Nathan, Paul, Adam, Raphaël, "
    "Léo, Tom, Noah, Martine, Sylvie, Nathalie, Isabelle, Catherine, Philippe, Michel, "
    "Alain, Patrick, Éric, Karim, Fatou, Malik, Yvette"
)


def _zipf(rng: random.Random, pool: tuple[str, ...], s: float = 1.1) -> str:
    weights = _WEIGHTS.setdefault((len(pool), s), [1 / (i + 1) ** s for i in range(len(pool))])
    return rng.choices(pool, weights)[0]


_WEIGHTS: dict[tuple[int, float], list[float]] = {}


def _form(word: str, rng: random.Random, plural_share: float = 0.3) -> str:
    singular, _, plural = word.partition("|")
    return plural if plural and rng.random() < plural_share else singular


def _pick(rng: random.Random, pool: tuple[str, ...]) -> str:
    return _form(_zipf(rng, pool), rng)


def unaccented(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("’", "'")


def _typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(3)
    if kind == 0:  # two letters swapped
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == 1:  # a letter dropped
        return word[:i] + word[i + 1 :]
    return word[:i] + word[i] + word[i:]  # a letter doubled


def _sentence(rng: random.Random) -> str:
    symptom = _pick(rng, SYMPTOMS)
    care = _pick(rng, CARE)
    life = _pick(rng, LIFE)
    return rng.choice(TEMPLATES).format(
        dur=rng.choice(DURATIONS),
        dur2=rng.choice(DURATIONS[:6]),
        care=care,
        care2=_pick(rng, CARE),
        carer=_pick(rng, CARERS),
        carer2=_pick(rng, CARERS),
        symptom=symptom,
        life=life,
        moment=rng.choice(MOMENTS),
        feel=rng.choice(FEELINGS),
        conn=rng.choice(CONNECTORS),
    )


def _title(rng: random.Random, topic: str | None) -> str:
    if rng.random() < 0.4:
        titles = TOPICS[topic].titles if topic else GENERIC.titles
        return rng.choice(titles)
    symptom, care, life = _pick(rng, SYMPTOMS), _pick(rng, CARE), _pick(rng, LIFE)
    title = rng.choice(TITLE_TEMPLATES).format(
        Symptom=symptom.capitalize(),
        symptom=symptom,
        Care=care[0].upper() + care[1:],
        care=care,
        Life=life.capitalize(),
        life=life,
        moment=rng.choice(MOMENTS),
        carer=_pick(rng, CARERS),
    )
    return title


def _body(rng: random.Random, topic: str | None, opening: bool) -> str:
    lines = TOPICS[topic].lines if topic else rng.choice(list(TOPICS.values())).lines
    target = max(25, min(200, round(rng.gauss(77, 25))))  # ends ~8 words over
    parts = [rng.choice(GENERIC.openers)] if opening else [rng.choice(GENERIC.empathy)]
    words = len(parts[0].split())
    while words < target:
        roll = rng.random()
        if roll < 0.3:
            sentence = rng.choice(lines)
        elif roll < 0.38:
            sentence = rng.choice(GENERIC.questions if opening else GENERIC.suggestions)
        else:
            sentence = _sentence(rng)
        parts.append(sentence)
        words += len(sentence.split())
    parts.append(rng.choice(GENERIC.closers))
    return " ".join(p for p in parts if p)


def _english_body(rng: random.Random) -> str:
    target = max(25, min(200, round(rng.gauss(85, 25))))
    parts: list[str] = []
    while sum(len(p.split()) for p in parts) < target:
        parts.append(rng.choice(EN_SENTENCES))
    return " ".join(parts)


def generate(posts: int, seed: int = 6) -> list[IndexedPost]:
    """`posts` posts in date order (post ids 1…, thread ids 1… in order of creation)."""
    rng = random.Random(seed)
    authors = [f"{rng.choice(FIRST_NAMES)}{rng.choice(('', '_', '.'))}{i}" for i in range(3000)]
    shares = [share for _, _, share, _ in SPACES]
    drafts: list[tuple[datetime, int, int, int, str, str, str, str]] = []
    thread_id = 0
    while len(drafts) < posts:
        thread_id += 1
        space_id, _slug, _share, topic = rng.choices(SPACES, shares)[0]
        started = END - SPAN * rng.random()
        size = min(posts - len(drafts), 1 + int(rng.expovariate(1 / 7.5)))
        english = rng.random() < 0.03
        title = rng.choice(EN_TITLES) if english else _title(rng, topic)
        at = started
        for n in range(size):
            body = _english_body(rng) if english else _body(rng, topic, n == 0)
            if not english and rng.random() < 0.25:  # a hasty writer: a few typos
                body = " ".join(
                    _typo(w, rng) if len(w) > 4 and rng.random() < 0.04 else w for w in body.split()
                )
            post_title = title if n == 0 else ""
            if not english and rng.random() < 0.2:  # typed without accents
                body, post_title = unaccented(body), unaccented(post_title)
            language = "en" if english else "fr"
            drafts.append(
                (at, thread_id, space_id, n, post_title, body, rng.choice(authors), language)
            )
            at = min(END, at + timedelta(hours=rng.expovariate(1 / 20)))
    drafts.sort(key=lambda d: (d[0], d[1], d[3]))
    return [
        IndexedPost(
            post_id=i,
            thread_id=thread,
            space_id=space,
            title=title,
            body=body,
            author=author,
            published_at=at.replace(microsecond=0),
            language=language,
        )
        for i, (at, thread, space, _n, title, body, author, language) in enumerate(drafts, 1)
    ]


# Query words with how often people type them: the common ones first.
QUERY_WORDS = (
    ("traitement", 12),
    ("médecin", 10),
    ("fatigue", 10),
    ("douleur", 9),
    ("insuline", 7),
    ("diabète", 7),
    ("sport", 6),
    ("travail", 6),
    ("sommeil", 5),
    ("capteur", 5),
    ("pompe", 4),
    ("glycémie", 4),
    ("hypoglycémie", 4),
    ("nausées", 3),
    ("moral", 3),
    ("endométriose", 3),
    ("neurologue", 3),
    ("kiné", 3),
    ("crampes", 2),
    ("migraine", 2),
    ("ordonnance", 2),
    ("injection", 2),
    ("alimentation", 2),
    ("vacances", 2),
    ("IRM", 2),
    ("bouillotte", 2),
    ("stress", 2),
    ("enfants", 2),
    ("mutuelle", 1),
    ("MDPH", 1),
    ("neuropathie", 1),
    ("gastroparésie", 1),
    ("coelioscopie", 1),
    ("acidocétose", 1),
    ("dyspareunie", 1),
    ("spasticité", 1),
    ("holter", 1),
    ("électromyogramme", 1),
    ("palpitations", 1),
    ("acouphènes", 1),
    ("télétravail", 1),
    ("randonnée", 1),
    ("metformine", 1),
    ("corticoïdes", 1),
    ("biothérapie", 1),
    ("photophobie", 1),
    ("pharmacien", 1),
    ("piscine", 1),
    ("voyage", 1),
    ("diagnostic", 2),
    ("poussée", 1),
)
PLURALS = {w.split("|")[0]: w.split("|")[1] for w in CARERS + SYMPTOMS + CARE + LIFE if "|" in w}


def queries(count: int, seed: int = 60) -> list[str]:
    """`count` queries of one to three words (45 % / 35 % / 20 %), words drawn by how often
    people type them; a fifth of the words unaccented, some in the plural."""
    rng = random.Random(seed)
    words = [w for w, _ in QUERY_WORDS]
    weights = [f for _, f in QUERY_WORDS]
    found = []
    for _ in range(count):
        length = rng.choices((1, 2, 3), (45, 35, 20))[0]
        chosen: list[str] = []
        while len(chosen) < length:
            word = rng.choices(words, weights)[0]
            if word in chosen:
                continue
            chosen.append(word)
        typed = []
        for word in chosen:
            if word in PLURALS and rng.random() < 0.2:
                word = PLURALS[word]
            if rng.random() < 0.2:
                word = unaccented(word)
            typed.append(word)
        found.append(" ".join(typed))
    return found


def cache_path(posts: int, seed: int) -> Path:
    return WORK / f"corpus-{posts}-seed{seed}.jsonl"


def _to_json(post: IndexedPost) -> str:
    row = asdict(post)
    row["published_at"] = post.published_at.isoformat()
    return json.dumps(row, ensure_ascii=False)


def _from_json(line: str) -> IndexedPost:
    row = json.loads(line)
    row["published_at"] = datetime.fromisoformat(row["published_at"])
    return IndexedPost(**row)


def load(posts: int = 100_000, seed: int = 6) -> list[IndexedPost]:
    """The corpus from its cache, generated and cached first if needed."""
    path = cache_path(posts, seed)
    if path.exists():
        with path.open(encoding="utf-8") as lines:
            return [_from_json(line) for line in lines]
    corpus = generate(posts, seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".part")
    with partial.open("w", encoding="utf-8") as out:
        for post in corpus:
            out.write(_to_json(post) + "\n")
    partial.replace(path)
    return corpus


def describe(corpus: list[IndexedPost]) -> Iterator[str]:
    """A few lines on what was generated, to print beside the figures."""
    sizes: dict[int, int] = {}
    for post in corpus:
        sizes[post.space_id] = sizes.get(post.space_id, 0) + 1
    words = sum(len(p.body.split()) for p in corpus)
    yield (
        f"{len(corpus):,} posts, {len({p.thread_id for p in corpus}):,} threads, "
        f"{words / len(corpus):.0f} words a post, "
        f"{sum(p.language == 'en' for p in corpus) / len(corpus):.1%} in English, "
        f"{corpus[0].published_at:%Y-%m-%d} to {corpus[-1].published_at:%Y-%m-%d}"
    )
    yield "posts per space: " + ", ".join(f"{s}: {n:,}" for s, n in sorted(sizes.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--show", type=int, default=0, help="print this many posts")
    args = parser.parse_args()
    started = time.perf_counter()
    corpus = load(args.posts, args.seed)
    print(f"{cache_path(args.posts, args.seed)} in {time.perf_counter() - started:.1f} s")
    for line in describe(corpus):
        print(line)
    for post in random.Random(1).sample(corpus, args.show):
        print(f"\n#{post.post_id} space {post.space_id} thread {post.thread_id} {post.title!r}")
        print(post.body)
    print("\nqueries:", ", ".join(queries(12)))


if __name__ == "__main__":
    main()
