"""A small invented project with real-looking names, shared by the export tests."""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib

from lxml import etree

from codebooks.model import Code
from exports.model import Excerpt, ExportCode, export_codes
from exports.pseudonyms import PseudonymKey

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

REAL_NAMES = [
    "Sarah Jones",
    "Sarah",
    "Jones",
    "David Okafor",
    "David",
    "Okafor",
    "Priya Shah",
    "Priya",
    "Hope Street Trust",
    "Riverside Food Bank",
    "Northfield Carers Network",
    "Northfield",
]


def make_key() -> PseudonymKey:
    key = PseudonymKey()
    key.add("Sarah Jones", "Interviewee G", variants=("Sarah", "Jones"))
    key.add("David Okafor", "Interviewee B", variants=("David", "Okafor"))
    key.add("Priya Shah", "Interviewee C", variants=("Priya", "Shah"))
    key.add("Hope Street Trust", "Organisation 4", "organisation")
    key.add("Riverside Food Bank", "Organisation 2", "organisation")
    key.add("Northfield Carers Network", "Organisation 7", "organisation")
    key.add("Northfield", "[town]", "place")
    key.add("Hope", "[rejected]", accepted=False)  # the researcher said: not a name here
    return key


def make_codes() -> list[ExportCode]:
    funding = Code("Funding", guid="c-funding", definition="Talk about where money comes from.")
    grants = Code(
        "Grants to contracts",
        guid="c-grants",
        parent="c-funding",
        definition="The move from grants to contracts and commissioning.",
    )
    clique = Code(
        "Commissioning clique",
        guid="c-clique",
        parent="c-grants",
        definition="A sense that commissioning favours an inner circle.",
    )
    capital = Code("Social capital", guid="c-capital", definition="Ties between people.")
    bonding = Code(
        "Bonding",
        guid="c-bonding",
        parent="c-capital",
        definition="Support within one's own community.",
    )
    corporate = Code(
        "Becoming corporate",
        guid="c-corporate",
        definition="Independence traded for corporate ways of working.",
    )
    return export_codes([funding, grants, clique, capital, bonding, corporate])


def _excerpt(n: int, code: str, path: str, text: str, who: str, **kw) -> Excerpt:
    people = {
        "sarah": (
            "Sarah Jones",
            "Interviewee G",
            "Hope Street Trust",
            "Organisation 4",
            "d1",
            "Interview with Sarah Jones",
            "2023-05-02",
        ),
        "david": (
            "David Okafor",
            "Interviewee B",
            "Riverside Food Bank",
            "Organisation 2",
            "d2",
            "Interview with David Okafor",
            "2023-05-09",
        ),
        "priya": (
            "Priya Shah",
            "Interviewee C",
            "Northfield Carers Network",
            "Organisation 7",
            "d3",
            "Northfield focus group",
            "2023-06-01",
        ),
    }
    speaker, pseudonym, org, org_pseudonym, doc, doc_name, when = people[who]
    fields = dict(
        coding=f"k{n}",
        code=code,
        code_path=path,
        text=text,
        document=doc,
        document_name=doc_name,
        document_kind="interview",
        document_date=when,
        speaker=speaker,
        participant_pseudonym=pseudonym,
        group_label="Participant from VCSE",
        organisation=org,
        organisation_pseudonym=org_pseudonym,
        coder="ana",
        start=10 * n,
        end=10 * n + len(text),
        attributes={"sector": "VCSE"},
    )
    fields.update(kw)
    return Excerpt(**fields)


