"""Codings as spans of canonical text: display runs and span logic. Pure domain code."""
