"""{% comment_threads threads %}: the comments of a proposal's discussion, as HTML.

Written in Python rather than as an included template per comment: a page with 500
comments must render within twice the time of one with none (issue 21's Measure,
`bench/page_time.py --discussion`); a template per comment made it eleven times slower.
Every piece of text a member wrote or is named by goes through `escape`.
"""

import re
from html import escape

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.safestring import mark_safe

register = template.Library()

PARAGRAPH_BREAK = re.compile(r"\n{2,}")
ACTIONS = (("reply_to_comment", "Reply"), ("report_comment", "Report"), ("hide_comment", "Hide"))


class ThreadMarkup:
    """What every comment on the page shares: the viewer's actions, the addresses, the months."""

    def __init__(self, context):
        viewer_is_member = bool(context["viewer_is_member"])
        self.allowed = {
            "reply_to_comment": viewer_is_member and bool(context["discussion_open"]),
            "report_comment": viewer_is_member,
            "hide_comment": bool(context["viewer_moderates"]),
        }
        self.viewer_id = context["request"].user.pk
        # Reversed once: "/…/comments/0/reply/" split around the comment's id.
        self.addresses = {
            name: reverse(f"governance_{name}", args=[0]).split("/0/") for name, _ in ACTIONS
        }
        self.months = {number: str(name) for number, name in MONTHS.items()}

    def comment(self, comment):
        classes = "comment"
        badge = ""
        if comment.by_an_author:
            classes += " comment--by-author"
            badge = ' <span class="comment__badge">Author</span>'
        if comment.is_hidden:
            classes += " comment--hidden"
            body = (f'<p class="comment__hidden">Hidden by a moderator: '
                    f"{escape(comment.hiding_reason)}</p>")
        else:
            body = f'<div class="comment__text">{paragraphs(comment.text)}</div>'
            body += self.actions(comment)
        return (
            f'<article id="comment-{comment.pk}" class="{classes}"><p class="comment__meta">'
            f'<strong class="comment__name">{escape(comment.author_name)}</strong>{badge} '
            f"{self.when(comment.created_at)}</p>{body}</article>"
        )

    def actions(self, comment):
        links = "".join(
            f'<a href="{self.address(name, comment)}">{label}</a>'
            for name, label in ACTIONS
            if self.allowed[name] and not (name == "report_comment"
                                           and comment.author_id == self.viewer_id)
        )
        return f'<p class="comment__actions">{links}</p>' if links else ""

    def address(self, name, comment):
        before, after = self.addresses[name]
        return f"{before}/{comment.pk}/{after}"

    def when(self, moment):
        local = timezone.localtime(moment)
        return (
            f'<time datetime="{local.isoformat(timespec="seconds")}">{local.day} '
            f'{self.months[local.month]} {local.year}, {local:%H:%M}</time>'
        )


def paragraphs(text):
    """Plain text as escaped paragraphs, single line breaks kept (Django's `linebreaks`)."""
    text = escape(text.replace("\r\n", "\n").replace("\r", "\n"))
    return "".join(
        f"<p>{part.replace(chr(10), '<br>')}</p>" for part in PARAGRAPH_BREAK.split(text)
    )


@register.simple_tag(takes_context=True)
def comment_threads(context, threads):
    """Each thread's first comment, then its replies in a list of their own."""
    markup = ThreadMarkup(context)
    items = []
    for thread in threads:
        replies = "".join(f"<li>{markup.comment(reply)}</li>" for reply in thread.thread_replies)
        if replies:
            replies = f'<ol class="comments comments--replies" aria-label="Replies">{replies}</ol>'
        items.append(f"<li>{markup.comment(thread)}{replies}</li>")
    return mark_safe(f'<ol class="comments">{"".join(items)}</ol>')
