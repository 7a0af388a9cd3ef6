"""
Parts of the reader's pages kept rendered: the lists that cost most of a
page to read and to render (a person's timeline, an event's participants,
an organisation's people and events, a page of news or of search results,
the home page's lists), kept as HTML until a record they show changes.

A page is forgotten with what it shows, but most of what forgets a page
leaves most of its parts as they were (a new article of an event forgets its
page, not the event's participants), and a page the cache does not keep (an
editor's, one with a query string) is rendered each time. Each part is read
and rendered in one callback of ``cqcnews.page_cache.remember``: the tags of
the records it reads are the part's, a change to one of them forgets the
part, and a kept part gives its tags to the page it is in. So the callback
must read everything the part shows, and the key must name everything else
it depends on (the language, the record, the page number, the query).

Views call ``kept``; the part's template is an include of the page's
template, given only what the callback returns (and the language), never the
request: a part is the same for every reader and every page that shows it.
"""

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from articles import languages
from articles.invalidation import tag_of
from cqcnews.page_cache import remember


def kept(template_name, read, *key, tagged=(), keep=True):
    """
    ``template_name`` rendered with the context ``read()`` returns, kept in
    the reader's language under ``key`` until one of the records ``read``
    loads, or one of ``tagged``, is forgotten; rendered each time when
    ``keep`` is false (an editor's preview of a draft).
    """
    language = languages.current()

    def render():
        return render_to_string(template_name, {"LANGUAGE_CODE": language, **read()})

    if not keep:
        return mark_safe(render())
    name = ":".join(["part", template_name, language, *map(str, key)])
    # Rendered here, and kept as rendered: already escaped.
    return mark_safe(remember(name, render, tagged=tagged))


def of_record(record, template_name, read, *key, tagged=(), keep=True):
    """
    ``kept`` for a part of ``record``'s page, keyed and tagged by the record:
    a part that links to the record itself (its address, its name) is
    forgotten with it, though ``read`` does not load it again.
    """
    return kept(
        template_name,
        read,
        type(record).__name__,
        record.pk,
        *key,
        tagged=[tag_of(type(record), record.pk), *tagged],
        keep=keep,
    )
