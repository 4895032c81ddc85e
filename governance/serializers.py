"""What the read API shows of a proposal's relations: an allow-list, field by field."""

from rest_framework import serializers


class PageReferenceSerializer(serializers.Serializer):
    """Another governance page, by id and title."""

    id = serializers.IntegerField()
    title = serializers.CharField()


class ResolutionSerializer(serializers.Serializer):
    """A decision as the public page shows it: method, outcome, date, minutes, decided text."""

    method = serializers.CharField()
    outcome = serializers.CharField()
    decided_on = serializers.DateField()
    minutes_url = serializers.CharField()
    revision_id = serializers.IntegerField()


class AmendmentSerializer(serializers.Serializer):
    """An adopted amendment applied to a policy."""

    proposal_id = serializers.IntegerField()
    proposal_title = serializers.CharField(source="proposal.title")
    applied_at = serializers.DateTimeField()


class RecusalSerializer(serializers.Serializer):
    """A Director's declared conflict of interest."""

    director = serializers.CharField(source="director.get_full_name")
    reason = serializers.CharField()
    declared_at = serializers.DateTimeField()
