"""This app's part in core.workflow's role table (found by `autodiscover_modules("workflow")`)."""

from core.workflow import role_sample_register

from .models import Meeting


def meeting_role_sample(*, organization, user) -> Meeting:
    return Meeting(municipality=organization)


role_sample_register(model=Meeting, build=meeting_role_sample)
