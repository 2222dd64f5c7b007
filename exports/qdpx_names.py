"""Names in a REFI-QDA export: pseudonymised projects and codes that share a name.

:func:`pseudonymise` sends every text, name, memo and value of a
:class:`~exports.qdpx_model.ProjectExchange` through the project's
:class:`~exports.pseudonyms.PseudonymKey`. Each selection is moved with the
text (``apply_with_spans``), so its positions cover the same words in the
replaced text. Coder names are the researchers' and stay.

:func:`shared_names` finds codes with the same name under different parents
(tools that need unique names merge them) and :func:`qualify_names` renames
those to their full path.
"""

from __future__ import annotations

from dataclasses import replace

from codebooks.model import Codebook
from exports.pseudonyms import PseudonymKey
from exports.qdpx_model import ProjectExchange, TextSource

PSEUDONYM_VARIABLE = "Pseudonym"
PATH_SEPARATOR = "/"


def pseudonymise(exchange: ProjectExchange, key: PseudonymKey) -> ProjectExchange:
    """A copy of ``exchange`` with every real name the key knows replaced."""
    apply = key.applier()

    def case_name(name: str) -> str:
        return key.pseudonym_for(name) or apply(name)

    sources = []
    for source in exchange.sources:
        text, spans = key.apply_with_spans(
            source.text, [(s.start, s.end) for s in source.selections]
        )
        selections = [
            replace(sel, start=start, end=end, description=apply(sel.description))
            for sel, (start, end) in zip(source.selections, spans, strict=True)
        ]
        sources.append(
            TextSource(
                source.guid,
                apply(source.name),
                text,
                selections,
                source.user,
                source.created,
                apply(source.description),
                {guid: apply(value) for guid, value in source.values.items()},
            )
        )
    hidden = {v.guid for v in exchange.variables if v.name == PSEUDONYM_VARIABLE}
    cases = [
        replace(
            case,
            name=case_name(case.name),
            description=apply(case.description),
            values={g: apply(v) for g, v in case.values.items() if g not in hidden},
        )
        for case in exchange.cases
    ]
    codes = [
        replace(
            code,
            name=apply(code.name),
            definition=apply(code.definition),
            inclusion=apply(code.inclusion),
            exclusion=apply(code.exclusion),
            example=apply(code.example),
        )
        for code in exchange.codebook.codes
    ]
    extension = {
        "speakers": [
            {**s, "label": apply(s["label"])} for s in exchange.extension.get("speakers", [])
        ],
        "classifications": [
            {**c, "note": apply(c.get("note", ""))}
            for c in exchange.extension.get("classifications", [])
        ],
    }
    return replace(
        exchange,
        name=apply(exchange.name),
        description=apply(exchange.description),
        codebook=replace(exchange.codebook, name=apply(exchange.codebook.name), codes=codes),
        variables=[v for v in exchange.variables if v.guid not in hidden],
        cases=cases,
        sources=sources,
        notes=[replace(n, name=apply(n.name), text=apply(n.text)) for n in exchange.notes],
        extension=extension if exchange.extension else {},
    )


def _paths(codebook: Codebook) -> dict[str, str]:
    by_guid = {c.guid: c for c in codebook.codes}
    out: dict[str, str] = {}
    for code in codebook.codes:
        parts, seen, at = [], set(), code
        while at is not None and at.guid not in seen:
            seen.add(at.guid)
            parts.append(at.name.strip())
            at = by_guid.get(at.parent) if at.parent else None
        out[code.guid] = PATH_SEPARATOR.join(reversed(parts))
    return out


def shared_names(codebook: Codebook) -> dict[str, list[str]]:
    """Code name -> the full paths of the codes that share it (two or more)."""
    paths = _paths(codebook)
    by_name: dict[str, list[str]] = {}
    for code in codebook.codes:
        by_name.setdefault(code.name.strip().casefold(), []).append(paths[code.guid])
    names = {c.name.strip().casefold(): c.name.strip() for c in codebook.codes}
    return {names[k]: sorted(v) for k, v in by_name.items() if len(v) > 1}


def qualify_names(codebook: Codebook) -> Codebook:
    """The codebook with each shared name replaced by the code's full path
    (``Culture/Hierarchy``); unique names stay as they are."""
    paths = _paths(codebook)
    counts: dict[str, int] = {}
    for code in codebook.codes:
        counts[code.name.strip().casefold()] = counts.get(code.name.strip().casefold(), 0) + 1
    codes = [
        replace(code, name=paths[code.guid]) if counts[code.name.strip().casefold()] > 1 else code
        for code in codebook.codes
    ]
    return replace(codebook, codes=codes)


def shared_names_warning(codebook: Codebook) -> str | None:
    """One line naming the shared code names, or None when every name is unique."""
    shared = shared_names(codebook)
    if not shared:
        return None
    total = sum(len(v) for v in shared.values())
    first = next(iter(shared))
    return (
        f"{total} codes share {len(shared)} name(s) under different parents "
        f"(e.g. {first!r}: {', '.join(shared[first])}); tools that need unique names "
        "(QualCoder, Taguette) merge them: export with --qualify-names to write full paths"
    )
