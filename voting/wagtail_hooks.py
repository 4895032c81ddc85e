"""Voting in the Wagtail admin: ballots and periods, the actions on a ballot, log actions."""

from django.core.exceptions import ValidationError
from django.urls import path, reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets import ListingButton

from core.posted_data import (
    with_added_forms_ordered,
    with_form_counts_capped,
    with_formset_ids,
)
from voting import admin_views, elections, selectors, services, tellers
from voting.models import (
    MOST_OPTIONS,
    MOST_QUESTIONS,
    MOST_TELLERS,
    Ballot,
    BallotKey,
    Election,
    VotingPeriod,
)

LOCKED_ELECTION = "The vote for this election has started, so its details can no longer change."
LOCKED_BALLOT = (
    "An open, closed or cancelled ballot can no longer be changed: its roll and questions "
    "are fixed."
)
LOCKED_KEY_HOLDERS = (
    "Its tellers already hold their shares of the ballot's key, so who holds the key can no "
    "longer change. Cancel the ballot and create a new one to name other tellers."
)
VOTED_ON = (
    Ballot.Status.OPEN, Ballot.Status.AWAITING_TELLERS, Ballot.Status.COUNTING,
    Ballot.Status.CLOSED,
)
LOCKED_STATUSES = (*VOTED_ON, Ballot.Status.CANCELLED)


FORM_COUNTS = {"questions": MOST_QUESTIONS, "options": MOST_OPTIONS, "tellers": MOST_TELLERS}


