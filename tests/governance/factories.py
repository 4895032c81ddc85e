"""Governance test data: proposals and charters placed in a section, published or not."""

import datetime
import itertools

from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import PageLogEntry
from wagtail.rich_text import RichText

from governance.models import (
    CharterPage,
    Kind,
    ProposalPage,
    SectionPage,
    Stage,
    lifecycle_writes,
)

_numbers = itertools.count(1)
# Published this long ago, a proposal is past any minimum discussion period a test sets
# (governance.deadlines), so the Board may move it at once.
DISCUSSED_FOR = datetime.timedelta(days=30)


def section(stage):
    return SectionPage.objects.get(stage=stage)


def make_proposal(stage=Stage.DISCUSSION, *, owner=None, title=None, live=True, **fields):
    """A ProposalPage in the section for `stage`, with one revision, published if `live`."""
    title = title or f"Proposal {next(_numbers)}"
    fields.setdefault("summary", f"What {title} asks for.")
    fields.setdefault("body", [("paragraph", RichText(f"<p>The text of {title}.</p>"))])
    page = ProposalPage(title=title, slug=slugify(title), owner=owner, **fields)
    return _place(page, stage, live)


def make_charter(stage=Stage.DISCUSSION, *, owner=None, title=None, live=True, **fields):
    """A CharterPage with all five charter fields filled in."""
    title = title or f"Working group {next(_numbers)}"
    for name in CharterPage.charter_fields:
        fields.setdefault(name, f"The {name.replace('_', ' ')} of {title}.")
    fields.setdefault("summary", f"Charter a working group: {title}.")
    return _place(CharterPage(title=title, slug=slugify(title), owner=owner, **fields), stage, live)


def make_policy(*, title=None, **fields):
    """An active policy, as if adopted long ago."""
    return make_proposal(Stage.ACTIVE, title=title, kind=Kind.NEW_POLICY, **fields)


def _place(page, stage, live):
    page.live = False
    section(stage).add_child(instance=page)
    # Test data is placed in any section directly, as the lifecycle would leave it.
    with lifecycle_writes():
        revision = page.save_revision(user=page.owner)
    if live:
        revision.publish(user=page.owner, skip_permission_checks=True)
        discussed_long_ago(page)
    return page


def discussed_long_ago(page):
    """Date the proposal's discussion (its publication, any return to it) back, so that the
    Board may move it to resolution at once."""
    long_ago = timezone.now() - DISCUSSED_FOR
    PageLogEntry.objects.filter(page=page, action="governance.return_to_discussion").update(
        timestamp=long_ago
    )
    return published_on(page, long_ago)


def published_on(page, moment):
    """Date the page's first publication back (or forward) to `moment`."""
    type(page).objects.filter(pk=page.pk).update(first_published_at=moment)
    page.refresh_from_db()
    return page
