"""Public governance routes outside the page tree; included before Wagtail's catch-all."""

from django.urls import path

from governance import views

urlpatterns = [
    path("governance/register/", views.policy_register, name="governance_register"),
    path("search/", views.site_search, name="search"),
    path(
        "governance/stances/<int:page_id>/", views.record_stance, name="governance_record_stance"
    ),
    path("governance/submitted/<int:page_id>/", views.submitted, name="governance_submitted"),
    path("governance/follow/<int:page_id>/", views.follow_page, name="governance_follow"),
    path("members/notifications/", views.notification_preferences,
         name="notification_preferences"),
    path("members/notifications/following/<int:follow_id>/stop/", views.stop_following,
         name="governance_stop_following"),
    path(
        "governance/discussion/<int:page_id>/comment/", views.comment_on, name="governance_comment"
    ),
    path(
        "governance/discussion/comments/<int:comment_id>/reply/", views.comment_action,
        {"action": "reply"}, name="governance_reply_to_comment",
    ),
    path(
        "governance/discussion/comments/<int:comment_id>/report/", views.comment_action,
        {"action": "report"}, name="governance_report_comment",
    ),
    path(
        "governance/discussion/comments/<int:comment_id>/hide/", views.comment_action,
        {"action": "hide"}, name="governance_hide_comment",
    ),
    # Wagtail serves only paths that end in a slash, so the JSON Feed beside each
    # section's Atom feed is routed here.
    path(
        "governance/<slug:section_slug>/feed.json",
        views.section_json_feed,
        name="governance_section_json_feed",
    ),
]
