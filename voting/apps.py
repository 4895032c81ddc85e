from django.apps import AppConfig


class VotingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "voting"
    verbose_name = "Voting: periods, ballots and secret casting"

    def ready(self):
        from voting import elections, fellowship
        from voting.signals import ballot_closed

        ballot_closed.connect(fellowship.apply_fellowship_outcome, dispatch_uid="voting-fellowship")
        ballot_closed.connect(elections.apply_election_outcome, dispatch_uid="voting-election")