class BallotForm(WagtailAdminModelForm):
    """Refuses edits once a ballot is open: what voters saw must stay what is counted."""

    def __init__(self, data=None, *args, **kwargs):
        if data is not None:
            data = with_form_counts_capped(data, FORM_COUNTS)
            data = with_added_forms_ordered(with_formset_ids(data))
        super().__init__(data, *args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if self.instance.status in LOCKED_STATUSES:
            raise ValidationError(LOCKED_BALLOT)
        if self._changes_key_holders() and self._shares_issued():
            raise ValidationError(LOCKED_KEY_HOLDERS)
        return cleaned

    def _shares_issued(self):
        return self.instance.pk and BallotKey.objects.filter(ballot=self.instance).exists()

    def _changes_key_holders(self):
        return (
            {"key_holders", "tellers_needed"} & set(self.changed_data)
            or self.formsets["tellers"].has_changed()
        )


class ElectionForm(WagtailAdminModelForm):
    """Refuses edits once the vote has started: the ballot was built from these details."""

    def clean(self):
        cleaned = super().clean()
        if self.instance.ballot_id is not None:
            raise ValidationError(LOCKED_ELECTION)
        named = cleaned.get("tellers")
        if named:
            problem = tellers.tellers_problem(len(named), cleaned.get("tellers_needed"))
            if problem:
                self.add_error("tellers", problem)
        return cleaned


def _turnout(ballot):
    # Turnout only: how many voted of the roll. Never a count per option while open.
    if ballot.status in VOTED_ON:
        return f"{ballot.voted_count} of {ballot.roll_size}"
    return "—"


class BallotIndexView(generic.IndexView):
    def get_base_queryset(self):
        return selectors.with_turnout(super().get_base_queryset())

    def get_list_buttons(self, instance):
        buttons = super().get_list_buttons(instance)
        if not services.can_manage_ballots(self.request.user):
            return buttons
        for action in ACTIONS_BY_STATUS.get(instance.status, []):
            buttons.insert(0, ListingButton(
                admin_views.ACTIONS[action][1],
                url=reverse("voting_ballot_action", args=[instance.pk, action]),
                priority=5,
            ))
        return buttons


ACTIONS_BY_STATUS = {
    Ballot.Status.DRAFT: ["schedule", "open"],
    Ballot.Status.SCHEDULED: ["open"],
    Ballot.Status.OPEN: ["close"],
}


class BallotViewSet(ModelViewSet):
    model = Ballot
    icon = "tasks"
    menu_label = "Ballots"
    index_view_class = BallotIndexView
    edit_template_name = "voting/admin/ballot_edit.html"
    add_to_admin_menu = False
    search_fields = ["title", "description"]
    list_filter = ["status", "electorate"]
    list_display = [
        "title",
        StatusTagColumn("status", label="Status", accessor="get_status_display",
                        primary=lambda ballot: ballot.status == Ballot.Status.OPEN),
        "electorate",
        "opens_at",
        "closes_at",
        Column("turnout", label="Turnout", accessor=_turnout),
    ]
    edit_handler = ObjectList(Ballot.panels, base_form_class=BallotForm)


class VotingPeriodViewSet(ModelViewSet):
    model = VotingPeriod
    icon = "date"
    menu_label = "Voting periods"
    add_to_admin_menu = False
    list_display = ["year", "opens_on", "closes_on", "invitations_sent_at"]
    form_fields = ["year", "opens_on", "closes_on"]


def _election_stage(election):
    if elections.nominations_open(election):
        return "Taking nominations"
    if election.ballot is None:
        return "Nominations closed"
    return f"Vote {election.ballot.get_status_display().lower()}"


class ElectionIndexView(generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("ballot")

    def get_list_buttons(self, instance):
        buttons = super().get_list_buttons(instance)
        ready = instance.ballot_id is None and instance.nominations_close_at <= timezone.now()
        if ready and services.can_manage_ballots(self.request.user):
            buttons.insert(0, ListingButton(
                "Start the vote", url=reverse("voting_start_election_vote", args=[instance.pk]),
                priority=5,
            ))
        return buttons


class ElectionViewSet(ModelViewSet):
    """Directors open nominations by adding an election; the vote starts when they close."""

    model = Election
    icon = "group"
    menu_label = "Board elections"
    add_to_admin_menu = False
    index_view_class = ElectionIndexView
    list_display = [
        "title", "seats", "nominations_close_at",
        Column("stage", label="Stage", accessor=_election_stage),
    ]
    edit_handler = ObjectList(Election.panels, base_form_class=ElectionForm)


class VotingViewSetGroup(ModelViewSetGroup):
    menu_label = "Voting"
    menu_icon = "tasks"
    menu_order = 300
    items = (
        BallotViewSet("voting_ballots"),
        VotingPeriodViewSet("voting_periods"),
        ElectionViewSet("voting_elections"),
    )


class BallotManagerMenuItem(MenuItem):
    """A menu item only those who manage ballots (Directors and Officers) see."""

    def is_shown(self, request):
        return services.can_manage_ballots(request.user)


class TellerMenuItem(MenuItem):
    """Shown only to tellers of a ballot that is not finished."""

    def is_shown(self, request):
        return selectors.is_teller(request.user)


@hooks.register("register_admin_menu_item")
def register_teller_menu_item():
    return TellerMenuItem(
        "Your teller's shares", reverse("voting_tellers"), name="tellers", icon_name="key",
        order=870,
    )


@hooks.register("register_admin_menu_item")
def register_fellowship_nominations_menu_item():
    return BallotManagerMenuItem(
        "Fellowship nominations", reverse("voting_fellowship_nominations"),
        name="fellowship-nominations", icon_name="group", order=860,
    )


@hooks.register("register_admin_viewset")
def register_voting_viewsets():
    return VotingViewSetGroup()


@hooks.register("register_admin_urls")
def register_ballot_action_urls():
    return [
        path("voting/ballots/<int:pk>/<str:action>/", admin_views.ballot_action,
             name="voting_ballot_action"),
        path("voting/fellowship-nominations/", admin_views.fellowship_nominations,
             name="voting_fellowship_nominations"),
        path("voting/elections/<int:pk>/start-vote/", admin_views.start_election_vote,
             name="voting_start_election_vote"),
        path("voting/tellers/", admin_views.teller_ballots, name="voting_tellers"),
        path("voting/tellers/<int:pk>/collect/", admin_views.collect_share,
             name="voting_collect_share"),
        path("voting/tellers/<int:pk>/enter/", admin_views.enter_share,
             name="voting_enter_share"),
    ]


@hooks.register("register_log_actions")
def register_voting_log_actions(actions):
    actions.register_action("voting.ballot.schedule", "Schedule ballot", "Ballot scheduled")
    actions.register_action("voting.ballot.open", "Open ballot", "Ballot opened")
    actions.register_action("voting.ballot.close", "Close ballot", "Ballot closed and tallied")
    actions.register_action("voting.ballot.outcome", "Apply ballot outcome",
                            "Ballot outcome recorded")
    actions.register_action("voting.ballot.cancel", "Cancel ballot", "Ballot cancelled")
    actions.register_action("voting.ballot.end_voting", "End voting",
                            "Voting ended; being counted")
    actions.register_action("voting.ballot.await_tellers", "Stop taking votes",
                            "Voting ended; awaiting tellers")
    actions.register_action("voting.ballot.share_collected", "Collect teller's share",
                            "Teller's share collected")
    actions.register_action("voting.ballot.share_entered", "Enter teller's share",
                            "Teller's share entered")
    actions.register_action("voting.election.nominate", "Nominate", "Nominated for the Board")
    actions.register_action("voting.election.accept", "Accept nomination", "Nomination accepted")
