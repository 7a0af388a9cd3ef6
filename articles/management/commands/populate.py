"""
Fill an empty database with synthetic bilingual news, for load tests and for
showing that a page costs the same whatever the amount of content.

    manage.py populate --articles 100000 --seed 7

The news reads like CQC's: certification, inspection and testing of new
energy vehicles, photovoltaic modules or toys, forums in Fuzhou and visits
from partner bodies, in English and in Chinese. Alongside the articles come
organisations, people, events with their participants, and two footer pages.
Most articles exist in both languages; some in one only, some are drafts,
some scheduled for the coming weeks, so every page shows each case.

The same seed gives the same content; dates are counted back from the day
the command runs, so that there is always news scheduled for later.

Rows are written as plain rows in batches inside one transaction
(``insert_rows``): no model instance, no per-row save, so no signals. The
command therefore rebuilds the search index itself (``rebuild_search_index``)
and starts a new content version so that no cached page survives.

Safety: it refuses a database that already holds any content (the real news,
or an earlier run) unless ``--force`` is given; then it adds to it, with
slugs carrying the seed, so another seed never collides. The new news is
linked with what is there (articles tell of its events and organisations,
its people take part in new events), so its pages grow with the site; an
organisation or footer page whose name is taken is not made again.
"""

import datetime
import random
import time
from functools import cache, partial
from itertools import batched

from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import IntegrityError, connections, models, router, transaction
from django.db.models import Max
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
from cqcnews.tags import forget_everything

BATCH_SIZE = 2000
REVIEWED, MISSING = TranslationStatus.REVIEWED, TranslationStatus.MISSING
PUBLISHED, DRAFT = Article.Status.PUBLISHED, Article.Status.DRAFT
#: How far back the news goes, and how far ahead scheduled news waits.
HISTORY_DAYS = 10 * 365
SCHEDULE_DAYS = 60

