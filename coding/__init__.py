"""The coding domain, pure (no SQL, no Streamlit): codings as spans of a
document's canonical text.

- :mod:`coding.spans`: span primitives (overlap, containment, union) and
  retrieval's "together" and AND / OR / NOT combination;
- :mod:`coding.units`: when a unit (turn, paragraph, sentence) is coded;
- :mod:`coding.progress`: units and characters coded per document and coder;
- :mod:`coding.highlights`: cutting a passage into display runs;
- suggestions, each explaining itself: :mod:`coding.rules` (keywords on
  lemmas, patterns, conditions), :mod:`coding.similar` (more like this),
  :mod:`coding.classifier` (a calibrated model of the researcher's coding)
  and :mod:`coding.themes` (emerging themes by NMF).
"""
