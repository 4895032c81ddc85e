"""The editor's co-author chooser: members named by their member name, found by searching.

Imported by governance.models, so it imports no governance module at load time.
"""

from django import forms
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe

from membership.names import display_name


class CoAuthorChooser(forms.CheckboxSelectMultiple):
    """The chosen co-authors as ticked boxes, and a search by name to add more.

    Only the chosen members are written into the page, never the whole membership: it
    may hold thousands of people, and logins and addresses are theirs alone.
    """

    template_name = "governance/widgets/co_author_chooser.html"

    class Media:
        js = ["governance/js/co_author_chooser.js"]

    def optgroups(self, name, value, attrs=None):
        ids = [item for item in value if str(item).isdigit()]
        chosen = self.choices.queryset.filter(pk__in=ids).select_related("member")
        options = [
            self.create_option(name, user.pk, display_name(user), True, index, attrs=attrs)
            for index, user in enumerate(chosen.order_by("member__name", "pk"))
        ]
        return [(None, options, 0)]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["search_url"] = reverse("governance_co_author_search")
        return context

    def _render(self, template_name, context, renderer=None):
        # The form renderer reads only Django's and the apps' templates; ours sit in the
        # project's templates/ tree with all the others.
        return mark_safe(render_to_string(template_name, context))
