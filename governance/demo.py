"""Demo governance content for a local run, made through the real lifecycle.

Every proposal is written by a demo member, published by the demo moderator and
moved by the demo director or officer with the functions of
`governance/lifecycle.py`, so timelines, log entries and e-mails are real.
"""

import datetime
import html
import re
from pathlib import Path

from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Page
from wagtail.rich_text import RichText

from governance import lifecycle, roles, services
from governance.models import (
    CharterPage,
    GovernanceIndexPage,
    GovernanceRules,
    Kind,
    Position,
    ProposalPage,
    Stage,
)
from governance.setup import section_for

DEMO_CONTENT = Path(__file__).resolve().parent / "demo_content"
MINUTES_URL = "https://example.org/board/minutes/"
EDUCATION_WORKING_GROUP = "Education Working Group"

MOIN_HEADING = re.compile(r"^(=+)\s*(.*?)\s*\1\s*$")
MARKDOWN_HEADING = re.compile(r"^#+\s+(.*?)\s*$")
LIST_ITEM = re.compile(r"^\s*[*-]\s+")
INLINE_MARKUP = [
    (re.compile(r"\[\[(?:[^|\]]*\|)?([^\]]*)\]\]"), r"\1"),  # [[url|text]] or [[Page]]
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # [text](url)
    (re.compile(r"'{2,3}(.+?)'{2,3}"), r"\1"),  # '''bold''' and ''italic''
    (re.compile(r"\*\*(.+?)\*\*"), r"\1"),
    (re.compile(r"\\(.)"), r"\1"),  # Markdown escapes: \$ \' \"
]


def plain_text(line):
    """A line of MoinMoin or Markdown with its markup stripped."""
    for pattern, replacement in INLINE_MARKUP:
        line = pattern.sub(replacement, line)
    return line.strip()


def body_from_wiki_text(text):
    """StreamField blocks from a MoinMoin or Markdown page: headings, then paragraphs and lists."""
    blocks, lines = [], []

    def flush():
        if lines:
            blocks.append(("paragraph", RichText(_paragraph_html(lines))))
            lines.clear()

    for raw in text.splitlines():
        if raw.startswith("```") or raw.startswith(":class:"):
            continue
        heading = MOIN_HEADING.match(raw) or MARKDOWN_HEADING.match(raw)
        if heading:
            flush()
            blocks.append(("heading", plain_text(heading.groups()[-1])))
        elif raw.strip():
            lines.append(raw)
        else:
            flush()
    flush()
    return blocks


def _paragraph_html(lines):
    if all(LIST_ITEM.match(line) for line in lines):
        items = "".join(
            f"<li>{html.escape(plain_text(LIST_ITEM.sub('', line)))}</li>" for line in lines
        )
        return f"<ul>{items}</ul>"
    return f"<p>{html.escape(' '.join(plain_text(line) for line in lines))}</p>"


def _text_body(*paragraphs):
    return [("paragraph", RichText(f"<p>{html.escape(text)}</p>")) for text in paragraphs]


