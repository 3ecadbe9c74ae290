"""The keys of content/widget.yml that the "Where is this from?" disclosure shows
(web/static/widget/provenance.js). Listed here, beside the widget's own keys in
web/widget_content.py, so a missing one stops the web server at start-up, named."""

from __future__ import annotations

PROVENANCE_STRINGS: tuple[str, ...] = (
    "provenance_summary",
    "provenance_quote_heading",
    "provenance_article",
    "provenance_section",
    "provenance_reviewer",
    "provenance_reviewed_on",
    "provenance_next_due",
    "provenance_next_due_unset",
    "provenance_version",
    "provenance_sources_heading",
    "provenance_sign_off",
    "provenance_sign_off_pending",
    "provenance_sign_off_signed",
    "provenance_translation",
    "provenance_translation_pending",
    "provenance_new_tab",
    "provenance_months",
)
