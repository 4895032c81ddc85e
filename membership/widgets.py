"""Pickers of members for the Board's screens: each person by their member name, never a login."""

from django import forms

from membership.models import Member


class MemberNamesMixin:
    """Labels every option with its member's name, read in one query for the whole list."""

    def optgroups(self, name, value, attrs=None):
        groups = super().optgroups(name, value, attrs)
        names = dict(Member.objects.values_list("user_id", "name"))
        for _group, options, _index in groups:
            for option in options:
                if str(option["value"]).isascii() and str(option["value"]).isdigit():
                    option["label"] = names.get(int(str(option["value"])), option["label"])
        return groups


class MemberSelect(MemberNamesMixin, forms.Select):
    pass


class MemberSelectMultiple(MemberNamesMixin, forms.SelectMultiple):
    pass