# Vocabularies: (English, Chinese) pairs filled into paired templates, so the
# two languages of an article tell the same story.
CITIES = [
    ("Beijing", "北京"),
    ("Fuzhou", "福州"),
    ("Shanghai", "上海"),
    ("Shenzhen", "深圳"),
    ("Guangzhou", "广州"),
    ("Hangzhou", "杭州"),
    ("Wuhan", "武汉"),
    ("Chengdu", "成都"),
    ("Xiamen", "厦门"),
    ("Tianjin", "天津"),
    ("Nanjing", "南京"),
    ("Qingdao", "青岛"),
    ("Chongqing", "重庆"),
    ("Xi'an", "西安"),
]
PRODUCTS = [
    ("new energy vehicles", "新能源汽车"),
    ("photovoltaic modules", "光伏组件"),
    ("lithium batteries", "锂电池"),
    ("household appliances", "家用电器"),
    ("charging piles", "充电桩"),
    ("medical devices", "医疗器械"),
    ("smart home products", "智能家居产品"),
    ("toys", "玩具"),
    ("electric bicycles", "电动自行车"),
    ("LED lighting", "LED照明产品"),
    ("food contact materials", "食品接触材料"),
    ("building materials", "建筑材料"),
]
SERVICES = [
    ("certification", "认证"),
    ("inspection and testing", "检验检测"),
    ("CCC certification", "CCC认证"),
    ("low-carbon certification", "低碳认证"),
    ("energy-saving certification", "节能认证"),
    ("green product certification", "绿色产品认证"),
    ("quality management system certification", "质量管理体系认证"),
    ("carbon footprint verification", "碳足迹核查"),
]
ORGANIZATION_KINDS = [
    ("CQC {city} Branch", "中国质量认证中心{city}分中心", "CQC"),
    ("{city} Institute of Quality Inspection", "{city}市质量检验研究院", ""),
    ("{city} Testing and Certification Group", "{city}检验认证集团", ""),
    ("{city} Market Supervision Bureau", "{city}市市场监督管理局", ""),
    ("{city} Standardisation Institute", "{city}市标准化研究院", ""),
]
PARTNERS = [
    ("China Quality Certification Centre", "中国质量认证中心", "CQC", "CN"),
    ("Japan Quality Assurance Organization", "日本品质保证机构", "JQA", "JP"),
    (
        "Argentine Institute for Standardisation",
        "阿根廷标准化与认证研究院",
        "IRAM",
        "AR",
    ),
    (
        "China Society for Testing and Materials",
        "中国材料与试验团体标准委员会",
        "CSTM",
        "CN",
    ),
    ("TÜV Rheinland", "德国莱茵TÜV集团", "TÜV", "DE"),
    ("Korea Testing Laboratory", "韩国产业技术试验院", "KTL", "KR"),
]
SURNAMES = [
    ("Wang", "王"),
    ("Li", "李"),
    ("Zhang", "张"),
    ("Liu", "刘"),
    ("Chen", "陈"),
    ("Yang", "杨"),
    ("Zhao", "赵"),
    ("Huang", "黄"),
    ("Zhou", "周"),
    ("Wu", "吴"),
    ("Xu", "徐"),
    ("Lin", "林"),
]
GIVEN_NAMES = [
    ("Haizhou", "海舟"),
    ("Mei", "梅"),
    ("Jianguo", "建国"),
    ("Xiaoling", "晓玲"),
    ("Wei", "伟"),
    ("Fang", "芳"),
    ("Zhiqiang", "志强"),
    ("Jing", "静"),
    ("Hongbo", "洪波"),
    ("Yan", "艳"),
    ("Dongsheng", "东升"),
    ("Lihua", "丽华"),
]
HONORIFICS = [("", ""), ("", ""), ("Mr.", "先生"), ("Mdm.", "女士"), ("Dr.", "博士")]
ROLES = [
    ("Managing Director of {org}", "{org}主任"),
    ("Deputy Managing Director of {org}", "{org}副主任"),
    ("Director of the Certification Department", "认证部部长"),
    ("Chief Engineer", "总工程师"),
    ("Senior Auditor", "高级审核员"),
    ("Head of International Cooperation", "国际合作处处长"),
]
EVENT_NAMES = [
    (
        "{year} {city} Forum on {product} {service}",
        "{year}{city}{product}{service}论坛",
    ),
    ("{service} Training for {product} Makers", "{product}企业{service}培训班"),
    ("{year} Conference on {service}", "{year}年{service}大会"),
    ("Visit to the {city} {product} Laboratory", "走访{city}{product}实验室"),
    ("{city} Seminar on {product} Safety", "{city}{product}安全研讨会"),
]
TITLES = [
    (
        "CQC issues first {service} certificate for {product} in {city}",
        "中国质量认证中心在{city}颁发首张{product}{service}证书",
    ),
    (
        "{org} and CQC sign cooperation agreement on {service}",
        "{org}与中国质量认证中心签署{service}合作协议",
    ),
    ("{city} forum on {product} {service} held", "{city}举办{product}{service}论坛"),
    (
        "Training on {service} of {product} opens in {city}",
        "{product}{service}培训班在{city}开班",
    ),
    (
        "CQC publishes {year} report on the quality of {product}",
        "中国质量认证中心发布{year}年{product}质量报告",
    ),
    (
        "Delegation of {org} visits CQC {city} laboratory",
        "{org}代表团参观中国质量认证中心{city}实验室",
    ),
]
STANDFIRSTS = [
    (
        "{org} and CQC agreed to work together on {service} of {product}.",
        "{org}与中国质量认证中心就{product}{service}达成合作。",
    ),
    (
        "More than {count} enterprises in {city} took part.",
        "{city}共有{count}余家企业参加。",
    ),
    (
        "The new rules on {product} take effect next quarter.",
        "{product}新规将于下季度实施。",
    ),
]
SENTENCES = [
    (
        "On {date}, a delegation from {org} visited CQC in {city}.",
        "{date}，{org}代表团到访中国质量认证中心{city}。",
    ),
    (
        "The two sides exchanged views on {service} of {product}.",
        "双方就{product}{service}工作交换了意见。",
    ),
    (
        "Nearly {count} representatives of enterprises attended the meeting.",
        "近{count}名企业代表参加了会议。",
    ),
    (
        "Experts from {org} introduced the latest standards for {product}.",
        "{org}专家介绍了{product}最新标准。",
    ),
    (
        "CQC has carried out {service} of {product} since {year}.",
        "中国质量认证中心自{year}年起开展{product}{service}工作。",
    ),
    (
        "The laboratory in {city} tested {count} samples of {product} this year.",
        "{city}实验室今年共检测{product}样品{count}批次。",
    ),
    (
        "Participants visited the production line and the testing centre.",
        "与会人员参观了生产线和检测中心。",
    ),
    (
        "Both parties will strengthen cooperation in {service} and mutual recognition.",
        "双方将在{service}和互认方面加强合作。",
    ),
    (
        "The event helps enterprises in {city} reach international markets.",
        "此次活动有助于{city}企业开拓国际市场。",
    ),
    (
        "Green and low-carbon development of {product} was a main topic.",
        "{product}绿色低碳发展是会议的主要议题之一。",
    ),
]


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
            self.pick(CITIES),
            self.pick(PRODUCTS),
            self.pick(SERVICES),
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
            for english, chinese in SENTENCES
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


