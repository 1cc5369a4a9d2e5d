"""Every write on risk assessments. Views, tasks and commands call these, never the models."""

from ..indicators import BandInput, IndicatorInputs
from .archive import assessment_archive_pdf, assessment_content_hash
from .drafting import (
    StaleEditError,
    assessment_create,
    assessment_set_indicators,
    assessment_set_risk_level,
    assessment_update_sections,
    recommended_measure_add,
    recommended_measure_move,
    recommended_measure_remove,
    recommended_measure_update,
    rich_text,
)
from .regulation import assessment_create_draft_regulation, assessment_link_regulation
from .thresholds import may_edit_thresholds, threshold_table_in_use, threshold_table_save
from .workflow import assessment_approve, assessment_archive_requeue, assessment_send_back, assessment_submit

__all__ = [
    "BandInput",
    "IndicatorInputs",
    "StaleEditError",
    "assessment_approve",
    "assessment_archive_pdf",
    "assessment_archive_requeue",
    "assessment_content_hash",
    "assessment_create",
    "assessment_create_draft_regulation",
    "assessment_link_regulation",
    "assessment_send_back",
    "assessment_set_indicators",
    "assessment_set_risk_level",
    "assessment_submit",
    "assessment_update_sections",
    "may_edit_thresholds",
    "recommended_measure_add",
    "recommended_measure_move",
    "recommended_measure_remove",
    "recommended_measure_update",
    "rich_text",
    "threshold_table_in_use",
    "threshold_table_save",
]
