"""Following proposals and sections, and telling followers what happened to them.

A member follows a proposal, or a section and so every proposal that arrives in it
or changes there; a proposal's authors follow it without asking. The lifecycle tells
followers through `tell_followers`, in the transition's own transaction: an
immediate e-mail goes to the outbox (sent after the commit), a digest's item waits
as a `Notice` until `send_digests`, a housekeeping chore, sends it once.
"""

import datetime
from collections import defaultdict
from collections.abc import Collection
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from core.addresses import absolute_url, site_root_url
from core.chores import attempt
from core.mail import queue_mail
from core.roles import is_member
from governance.models import BaseProposalPage, Follow, Notice, SectionPage
from membership.models import Delivery
from membership.names import display_name
from membership.selectors import preferences_for

NOT_A_MEMBER = "Only a member may follow proposals; join the foundation first."
NOT_FOLLOWABLE = "Only a proposal or a section can be followed."
CHORE = "digests"

NOTICE_SUBJECT = "[Governance] “{title}” {what}"
NOTICE_BODY = """Dear {name},

The proposal “{title}” was {what}.

It is now at {url}

You are told because {why}. Choose what you are told, and how often:
{preferences_url}
"""
DIGEST_SUBJECT = "[Governance] Your {period} digest: {count} update(s) on what you follow"
DIGEST_BODY = """Dear {name},

What happened to the proposals you follow:

{items}

Choose what you are told, and how often:
{preferences_url}
"""


def followable(page: Page) -> bool:
    return isinstance(page, (BaseProposalPage, SectionPage))


def follow(page: Page, user: User) -> Follow:
    """The member follows a proposal or a section (again: nothing changes)."""
    if not is_member(user):
        raise PermissionDenied(NOT_A_MEMBER)
    if not followable(page):
        raise PermissionDenied(NOT_FOLLOWABLE)
    followed, _created = Follow.objects.get_or_create(member=user, page=page)
    return followed


def unfollow(page: Page, user: User) -> None:
    """The member stops following a page; an author still follows their own proposal."""
    Follow.objects.filter(member=user, page=page).delete()


def stop_following(follow_id: int, user: User) -> None:
    """Delete one of the member's own follows; another's is `Follow.DoesNotExist`."""
    Follow.objects.get(pk=follow_id, member=user).delete()


def follows_of(user: User) -> list[Follow]:
    """The member's own follows, the pages' titles with them, in one query."""
    return list(
        Follow.objects.filter(member=user).select_related("page").order_by("page__title", "pk")
    )


def follows(page: Page, user: User) -> bool:
    return Follow.objects.filter(member=user, page=page).exists()


def followers(page: BaseProposalPage, author_ids: Collection[int]) -> list[User]:
    """Active accounts with an address that follow the proposal or the section it is in
    now, and its authors (`author_ids`); two queries."""
    pages = [page.pk, page.get_parent().pk]
    return list(
        get_user_model().objects.filter(
            Q(governance_follows__page_id__in=pages) | Q(pk__in=author_ids), is_active=True,
        ).exclude(email="").select_related("member").distinct().order_by("pk")
    )


def tell_followers(
    page: BaseProposalPage, actor: User | None, kind: str, what: str, *,
    skip: Collection[int] = (),
) -> set[int]:
    """Tell each follower but the actor (and `skip`, ids told otherwise), as their
    preferences say; return the ids of every follower.

    Called inside the transition's transaction: the e-mails and notices commit with it.
    """
    author_ids = {author.pk for author in page.authors()}
    users = followers(page, author_ids)
    left_out = {actor.pk if actor is not None else None, *skip}
    told = [user for user in users if user.pk not in left_out]
    preferences = preferences_for([user.pk for user in told])
    root_url = site_root_url()
    messages, notices = [], []
    for user in told:
        prefs = preferences[user.pk]
        if not prefs.wants(kind):
            continue
        if prefs.delivery == Delivery.IMMEDIATELY:
            messages.append(_notice_mail(page, user, what, root_url, user.pk in author_ids))
        else:
            notices.append(Notice(member=user, page=page, kind=kind,
                                  text=f"“{page.title}” was {what}"[:500]))
    queue_mail(messages)
    Notice.objects.bulk_create(notices)
    return {user.pk for user in users}


