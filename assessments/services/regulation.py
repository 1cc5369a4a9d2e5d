"""From an approved assessment to a draft regulation ("Lag forskriftsutkast"), and the link
between an assessment and the regulation adopted on its basis."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from core.history import history_note
from measures.validation import measures_to_store
from regulations.models import Regulation, RegulationVersion
from regulations.services import SectionInput, measure_add, regulation_create
from regulations.services.drafting import PLACEHOLDER

from ..models import Assessment
from .drafting import lock_assessment, require_drafter


def draft_regulation_title(assessment: Assessment) -> str:
    return _("Forskrift om smitteverntiltak i %(name)s") % {"name": assessment.municipality.name}


def _sections_for(assessment: Assessment, rules) -> list[SectionInput]:
    name = assessment.municipality.name
    sections = [
        SectionInput(
            number=1,
            heading=_("Formål"),
            body=_("Formålet med forskriften er å hindre eller begrense spredning av SARS-CoV-2."),
        ),
        SectionInput(number=2, heading=_("Virkeområde"), body=_("Forskriften gjelder i %(name)s.") % {"name": name}),
    ]
    for rule in rules:
        sections.append(SectionInput(number=len(sections) + 1, heading=rule.heading, body=rule.text))
    sections.append(
        SectionInput(
            number=len(sections) + 1,
            heading=_("Ansvar"),
            body=_("%(name)s påtar seg ikke økonomisk ansvar som følge av pålagte tiltak.") % {"name": name},
        )
    )
    sections.append(
        SectionInput(
            number=len(sections) + 1,
            heading=_("Ikrafttredelse og varighet"),
            body=_("Forskriften trer i kraft %(p)s, og gjelder til og med %(p)s.") % {"p": PLACEHOLDER}
            + "\n\n"
            + _("Kommunen kan forlenge, oppheve og endre forskriften."),
        )
    )
    return sections


def assessment_create_draft_regulation(*, assessment: Assessment, by) -> RegulationVersion:
    """Create a draft regulation for the assessment's municipality: § 1 Formål, § 2 Virkeområde,
    one section per recommended rule (with its structured measures, in the typed kinds), then Ansvar and
    Ikrafttredelse og varighet with the dates left to fill in. The regulation is linked back
    to the assessment. Advice is not a rule and does not become a section.
    """
    require_drafter(by, assessment.municipality_id)
    with transaction.atomic():
        locked = lock_assessment(assessment)
        if not locked.is_frozen:
            raise ValidationError(_("Bare en godkjent risikovurdering kan bli grunnlag for et forskriftsutkast."))
        if locked.regulation is not None:
            raise ValidationError(
                _("Vurderingen er allerede grunnlag for «%(title)s».") % {"title": locked.regulation.title}
            )
        rules = list(
            locked.recommended_measures.filter(is_advice=False).select_related("measure_type").order_by("order")
        )
        if not rules:
            raise ValidationError(_("Vurderingen anbefaler ingen påbud, så det er ingenting å lage forskrift av."))
        # A regulation is a Norwegian legal text whatever language the drafter's screen is in.
        with translation.override(settings.LANGUAGE_CODE):
            title = draft_regulation_title(locked)
            sections = _sections_for(locked, rules)
        version = regulation_create(municipality=locked.municipality, title=title, by=by, sections=sections)
        by_number = {s.number: s for s in version.sections.all()}
        for offset, rule in enumerate(rules):
            # A recommendation of the first catalog becomes the typed measures it means (a
            # cap on events with a higher cap for fixed seats: two measures in one section).
            for measure_type, parameters in measures_to_store(
                measure_type=rule.measure_type, parameters=rule.parameters
            ):
                measure_add(
                    section=by_number[3 + offset],
                    by=by,
                    measure_type=measure_type,
                    parameters=parameters,
                    is_advice=False,
                )
        locked.regulation = version.regulation
        history_note(locked, by=by, reason=_("Forskriftsutkast laget: %(title)s") % {"title": title})
        locked.save()
    return version


def assessment_link_regulation(*, assessment: Assessment, regulation: Regulation, by) -> Assessment:
    """Record that `regulation` was adopted on the basis of this approved assessment."""
    require_drafter(by, assessment.municipality_id)
    if regulation.municipality_id != assessment.municipality_id:
        raise ValidationError(_("Forskriften og vurderingen må gjelde samme kommune."))
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if not locked.is_frozen:
            raise ValidationError(_("Bare en godkjent risikovurdering kan knyttes til en forskrift."))
        if locked.regulation_id == regulation.pk:
            return locked
        if locked.regulation_id or Assessment.objects.filter(regulation=regulation).exists():
            raise ValidationError(_("Vurderingen eller forskriften er allerede knyttet til en annen."))
        locked.regulation = regulation
        history_note(locked, by=by, reason=_("Knyttet til forskrift: %(title)s") % {"title": regulation.title})
        locked.save()
    return locked
