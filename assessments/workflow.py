"""This app's part in core.workflow's role table (found by `autodiscover_modules("workflow")`)."""

from core.workflow import role_sample_register

from .models import Assessment


def assessment_role_sample(*, organization, user) -> Assessment:
    """An assessment of `organization`: its permissions ask only the municipality."""
    return Assessment(municipality=organization)


role_sample_register(model=Assessment, build=assessment_role_sample)
