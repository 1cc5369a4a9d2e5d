"""This app's part in core.workflow's role table (found by `autodiscover_modules("workflow")`)."""

from core.workflow import role_sample_register

from .models import Regulation, RegulationVersion


def version_role_sample(*, organization, user) -> RegulationVersion:
    """A version of a regulation of `organization`: its permissions ask only the municipality."""
    return RegulationVersion(regulation=Regulation(municipality=organization))


role_sample_register(model=RegulationVersion, build=version_role_sample)
