"""
What an import did, written for the editors who take it from there: a
summary, then every document with what was found in it, what to check, and
why a refused one was refused.
"""

from collections import Counter

from django.utils.translation import gettext as _

from articles.importing.proposals import OUTCOME_LABELS, Outcome


def summary_rows(results):
    """[label, count] of ``results`` for each outcome, then the total."""
    counts = Counter(proposal.status for proposal, _article in results)
    rows = [
        [str(label), counts.get(outcome, 0)]
        for outcome, label in OUTCOME_LABELS.items()
    ]
    rows.append([_("total"), sum(counts.values())])
    return rows


def report_markdown(results):
    """The report of ``results`` ((proposal, article or None) pairs) as Markdown."""
    lines = [
        f"# {_('Import report')}",
        "",
        f"| {_('Outcome')} | {_('Documents')} |",
        "|---|--:|",
    ]
    lines += [f"| {label} | {count} |" for label, count in summary_rows(results)]
    for proposal, article in results:
        lines += ["", f"## {proposal.name}", ""]
        lines.append(f"- {_('Outcome')}: {proposal.status_label}")
        if article is not None:
            lines.append(f"- {_('Article')}: {article} (/{article.slug}/)")
        for reason in proposal.refusals:
            lines.append(f"- {_('Refused')}: {reason}")
        if proposal.document is None or proposal.status == Outcome.UNCHANGED:
            continue
        lines.append(f"- {_('Title')}: {proposal.title or '—'}")
        published = (
            proposal.published_at.date().isoformat() if proposal.published_at else "—"
        )
        lines.append(f"- {_('Published')}: {published}")
        lines.append(f"- {_('Language')}: {proposal.language}")
        if proposal.document.origin:
            lines.append(f"- {_('Origin')}: {proposal.document.origin}")
        if proposal.source_url:
            lines.append(f"- {_('Source')}: {proposal.source_url}")
        if event := proposal.event:
            where = f", {event.city}" if event.city else ""
            lines.append(
                f"- {_('Event')}: {event.name} "
                f"({event.start} – {event.end}{where}, {event.kind})"  # noqa: RUF001
            )
        for found in proposal.people:
            mark = "✓" if found.known else _("? new: add this person if it is one")
            role = f", {found.role}" if found.role else ""
            lines.append(f"- {_('Person')}: {found.name}{role} {mark}")
        for organization in proposal.organizations:
            lines.append(f"- {_('Organisation')}: {organization}")
        for warning in proposal.all_warnings:
            lines.append(f"- {_('Check')}: {warning}")
        for dropped in proposal.document.dropped:
            lines.append(
                f"- {_('Left out')} ({_('line')} {dropped.line}, {dropped.reason}): "
                f"{dropped.text}"
            )
    return "\n".join(lines) + "\n"
