"""Columns for the admin's listing tables, beside Wagtail's own (`wagtail.admin.ui.tables`)."""

from typing import Any

from django.utils.formats import date_format
from wagtail.admin.ui.tables import BaseColumn, Column


class TemplateColumn(BaseColumn):
    """A column whose cells an app's template renders, given the row's object as `instance`."""

    def __init__(self, name: str, *, cell_template_name: str, **kwargs: Any) -> None:
        super().__init__(name, **kwargs)
        self.cell_template_name = cell_template_name

    def render_cell_html(self, instance: Any, parent_context: dict[str, Any]) -> str:
        # Rendered with the request, as a page is, so that a cell's form has its CSRF token.
        context = self.get_cell_context_data(instance, parent_context)
        return self.cell_template.render(context, parent_context.get("request"))


class DayColumn(Column):
    """A column that shows a date as the day it is ("3 March 2026")."""

    def get_value(self, instance: Any) -> str | None:
        day = super().get_value(instance)
        return date_format(day, "j F Y") if day else None
