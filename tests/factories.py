"""factory_boy factories: small, valid objects in both languages."""

import datetime

import factory
from django.utils import timezone

from articles import models


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Organization

    name_en = factory.Sequence(lambda n: f"Testing Institute {n}")
    name_zh_hans = factory.Sequence(lambda n: f"检测研究院{n}")
    slug = factory.Sequence(lambda n: f"testing-institute-{n}")
    translation_status_zh_hans = models.TranslationStatus.REVIEWED


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Person

    name_en = factory.Sequence(lambda n: f"Zhang San {n}")
    name_zh_hans = factory.Sequence(lambda n: f"张三{n}")
    slug = factory.Sequence(lambda n: f"zhang-san-{n}")
    translation_status_zh_hans = models.TranslationStatus.REVIEWED


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Event

    name_en = factory.Sequence(lambda n: f"Certification Forum {n}")
    name_zh_hans = factory.Sequence(lambda n: f"认证论坛{n}")
    slug = factory.Sequence(lambda n: f"certification-forum-{n}")
    kind = models.Event.Kind.FORUM
    start_date = datetime.date(2024, 3, 1)
    city_en = "Beijing"
    city_zh_hans = "北京"
    translation_status_zh_hans = models.TranslationStatus.REVIEWED


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Participation

    event = factory.SubFactory(EventFactory)
    person = factory.SubFactory(PersonFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role_en = "Deputy Managing Director"
    role_zh_hans = "副主任"
    part = models.Participation.Part.SPEAKER


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Article

    title_en = factory.Sequence(lambda n: f"CQC signs cooperation agreement {n}")
    title_zh_hans = factory.Sequence(lambda n: f"中国质量认证中心签署合作协议{n}")
    slug = factory.Sequence(lambda n: f"cqc-signs-cooperation-agreement-{n}")
    standfirst_en = "CQC and a partner agreed to work together."
    standfirst_zh_hans = "中国质量认证中心与合作方达成合作。"
    body_en = "<p>On March 1, 2024, CQC signed an agreement.</p>"
    body_zh_hans = "<p>2024年3月1日，中国质量认证中心签署协议。</p>"
    status = models.Article.Status.PUBLISHED
    published_at = factory.LazyFunction(
        lambda: timezone.now() - datetime.timedelta(days=1)
    )
    translation_status_zh_hans = models.TranslationStatus.REVIEWED


class PageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Page

    title_en = factory.Sequence(lambda n: f"About {n}")
    title_zh_hans = factory.Sequence(lambda n: f"关于{n}")
    slug = factory.Sequence(lambda n: f"about-{n}")
    body_en = "<p>About this site.</p>"
    body_zh_hans = "<p>关于本站。</p>"
