"""What a ballot is about, shown on its pages: the app that owns the subject says how.

Voting never imports the apps above it (docs/architecture.md section 1), so an app registers a
template and a context function for the model its ballots are about; the cast and
results pages render it (`{% ballot_subject ballot %}`). Governance shows the exact
text of a referred proposal with its fingerprint, so members vote on what they read.
"""

from django.template.loader import render_to_string

PRESENTERS = {}  # subject model class -> (template name, context function)


def register(model_class, template_name, context):
    """Show ballots about `model_class` with `template_name`, given `context(subject)`."""
    PRESENTERS[model_class] = (template_name, context)


def render_subject(ballot):
    """The HTML that shows what `ballot` is about, or "" when no app presents it."""
    if ballot.subject_type_id is None:
        return ""
    presenter = PRESENTERS.get(ballot.subject_type.model_class())
    subject = ballot.subject
    if presenter is None or subject is None:
        return ""
    template_name, context = presenter
    return render_to_string(template_name, context(subject))
