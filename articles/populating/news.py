"""
What the synthetic news is made of: how many of each kind, the text of each
row in both languages, and how the rows link up. Rows go to the database
through ``insert_rows``; the vocabulary comes from ``vocabulary.toml``.
"""

import datetime
import random
import tomllib
from itertools import batched
from pathlib import Path

from django.utils import timezone
from django.utils.text import slugify

from articles.models import (
    Article,
    Event,
    Organization,
    Page,
    Participation,
    Person,
    TranslationStatus,
)
from articles.populating.rows import insert_rows

BATCH_SIZE = 2000
REVIEWED, MISSING = TranslationStatus.REVIEWED, TranslationStatus.MISSING
PUBLISHED, DRAFT = Article.Status.PUBLISHED, Article.Status.DRAFT
#: How far back the news goes, and how far ahead scheduled news waits.
HISTORY_DAYS = 10 * 365
SCHEDULE_DAYS = 60

#: The words of the news (``vocabulary.toml``), each list in the file's
#: order, since the seeds draw entries by their place: ``(English, Chinese)``
#: pairs, and for organisations a short name and a country code besides.
with Path(__file__).with_name("vocabulary.toml").open("rb") as file:
    WORDS = {
        name: [tuple(entry) for entry in entries]
        for name, entries in tomllib.load(file).items()
    }


class Generator:
    """
    Paired English and Chinese text from one seeded random source: the same
    seed gives the same sequence of objects, row for row.
    """

    def __init__(self, seed, today):
        self.random = random.Random(seed)
        self.today = today

    def pick(self, pairs):
        return self.random.choice(pairs)

    def words(self, organizations):
        """One choice from each vocabulary, for a story in both languages."""
        city, product, service = (
            self.pick(WORDS["cities"]),
            self.pick(WORDS["products"]),
            self.pick(WORDS["services"]),
        )
        org = self.pick(organizations)
        year = str(self.today.year - self.random.randrange(10))
        count = str(self.random.randrange(20, 900, 10))
        day = self.today - datetime.timedelta(days=self.random.randrange(HISTORY_DAYS))
        return [
            {
                "city": city[i],
                "product": product[i],
                "service": service[i],
                "org": org[i],
                "year": year,
                "count": count,
                "date": day.strftime("%B %-d, %Y")
                if i == 0
                else f"{day:%Y年%-m月%-d日}",
            }
            for i in (0, 1)
        ]

    def fill(self, templates, words):
        english, chinese = self.pick(templates)
        return english.format(**words[0]), chinese.format(**words[1])

    def body(self, words):
        """
        Three to six paragraphs of two to four sentences, in both languages,
        drawn from the story's sentences, each written out once rather than
        each time it is drawn.
        """
        sentences = [
            (english.format(**words[0]), chinese.format(**words[1]))
            for english, chinese in WORDS["sentences"]
        ]
        paragraphs = ([], [])
        for _paragraph in range(self.random.randint(3, 6)):
            chosen = self.random.choices(sentences, k=self.random.randint(2, 4))
            paragraphs[0].append(" ".join(english for english, _ in chosen))
            paragraphs[1].append("".join(chinese for _, chinese in chosen))
        return tuple("".join(f"<p>{p}</p>" for p in text) for text in paragraphs)


def translated(statuses=(REVIEWED, REVIEWED), **texts):
    """
    The columns of translated fields given as ``(English, Chinese)`` pairs,
    with each language's status (both reviewed, as most real content is).
    The untranslated column holds what modeltranslation would store there:
    the default language's text, or the other one's when it is empty.
    """
    row = {
        "translation_status_en": statuses[0],
        "translation_status_zh_hans": statuses[1],
    }
    for field, (english, chinese) in texts.items():
        row[field], row[f"{field}_en"], row[f"{field}_zh_hans"] = (
            english or chinese,
            english,
            chinese,
        )
    return row


def taken(model, field, values):
    """Those of ``values`` that a ``model`` row already has in ``field``."""
    return set(
        model.objects.filter(**{f"{field}__in": values}).values_list(field, flat=True)
    )


