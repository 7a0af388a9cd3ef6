"""
Synthetic bilingual news for load tests (``manage.py populate``), and for
showing that a page costs the same whatever the amount of content.

The news reads like CQC's: certification, inspection and testing of new
energy vehicles, photovoltaic modules or toys, forums in Fuzhou and visits
from partner bodies, in English and in Chinese. Alongside the articles come
organisations, people, events with their participants, and two footer pages.
Most articles exist in both languages; some in one only, some are drafts,
some scheduled for the coming weeks, so every page shows each case.

The same seed gives the same content; dates are counted back from the day
it runs, so that there is always news scheduled for later.

- ``vocabulary.toml``: the words, English beside Chinese;
- ``news``: how many of each kind (``plan``), the rows and their links
  (``populate``), slugs carrying the seed so that another seed never
  collides with what is there;
- ``rows``: plain rows written in bulk (``insert_rows``): no model
  instance, no per-row save, so no signals.
"""

from articles.populating.news import plan, populate

__all__ = ["plan", "populate"]
