"""The pôles' views, one module per audience."""

from synergies.poles.views.composition import (
    body_create,
    body_detail,
    body_edit,
    composition_export,
    composition_import,
    seat_create,
    seat_edit,
    seat_end,
    seat_interest,
)
from synergies.poles.views.governance import evaluation_file, mandates, overview, pole_create, pole_edit
from synergies.poles.views.members import document_download, document_upload, members_area
from synergies.poles.views.public import modalities, pole_compliance, pole_detail, pole_list

__all__ = [
    "body_create",
    "body_detail",
    "body_edit",
    "composition_export",
    "composition_import",
    "document_download",
    "document_upload",
    "evaluation_file",
    "mandates",
    "members_area",
    "modalities",
    "overview",
    "pole_compliance",
    "pole_create",
    "pole_detail",
    "pole_edit",
    "pole_list",
    "seat_create",
    "seat_edit",
    "seat_end",
    "seat_interest",
]
