"""Tellers: k of n people who must come together before a ballot can be counted.

The key pair is made when the ballot is scheduled; the private half is split into
one share per teller at once and never kept whole. Each teller collects their share
once (then the server no longer has it), all before the ballot opens. When voting
ends the ballot waits, "awaiting tellers", until enough tellers enter their shares;
only then is the key rebuilt, in memory, and the ballot counted (project issue 18).
"""

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from wagtail.log_actions import log

from voting import notifications, sealing
from voting.errors import VotingError
from voting.models import MOST_TELLERS, Ballot, BallotKey, KeyHolders, Teller

NOT_ENOUGH_TELLERS = (
    "Name at least {minimum} tellers for a tellers ballot, and say how many are needed to "
    "count it."
)
BAD_TELLERS_NEEDED = (
    "The tellers needed to count must be at least 2 and fewer than the {named} tellers named, "
    "so that one lost share does not stop the count."
)
TOO_MANY_TELLERS = "A ballot can have at most {maximum} tellers."
TELLERS_HAVE_NOT_COLLECTED = (
    "The ballot cannot open until every teller has collected their share. Still to collect: "
    "{names}. They were e-mailed; housekeeping reminds them daily."
)
SCHEDULE_FIRST = (
    "A tellers ballot must be scheduled first: scheduling makes its key and gives each teller "
    "a share to collect, and it opens once they all have."
)
NOT_A_TELLER = "You are not a teller of this ballot."
ALREADY_COLLECTED = (
    "You have already collected your share of this ballot's key. The server no longer has it: "
    "use the words you wrote down."
)
NOT_AWAITING = (
    "This ballot is not waiting for its tellers; shares are entered only after voting ends."
)
ALREADY_ENTERED = "You have already entered your share; it is kept until enough tellers have."
MALFORMED_SHARE = (
    "Those words are not a valid share: {error} Check each word against what you wrote down."
)
SHARE_OF_ANOTHER_BALLOT = (
    "Those words are a share of another ballot's key, not of “{ballot}”. Check which share "
    "you are entering."
)
SHARE_ALREADY_ENTERED = "That share has already been entered by another teller."
SHARES_DO_NOT_OPEN = (
    "The shares entered do not rebuild this ballot's key, so nothing was counted. The shares "
    "were forgotten: ask the tellers to enter them again, carefully."
)


def uses_tellers(ballot):
    return ballot.key_holders == KeyHolders.TELLERS


def tellers_problem(named, needed):
    """Why `named` tellers of whom `needed` must count cannot work; "" when they can."""
    if named < 3 or needed is None:
        return NOT_ENOUGH_TELLERS.format(minimum=3)
    if named > MOST_TELLERS:
        return TOO_MANY_TELLERS.format(maximum=MOST_TELLERS)
    if not 2 <= needed < named:
        return BAD_TELLERS_NEEDED.format(named=named)
    return ""


def check_tellers(ballot):
    """Refuse a tellers ballot whose tellers and threshold cannot work."""
    problem = tellers_problem(ballot.tellers.count(), ballot.tellers_needed)
    if problem:
        raise VotingError(problem)


def name_tellers(ballot, users, needed):
    """Make a ballot a tellers ballot with these tellers, `needed` of whom must count it."""
    ballot.key_holders, ballot.tellers_needed = KeyHolders.TELLERS, needed
    ballot.save(update_fields=["key_holders", "tellers_needed"])
    Teller.objects.bulk_create(Teller(ballot=ballot, user=user) for user in users)


def issue_shares(ballot):
    """Make the ballot's key pair and give each teller a share to collect; once only."""
    if BallotKey.objects.filter(ballot=ballot).exists():
        return
    check_tellers(ballot)
    public_key, private_key = sealing.new_ballot_keys()
    roles = list(ballot.tellers.select_related("user__member").order_by("pk"))
    identifier, shares = sealing.split_private_key(private_key, ballot.tellers_needed, len(roles))
    BallotKey.objects.create(ballot=ballot, public_key=public_key, share_identifier=identifier)
    for role, words in zip(roles, shares, strict=True):
        role.share = sealing.wrap_share(words)
    Teller.objects.bulk_update(roles, ["share"])
    notifications.tellers_asked_to_collect(ballot, [role.user for role in roles])


