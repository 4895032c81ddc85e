"""The pages the validity checks walk: every public page and the member dashboard.

Seeded with `seed_demo`'s data, so each page shows what a visitor to `make run` sees:
policies with resolutions, a proposal in discussion, open and closed ballots, an election.
"""

from io import StringIO

from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from governance.models import ProposalPage, SectionPage, Stage
from home.demo import demo_email
from membership.models import WorkingGroup
from voting.models import Ballot, Election

DASHBOARD = "/members/"
DEMO_MEMBER = demo_email("member")


def seed_demo_site():
    call_command("setup_site", verbosity=0)
    with override_settings(DEBUG=True):
        call_command("seed_demo", stdout=StringIO())


def public_paths():
    """Each kind of public page once, as (name, path), on a site `seed_demo_site` filled."""
    sections = SectionPage.objects.live().order_by("path")
    closed_ballot = Ballot.objects.filter(status=Ballot.Status.CLOSED).order_by("pk").first()
    paths = [
        ("home", "/"),
        ("governance", "/governance/"),
        *((f"section-{section.slug}", section.url) for section in sections),
        ("policy", policy_path()),
        ("proposal-in-discussion", _proposal_in(Stage.DISCUSSION).url),
        ("register", "/governance/register/"),
        ("search", "/search/?q=policy"),
        ("membership", "/membership/"),
        ("code-of-conduct", "/membership/code-of-conduct/"),
        ("fellows", "/membership/fellows/"),
        ("managing-members", "/membership/managing-members/"),
        ("managing-members-roll", f"/membership/managing-members/{timezone.localdate().year}/"),
        ("sponsors", "/membership/sponsors/"),
        ("sponsor-application", "/membership/sponsors/apply/"),
        ("working-groups", "/membership/working-groups/"),
        ("working-group", f"/membership/working-groups/{WorkingGroup.objects.first().slug}/"),
        ("vote", "/vote/"),
        ("verify-receipt", "/vote/verify/"),
        ("elections", "/vote/elections/"),
        ("election", f"/vote/elections/{Election.objects.first().pk}/"),
        ("results", f"/vote/{closed_ballot.pk}/results/"),
        ("login", "/accounts/login/"),
        ("login-code", "/accounts/login/code/"),
        ("sign-up", "/accounts/signup/"),
        ("password-reset", "/accounts/password/reset/"),
    ]
    return paths


def policy_path():
    """An adopted policy's page: the page most visitors come for."""
    return _proposal_in(Stage.ACTIVE).url


def _proposal_in(stage):
    return (
        ProposalPage.objects.live()
        .filter(path__startswith=SectionPage.objects.get(stage=stage).path)
        .order_by("path")
        .first()
    )
