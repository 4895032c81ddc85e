"""Site-wide admin hooks: the log actions of home's own changes."""

from wagtail import hooks


@hooks.register("register_log_actions")
def register_home_log_actions(actions):
    actions.register_action("home.account.close", "Close account", "Account closed by its owner")
