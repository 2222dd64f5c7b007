import spacy

from exports.pseudonyms import (
    AMBIGUOUS,
    PseudonymKey,
    Suggestion,
    attribution,
    suggest_names,
)
from tests.exports.export_fixtures import make_excerpts, make_key


def key_for_sarah() -> PseudonymKey:
    key = PseudonymKey()
    key.add("Sarah Jones", "Interviewee G", variants=("Sarah", "Jones"))
    key.add("Sarah", "Interviewee G")
    return key


def test_whole_words_only():
    key = key_for_sarah()
    assert key.apply("Sarahville and Sarah, Jonesy") == "Sarahville and Interviewee G, Jonesy"


def test_case_insensitive_and_possessives_with_both_apostrophes():
    key = key_for_sarah()
    assert key.apply("SARAH's idea, sarah’s plan") == "Interviewee G's idea, Interviewee G’s plan"


def test_longest_name_first_and_whitespace_runs():
    key = PseudonymKey()
    key.add("Sarah", "Volunteer A")
    key.add("Sarah Jones", "Interviewee G")
    assert key.apply("Sarah  Jones met Sarah.") == "Interviewee G met Volunteer A."


def test_single_pass_never_rewrites_a_pseudonym():
    key = PseudonymKey()
    key.add("Grace", "Interviewee Hope")
    key.add("Hope", "Interviewee Grace")
    assert key.apply("Grace and Hope") == "Interviewee Hope and Interviewee Grace"


def test_rejected_entries_are_not_applied():
    key = PseudonymKey()
    key.add("Hope", "Interviewee H", accepted=False)
    assert key.apply("There is hope.") == "There is hope."
    key.entries[0].accepted = True  # the cached regex follows the change
    assert key.apply("There is hope.") == "There is Interviewee H."


def test_variant_shared_by_two_people_is_masked():
    key = PseudonymKey()
    key.add("Sarah Jones", "Interviewee G", variants=("Sarah",))
    key.add("Sarah Khan", "Interviewee K", variants=("Sarah",))
    assert key.apply("Sarah said") == f"{AMBIGUOUS} said"


def test_apostrophe_inside_a_name_matches_either_form():
    key = PseudonymKey()
    key.add("Niamh O'Brien", "Interviewee N")
    assert key.apply("Niamh O’Brien's view") == "Interviewee N's view"


def test_spans_follow_the_replacement():
    key = key_for_sarah()
    text = "I met Sarah Jones at noon"
    new, spans = key.apply_with_spans(text, [(6, 17), (8, 20), (18, 25)])
    assert new == "I met Interviewee G at noon"
    assert [new[s:e] for s, e in spans] == ["Interviewee G", "Interviewee G at", "at noon"]


def test_attribution_modes():
    excerpt = make_excerpts()[0]
    key = make_key()
    assert attribution(excerpt, key) == "Interviewee G, Organisation 4"
    assert attribution(excerpt, key, "group") == "Participant from VCSE"
    assert attribution(excerpt, key, "real") == "Sarah Jones, Hope Street Trust"


def test_attribution_never_falls_back_to_a_real_name():
    excerpt = make_excerpts()[0]
    excerpt.participant_pseudonym = None
    excerpt.organisation_pseudonym = None
    excerpt.group_label = None
    assert attribution(excerpt, PseudonymKey()) == "Participant"
    assert attribution(excerpt, make_key()) == "Interviewee G, Organisation 4"


TEXTS = [
    "Yesterday I met Sarah Jones at the Hope Trust. Then Sarah said that Bob McDonald "
    "from Leeds Community Network would come in March. Interviewer: ok.",
    "SJ: we talked about Sarah.\n\nTom was there.",
]


def test_suggestions_exact():
    assert suggest_names(TEXTS, ["SJ", "Interviewer", "P3", "SJ"], ["Sarah Jones"]) == [
        Suggestion("SJ", "person", "speaker label", 3),
        Suggestion("Sarah", "person", "variant of Sarah Jones", 2),
        Suggestion("Bob McDonald", "person", "capitalised name", 1),
        Suggestion("Hope Trust", "organisation", "capitalised name", 1),
        Suggestion("Leeds Community Network", "organisation", "capitalised name", 1),
        Suggestion("Sarah Jones", "person", "register", 1),
    ]


def test_suggestions_from_a_ner_pipeline():
    nlp = spacy.blank("en")
    nlp.add_pipe("entity_ruler").add_patterns(
        [{"label": "GPE", "pattern": "Barnsley"}, {"label": "PERSON", "pattern": "Tom"}]
    )
    found = suggest_names(["Tom moved to Barnsley."], model=nlp)
    assert found == [
        Suggestion("Barnsley", "place", "named entity (GPE)", 1),
        Suggestion("Tom", "person", "named entity (PERSON)", 1),
    ]