def plan(articles):
    """How many of each: roughly the proportions of the real news."""
    return {
        "articles": articles,
        "events": max(2, articles // 20),
        "people": max(6, articles // 50),
        "organisations": min(
            len(WORDS["partners"])
            + len(WORDS["cities"]) * len(WORDS["organization_kinds"]),
            max(len(WORDS["partners"]), articles // 100),
        ),
    }


def populate(seed, counts, today):
    """
    Write the site of ``seed`` with ``counts`` of each kind (``plan``),
    dated back from ``today``; say how many of each were made. What the
    database already holds is linked with the new news as if made with it,
    so that its pages grow with the site: new articles tell of its events
    and organisations, its people take part in new events.
    """
    generator = Generator(seed, today)
    organizations = list(
        Organization.objects.order_by("pk").values_list("pk", "name_en", "name_zh_hans")
    )
    people = list(Person.objects.order_by("pk").values_list("pk", flat=True))
    events = list(Event.objects.order_by("pk").values_list("pk", flat=True))
    made = {
        "organisations": make_organizations(counts["organisations"], seed),
        "people": make_people(generator, counts["people"], seed),
    }
    organizations += made["organisations"]
    people += made["people"]
    names = [
        (english or chinese, chinese or english)
        for _pk, english, chinese in organizations
    ]
    organization_ids = [pk for pk, _english, _chinese in organizations]
    made["events"] = make_events(generator, counts["events"], seed, names)
    make_participations(generator, made["events"], people, organization_ids, names)
    insert_rows(
        Event.organisers.through,
        [
            {"event_id": event, "organization_id": generator.pick(organization_ids)}
            for event in made["events"]
        ],
    )
    events += made["events"]
    for batch in batched(range(counts["articles"]), BATCH_SIZE):
        make_articles(generator, batch, seed, names, events, organization_ids)
    make_pages(seed)
    return {"articles": counts["articles"]} | {
        name: len(objects) for name, objects in made.items()
    }


def make_organizations(count, seed):
    """
    The first ``count`` of the list, but for those whose name the site
    already has: ``(pk, English name, Chinese name)`` of each new one.
    """
    local = [
        (en.format(city=city_en), zh.format(city=city_zh), short, "CN")
        for en, zh, short in WORDS["organization_kinds"]
        for city_en, city_zh in WORDS["cities"]
    ]
    listed = (WORDS["partners"] + local)[:count]
    present = taken(Organization, "name_en", [en for en, *_rest in listed])
    wanted = [organization for organization in listed if organization[0] not in present]
    ids = insert_rows(
        Organization,
        [
            {
                "slug": f"{slugify(en)[:100]}-{seed}",
                "short_name": short,
                "country": country,
                **translated(
                    name=(en, zh),
                    description=(
                        f"{en} works on certification and testing.",
                        f"{zh}从事认证与检验检测工作。",
                    ),
                ),
            }
            for en, zh, short, country in wanted
        ],
    )
    return [(pk, en, zh) for pk, (en, zh, *_rest) in zip(ids, wanted, strict=True)]


def make_people(generator, count, seed):
    rows = []
    for n in range(count):
        surname, given = (
            generator.pick(WORDS["surnames"]),
            generator.pick(WORDS["given_names"]),
        )
        honorific = generator.pick(WORDS["honorifics"])
        name_en = f"{given[0]} {surname[0]}"
        rows.append(
            {
                "slug": f"{slugify(name_en)}-{seed}-{n}",
                **translated(
                    name=(name_en, f"{surname[1]}{given[1]}"), honorific=honorific
                ),
            }
        )
    return insert_rows(Person, rows)


def make_events(generator, count, seed, names):
    rows = []
    for n in range(count):
        words = generator.words(names)
        name_en, name_zh = generator.fill(WORDS["event_names"], words)
        start = generator.today + datetime.timedelta(
            days=generator.random.randrange(-HISTORY_DAYS, SCHEDULE_DAYS)
        )
        length = generator.random.choice([0, 0, 1, 2])
        rows.append(
            {
                "slug": f"{slugify(name_en)[:90]}-{seed}-{n}",
                "kind": generator.random.choice(Event.Kind.values),
                "start_date": start,
                "end_date": start + datetime.timedelta(days=length) if length else None,
                "attendance": generator.random.choice([None, int(words[0]["count"])]),
                **translated(
                    name=(name_en, name_zh),
                    city=(words[0]["city"], words[1]["city"]),
                    summary=generator.fill(WORDS["standfirsts"], words),
                ),
            }
        )
    return insert_rows(Event, rows)


def make_participations(generator, events, people, organizations, names):
    rows = []
    for event in events:
        for order, person in enumerate(
            generator.random.sample(people, generator.random.randint(2, 5))
        ):
            index = generator.random.randrange(len(organizations))
            role_en, role_zh = generator.pick(WORDS["roles"])
            rows.append(
                {
                    "event_id": event,
                    "person_id": person,
                    "organization_id": organizations[index],
                    "part": generator.random.choice(Participation.Part.values),
                    "order": order,
                    **translated(
                        role=(
                            role_en.format(org=names[index][0]),
                            role_zh.format(org=names[index][1]),
                        )
                    ),
                }
            )
    insert_rows(Participation, rows)


def make_articles(generator, numbers, seed, names, events, organizations):
    """One batch of articles, with the events and organisations they tell of."""
    now = timezone.now()
    rows = []
    for n in numbers:
        words = generator.words(names)
        texts = {
            "title": generator.fill(WORDS["titles"], words),
            "standfirst": generator.fill(WORDS["standfirsts"], words),
            "body": generator.body(words),
        }
        statuses = (REVIEWED, REVIEWED)
        roll = generator.random.random()
        if roll < 0.10:  # English only
            texts = {field: (en, "") for field, (en, _zh) in texts.items()}
            statuses = (REVIEWED, MISSING)
        elif roll < 0.15:  # Chinese only
            texts = {field: ("", zh) for field, (_en, zh) in texts.items()}
            statuses = (MISSING, REVIEWED)
        status, published_at = (
            PUBLISHED,
            now
            - datetime.timedelta(
                seconds=generator.random.randrange(HISTORY_DAYS * 86400)
            ),
        )
        roll = generator.random.random()
        if roll < 0.02:
            status, published_at = DRAFT, None
        elif roll < 0.04:  # scheduled: published, with a date ahead
            status, published_at = (
                PUBLISHED,
                now
                + datetime.timedelta(
                    seconds=generator.random.randrange(60, SCHEDULE_DAYS * 86400)
                ),
            )
        rows.append(
            {
                "slug": f"{slugify(texts['title'][0] or words[0]['product'])[:90]}"
                f"-{seed}-{n}",
                "status": status,
                "published_at": published_at,
                "created_at": now,
                "updated_at": now,
                **translated(statuses, **texts),
            }
        )
    ids = insert_rows(Article, rows)
    insert_rows(
        Article.events.through,
        [
            {"article_id": pk, "event_id": generator.pick(events)}
            for pk in ids
            if generator.random.random() < 0.6
        ],
    )
    insert_rows(
        Article.organizations.through,
        [
            {"article_id": pk, "organization_id": org}
            for pk in ids
            for org in {
                generator.pick(organizations)
                for _ in range(generator.random.randint(1, 2))
            }
        ],
    )


def make_pages(seed):
    """The footer's two pages, unless the site has pages of those titles."""
    pages = [
        ("introduction", "Introduction of Website", "网站介绍"),
        ("exception-clause", "Exception Clause", "免责条款"),
    ]
    present = taken(Page, "title_en", [title for _slug, title, _zh in pages])
    insert_rows(
        Page,
        [
            {
                "slug": f"{slug}-{seed}",
                "footer_order": order,
                **translated(
                    title=(title_en, title_zh),
                    body=(f"<p>{title_en}.</p>", f"<p>{title_zh}。</p>"),
                ),
            }
            for order, (slug, title_en, title_zh) in enumerate(pages)
            if title_en not in present
        ],
    )
