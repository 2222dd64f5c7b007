"""The fixed vocabularies the command line and the app offer.

Importing this module loads no heavy library (no spaCy, pandas or plotly),
so the command line can build every command's options at start.
"""

from analysis.kinds import CHART_KINDS, COOCCURRENCE_MODES, FREQUENCY_VALUES
from corpus.model import DOCUMENT_KINDS, SEGMENT_KINDS

CASE_KINDS = ("organisation", "participant")
EXPORT_ORDERS = ("organisation", "document")

__all__ = [
    "CASE_KINDS",
    "CHART_KINDS",
    "COOCCURRENCE_MODES",
    "DOCUMENT_KINDS",
    "EXPORT_ORDERS",
    "FREQUENCY_VALUES",
    "SEGMENT_KINDS",
]