def _in_days(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def _source_body(filename):
    return body_from_wiki_text((DEMO_CONTENT / filename).read_text(encoding="utf-8"))


def ensure_demo_governance(users):
    """Create whichever demo proposals and policies are missing; return the titles made."""
    made = []
    for title, build in DEMO_PROPOSALS:
        if not _exists(slugify(title)):
            build(users, title)
            made.append(title)
    return made


def _exists(slug):
    index = GovernanceIndexPage.objects.first()
    return Page.objects.descendant_of(index).filter(slug=slug).exists()


# The steps each demo proposal goes through, built from the lifecycle functions.


def _draft(users, title, *, model=ProposalPage, owner="member", **fields):
    page = model(title=title, slug=slugify(title), owner=users[owner], live=False, **fields)
    section_for(Stage.DISCUSSION).add_child(instance=page)
    page.save_revision(user=users[owner])
    return page


def _discussed(users, title, **fields):
    page = _draft(users, title, **fields)
    lifecycle.submit_for_discussion(page, user=page.owner)
    page.current_workflow_task_state.approve(user=users["moderator"])
    page.refresh_from_db()
    return page


def _in_resolution(users, title, **fields):
    page = _discussed(users, title, **fields)
    _discussed_for_the_minimum(page)
    lifecycle.move_to_resolution(page, user=users["director"])
    return page


def _discussed_for_the_minimum(page):
    # The demo's history is made in a moment; its proposals read as discussed for as long
    # as the rules ask before the Board moved them (governance.deadlines).
    days = GovernanceRules.load().minimum_discussion_days
    published = timezone.now() - datetime.timedelta(days=days)
    type(page).objects.filter(pk=page.pk).update(first_published_at=published)
    page.refresh_from_db()


def _adopted(users, title, **fields):
    page = _in_resolution(users, title, **fields)
    lifecycle.adopt(
        page, user=users["director"], minutes_url=MINUTES_URL, notes="Carried unanimously."
    )
    return page


def strategic_decision_making(users, title):
    return _adopted(
        users, title, owner="director",
        summary="How proposals are discussed by the membership and resolved by the Board.",
        body=_source_body("strategic-decision-making-process.txt"),
        review_date=_in_days(365),
    )


def membership_model(users, title):
    return _adopted(
        users, title, owner="director",
        summary="Basic membership for anyone, and the Supporting, Sponsor, Managing, "
        "Contributing and Fellow categories.",
        body=_source_body("new-membership-model.md"),
        effective_date=datetime.date(2013, 3, 31),  # the March 2013 members vote
    )


TRAVEL_GRANTS = "Travel grants policy"


def travel_grants(users, title):
    return _adopted(
        users, title,
        summary="The foundation funds travel to Python events up to 1,000 a person.",
        body=_text_body(
            "Members may ask for a grant towards travel to a Python community event.",
            "A grant covers up to 1,000 of travel and lodging.",
        ),
        review_date=_in_days(20),  # due for review: in the admin report and the register
    )


def travel_grants_amendment(users, title):
    policy = ProposalPage.objects.get(slug=slugify(TRAVEL_GRANTS))
    return _adopted(
        users, title, kind=Kind.AMENDMENT, amends=policy,
        summary="The foundation funds travel to Python events up to 1,500 a person.",
        body=_text_body(
            "Members may ask for a grant towards travel to a Python community event.",
            "A grant covers up to 1,500 of travel and lodging, and childcare when needed.",
        ),
    )


MAILING_LIST_POLICY = "Mailing list moderation policy"


def mailing_list_policy(users, title):
    page = _adopted(
        users, title,
        summary="Moderators approve the first post of every new subscriber.",
        body=_text_body("The first post of a new subscriber waits for a moderator."),
    )
    lifecycle.retire(
        page, user=users["officer"], reason="The lists moved to the forum; it has its own rules."
    )
    return page


def forum_policy(users, title):
    return _adopted(
        users, title,
        summary="Moderators of the community forum follow the Code of Conduct's guide.",
        body=_text_body("New members' first three posts wait for a moderator."),
        supersedes=[ProposalPage.objects.get(slug=slugify(MAILING_LIST_POLICY))],
        review_date=_in_days(180),
    )


def new_wiki_engine(users, title):
    page = _in_resolution(
        users, title, kind=Kind.OTHER,
        summary="Replace MoinMoin with another collaborative editor.",
        body=_text_body("MoinMoin lacks features members ask for; move to another editor."),
    )
    lifecycle.reject(
        page, user=users["director"],
        reason="Out of scope: the strategic decision-making process keeps the editor question "
        "aside.",
    )
    return page


def board_minutes(users, title):
    page = _in_resolution(
        users, title,
        summary="Board minutes are published within two weeks of each meeting.",
        body=_text_body("The Secretary publishes the minutes within 14 days of a meeting."),
    )
    lifecycle.declare_conflict(
        page, user=users["director"], reason="As Secretary, I would carry out this policy myself."
    )
    return page


def sense_of_the_room(users, title):
    page = _discussed(
        users, title,
        summary="Members record agree, abstain, disagree or block on proposals in discussion.",
        body=_text_body(
            "The strategic decision-making process defers a Loomio-like consensus tool; "
            "this proposal asks for it now."
        ),
    )
    for username, position, reason in [
        ("member", Position.AGREE, ""),
        ("fellow", Position.AGREE, "New members find the mailing list hard to follow."),
        ("moderator", Position.ABSTAIN, ""),
        ("officer", Position.DISAGREE, "The formal ballots already cover this."),
    ]:
        services.record_stance(page, user=users[username], position=position, reason=reason)
    return page


def user_group_certification(users, title):
    return _discussed(
        users, title, owner="fellow",
        summary="Local user groups can be certified as working groups.",
        body=_text_body("A user group with a charter and an organiser may apply."),
    )


def education_working_group(users, title):
    # Membership model, "Working Groups": the voting members approve a charter, so the
    # demo leaves it in resolution until `refer_demo_charter` puts it to them.
    return _in_resolution(
        users, title, model=CharterPage,
        summary="Charter a working group for Python education.",
        purpose="Support teachers who use Python in schools.",
        duration="Two years, then renewed or dissolved by the voting members.",
        end_goal="A shared library of lesson plans and a yearly teachers' meeting.",
        communication="A public mailing list and a monthly call with published notes.",
        internal_governance="A chair and a secretary elected each year by the group.",
        sunset_date=_in_days(730),
    )


def refer_demo_charter(users):
    """Refer the demo charter to a member vote, once the demo voters are on the rolls."""
    charter = CharterPage.objects.filter(slug=slugify(EDUCATION_WORKING_GROUP)).first()
    if charter is not None and roles.may(roles.Step.REFER, charter, users["director"]):
        lifecycle.refer_to_member_vote(charter, user=users["director"])


# (title, builder) in the order they are made: an amendment after its policy.
DEMO_PROPOSALS = [
    ("PSF Strategic Decision Making Process", strategic_decision_making),
    ("The New PSF Membership Model", membership_model),
    (TRAVEL_GRANTS, travel_grants),
    ("Raise the travel grant ceiling", travel_grants_amendment),
    (MAILING_LIST_POLICY, mailing_list_policy),
    ("Community forum moderation policy", forum_policy),
    ("Move the wiki to a new engine", new_wiki_engine),
    ("Publish Board minutes within two weeks", board_minutes),
    ("Sense-of-the-room polls on proposals", sense_of_the_room),
    ("Certify local user groups as working groups", user_group_certification),
    (EDUCATION_WORKING_GROUP, education_working_group),
]
