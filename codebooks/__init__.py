"""Codebooks: the tree of codes researchers apply to their data.

Pure domain code (no UI, no SQL):

- ``model``: ``Code`` and ``Codebook`` dataclasses;
- ``tree``: walking, finding and validating codes;
- ``yaml_io``, ``csv_io``, ``qdc``: reading and writing YAML, spreadsheet
  and REFI-QDA codebooks on file objects;
- ``xmlsafe``: the one safe XML parser, used by every XML reader (codebooks,
  projects, schemas, the XML parts of .docx and .odt files);
- ``builtins``: the frames shipped in ``builtin/*.yaml``;
- ``diff``: what changed between two versions of a codebook;
- ``errors``: the typed errors all of these raise.
"""