def make_excerpts() -> list[Excerpt]:
    return [
        _excerpt(
            1,
            "c-grants",
            "Funding/Grants to contracts",
            "When the grant ended Sarah's team had to bid against the big providers.",
            "sarah",
            memo="Check with Sarah Jones whether the bid was lost.",
            context="Sarah: When the grant ended Sarah's team had to bid. It was hard.",
        ),
        _excerpt(
            2,
            "c-grants",
            "Funding/Grants to contracts",
            "We used to get a grant from the council, now it is all contracts and "
            "tendering, and David Okafor says the small groups cannot compete.",
            "david",
        ),
        _excerpt(
            3,
            "c-grants",
            "Funding/Grants to contracts",
            "Priya’s view is that Northfield Carers Network survives on goodwill.",
            "priya",
        ),
        _excerpt(
            4,
            "c-clique",
            "Funding/Grants to contracts/Commissioning clique",
            "It always seems to be the same three organisations in the room; "
            "Hope Street Trust is never invited.",
            "sarah",
        ),
        _excerpt(
            5,
            "c-bonding",
            "Social capital/Bonding",
            "DAVID and the volunteers at Riverside Food Bank look after each other.",
            "david",
            memo="Strong bonding; compare Okafor's later interview.",
        ),
        _excerpt(
            6,
            "c-bonding",
            "Social capital/Bonding",
            "People in Northfield know each other; Jones says that is what keeps "
            "Sarahville Road going, and there is hope.",
            "priya",
        ),
    ]


TRANSCRIPT = (
    "Interviewer: How did the funding change for Hope Street Trust?\n\n"
    "Sarah: When the grant ended Sarah's team had to bid against the big providers.\n"
    "We lost two contracts that year.\n\n"
    "Interviewer: And the network?\n\n"
    "Sarah: David Okafor and Priya keep us going, honestly."
)


def transcript_codings() -> list[Excerpt]:
    """Codings on ``TRANSCRIPT``, two of them overlapping, one across a line break."""

    def coding(n: int, fragment: str, path: str, memo: str | None = None) -> Excerpt:
        start = TRANSCRIPT.index(fragment)
        return Excerpt(
            coding=f"t{n}",
            code=f"c{n}",
            code_path=path,
            text=fragment,
            document="d1",
            document_name="Interview with Sarah Jones",
            coder="Ana Lopez",
            memo=memo,
            start=start,
            end=start + len(fragment),
        )

    return [
        coding(
            1,
            "the grant ended Sarah's team had to bid",
            "Funding/Grants to contracts",
            memo="Sarah frames it as loss",
        ),
        coding(2, "had to bid against the big providers", "Funding/Commissioning clique"),
        coding(3, "big providers.\nWe lost two contracts", "Funding/Loss"),
        coding(4, "David Okafor and Priya keep us going", "Social capital/Bonding"),
        coding(5, "Hope Street Trust", "Cases/Organisation"),
    ]


def docx_visible_text(data: bytes) -> str:
    """Text of every XML part of a .docx, one line per paragraph, runs joined.

    Covers body, tables, headers, footers, comments and document properties.
    """
    lines = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if not name.endswith(".xml"):
                continue
            root = etree.fromstring(archive.read(name))
            paragraphs = list(root.iter(W + "p"))
            for paragraph in paragraphs:
                lines.append("".join(t.text or "" for t in paragraph.iter(W + "t")))
            if not paragraphs:  # e.g. docProps/core.xml
                lines.append(" ".join(root.itertext()))
    return "\n".join(lines)


def leaked_names(data: bytes) -> list[str]:
    text = docx_visible_text(data)
    return [n for n in REAL_NAMES if re.search(rf"(?<!\w){re.escape(n)}(?!\w)", text, re.I)]


def bar_chart_png(values: list[int], width: int = 480, height: int = 240) -> bytes:
    """A plain bar chart as PNG bytes, drawn pixel by pixel (no plotting library)."""
    top = max(values) or 1
    bar_width = width // (2 * len(values) + 1)
    rows = []
    for y in range(height):
        row = bytearray(b"\x00")  # filter byte
        for x in range(width):
            slot, inside = divmod(x, bar_width)
            bar = slot // 2
            filled = slot % 2 == 1 and bar < len(values)
            if filled and height - y <= values[bar] * (height - 10) // top:
                row += b"\x2a\x6f\x97"
            else:
                row += b"\xff\xff\xff"
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows)))
        + chunk(b"IEND", b"")
    )
