"""Fellowship nominations and the Fellows' vote ("Fellowship Nomination and Voting Procedure").

The nominator is checked but never stored: a nomination keeps only a keyed HMAC
of (cycle, nominator, nominee), which refuses duplicates and, without
`settings.FELLOW_NOMINATION_KEY`, points at nobody. Nothing here logs, e-mails
or raises anything that names the nominator, and nominees are told nothing.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from membership import services as membership_services
from membership.models import Member
from membership.selectors import fellows
from voting import services
from voting.models import (
    CRITERION_STATEMENTS,
    Criterion,
    Electorate,
    FellowshipNomination,
)

NOT_A_FELLOW = "Only a Fellow can nominate someone for the Fellowship."
NOT_A_MEMBER = "Only members can be nominated: {nominee} is not a member of the foundation."
ALREADY_A_FELLOW = "{nominee} is already a Fellow."
DUPLICATE = "You have already nominated {nominee} in this cycle; one nomination each is enough."
NAMES_NOMINATOR = (
    "The {field} contains “{word}”, your {what}. A nomination must not identify its "
    "nominator (the membership model invalidates one that does): remove it and send it again."
)
WORD = re.compile(r"\w+")
# Mailbox names that say what an address is for, not whose it is.
GENERIC_LOCAL_PARTS = frozenset({
    "admin", "contact", "fellow", "fellows", "hello", "info", "mail", "me", "member",
    "office", "python", "team",
})
NO_NOMINATIONS = "There are no nominations waiting to be voted on."
DIGEST_SALT = "voting.fellowship.nominator"
VOTE_DAYS = 14


@dataclass(frozen=True)
class Pending:
    """The nominations of one nominee waiting for a vote, as the Directors see them."""

    nominee: Member
    nominations: tuple

    @property
    def criteria(self):
        return sorted({nomination.get_criterion_display() for nomination in self.nominations})


def current_cycle(on=None):
    """Nominations made in one calendar year form that year's cycle."""
    return (on or timezone.localdate()).year


def is_fellow(user, on=None):
    member = getattr(user, "member", None)
    return member is not None and fellows(on).filter(pk=member.pk).exists()


def nominator_digest(cycle, user, nominee):
    """The keyed HMAC that stands for "this Fellow nominated this member in this cycle"."""
    value = f"{cycle}:{user.pk}:{nominee.pk}"
    return salted_hmac(
        DIGEST_SALT, value, secret=settings.FELLOW_NOMINATION_KEY, algorithm="sha256"
    ).hexdigest()


class NamesNominator(services.VotingError):
    """A nomination that identifies its nominator; `field` is the form field that does."""

    def __init__(self, field, word, what):
        shown = "description" if field == "description" else "URL"
        super().__init__(NAMES_NOMINATOR.format(field=shown, word=word, what=what))
        self.field = field


def identifying_text(user, *, description, urls):
    """The first (field, word, what) by which a nomination names its nominator, or None.

    A mark matches whole words only, ignoring case and accents, so a nominator called
    Ann may write "annual" and eve@ may write "event".
    """
    marks = _identifying_marks(user)
    fields = [("description", description)] + [("urls", url) for url in urls]
    for field, text in fields:
        words = _words(text)
        for what, mark in marks:
            if _contains(words, mark):
                return field, " ".join(mark), what
    return None


def _words(text):
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return WORD.findall("".join(char for char in decomposed if not unicodedata.combining(char)))


def _contains(words, mark):
    size = len(mark)
    return any(words[start:start + size] == mark for start in range(len(words) - size + 1))


def _identifying_marks(user):
    marks = [("username", user.get_username()), ("e-mail address", user.email)]
    member = getattr(user, "member", None)
    if member is not None:
        marks += [("name", word) for word in _words(member.name)]
    local_part = user.email.split("@")[0] if user.email else ""
    if local_part.casefold() not in GENERIC_LOCAL_PARTS:
        marks.append(("e-mail address", local_part))
    # Very short marks ("al", "jo") would refuse ordinary words.
    word_marks = [(what, _words(mark)) for what, mark in marks if mark]
    return [(what, words) for what, words in word_marks if words and len("".join(words)) >= 3]


def _nominee_name(nominee):
    return nominee.name if isinstance(nominee, Member) else str(nominee)


