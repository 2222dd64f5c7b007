"""A small project coded by hand, for the suggesters' tests and the
cross-validation figures reported for them.

Four interviews with people from four organisations; every answer is one
speaker turn and was coded by reading it (not by keyword): ``Funding`` for
talk about money, grants, contracts and commissioning; ``Networks`` for ties
with peers and partners; ``Isolation`` for feeling alone or cut off. Some
answers carry two codes, some none. The text is our own writing.
"""

from __future__ import annotations

# (organisation, [(answer, codes)]) per interview; each answer follows a question.
INTERVIEWS = [
    (
        "Riverside Food Bank",
        [
            (
                "Our grant from the lottery ran out in March and we had to cut the opening hours.",
                {"Funding"},
            ),
            (
                "We meet the other food banks every month and swap stock when one of us runs short.",
                {"Networks"},
            ),
            (
                "The council now wants a tender for every service, so I spend my evenings writing bids.",
                {"Funding"},
            ),
            (
                "Some weeks it feels like I am the only one holding the whole thing together.",
                {"Isolation"},
            ),
            ("The volunteers mostly come from the church across the road.", set()),
            ("When the money comes year by year you cannot plan or keep good staff.", {"Funding"}),
            (
                "A partner charity lent us their van and their driver when ours broke down.",
                {"Networks"},
            ),
            (
                "Nobody from the other groups rang when we nearly closed, and that hurt.",
                {"Isolation"},
            ),
        ],
    ),
    (
        "Northgate Youth Club",
        [
            (
                "We lost the youth services contract to a national provider with a bigger budget.",
                {"Funding"},
            ),
            (
                "The forum of youth groups is where I learn what works and who to call.",
                {"Networks"},
            ),
            (
                "I run the club on my own most nights now, and I go home exhausted and alone.",
                {"Isolation"},
            ),
            ("The kids painted the mural on the back wall last summer.", set()),
            ("Commissioners ask for outcomes we have no budget to measure.", {"Funding"}),
            (
                "Sharing a funding bid with two other clubs got us further than any of us alone.",
                {"Funding", "Networks"},
            ),
            ("The sports coaches from the college come in on Tuesdays.", set()),
            (
                "Since the hub closed there is nobody to talk things through with.",
                {"Isolation", "Networks"},
            ),
        ],
    ),
    (
        "Hillside Carers Group",
        [
            ("Every grant application asks for match funding we simply do not have.", {"Funding"}),
            ("Other carers groups in the county pass on training places to us.", {"Networks"}),
            ("Carers tell me they feel invisible and cut off from everyone else.", {"Isolation"}),
            ("We started in a kitchen with four people and a kettle.", set()),
            ("The contract pays per visit, so a long conversation costs us money.", {"Funding"}),
            ("Our partnership with the surgery means the nurses refer carers to us.", {"Networks"}),
            ("I have nobody above me to ask, and nobody beside me either.", {"Isolation"}),
            ("The newsletter goes out on paper because many members are not online.", set()),
        ],
    ),
    (
        "Eastfield Arts Collective",
        [
            (
                "Arts funding dried up after the council budget cuts, and the grants went with it.",
                {"Funding"},
            ),
            (
                "Artists from three collectives share the studio, the kiln and the contacts.",
                {"Networks"},
            ),
            (
                "Working alone in the studio all winter, I barely spoke to another person.",
                {"Isolation"},
            ),
            ("The exhibition in the library drew a bigger crowd than we expected.", set()),
            (
                "We now bid for commissions against agencies with full-time fundraisers.",
                {"Funding"},
            ),
            ("Our peers in the network put our name forward for the festival.", {"Networks"}),
            (
                "After the collective split up I felt isolated and stopped making work.",
                {"Isolation"},
            ),
            ("Paying the rent depends on one trust fund renewing every April.", {"Funding"}),
        ],
    ),
]

QUESTION = "Can you say more about that?"


def interview_text(answers) -> str:
    """The transcript: a question from the interviewer before every answer."""
    lines = []
    for answer, _codes in answers:
        lines += [f"Interviewer: {QUESTION}", "", f"Participant: {answer}", ""]
    return "\n".join(lines)


def build(project, coder: str = "ana") -> dict:
    """Import the interviews, add the three codes, code every answer's turn as
    written above. Returns ``{"documents": [...], "codes": {name: guid}}``."""
    codes = {name: project.codebook.add_code(name) for name in ("Funding", "Networks", "Isolation")}
    documents = []
    for n, (organisation, answers) in enumerate(INTERVIEWS, start=1):
        doc = project.corpus.import_file(
            f"interview{n}.txt", interview_text(answers).encode(), organisation=organisation
        )
        documents.append(doc)
        turns = [t for t in project.corpus.segments(doc["guid"], "turn")]
        answer_turns = [t for t in turns if t["speaker"] == "Participant"]
        assert len(answer_turns) == len(answers)
        for turn, (_answer, wanted) in zip(answer_turns, answers, strict=True):
            for name in sorted(wanted):
                project.coding.apply_code(name, coder, segment=turn["guid"])
    return {"documents": documents, "codes": codes}