def check_ready_to_open(ballot):
    """Refuse to open a tellers ballot before every teller holds their share."""
    if not BallotKey.objects.filter(ballot=ballot).exists():
        raise VotingError(SCHEDULE_FIRST)
    waiting = ballot.tellers.filter(collected_at__isnull=True).select_related("user__member")
    names = [role.user.member.name for role in waiting]
    if names:
        raise VotingError(TELLERS_HAVE_NOT_COLLECTED.format(names=", ".join(names)))


def _role(ballot, user):
    role = Teller.objects.select_for_update().filter(ballot=ballot, user=user).first()
    if role is None:
        raise VotingError(NOT_A_TELLER)
    return role


@transaction.atomic
def collect_share(ballot, user):
    """Hand a teller their share's words, this once; the server forgets them."""
    role = _role(ballot, user)
    if role.collected_at is not None:
        raise VotingError(ALREADY_COLLECTED)
    words = sealing.unwrap_share(role.share)
    role.share, role.collected_at = None, timezone.now()
    role.save(update_fields=["share", "collected_at"])
    log(ballot, "voting.ballot.share_collected", user=user)
    return words


def store_share(ballot, user, words):
    """Keep a teller's share, checked, until enough are entered; the caller holds the lock."""
    if ballot.status != Ballot.Status.AWAITING_TELLERS:
        raise VotingError(NOT_AWAITING)
    role = _role(ballot, user)
    if role.entered_at is not None:
        raise VotingError(ALREADY_ENTERED)
    share = _read(words, ballot)
    if any(sealing.read_share(other).index == share.index for other in _entered_words(ballot)):
        raise VotingError(SHARE_ALREADY_ENTERED)
    role.entered_share, role.entered_at = sealing.wrap_share(words), timezone.now()
    role.save(update_fields=["entered_share", "entered_at"])
    log(ballot, "voting.ballot.share_entered", user=user)


def _read(words, ballot):
    try:
        share = sealing.read_share(words)
    except sealing.ShareError as error:
        raise VotingError(MALFORMED_SHARE.format(error=error)) from None
    if share.identifier != BallotKey.objects.get(ballot=ballot).share_identifier:
        raise VotingError(SHARE_OF_ANOTHER_BALLOT.format(ballot=ballot))
    return share


def _entered_words(ballot):
    entered = Teller.objects.filter(ballot=ballot, entered_share__isnull=False)
    return [sealing.unwrap_share(wrapped) for wrapped in entered.values_list(
        "entered_share", flat=True)]


def rebuilt_key(ballot):
    """The private key, if enough shares are entered; None while fewer are.

    Shares that do not rebuild the ballot's own key are forgotten and refused, so the
    tellers enter theirs again: nothing is counted with a wrong key.
    """
    words = _entered_words(ballot)
    if len(words) < ballot.tellers_needed:
        return None
    key = BallotKey.objects.get(ballot=ballot)
    try:
        private_key = sealing.combine_shares(words)
    except sealing.ShareError:
        private_key = None
    if private_key is None or sealing.public_key_of(private_key) != bytes(key.public_key):
        forget_shares(ballot)
        raise VotingError(SHARES_DO_NOT_OPEN)
    return private_key


def forget_shares(ballot):
    """Drop every share the server still holds for a ballot, issued or entered."""
    Teller.objects.filter(ballot=ballot).update(share=None, entered_share=None, entered_at=None)


def entered_count(ballot):
    return ballot.tellers.filter(entered_at__isnull=False).count()


def waiting_for(ballot):
    """The tellers whose share a ballot awaiting tellers still needs, with their users."""
    return ballot.tellers.filter(entered_at__isnull=True).select_related("user__member")


def shares_awaited():
    """Teller roles an opening or a count waits for: a share to collect, or one to enter."""
    to_collect = Q(ballot__status=Ballot.Status.SCHEDULED, ballot__key_holders=KeyHolders.TELLERS,
                   collected_at__isnull=True)
    to_enter = Q(ballot__status=Ballot.Status.AWAITING_TELLERS, entered_at__isnull=True)
    return Teller.objects.filter(to_collect | to_enter)


def remind(on):
    """E-mail, once a day, each teller an opening or a count is waiting for; return how many."""
    due = list(
        shares_awaited()
        .exclude(reminded_on=on)
        .select_related("ballot", "user__member")
    )
    counts = dict(
        Teller.objects.filter(ballot__in={role.ballot_id for role in due})
        .values_list("ballot").annotate(Count("pk")).order_by()
    )
    notifications.teller_reminders(due, counts)
    Teller.objects.filter(pk__in=[role.pk for role in due]).update(reminded_on=on)
    return len(due)
