"""Anonymisation a researcher can trust: variants that never over-redact, names
suggested with counts and context, distinct generated pseudonyms, and the
names an export would still hold."""

from __future__ import annotations

import pytest

from exports.check import RemainingName, file_texts, remaining_names
from exports.generate import PseudonymCase, generate_pseudonyms, letters, role_label
from exports.pseudonyms import PseudonymKey, Suggestion, suggest_names
from exports.register import (
    RegisterCase,
    build_key,
    is_name_word,
    left_out_words,
    lowercase_vocabulary,
    organisation_variants,
    person_variants,
)

# -- variants ---------------------------------------------------------------------------


def test_no_one_word_variant_made_of_an_ordinary_word():
    assert organisation_variants("Third Sector Partnership") == []
    assert organisation_variants("Community Sector Network") == []
    assert organisation_variants("Riverside Food Bank") == ["Riverside"]
    assert organisation_variants("Threadworks Arts CIC") == ["Threadworks Arts", "Threadworks"]
    assert organisation_variants("Hope Street Trust") == ["Hope Street"]  # a place, two words


def test_a_word_written_in_lower_case_in_the_texts_is_not_a_name():
    vocabulary = lowercase_vocabulary(["We walked along the riverside, Grace said."])
    assert {"riverside", "walked", "along", "the", "said"} == vocabulary
    assert organisation_variants("Riverside Food Bank", vocabulary=vocabulary) == []
    assert not is_name_word("Riverside", vocabulary)
    assert is_name_word("Grace", vocabulary)
    assert not is_name_word("Third") and not is_name_word("Sector") and not is_name_word("Al")


def test_the_rest_of_a_shared_first_word_needs_a_name_in_it():
    shared = {"eastmere"}
    assert organisation_variants("Eastmere Community Pantry", shared) == ["Community Pantry"]
    assert organisation_variants("Eastmere Borough Council", shared) == []


def test_person_variants_leave_out_ordinary_words():
    assert person_variants("Grace Hope") == ["Grace"]
    assert person_variants("May Green", ["Maisie"]) == ["Maisie"]
    assert person_variants("Sarah Jones", vocabulary={"jones"}) == ["Sarah"]


def test_third_sector_stays_as_written():
    key = build_key(
        [
            RegisterCase("Third Sector Partnership", "Organisation A", "organisation"),
            RegisterCase("Grace Hope", "Participant 1", "person"),
        ]
    )
    text = (
        "Grace Hope of the Third Sector Partnership said the third sector needs hope; Grace agreed."
    )
    assert key.apply(text) == (
        "Participant 1 of the Organisation A said the third sector needs hope; Participant 1 agreed."
    )


def test_left_out_words_are_reported_for_the_check():
    cases = [
        RegisterCase("Grace Hope", "Participant 1", "person"),
        RegisterCase("Will Tanner", "Participant 2", "person"),
        RegisterCase("Third Sector Partnership", "Organisation A", "organisation"),
    ]
    key = build_key(cases, vocabulary={"will"})
    assert left_out_words(cases, key) == [
        ("Hope", "person", "surname of Grace Hope, also an ordinary word"),
        ("Will", "person", "first name of Will Tanner, also an ordinary word"),
    ]


# -- suggestions ----------------------------------------------------------------------------

SEMINAR = (
    "Seminar notes\n\n"
    "10.25 – **Pat Avery** (*Northgate Trust*) welcomed everyone to the third sector event.\n"
    "PA – thanks all. Cllr Jane Okoro spoke next. Then my colleague Ruth Mbeki explained "
    "the hub and Ruth took questions.\n"
    "Questions\n"
    "Later Dr Singh asked about the Third Sector Partnership.\n"
    "Panel Session (Chair)\n"
)


def test_suggestions_from_titles_relations_affiliations_and_initials():
    found = suggest_names([SEMINAR], ["PA"])
    assert found == [
        Suggestion("PA", "person", "speaker label", 2),
        Suggestion("Jane Okoro", "person", "after the title Cllr", 1),
        Suggestion("Northgate Trust", "organisation", "affiliation of Pat Avery", 1),
        Suggestion("Pat Avery", "person", "affiliated to Northgate Trust", 1),
        Suggestion("Ruth", "person", "variant of Ruth Mbeki", 1),
        Suggestion("Ruth Mbeki", "person", "after 'colleague'", 1),
        Suggestion("Singh", "person", "after the title Dr", 1),
        Suggestion("Third Sector Partnership", "organisation", "capitalised name", 1),
    ]
    by_name = {s.text: s for s in found}
    assert by_name["PA"].context == (
        "…everyone to the third sector event. PA – thanks all. Cllr Jane Okoro spoke…",
        "PA (speaker label)",
    )
    assert by_name["Ruth"].context == (
        "…Ruth Mbeki explained the hub and Ruth took questions. Questions Later Dr…",
    )


