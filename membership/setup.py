"""Idempotent defaults for membership: the categories, in the model's own words."""

from decimal import Decimal

from django.utils import timezone

from membership.models import CategoryCode, MembershipCategory, SponsorLevel, WorkingGroup

# Words and numbers from new-membership-model.md, "Organization" and "Mechanics".
CATEGORY_DEFAULTS = {
    CategoryCode.BASIC: {
        "name": "Basic Member",
        "way_of_supporting": "",
        "description": (
            "Anyone who wants to become a Member can join, simply by signing up and agreeing "
            "to the Code of Conduct. By signing up, you declare your part in the broader "
            "Python community and your support of the foundation. There are no other "
            "requirements and no other duties."
        ),
        "how_to_join": "Sign up and agree to the Code of Conduct.",
        "term": MembershipCategory.Term.NONE,
        "voting_eligible": False,
        "sort_order": 10,
    },
    CategoryCode.SUPPORTING: {
        "name": "Supporting Member",
        "way_of_supporting": "Funding",
        "description": (
            "An individual who supports the foundation by helping fund its operations. "
            "Supporting Members receive an exclusive gift each year, such as a custom T-shirt, "
            "and may opt out of the gifts. Only natural persons may be Supporting Members."
        ),
        "how_to_join": (
            "Make a contribution (suggested $100 a year). Supporting Membership is active for "
            "a full year from the date of the contribution; a contribution of $2000 or more "
            "makes you a lifetime Supporting Member."
        ),
        "term": MembershipCategory.Term.ANNUAL,
        "suggested_fee": Decimal("100"),
        "lifetime_fee": Decimal("2000"),
        "voting_eligible": True,
        "sort_order": 20,
    },
    CategoryCode.SPONSOR: {
        "name": "Sponsor Member",
        "way_of_supporting": "Funding",
        "description": (
            "An organisational member of the foundation, at one of the levels the Board sets. "
            "Each level provides a number of Sponsor Delegates, who may vote as delegates of "
            "their organisation. Only organisations may be Sponsor Members."
        ),
        "how_to_join": (
            "Apply on behalf of your organisation; new Sponsor Members are admitted by a vote "
            "of the voting members. Sponsor Membership is active for a full year."
        ),
        "term": MembershipCategory.Term.ANNUAL,
        # Delegates vote as delegates of their organisation, not as individuals.
        "voting_eligible": False,
        "sort_order": 30,
    },
    CategoryCode.MANAGING: {
        "name": "Managing Member",
        "way_of_supporting": "Coordinating",
        "description": (
            "An individual who supports the foundation by spending time coordinating, "
            "teaching and serving others: running conferences or a user group, managing "
            "infrastructure, or other work on behalf of the foundation. Board members "
            "qualify automatically."
        ),
        "how_to_join": (
            "Sign up for one or more working groups and affirm that you put in 5 to 10 hours "
            "a month. Recertify every year by listing your groups again."
        ),
        "term": MembershipCategory.Term.ANNUAL,
        "voting_eligible": True,
        "sort_order": 40,
    },
    CategoryCode.CONTRIBUTING: {
        "name": "Contributing Member",
        "way_of_supporting": "Creating",
        "description": (
            "An individual who supports the Python community with contributions of code, "
            "tests, documentation, design, or other results of creative effort to open "
            "source projects."
        ),
        "how_to_join": (
            "Declare the open source projects you work on and commit to 5 to 10 hours a "
            "month. Recertify every year."
        ),
        "term": MembershipCategory.Term.ANNUAL,
        "voting_eligible": True,
        "sort_order": 50,
    },
    CategoryCode.FELLOW: {
        "name": "Fellow",
        "way_of_supporting": "",
        "description": (
            "The highest level of membership, for life: for those who have consistently served "
            "the foundation and the Python community over a substantial period of time and "
            "have made notable contributions."
        ),
        "how_to_join": (
            "Nominated by an existing Fellow and confirmed by a secret supermajority vote of "
            "the Fellows."
        ),
        "term": MembershipCategory.Term.LIFETIME,
        "voting_eligible": True,
        "sort_order": 60,
    },
}


def ensure_categories():
    """Create any missing category; never overwrite the words staff have edited."""
    for code, defaults in CATEGORY_DEFAULTS.items():
        MembershipCategory.objects.get_or_create(code=code, defaults=defaults)


# "initially suggested at $3K, $6K, $12K, and $25K"; seats are the Board's to change.
SPONSOR_LEVELS = [
    ("Bronze", Decimal("3000"), 1),
    ("Silver", Decimal("6000"), 2),
    ("Gold", Decimal("12000"), 3),
    ("Platinum", Decimal("25000"), 5),
]


def ensure_sponsor_levels():
    """Create the default sponsor levels if missing; never overwrite edits."""
    for name, fee, seats in SPONSOR_LEVELS:
        SponsorLevel.objects.get_or_create(
            name=name, defaults={"yearly_fee": fee, "delegate_seats": seats}
        )


# "Initially, the working groups would correspond to existing functions and committees"
# (new-membership-model.md, "Working Groups"), and "one special working group would be the
# technical advisory committee".
INITIAL_WORKING_GROUPS = [
    ("Board", "board", "The Board of Directors, which directs the foundation's work."),
    ("Infrastructure Committee", "infrastructure-committee",
     "Runs the foundation's infrastructure: websites, hosting and services."),
    ("PyCon organisers", "pycon-organisers", "Organises PyCon, the foundation's conference."),
    ("Technical Advisory Committee", "technical-advisory-committee",
     "Provides guidance to the foundation on any technical matters."),
]


def ensure_working_groups():
    """Create the document's initial working groups if missing; never overwrite edits."""
    for name, slug, purpose in INITIAL_WORKING_GROUPS:
        WorkingGroup.objects.get_or_create(
            slug=slug,
            # Chartered the day the site starts: their first evaluation is a year later.
            defaults={
                "name": name, "purpose": purpose, "status": WorkingGroup.Status.ACTIVE,
                "chartered_on": timezone.localdate(),
            },
        )
