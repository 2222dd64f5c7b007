"""The demo project a newcomer sees on first start.

``create_demo(location)`` builds a small, entirely fictional study of
voluntary and community organisations in the imaginary borough of Eastmere:
seven organisations (six VCS and infrastructure bodies plus the borough
council), thirteen participants, eight interviews, a focus group and the
notes of an interim workshop, the five built-in codebooks, and about 130
codings by two coders ("ana" and "ben") who coded some passages twice so that
inter-coder agreement has something to compare.

Everything is described in ``demo_data/demo.yaml`` and goes through the
:class:`~qda.project.Project` facade, exactly as a researcher's own work
would. Codings name a quote rather than offsets; the quote must occur exactly
once in the imported document's text, so authoring slips fail loudly.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from codebooks.builtins import load_builtin
from qda.errors import InvalidInput, ProjectError
from qda.project import Project
from qda.storage import db

DEMO_NAME = "Demo: Eastmere VCS study"
SPEC_FILE = "demo.yaml"


class DemoDataError(InvalidInput):
    """The bundled demo data is inconsistent (an authoring mistake)."""


def demo_data_dir():
    """The folder holding the demo transcripts and ``demo.yaml``."""
    return resources.files("qda").joinpath("demo_data")


def load_spec() -> dict[str, Any]:
    """The parsed ``demo.yaml``."""
    text = demo_data_dir().joinpath(SPEC_FILE).read_text(encoding="utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    spec = yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
    if not isinstance(spec, dict):
        raise DemoDataError(f"{SPEC_FILE}: expected a mapping at the top level")
    return spec


def find_quote(text: str, quote: str, document: str) -> tuple[int, int]:
    """``(start, end)`` of ``quote`` in ``text``; it must occur exactly once."""
    if not quote:
        raise DemoDataError(f"{document}: a coding has an empty quote")
    start = text.find(quote)
    if start < 0:
        raise DemoDataError(f"{document}: quote not found: {quote!r}")
    if text.find(quote, start + 1) >= 0:
        raise DemoDataError(f"{document}: quote occurs more than once: {quote!r}")
    return start, start + len(quote)


def _str(value: Any) -> str | None:
    """YAML scalars as the facade expects them (dates and numbers as text)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _check_location(location: str | Path) -> Path | None:
    path = db.sqlite_path(db.database_url(location))
    if path is not None and path.exists():
        raise ProjectError(
            f"{location}: already exists; the demo project is only created at a new location"
        )
    return path


def create_demo(location: str | Path) -> Project:
    """Create the demo project at ``location`` (which must not exist yet).

    Raises :class:`ProjectError` if something is already there, and
    :class:`DemoDataError` if the bundled data is inconsistent; a half-built
    project file is removed again."""
    path = _check_location(location)
    spec = load_spec()
    project = Project.create(location, name=spec.get("project") or DEMO_NAME)
    try:
        _build(project, spec)
        project.checkpoint("Demo project created")
    except BaseException:
        project.close()
        if path is not None and path.exists():
            path.unlink()
        raise
    return project


def _build(project: Project, spec: dict[str, Any]) -> None:
    folder = demo_data_dir()

    # -- cases ------------------------------------------------------------------
    for org in spec.get("organisations", []):
        project.cases.add_organisation(org["name"], pseudonym=org.get("pseudonym"))
        for attr, value in (org.get("attributes") or {}).items():
            project.cases.set_attribute(org["name"], attr, _str(value))
    for item in spec.get("classifications", []):
        project.cases.classify(
            item["case"],
            item["scheme"],
            item["value"],
            _str(item["as_of"]),
            note=item.get("note", ""),
        )
    for person in spec.get("participants", []):
        project.cases.add_participant(
            person["name"],
            pseudonym=person.get("pseudonym"),
            role=person.get("role"),
            organisation=person.get("organisation"),
        )
        for attr, value in (person.get("attributes") or {}).items():
            project.cases.set_attribute(person["name"], attr, _str(value))

    # -- codebooks -----------------------------------------------------------------
    for name in spec.get("codebooks", []):
        project.codebook.load_codebook(load_builtin(name, fresh_guids=True))
    code_guids = {c["path"]: c["guid"] for c in project.codebook.codes()}

    def code_guid(path: str, where: str) -> str:
        if path not in code_guids:
            raise DemoDataError(f"{where}: no code {path!r} in the loaded codebooks")
        return code_guids[path]

    # -- documents -------------------------------------------------------------------
    docs: dict[str, dict] = {}
    for item in spec.get("documents", []):
        filename = item["file"]
        data = folder.joinpath(filename).read_bytes()
        doc = project.corpus.import_file(
            filename,
            data,
            name=item.get("name"),
            organisation=item.get("organisation"),
            kind=item.get("kind", "interview"),
            date=_str(item.get("date")),
            aliases=dict(item.get("speakers") or {}),
        )
        labels = {s["label"] for s in project.corpus.speakers(doc["guid"])}
        missing = set(item.get("speakers") or {}) - labels
        if missing:
            raise DemoDataError(
                f"{filename}: speaker label(s) not detected on import: {', '.join(sorted(missing))}"
            )
        docs[filename] = {"guid": doc["guid"], "text": project.corpus.document_text(doc["guid"])}

    # -- codings ----------------------------------------------------------------------
    for n, item in enumerate(spec.get("codings", []), 1):
        where = f"coding {n} ({item.get('doc')})"
        if item.get("doc") not in docs:
            raise DemoDataError(f"{where}: no document {item.get('doc')!r} in {SPEC_FILE}")
        doc = docs[item["doc"]]
        start, end = find_quote(doc["text"], item["quote"], item["doc"])
        project.coding.apply_code(
            code_guid(item["code"], where),
            item["coder"],
            document=doc["guid"],
            start=start,
            end=end,
            memo=item.get("memo"),
        )

    # -- memos -------------------------------------------------------------------------
    for item in spec.get("memos", []):
        kind, target = item["kind"], item["target"]
        if kind == "document":
            if target not in docs:
                raise DemoDataError(f"memo: no document {target!r} in {SPEC_FILE}")
            ref = docs[target]["guid"]
        elif kind == "code":
            ref = code_guid(target, "memo")
        else:
            ref = target
        project.coding.write_memo(kind, ref, item["text"], item.get("coder"))
