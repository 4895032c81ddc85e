from django.apps import AppConfig


class VotingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "voting"
    verbose_name = "Voting: periods, ballots and secret casting"

    def ready(self):
        from voting import elections, fellowship, outcomes

        outcomes.register_kind(fellowship.is_fellowship_ballot, fellowship.apply_fellowship_outcome)
        outcomes.register_kind(elections.is_election_ballot, elections.apply_election_outcome)
