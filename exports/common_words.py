"""Ordinary English words that are not names on their own.

The key matches case-insensitively, so a one-word variant of a longer name
replaces that word everywhere: "Third" for "Third Sector Partnership" would
turn "the third sector" into "the [organisation] sector". A word of a
multi-word name becomes a variant only when it is a name itself, which first
of all means it is not in this list (and, when the project's texts are known,
not written in lower case in them: see ``exports.register``).

The list is our own: function words, numbers and ordinals, compass points and
the words organisations, places and services are made of.
"""

from __future__ import annotations

_FUNCTION = """
a an the and or nor but if of in on at to for from by with without within into onto
over under about above below after before between through during against among
up down out off as so than then that this these those there here where when who whom
whose which what why how all any both each every few more most other some such no not
only own same very can will just should now our your their his her its my we you they
he she it us them me him i is are was were be been being have has had do does did
"""
_NUMBERS = """
one two three four five six seven eight nine ten eleven twelve twenty hundred thousand
first second third fourth fifth sixth seventh eighth ninth tenth next last half double
single triple
"""
_DIRECTIONS = """
north south east west northern southern eastern western central middle upper lower
inner outer greater great little new old high low top bottom left right
"""
_ORGANISATIONS = """
sector community communities voluntary volunteer volunteers charity charities trust
foundation fund funds association associations society council councils service
services partnership partnerships alliance network networks forum forums group groups
project projects centre center centres hub hubs club clubs team teams board boards
committee committees company limited enterprise enterprises agency agencies authority
office department ministry institute institution organisation organization
organisations union unions federation consortium collective cooperative coalition
initiative programme program unit house home homes action support advice care carers
health healthcare mental wellbeing social public private national local regional
borough city county district town village parish rural urban metropolitan municipal
housing food bank banks arts art culture cultural sport sports leisure youth young
children child family families women men people parents elderly older adults
education school schools college university learning training skills employment work
works workers business businesses economic development environment environmental green
energy transport justice legal rights equality diversity inclusion faith church
chapel mosque temple heritage museum library libraries theatre music media digital
citizens citizen residents resident tenants tenant neighbourhood neighbourhoods
united together open free friends friendly good better best hope help helping aid
relief recovery rescue safe safety living life independent independence standard
international global world european british english scottish welsh irish royal
general joint main primary secondary special standing steering advisory
"""
_PLACES = """
street road lane avenue way close court square row end park green hill heath common
bridge vale estate gardens garden place terrace crescent drive walk market field
fields river valley wood woods water harbour port station
"""
_TIME = """
january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday spring summer autumn winter
today tomorrow yesterday week weeks month months year years day days morning evening
"""
_TALK = """
yes yeah no ok okay well um erm uh oh right sure thanks thank hello hi please sorry
questions question answer lunch break coffee tea welcome introduction introductions
session panel discussion summary notes note agenda item items task tasks interview
interviews interim workshop workshops focus transcript transcripts report reports seminar
meeting meetings minutes title roundtable
"""

#: Compared lower-case.
COMMON_WORDS = frozenset(
    (_FUNCTION + _NUMBERS + _DIRECTIONS + _ORGANISATIONS + _PLACES + _TIME + _TALK).split()
)


def is_common(word: str) -> bool:
    """True when ``word`` (any case, trailing punctuation ignored) is in the list."""
    return word.strip(".,;:'\u2019\"()").casefold() in COMMON_WORDS
