"""A deterministic synthetic corpus shaped like a VCS interview study.

``make_corpus(n, size_bytes, seed)`` returns ``n`` transcripts of about
``size_bytes`` UTF-8 bytes each: an interviewer and one to three named
participants taking turns (``Interviewer:`` / ``Name:`` labels, blank lines
between paragraphs), talking about funding, volunteers, partnerships and
commissioning. Each transcript belongs to an organisation with a few case
attributes. The same arguments always give the same bytes; a few curly
apostrophes and accented names keep UTF-8 offsets honest.

The word lists and sentence templates are written for this benchmark.
"""

from __future__ import annotations

import html
import random
from dataclasses import dataclass, field

PLACES = ["Harrowfield", "Lower Brenton", "Kessock Vale", "Mardale", "Thornbury Cross",
          "Ashwick", "Penhallow", "Saltmoor", "Greyford", "Whinmoor", "Calder Rise",
          "Oakhurst"]  # fmt: skip
ORG_KINDS = ["Community Trust", "Food Bank", "Youth Project", "Credit Union", "Men's Shed",
             "Tenants' Association", "Arts Collective", "Carers' Network", "Refugee Welcome",
             "Community Kitchen", "Disability Forum", "Allotment Society",
             "Social Enterprise CIC", "Befriending Service"]  # fmt: skip
FIRST_NAMES = ["Sarah", "Dev", "Aisha", "Tom", "Maggie", "Kwame", "Zoë", "Ruth", "Imran", "Bethan",
               "Callum", "Priya", "Jo", "Siobhán", "Marek", "Grace", "Olu", "Hannah"]  # fmt: skip
FUNDERS = ["the lottery", "the council", "the clinical commissioning group",
           "a housing association", "the community foundation", "a national charity",
           "the combined authority", "a corporate sponsor"]  # fmt: skip
ACTIVITIES = ["a lunch club", "the Saturday drop-in", "homework support", "a repair café",
              "benefits advice", "a walking group", "the pantry", "digital skills sessions",
              "a parent and toddler group", "peer support meetings", "the summer scheme"]  # fmt: skip
VENUES = ["a borrowed church hall", "the old library", "someone's front room",
          "a portakabin behind the school", "the community centre", "a shop unit on the parade"]  # fmt: skip
FEELINGS = ["exhausted", "proud", "nervous", "excited", "frustrated", "isolated", "hopeful",
            "overwhelmed", "determined", "relieved"]  # fmt: skip
GROUPS = ["volunteers", "trustees", "young people", "older residents", "families",
          "local businesses", "the faith groups", "other small charities", "ward councillors"]  # fmt: skip
STAKEHOLDERS = ["VCSE", "Commissioner", "Local authority"]
LEGAL_FORMS = ["CIO", "CIC", "unincorporated association", "company limited by guarantee"]

QUESTIONS = [
    "How did {org} get started?",
    "Can you tell me a bit about how you work with {group}?",
    "What happened when the {funder} money came to an end?",
    "Who do you turn to when things get difficult?",
    "How has the organisation changed since {year}?",
    "What does commissioning look like from where you sit?",
    "Do you feel part of a wider network in {place}?",
    "What would you say to someone starting something similar today?",
    "How do decisions get made now, compared with the early days?",
    "Where do you see {org} in five years’ time?",
]
SENTENCES = [
    "When we started in {year} it was just {n} of us in {venue}, running {activity} once a week.",
    "The grant from {funder} covered {n} months, and after that we were bidding against {group} for the same pot.",
    "Honestly, I felt {feeling} most of that first year, because nobody had done this before.",
    "We rely on about {n} {group}, and without them the doors would not open.",
    "The partnership with {partner} grew out of a conversation at a {place} network meeting.",
    "There is a bit of an inner circle when it comes to who gets invited to the table.",
    "Commissioners want outcomes on a spreadsheet, but what we do is about trust.",
    "Our trustees brought in a proper finance policy, which was a big change for us.",
    "People come for {activity} and stay because somebody remembers their name.",
    "We’ve had to become much more corporate, with procedures for everything.",
    "It felt like nothing we did would change the decision, it was all up to {funder}.",
    "If the hall closes, {n} families lose the only warm place they have on a Wednesday.",
    "We shared a bid with {partner} and it opened doors we could never have opened alone.",
    "Some of the {group} have been with us since {year}, which says a lot.",
    "I spend more time writing reports for {funder} than actually being with people.",
    "The {place} forum is where you hear about things before they are announced.",
    "We tried to be all things to all people for a while, and it nearly finished us.",
    "Our founder has a very strong personality, and that drove everything in the early days.",
    "A lot of the work is invisible, like the phone calls at ten at night.",
    "We measured social value for the first time last year and the number surprised everyone.",
    "Funding is always short term, so you are constantly planning for the cliff edge.",
    "When {partner} lost their contract, half of our referrals stopped overnight.",
    "The council treats us as a supplier now rather than a partner.",
    "We learnt the hard way that you need reserves of at least {n} months.",
    "I think we are {feeling} about the future, but it depends on the next round.",
    "{name} set up {activity} with nothing but a kettle and a list of phone numbers.",
    "Volunteers bring skills we could never afford, from plumbing to accountancy.",
    "There is real solidarity between the small groups, we lend each other kit all the time.",
    "The new procurement rules mean only the big organisations can really compete.",
    "We had {n} people through the door last month, which is double what we planned for.",
    "It’s about getting by, but also about getting on and getting people into work.",
    "Being in the consortium gave us legitimacy with {funder}.",
    "The hardest part is keeping going when the people around you are {feeling}.",
    "We changed our constitution in {year} so that service users sit on the board.",
    "Nobody from {funder} has ever actually visited {activity}.",
]


