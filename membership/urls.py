"""Public membership pages under /membership/ and the member dashboard at /members/."""

from django.urls import path

from membership import views

app_name = "membership"

urlpatterns = [
    path("membership/", views.membership_index, name="index"),
    path("membership/code-of-conduct/", views.code_of_conduct, name="code_of_conduct"),
    path("membership/fellows/", views.fellows_roll, name="fellows"),
    path("membership/managing-members/", views.managing_members, name="managing_members"),
    path("membership/managing-members/<int:year>/", views.managing_members_roll,
         name="managing_members_roll"),
    path("membership/sponsors/", views.sponsors, name="sponsors"),
    path("membership/sponsors/apply/", views.sponsor_application, name="sponsor_application"),
    path("membership/working-groups/", views.working_groups, name="working_groups"),
    path("membership/working-groups/<slug:slug>/", views.working_group, name="working_group"),
    path("members/", views.dashboard, name="dashboard"),
    path("members/profile/", views.update_profile, name="update_profile"),
    path("members/managing/", views.certify_managing, name="certify_managing"),
    path("members/managing/recognition/", views.managing_recognition,
         name="managing_recognition"),
    path("members/managing/pro-forma-charter/", views.submit_pro_forma_charter,
         name="submit_pro_forma_charter"),
    path("members/contributing/", views.certify_contributing, name="certify_contributing"),
    path("members/working-groups/<slug:slug>/leave/", views.leave_working_group,
         name="leave_working_group"),
    path("members/fellowship/decline/", views.decline_fellowship, name="decline_fellowship"),
]
