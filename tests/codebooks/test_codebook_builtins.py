"""The shipped frames load, validate and have the structure researchers rely on."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from codebooks.builtins import builtin_names, list_builtins, load_builtin, with_fresh_guids
from codebooks.errors import UnknownBuiltin
from codebooks.tree import children, find_code, path_of, roots, validate
from codebooks.yaml_io import dump_yaml, load_yaml

NAMES = ["gridgroup", "phases", "socialaction", "socialcapital", "vcsthemes"]


def test_list_builtins() -> None:
    assert list_builtins() == [
        ("gridgroup", "Cultural theory (grid/group)"),
        ("phases", "Voluntary organisation development phases"),
        ("socialaction", "Social action"),
        ("socialcapital", "Social capital (Putnam)"),
        ("vcsthemes", "Key themes of VCS research"),
    ]


@pytest.mark.parametrize("name", NAMES)
def test_every_builtin_loads_and_validates(name: str) -> None:
    cb = load_builtin(name)
    validate(cb)
    assert cb.codes and cb.description
    assert {code.framework for code in cb.codes} == {name}
    assert all(code.definition for code in cb.codes)
    assert all("/" not in code.name for code in cb.codes)
    colours = [code.colour.lower() for code in cb.codes]
    assert len(set(colours)) == len(colours), "each code has its own colour"
    assert all(_contrast(colour) >= 4.5 for colour in colours), "black or white text is readable"


@pytest.mark.parametrize("name", NAMES)
def test_builtin_guids_are_fixed_in_the_files(name: str) -> None:
    text = resources.files("codebooks").joinpath("builtin", f"{name}.yaml").read_text("utf-8")
    guids = re.findall(r"^\s*guid: (\S+)$", text, flags=re.MULTILINE)
    assert guids == [code.guid for code in load_builtin(name).codes]
    assert text.lstrip().startswith("#"), "files open with a comment for the researcher"


@pytest.mark.parametrize("name", NAMES)
def test_builtin_yaml_round_trips(name: str) -> None:
    cb = load_builtin(name)
    assert load_yaml(dump_yaml(cb)) == cb


def test_unknown_builtin_lists_the_names() -> None:
    with pytest.raises(UnknownBuiltin) as caught:
        load_builtin("putnam")
    assert str(caught.value) == (
        "no built-in codebook called 'putnam'; available: "
        "gridgroup, phases, socialaction, socialcapital, vcsthemes"
    )
    assert builtin_names() == NAMES


def test_fresh_guids_remaps_parents() -> None:
    shipped = load_builtin("phases")
    fresh = load_builtin("phases", fresh_guids=True)
    assert len(fresh.codes) == len(shipped.codes)
    assert not {c.guid for c in fresh.codes} & {c.guid for c in shipped.codes}
    assert [path_of(fresh, c.guid) for c in fresh.codes] == [
        path_of(shipped, c.guid) for c in shipped.codes
    ]
    validate(fresh)
    assert load_builtin("phases") == shipped, "the shipped frame is untouched"
    assert with_fresh_guids(shipped).codes[0].guid != shipped.codes[0].guid


def test_gridgroup_quadrants_and_movement() -> None:
    cb = load_builtin("gridgroup")
    quadrants = {c.name: c.meta for c in roots(cb) if c.name != "Movement"}
    assert quadrants == {
        "Hierarchy": {"grid": "high", "group": "high"},
        "Egalitarianism": {"grid": "low", "group": "high"},
        "Individualism": {"grid": "low", "group": "low"},
        "Fatalism": {"grid": "high", "group": "low"},
    }
    for name in quadrants:
        code = find_code(cb, name)
        assert code.inclusion and code.exclusion and code.keywords
    movement = find_code(cb, "Movement")
    assert movement.codable is False
    assert [c.name for c in children(cb, movement.guid)] == [
        "Towards hierarchy",
        "Towards egalitarianism",
        "Towards individualism",
        "Towards fatalism",
    ]


def test_socialcapital_structure() -> None:
    cb = load_builtin("socialcapital")
    assert [path_of(cb, c.guid) for c in cb.codes] == [
        "Bonding",
        "Bonding/Present",
        "Bonding/Weakening or lost",
        "Bridging",
        "Bridging/Positive example",
        "Bridging/Absent or deficit",
        "Linking",
    ]
    assert find_code(cb, "Linking").meta == {"optional": True}


def test_phases_structure() -> None:
    cb = load_builtin("phases")
    phases = roots(cb)
    assert [(p.name, p.meta, p.codable) for p in phases] == [
        ("Pre-start-up", {"phase_order": 1}, False),
        ("Start-up", {"phase_order": 2}, False),
        ("Growth", {"phase_order": 3}, False),
        ("Maturity", {"phase_order": 4}, False),
    ]
    for phase in phases:
        facets = children(cb, phase.guid)
        assert [(f.name, f.meta, f.codable) for f in facets] == [
            ("Emotions", {"facet": "emotions"}, False),
            ("Focus", {"facet": "focus"}, False),
            ("Organisational assets", {"facet": "assets"}, False),
        ]
    items = [c for c in cb.codes if c.codable]
    assert len(items) == 40
    assert find_code(cb, "Growth/Emotions/Fatigue").codable
    assert [c.name for c in children(cb, find_code(cb, "Maturity/Focus").guid)] == [
        "Managing unstable funding",
        "Constant change",
    ]


def test_vcsthemes_and_socialaction_structure() -> None:
    themes = load_builtin("vcsthemes")
    assert [c.name for c in roots(themes)] == [
        "Motivations",
        "External changes",
        "Internal changes",
        "Barriers",
        "Enablers",
        "Dark side of success",
    ]
    assert len([c for c in themes.codes if c.codable]) == 15
    assert find_code(themes, "Funding: grants to contracts to commissioning").parent == (
        find_code(themes, "External changes").guid
    )
    action = load_builtin("socialaction")
    assert [c.name for c in action.codes] == [
        "Shared language",
        "Taking risks and letting go of control",
        "A new relational approach",
        "Co-production",
        "Expectations",
        "Measurement",
        "Learning",
    ]


def _contrast(colour: str) -> float:
    """Best WCAG contrast ratio of the colour against black or white text."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    lum = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    return max(1.05 / (lum + 0.05), (lum + 0.05) / 0.05)