def nominate(*, user, nominee, criterion, description, urls=(), on=None):
    """A Fellow nominates a member; refuses anything the procedure forbids, saving nothing."""
    on = on or timezone.localdate()
    if not is_fellow(user, on):
        raise PermissionDenied(NOT_A_FELLOW)
    if not isinstance(nominee, Member):
        raise services.VotingError(NOT_A_MEMBER.format(nominee=_nominee_name(nominee)))
    if fellows(on).filter(pk=nominee.pk).exists():
        raise services.VotingError(ALREADY_A_FELLOW.format(nominee=nominee.name))
    urls = [url.strip() for url in urls if url and url.strip()]
    named = identifying_text(user, description=description, urls=urls)
    if named:
        raise NamesNominator(*named)
    cycle = current_cycle(on)
    nomination = FellowshipNomination(
        cycle=cycle, nominee=nominee, criterion=Criterion(criterion), description=description,
        urls=urls, nominator_digest=nominator_digest(cycle, user, nominee),
    )
    nomination.full_clean(exclude=["nominator_digest"])
    try:
        with transaction.atomic():
            nomination.save(force_insert=True)
    except IntegrityError:
        raise services.VotingError(DUPLICATE.format(nominee=nominee.name)) from None
    return nomination


def pending_nominations():
    """The nominations not yet put to a vote, grouped by nominee, for the Directors."""
    nominations = FellowshipNomination.objects.filter(question__isnull=True).select_related(
        "nominee"
    )
    grouped = {}
    for nomination in nominations:
        grouped.setdefault(nomination.nominee, []).append(nomination)
    return [Pending(nominee, tuple(items)) for nominee, items in grouped.items()]


@transaction.atomic
def gather_into_ballot(*, user, days=VOTE_DAYS, on=None):
    """Put every valid waiting nomination to the Fellows: one yes/no question per nominee.

    A nominee who became a Fellow since being nominated needs no vote; those
    nominations are set aside. The ballot opens at once, so a refusal to open
    (no voting period today) undoes everything.
    """
    services.require_manager(user)
    on = on or timezone.localdate()
    waiting = pending_nominations()
    sitting = set(fellows(on).filter(
        pk__in=[group.nominee.pk for group in waiting]
    ).values_list("pk", flat=True))
    pending = [group for group in waiting if group.nominee.pk not in sitting]
    if not pending:
        raise services.VotingError(NO_NOMINATIONS)
    now = timezone.now()
    ballot = services.create_ballot(
        title=f"Fellowship vote, {current_cycle(on)}",
        description=_ballot_description(pending),
        electorate=Electorate.FELLOWS,
        opens_at=now,
        closes_at=now + datetime.timedelta(days=days),
        user=user,
    )
    for group in pending:
        question = services.add_question(
            ballot, user=user,
            text=f"Does {group.nominee.name} meet the {' or '.join(group.criteria).lower()} "
            f"criterion for the Fellowship?",
        )
        FellowshipNomination.objects.filter(
            pk__in=[nomination.pk for nomination in group.nominations]
        ).update(question=question)
    return services.open_ballot(ballot, user=user)


def _ballot_description(pending):
    criteria = "\n\n".join(
        f"The {criterion.label.lower()} criterion: “{CRITERION_STATEMENTS[criterion]}”"
        for criterion in Criterion
    )
    nominations = "\n\n".join(_nominee_text(group) for group in pending)
    return (
        "Vote on whether each nominee meets the criterion they were nominated under "
        "(new-membership-model.md, \"Fellows\"). A nominee needs the Board's supermajority "
        f"of the Fellows who take part.\n\n{criteria}\n\n{nominations}"
    )


def _nominee_text(group):
    parts = [f"{group.nominee.name} ({', '.join(group.criteria).lower()})"]
    for nomination in group.nominations:
        parts.append(nomination.description.strip())
        parts.extend(nomination.urls)
    return "\n".join(parts)


def is_fellowship_ballot(ballot):
    """Whether a ballot is a Fellows' vote: nominations were gathered into its questions."""
    return FellowshipNomination.objects.filter(question__ballot=ballot).exists()


def apply_fellowship_outcome(ballot, outcome):
    """A nominee whose question met the threshold becomes a Fellow for life."""
    nominees = {
        nomination.question_id: nomination.nominee
        for nomination in FellowshipNomination.objects.filter(
            question__ballot=ballot
        ).select_related("nominee")
    }
    for question_id, nominee in nominees.items():
        if outcome.for_question(question_id).threshold_met:
            membership_services.grant_fellowship(
                member=nominee, note=f"Elected by the Fellows: {ballot.title}."
            )