class Command(BaseCommand):
    help = (
        "Fill an empty database with synthetic bilingual news (articles, events, "
        "people, organisations) for load tests. Refuses a database that holds "
        "content unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--articles", type=int, required=True, help="How many articles to make."
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="Same seed, same content (default 1)."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Add to a database that already holds content, linking the new "
            "news with its events, people and organisations.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Say what would be made, and change nothing.",
        )

    def handle(self, *args, articles, seed, force, dry_run, **options):
        if articles < 1:
            raise CommandError("--articles must be at least 1.")
        counts = self.plan(articles)
        if dry_run:
            made = ", ".join(f"{n} {name}" for name, n in counts.items())
            self.stdout.write(f"Would make {made} (seed {seed}).")
            return
        existing = {
            model._meta.verbose_name_plural: model.objects.count()
            for model in (Article, Event, Person, Organization, Page)
        }
        if any(existing.values()) and not force:
            held = ", ".join(f"{n} {name}" for name, n in existing.items() if n)
            raise CommandError(
                f"The database already holds content ({held}). populate fills an "
                "empty database; use --force to add synthetic news to this one."
            )
        started = time.monotonic()
        try:
            with transaction.atomic():
                made = self.populate(
                    Generator(seed, timezone.localdate()), seed, counts
                )
        except IntegrityError as error:
            raise CommandError(
                f"Nothing was written: {error}. With --force, give a seed not "
                "used on this database yet."
            ) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Made {made['articles']} articles, {made['events']} events, "
                f"{made['people']} people and {made['organisations']} "
                f"organisations in {time.monotonic() - started:.1f} s."
            )
        )
        # Rows written in bulk send no signals: refresh the search index and
        # start a new content version, so no cached page shows the old site.
        if "rebuild_search_index" in get_commands():
            started = time.monotonic()
            call_command("rebuild_search_index", stdout=self.stdout)
            self.stdout.write(
                f"Search index rebuilt in {time.monotonic() - started:.1f} s."
            )
        forget_everything()

    @staticmethod
    def plan(articles):
        """How many of each: roughly the proportions of the real news."""
        return {
            "articles": articles,
            "events": max(2, articles // 20),
            "people": max(6, articles // 50),
            "organisations": min(
                len(PARTNERS) + len(CITIES) * len(ORGANIZATION_KINDS),
                max(len(PARTNERS), articles // 100),
            ),
        }

    def populate(self, generator, seed, counts):
        """
        Write the site; say how many of each were made. What the database
        already holds is linked with the new news as if made with it, so that
        its pages grow with the site: new articles tell of its events and
        organisations, its people take part in new events.
        """
        organizations = list(
            Organization.objects.order_by("pk").values_list(
                "pk", "name_en", "name_zh_hans"
            )
        )
        people = list(Person.objects.order_by("pk").values_list("pk", flat=True))
        events = list(Event.objects.order_by("pk").values_list("pk", flat=True))
        made = {
            "organisations": self.make_organizations(counts["organisations"], seed),
            "people": self.make_people(generator, counts["people"], seed),
        }
        organizations += made["organisations"]
        people += made["people"]
        names = [
            (english or chinese, chinese or english)
            for _pk, english, chinese in organizations
        ]
        organization_ids = [pk for pk, _english, _chinese in organizations]
        made["events"] = self.make_events(generator, counts["events"], seed, names)
        self.make_participations(
            generator, made["events"], people, organization_ids, names
        )
        insert_rows(
            Event.organisers.through,
            [
                {"event_id": event, "organization_id": generator.pick(organization_ids)}
                for event in made["events"]
            ],
        )
        events += made["events"]
        for batch in batched(range(counts["articles"]), BATCH_SIZE):
            self.make_articles(generator, batch, seed, names, events, organization_ids)
        self.make_pages(seed)
        return {"articles": counts["articles"]} | {
            name: len(objects) for name, objects in made.items()
        }

    @staticmethod
    def make_organizations(count, seed):
        """
        The first ``count`` of the list, but for those whose name the site
        already has: ``(pk, English name, Chinese name)`` of each new one.
        """
        local = [
            (en.format(city=city_en), zh.format(city=city_zh), short, "CN")
            for en, zh, short in ORGANIZATION_KINDS
            for city_en, city_zh in CITIES
        ]
        listed = (PARTNERS + local)[:count]
        present = taken(Organization, "name_en", [en for en, *_rest in listed])
        wanted = [
            organization for organization in listed if organization[0] not in present
        ]
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

    @staticmethod
    def make_people(generator, count, seed):
        rows = []
        for n in range(count):
            surname, given = generator.pick(SURNAMES), generator.pick(GIVEN_NAMES)
            honorific = generator.pick(HONORIFICS)
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

    @staticmethod
    def make_events(generator, count, seed, names):
        rows = []
        for n in range(count):
            words = generator.words(names)
            name_en, name_zh = generator.fill(EVENT_NAMES, words)
            start = generator.today + datetime.timedelta(
                days=generator.random.randrange(-HISTORY_DAYS, SCHEDULE_DAYS)
            )
            length = generator.random.choice([0, 0, 1, 2])
            rows.append(
                {
                    "slug": f"{slugify(name_en)[:90]}-{seed}-{n}",
                    "kind": generator.random.choice(Event.Kind.values),
                    "start_date": start,
                    "end_date": start + datetime.timedelta(days=length)
                    if length
                    else None,
                    "attendance": generator.random.choice(
                        [None, int(words[0]["count"])]
                    ),
                    **translated(
                        name=(name_en, name_zh),
                        city=(words[0]["city"], words[1]["city"]),
                        summary=generator.fill(STANDFIRSTS, words),
                    ),
                }
            )
        return insert_rows(Event, rows)

    @staticmethod
    def make_participations(generator, events, people, organizations, names):
        rows = []
        for event in events:
            for order, person in enumerate(
                generator.random.sample(people, generator.random.randint(2, 5))
            ):
                index = generator.random.randrange(len(organizations))
                role_en, role_zh = generator.pick(ROLES)
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

    @staticmethod
    def make_articles(generator, numbers, seed, names, events, organizations):
        """One batch of articles, with the events and organisations they tell of."""
        now = timezone.now()
        rows = []
        for n in numbers:
            words = generator.words(names)
            texts = {
                "title": generator.fill(TITLES, words),
                "standfirst": generator.fill(STANDFIRSTS, words),
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

    @staticmethod
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


#: Fields whose values both database drivers take as Python holds them
#: (text, numbers, keys): passing these through their field one by one would
#: cost more than writing the rows. Dates and times still go through theirs.
AS_THEY_ARE = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.ForeignKey,
)


def insert_rows(model, rows):
    """
    Insert ``rows`` (dicts of field attribute name to value, all with the
    same keys) into ``model``'s table, other columns taking their field's
    default; returns the new primary keys, which are given explicitly so
    none is read back. Plain rows, not model instances: building 100,000
    instances, and modeltranslation's work on each, costs more than the
    database does. PostgreSQL takes them with one COPY (its driver runs an
    ``executemany`` as one statement a row), other databases with one
    ``executemany``.
    """
    if not rows:
        return []
    connection = connections[router.db_for_write(model)]
    fields = [
        field for field in model._meta.local_concrete_fields if not field.primary_key
    ]
    given = [field for field in fields if field.attname in rows[0]]
    others = [field for field in fields if field.attname not in rows[0]]
    defaults = [
        field.get_db_prep_save(field.get_default(), connection) for field in others
    ]
    # Each distinct value is prepared once: all the rows of a batch share
    # their creation time, for one.
    prepare = [
        (field.attname, None)
        if isinstance(field, AS_THEY_ARE)
        else (
            field.attname,
            cache(partial(field.get_db_prep_save, connection=connection)),
        )
        for field in given
    ]
    first = (model.objects.aggregate(last=Max("pk"))["last"] or 0) + 1
    ids = range(first, first + len(rows))
    values = [
        [
            pk,
            *(
                row[name] if to_db is None else to_db(row[name])
                for name, to_db in prepare
            ),
            *defaults,
        ]
        for pk, row in zip(ids, rows, strict=True)
    ]
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(
        connection.ops.quote_name(field.column)
        for field in [model._meta.pk, *given, *others]
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with (
                connection.wrap_database_errors,
                cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
            ):
                for row in values:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * (len(fields) + 1))
            cursor.executemany(
                f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", values
            )
        # PostgreSQL's sequences do not see explicit keys: move them on.
        for sql in connection.ops.sequence_reset_sql(no_style(), [model]):
            cursor.execute(sql)
    return list(ids)