def _notice_mail(page, user, what, root_url, author):
    why = "you are one of its authors" if author else "you follow it or its section"
    body = NOTICE_BODY.format(
        name=display_name(user), title=page.title, what=what, url=root_url + page.url, why=why,
        preferences_url=_preferences_url(root_url),
    )
    return (NOTICE_SUBJECT.format(title=page.title, what=what.split(":")[0]), body, None,
            [user.email])


def _preferences_url(root_url):
    return absolute_url(reverse("notification_preferences"), root_url=root_url)


def send_digests(*, on: datetime.date, now: datetime.datetime) -> dict:
    """Send each digest member their waiting notices, once: a daily digest holds what
    happened before `on`, a weekly one what happened before the Monday of `on`'s week."""
    day_start = timezone.make_aware(datetime.datetime.combine(on, datetime.time.min))
    cutoffs = {
        Delivery.DAILY: day_start,
        Delivery.WEEKLY: day_start - datetime.timedelta(days=on.weekday()),
        Delivery.IMMEDIATELY: now,  # changed their mind: what waits goes now
    }
    waiting = defaultdict(list)
    for notice in Notice.objects.filter(sent_at__isnull=True).select_related(
        "member", "member__member", "page"
    ).order_by("created_at", "pk"):
        waiting[notice.member].append(notice)
    preferences = preferences_for([user.pk for user in waiting])
    root_url = site_root_url()
    done: dict = {"digests sent": 0, "failed": []}
    for user, notices in waiting.items():
        delivery = preferences[user.pk].delivery
        due = [notice for notice in notices if notice.created_at < cutoffs[delivery]]
        if due and attempt(done["failed"], CHORE, user.pk,
                           partial(_send_digest, user, due, delivery, now, root_url)):
            done["digests sent"] += 1
    return done


def _send_digest(user, notices, delivery, now, root_url):
    with transaction.atomic():
        # Mark first: a notice another run sent meanwhile is left out.
        claimed = set(
            Notice.objects.select_for_update()
            .filter(pk__in=[notice.pk for notice in notices], sent_at__isnull=True)
            .values_list("pk", flat=True)
        )
        notices = [notice for notice in notices if notice.pk in claimed]
        Notice.objects.filter(pk__in=claimed).update(sent_at=now)
        if not notices or not user.is_active or not user.email:
            return False
        items = "\n".join(
            f"- {timezone.localtime(notice.created_at):%d %B}: {notice.text}\n"
            f"  {root_url}{notice.page.url}"
            for notice in notices
        )
        period = "weekly" if delivery == Delivery.WEEKLY else "daily"
        queue_mail([(
            DIGEST_SUBJECT.format(period=period, count=len(notices)),
            DIGEST_BODY.format(name=display_name(user), items=items,
                               preferences_url=_preferences_url(root_url)),
            settings.DEFAULT_FROM_EMAIL, [user.email],
        )])
    return True


def following_record(user: User) -> dict:
    """What the member follows and what waits for their digest, for their data download."""
    return {
        "following": [
            {"page": follow.page.title, "followed_at": str(follow.created_at)}
            for follow in follows_of(user)
        ],
        "waiting_notices": [
            {"text": text, "kind": kind, "created_at": str(created_at)}
            for text, kind, created_at in Notice.objects.filter(
                member=user, sent_at__isnull=True
            ).order_by("created_at").values_list("text", "kind", "created_at")
        ],
    }


def forget_follows(user: User) -> None:
    """Delete what an account follows and what waits for it (closing it)."""
    Follow.objects.filter(member=user).delete()
    Notice.objects.filter(member=user).delete()

