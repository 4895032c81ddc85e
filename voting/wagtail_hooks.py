"""Voting in the Wagtail admin: ballots and periods, the actions on a ballot, log actions."""

from django.core.exceptions import ValidationError
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets import ListingButton

from voting import admin_views, selectors, services
from voting.models import Ballot, VotingPeriod

LOCKED_BALLOT = (
    "An open or closed ballot can no longer be changed: its roll and questions are fixed."
)


class BallotForm(WagtailAdminModelForm):
    """Refuses edits once a ballot is open: what voters saw must stay what is counted."""

    def clean(self):
        cleaned = super().clean()
        if self.instance.status in (Ballot.STATUS_OPEN, Ballot.STATUS_CLOSED):
            raise ValidationError(LOCKED_BALLOT)
        return cleaned


def _turnout(ballot):
    # Turnout only: how many voted of the roll. Never a count per option while open.
    if ballot.status in (Ballot.STATUS_OPEN, Ballot.STATUS_CLOSED):
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
    Ballot.STATUS_DRAFT: ["schedule", "open"],
    Ballot.STATUS_SCHEDULED: ["open"],
    Ballot.STATUS_OPEN: ["close"],
}


class BallotViewSet(ModelViewSet):
    model = Ballot
    icon = "tasks"
    menu_label = "Ballots"
    index_view_class = BallotIndexView
    add_to_admin_menu = False
    search_fields = ["title", "description"]
    list_filter = ["status", "electorate"]
    list_display = [
        "title",
        StatusTagColumn("status", label="Status", accessor="get_status_display",
                        primary=lambda ballot: ballot.status == Ballot.STATUS_OPEN),
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


class VotingViewSetGroup(ModelViewSetGroup):
    menu_label = "Voting"
    menu_icon = "tasks"
    menu_order = 300
    items = (BallotViewSet("voting_ballots"), VotingPeriodViewSet("voting_periods"))


@hooks.register("register_admin_viewset")
def register_voting_viewsets():
    return VotingViewSetGroup()


@hooks.register("register_admin_urls")
def register_ballot_action_urls():
    return [
        path("voting/ballots/<int:pk>/<str:action>/", admin_views.ballot_action,
             name="voting_ballot_action"),
    ]


@hooks.register("register_log_actions")
def register_voting_log_actions(actions):
    actions.register_action("voting.ballot.schedule", "Schedule ballot", "Ballot scheduled")
    actions.register_action("voting.ballot.open", "Open ballot", "Ballot opened")
    actions.register_action("voting.ballot.close", "Close ballot", "Ballot closed and tallied")
