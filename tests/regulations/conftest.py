"""Helpers the regulation tests share."""

from datetime import date

from regulations.services import SectionInput, version_adopt, version_submit, version_update


def _decide(version, by, secretary, *, valid_from, valid_until, meeting=date(2021, 3, 9), change=None):
    """`version` given these dates (and `change` applied to its sections), submitted and adopted."""
    sections = [SectionInput(id=s.pk, number=s.number, heading=s.heading, body=s.body) for s in version.sections.all()]
    if change:
        change(sections)
    version_update(
        version=version,
        by=by,
        expected_revision=version.revision,
        sections=sections,
        valid_from=valid_from,
        valid_until=valid_until,
    )
    version_submit(version=version, by=by)
    return version_adopt(version=version, by=secretary, body="formannskap", meeting_date=meeting)