@dataclass
class Organisation:
    name: str
    stakeholder: str
    staff: int
    founded: int
    legal_form: str


@dataclass
class Transcript:
    name: str
    organisation: Organisation
    text: str  # already canonical: NFC, "\n" line ends, no trailing whitespace
    speakers: list[str] = field(default_factory=list)

    @property
    def data(self) -> bytes:
        return self.text.encode("utf-8")

    def blocks(self) -> list[str]:
        """The blank-line separated blocks (each on one line)."""
        return self.text.split("\n\n")

    def html(self) -> bytes:
        """The same text as HTML, one ``<p>`` per block and no whitespace between
        tags, so the HTML's text content is the blocks joined without separators."""
        body = "".join(f"<p>{html.escape(b, quote=False)}</p>" for b in self.blocks())
        page = f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{self.name}</title></head><body>{body}</body></html>'
        return page.encode("utf-8")


def make_organisations(n: int, seed: int = 0) -> list[Organisation]:
    rng = random.Random(f"orgs-{seed}")
    out: list[Organisation] = []
    for i in range(n):
        place = PLACES[i % len(PLACES)]
        kind = ORG_KINDS[(i // len(PLACES)) % len(ORG_KINDS)]
        suffix = (
            f" {i // (len(PLACES) * len(ORG_KINDS)) + 1}"
            if i >= len(PLACES) * len(ORG_KINDS)
            else ""
        )
        out.append(
            Organisation(
                name=f"{place} {kind}{suffix}",
                stakeholder=rng.choice(STAKEHOLDERS),
                staff=rng.randint(0, 120),
                founded=rng.randint(1975, 2022),
                legal_form=rng.choice(LEGAL_FORMS),
            )
        )
    return out


def _fill(template: str, rng: random.Random, org: Organisation, partner: str, name: str) -> str:
    return template.format(
        org=org.name,
        partner=partner,
        funder=rng.choice(FUNDERS),
        activity=rng.choice(ACTIVITIES),
        venue=rng.choice(VENUES),
        feeling=rng.choice(FEELINGS),
        group=rng.choice(GROUPS),
        place=rng.choice(PLACES),
        year=rng.randint(1985, 2023),
        n=rng.randint(2, 60),
        name=name,
    )


def make_transcript(
    index: int, size_bytes: int, organisations: list[Organisation], seed: int = 0
) -> Transcript:
    """Transcript ``index`` of about ``size_bytes`` UTF-8 bytes (never more than
    one turn over)."""
    rng = random.Random(f"transcript-{seed}-{index}")
    org = organisations[index % len(organisations)]
    partner = organisations[(index * 7 + 3) % len(organisations)].name
    people = rng.sample(FIRST_NAMES, rng.randint(1, 3))
    blocks: list[str] = []
    size = 0
    while size < size_bytes:
        question = _fill(rng.choice(QUESTIONS), rng, org, partner, people[0])
        blocks.append(f"Interviewer: {question}")
        size += len(blocks[-1].encode("utf-8")) + 2
        speaker = rng.choice(people)
        for p in range(rng.choice([1, 1, 2, 3])):
            sentences = [
                _fill(rng.choice(SENTENCES), rng, org, partner, rng.choice(FIRST_NAMES))
                for _ in range(rng.randint(2, 7))
            ]
            para = " ".join(sentences)
            blocks.append(f"{speaker}: {para}" if p == 0 else para)
            size += len(blocks[-1].encode("utf-8")) + 2
    return Transcript(
        name=f"Interview {index + 1:04d} - {org.name}",
        organisation=org,
        text="\n\n".join(blocks),
        speakers=["Interviewer", *people],
    )


def make_corpus(n: int, size_bytes: int = 60_000, seed: int = 0) -> list[Transcript]:
    """``n`` transcripts over ``max(3, n // 4)`` organisations."""
    organisations = make_organisations(max(3, n // 4), seed)
    return [make_transcript(i, size_bytes, organisations, seed) for i in range(n)]


def utf8_offsets(transcript: Transcript, start: int, end: int) -> tuple[int, int]:
    """A span of ``transcript.text`` (``str`` indices, inside one block) as UTF-8
    byte offsets into the text content of :meth:`Transcript.html`."""
    text = transcript.text
    block_start = text.rfind("\n\n", 0, start)
    block_start = 0 if block_start < 0 else block_start + 2
    before = text[:block_start].replace("\n\n", "")
    base = len(before.encode("utf-8"))
    first = base + len(text[block_start:start].encode("utf-8"))
    return first, first + len(text[start:end].encode("utf-8"))
