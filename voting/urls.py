"""URL routes under /vote/."""

from django.urls import path

from voting import nomination_views, views
from voting.calendar import calendar_view

app_name = "voting"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("calendar.ics", calendar_view, name="calendar"),
    path("enrol/", views.enrol, name="enrol"),
    path("verify/", views.verify, name="verify"),
    path("<int:ballot_id>/", views.cast_ballot, name="cast"),
    path("<int:ballot_id>/as/<int:delegate_for_id>/", views.cast_ballot, name="cast_as_delegate"),
    path("<int:ballot_id>/receipt/", views.receipt, name="receipt"),
    path("<int:ballot_id>/as/<int:delegate_for_id>/receipt/", views.receipt,
         name="receipt_as_delegate"),
    path("<int:ballot_id>/results/", views.results, name="results"),
    path("elections/", nomination_views.election_list, name="elections"),
    path("elections/<int:pk>/", nomination_views.election_detail, name="election"),
    path("elections/nominations/<int:pk>/accept/", nomination_views.accept_nomination,
         name="accept_nomination"),
]
