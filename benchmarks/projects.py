"""Building benchmark projects through the facade: codebooks, codings, imports.

Everything here is deterministic for a given seed. Building is never timed by
the rows that use the result (the import rows time their own imports).
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from benchmarks.config import ROOT
from benchmarks.corpus import Transcript
from codebooks.model import Code, Codebook

THEMES = ["Funding", "Volunteering", "Partnerships", "Commissioning", "Governance",
          "Culture", "Social capital", "Development phase", "Wellbeing", "Place",
          "Leadership", "Premises", "Referrals", "Measurement", "Advocacy"]  # fmt: skip
ASPECTS = ["pressure", "success", "barrier", "example", "risk", "change", "emotion",
           "relationship", "tension", "strategy", "loss", "opportunity", "history",
           "criticism", "aspiration", "support", "conflict", "learning", "identity"]  # fmt: skip
CODERS = ("ana", "ben")


@dataclass(frozen=True)
class PlannedCoding:
    document: int  # index into the project's documents
    start: int
    end: int
    segment: str | None  # GUID of the sentence segment coded
    code: int  # index into the codebook's codes
    coder: str


def _guid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def make_codebook(n_codes: int, seed: int = 0, name: str = "Benchmark codebook") -> Codebook:
    """``n_codes`` codable codes: about one theme in twenty, the rest its children."""
    rng = random.Random(f"codebook-{seed}-{n_codes}")
    n_top = max(1, -(-n_codes // 20))
    codes: list[Code] = []
    for i in range(n_top):
        theme = THEMES[i % len(THEMES)] + (f" {i // len(THEMES) + 1}" if i >= len(THEMES) else "")
        codes.append(Code(name=theme, guid=_guid(rng), definition=f"Talk about {theme.lower()}."))
    tops = list(codes)
    for j in range(n_codes - n_top):
        parent = tops[j % n_top]
        aspect = ASPECTS[(j // n_top) % len(ASPECTS)]
        label = f"{aspect.capitalize()} {j // n_top + 1}"
        codes.append(
            Code(
                name=label,
                guid=_guid(rng),
                parent=parent.guid,
                definition=f"{parent.name}: passages about {aspect}.",
                colour=f"#{rng.randrange(0x1000000):06x}",
            )
        )
    # parents first, children after their parent, in the order the tree shows them
    by_parent: dict[str, list[Code]] = {}
    for c in codes[n_top:]:
        by_parent.setdefault(c.parent or "", []).append(c)
    ordered = [x for top in tops for x in (top, *by_parent.get(top.guid, []))]
    return Codebook(name=name, codes=ordered)


def plan_codings(
    sentences: list[list[tuple[str, int, int]]], n_codes: int, n_codings: int, seed: int = 0
) -> list[PlannedCoding]:
    """``n_codings`` distinct codings of whole sentences, code ``i % n_codes`` for
    the i-th (so every code gets the same number, +-1), two coders.
    ``sentences[d]`` lists ``(segment GUID, start, end)`` of document ``d``."""
    rng = random.Random(f"codings-{seed}")
    capacity = sum(len(s) for s in sentences) * len(CODERS)
    if n_codings > capacity:
        raise ValueError(f"{n_codings} codings do not fit in {capacity} sentence x coder slots")
    seen: set[tuple[str, int, str]] = set()
    out: list[PlannedCoding] = []
    candidates = [d for d, s in enumerate(sentences) if s]
    while len(out) < n_codings:
        d = rng.choice(candidates)
        guid, start, end = rng.choice(sentences[d])
        code = len(out) % n_codes
        coder = CODERS[rng.random() < 0.5]
        if (guid, code, coder) in seen:
            continue
        seen.add((guid, code, coder))
        out.append(PlannedCoding(d, start, end, guid, code, coder))
    return out


def write_files(transcripts: list[Transcript], folder: Path) -> Path:
    """Write the transcripts as .txt files and a manifest for the child process."""
    folder.mkdir(parents=True, exist_ok=True)
    items = []
    for i, t in enumerate(transcripts):
        path = folder / f"transcript-{i:05d}.txt"
        if not path.exists():
            path.write_bytes(t.data)
        items.append({"path": str(path), "organisation": t.organisation.name})
    manifest = folder / f"manifest-{len(transcripts)}.json"
    manifest.write_text(json.dumps(items), encoding="utf-8")
    return manifest


def run_child_import(manifest: Path, location: Path) -> dict:
    """Import a batch in a fresh process; returns its JSON report."""
    location.unlink(missing_ok=True)
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.child", "import", str(manifest), str(location)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"batch import failed: {done.stderr.strip()[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def sentence_spans(project, documents: list[dict]) -> list[list[tuple[str, int, int]]]:
    return [
        [
            (s["guid"], s["start"], s["end"])
            for s in project.corpus.segments(d["guid"], kind="sentence")
        ]
        for d in documents
    ]


def set_organisation_attributes(project, transcripts: list[Transcript]) -> None:
    done: set[str] = set()
    for t in transcripts:
        org = t.organisation
        if org.name in done:
            continue
        done.add(org.name)
        project.cases.set_attribute(org.name, "stakeholder", org.stakeholder, "text")
        project.cases.set_attribute(org.name, "staff", str(org.staff), "number")
        project.cases.set_attribute(org.name, "legal form", org.legal_form, "text")


def apply_planned(
    project,
    plan: list[PlannedCoding],
    documents: list[dict],
    code_guids: list[str],
    timer: Callable[[Callable[[], object]], object] | None = None,
    progress: Callable[[str], None] | None = None,
) -> list[str]:
    """Apply every planned coding through ``apply_code``; returns coding GUIDs.
    ``timer(call)`` may wrap each call (to time it)."""
    guids: list[str] = []
    for i, c in enumerate(plan):

        def call(c: PlannedCoding = c) -> str:
            return project.coding.apply_code(code_guids[c.code], c.coder, segment=c.segment)

        guids.append(timer(call) if timer else call())  # type: ignore[arg-type]
        if progress and i and i % 10_000 == 0:
            progress(f"  {i:,} of {len(plan):,} codings applied")
    return guids