def test_initials_of_a_found_person_count_only_as_written():
    found = suggest_names(["Then my colleague Kim Obi spoke. KO agreed, ko said no."])
    assert [(s.text, s.reason, s.count) for s in found] == [
        ("Kim Obi", "after 'colleague'", 1),
        ("KO", "variant of Kim Obi", 1),
    ]


# -- generated pseudonyms ---------------------------------------------------------------------


def test_letters():
    assert [letters(n) for n in (1, 2, 26, 27, 28, 52, 53)] == [
        "A",
        "B",
        "Z",
        "AA",
        "AB",
        "AZ",
        "BA",
    ]


def _cases():
    return [
        PseudonymCase(1, "organisation", "Third Sector Partnership", group="VCS"),
        PseudonymCase(2, "organisation", "Eastmere Borough Council", group="commissioner"),
        PseudonymCase(3, "organisation", "Northgate Trust", group="VCS"),
        PseudonymCase(4, "participant", "Pat Avery", role="VCS lead"),
        PseudonymCase(5, "participant", "Jo Reid", role="VCS lead; quoted as VCS"),
        PseudonymCase(6, "participant", "Sam Holt", role="Chair of Northgate Trust"),
        PseudonymCase(7, "participant", "Ann Lee", pseudonym="Participant 1"),
        PseudonymCase(8, "participant", "Ben Ode"),
    ]


def test_numbered_pseudonyms_are_distinct_and_skip_those_taken():
    assert generate_pseudonyms(_cases()) == {
        1: "Organisation A",
        2: "Organisation B",
        3: "Organisation C",
        4: "Participant 2",
        5: "Participant 3",
        6: "Participant 4",
        8: "Participant 5",
    }
    assert generate_pseudonyms(_cases(), replace=True)[7] == "Participant 4"


def test_role_pseudonyms_never_use_a_role_that_names_someone():
    unsafe = lambda label: "Northgate" in label  # noqa: E731
    assert generate_pseudonyms(_cases(), "role", unsafe=unsafe) == {
        1: "VCS organisation 1",
        2: "commissioner organisation 1",
        3: "VCS organisation 2",
        4: "VCS lead 1",
        5: "VCS lead 2",
        6: "Participant 2",
        8: "Participant 3",
    }
    assert role_label("Club chair (volunteer)") == "Club chair"
    assert role_label("  ") is None
    with pytest.raises(ValueError, match="scheme 'x' is not one of numbered, role"):
        generate_pseudonyms(_cases(), "x")  # type: ignore[arg-type]


# -- what remains in an export ------------------------------------------------------------------


def test_remaining_names_known_left_out_and_possible():
    key = PseudonymKey()
    key.add("Grace Hope", "Participant 1", variants=("Grace",))
    key.add("Bob", "[name]", accepted=False)  # the researcher: not a name here
    texts = [
        "Participant 1 said Hope was needed, and hope too.",
        "Grace came back. Bob and Dr Singh met at Calder House.",
    ]
    found = remaining_names(
        texts, key, [("Hope", "person", "surname of Grace Hope, also an ordinary word")]
    )
    assert found == [
        RemainingName("Grace", "person", "known", "variant of Grace Hope", 1),
        RemainingName("Calder House", "place", "possible", "capitalised name", 1),
        RemainingName(
            "Hope", "person", "possible", "surname of Grace Hope, also an ordinary word", 1
        ),
        RemainingName("Singh", "person", "possible", "after the title Dr", 1),
    ]
    assert found[0].context == ("Grace came back. Bob and Dr Singh met at…",)
    assert remaining_names(["Interviewee G agreed with Participant 1."], key) == []


def test_file_texts_of_a_csv_export():
    data = '\ufeffspeaker,text\nInterviewee G,"Sarah said, twice"\n'.encode()
    assert file_texts(data, "csv") == ["speaker", "text", "Interviewee G", "Sarah said, twice"]
    with pytest.raises(ValueError, match="no reader for 'pdf' exports"):
        file_texts(b"", "pdf")


def test_spans_are_what_apply_replaces():
    key = PseudonymKey()
    key.add("Sarah Jones", "Interviewee G", variants=("Sarah",))
    text = "Sarah Jones met Sarah’s team."
    assert key.spans(text) == [(0, 11, "Interviewee G"), (16, 21, "Interviewee G")]
    assert key.apply(text) == "Interviewee G met Interviewee G’s team."
    assert PseudonymKey().spans(text) == []
