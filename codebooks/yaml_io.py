"""The codebook as YAML a researcher can read and edit.

Example::

    name: Social capital
    description: Putnam's bonding and bridging ties.
    codes:
    - name: Bonding
      guid: 5d0c...
      definition: Ties within one's own group.
      colour: '#1f77b4'
      children:
      - name: Present
        guid: 8a41...

Keys of a code: name, guid, definition, inclusion, exclusion, example,
colour, codable, keywords, framework, meta, children. Empty values and
defaults are left out. A code without a guid gets a new one when read.

Only PyYAML's safe loader is used (it builds plain data, never objects); we
compose the node tree first so errors can name the line they come from.
"""

from __future__ import annotations

from typing import IO, Any, NoReturn

import yaml

from codebooks._streams import read_text, source_name, write_text
from codebooks.errors import FormatError, InvalidCodebook
from codebooks.model import Code, Codebook, new_guid
from codebooks.tree import in_tree_order, validate

DEFAULT = Code(name="")
TEXT_KEYS = ("definition", "inclusion", "exclusion", "example")
CODE_KEYS = frozenset(
    ("name", "guid", *TEXT_KEYS, "colour", "codable", "keywords", "framework", "meta", "children")
)
MAX_CODES = 100_000
HEADER = (
    "# Codebook. Edit names, definitions and criteria freely; nest codes under\n"
    "# 'children:'. Keep each guid: it is how codings find their code.\n"
)


def read_yaml(fp: IO[Any], source: str | None = None) -> Codebook:
    """Read and validate a YAML codebook from a binary or text file object."""
    source = source or source_name(fp)
    try:
        text = read_text(fp, source)
    except FormatError as err:
        raise InvalidCodebook(err.message, line=err.line, source=source) from None
    return load_yaml(text, source)


def load_yaml(text: str, source: str | None = None) -> Codebook:
    """Parse and validate a YAML codebook held in a string."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else None
        message = err.problem or err.context or "malformed YAML"
        raise InvalidCodebook(f"malformed YAML: {message}", line=line, source=source) from None
    except yaml.YAMLError as err:
        raise InvalidCodebook(f"malformed YAML: {err}", source=source) from None
    finally:
        loader.dispose()
    reader = _Reader(source)
    cb = reader.codebook(data, node)
    validate(cb, source=source, lines=reader.lines)
    return cb


class _Reader:
    def __init__(self, source: str | None) -> None:
        self.source = source
        self.lines: list[int | None] = []
        self.codes: list[Code] = []

    def error(self, message: str, node: yaml.Node | None, code: str | None = None) -> NoReturn:
        line = node.start_mark.line + 1 if node is not None else None
        raise InvalidCodebook(message, code=code, line=line, source=self.source)

    def codebook(self, data: Any, node: yaml.Node | None) -> Codebook:
        if data is None:
            data, node = {}, None
        if not isinstance(data, dict):
            self.error("a codebook must be a mapping with a 'codes:' list", node)
        cb = Codebook(
            name=self.text(data, node, "name"),
            description=self.text(data, node, "description"),
        )
        self.code_list(data.get("codes"), _value_node(node, "codes"), None)
        cb.codes = self.codes
        return cb

    def text(self, data: dict, node: yaml.Node | None, key: str, code: str | None = None) -> str:
        value = data.get(key)
        if value is None:
            return ""
        return self.scalar(value, _value_node(node, key), f"'{key}' must be text", code)

    def scalar(self, value: Any, node: yaml.Node | None, problem: str, code: str | None) -> str:
        """Text as the researcher typed it: ``Yes`` stays "Yes", ``1.10`` stays "1.10"."""
        if isinstance(value, str):
            return value
        if isinstance(value, (dict, list)):
            self.error(problem, node, code)
        if isinstance(node, yaml.ScalarNode):
            return node.value
        return str(value)

    def code_list(self, items: Any, node: yaml.Node | None, parent: str | None) -> None:
        if items is None:
            return
        if not isinstance(items, list):
            self.error("'codes' and 'children' must be lists", node)
        item_nodes = node.value if isinstance(node, yaml.SequenceNode) else [None] * len(items)
        for item, item_node in zip(items, item_nodes, strict=True):
            self.code(item, item_node, parent)

    def code(self, data: Any, node: yaml.Node | None, parent: str | None) -> None:
        if len(self.codes) >= MAX_CODES:
            self.error(f"more than {MAX_CODES} codes", node)
        if not isinstance(data, dict):
            self.error("each code must be a mapping with at least a 'name'", node)
        name = self.text(data, node, "name")
        unknown = sorted(str(key) for key in data if key not in CODE_KEYS)
        if unknown:
            self.error(f"unknown key '{unknown[0]}'", _key_node(node, unknown[0]), name or None)
        code = Code(
            name=name,
            guid=self.text(data, node, "guid", name) or new_guid(),
            parent=parent,
            colour=self.text(data, node, "colour", name) or DEFAULT.colour,
            codable=self.flag(data, node, name),
            keywords=self.keywords(data, node, name),
            framework=self.text(data, node, "framework", name),
            meta=self.meta(data, node, name),
        )
        for key in TEXT_KEYS:
            setattr(code, key, self.text(data, node, key, name))
        self.lines.append(node.start_mark.line + 1 if node is not None else None)
        self.codes.append(code)
        self.code_list(data.get("children"), _value_node(node, "children"), code.guid)

    def flag(self, data: dict, node: yaml.Node | None, name: str) -> bool:
        value = data.get("codable", True)
        if not isinstance(value, bool):
            self.error("'codable' must be true or false", _value_node(node, "codable"), name)
        return value

    def keywords(self, data: dict, node: yaml.Node | None, name: str) -> list[str]:
        value = data.get("keywords")
        if value is None:
            return []
        if isinstance(value, str):
            return [word.strip() for word in value.split(";") if word.strip()]
        problem = "'keywords' must be a list of words"
        value_node = _value_node(node, "keywords")
        if not isinstance(value, list):
            self.error(problem, value_node, name)
        item_nodes = value_node.value if isinstance(value_node, yaml.SequenceNode) else []
        item_nodes = item_nodes if len(item_nodes) == len(value) else [None] * len(value)
        return [self.scalar(v, n, problem, name) for v, n in zip(value, item_nodes, strict=True)]

    def meta(self, data: dict, node: yaml.Node | None, name: str) -> dict:
        value = data.get("meta")
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.error("'meta' must be a mapping", _value_node(node, "meta"), name)
        return value


def _key_node(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            if key_node.value == key:
                return key_node
    return node


def _value_node(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == key:
                return value_node
    return None


def to_data(cb: Codebook) -> dict[str, Any]:
    """The codebook as plain nested data, defaults left out."""
    ordered = in_tree_order(cb.codes)
    kids: dict[str | None, list[Code]] = {}
    for code in ordered:
        kids.setdefault(code.parent, []).append(code)

    def one(code: Code) -> dict[str, Any]:
        item: dict[str, Any] = {"name": code.name, "guid": code.guid}
        for key in TEXT_KEYS:
            if getattr(code, key):
                item[key] = getattr(code, key)
        if code.colour != DEFAULT.colour:
            item["colour"] = code.colour
        if not code.codable:
            item["codable"] = False
        if code.keywords:
            item["keywords"] = _Flow(code.keywords)
        if code.framework:
            item["framework"] = code.framework
        if code.meta:
            item["meta"] = code.meta
        below = [one(child) for child in kids.get(code.guid, [])]
        if below:
            item["children"] = below
        return item

    data: dict[str, Any] = {}
    if cb.name:
        data["name"] = cb.name
    if cb.description:
        data["description"] = cb.description
    data["codes"] = [one(code) for code in kids.get(None, [])]
    return data


class _Flow(list):
    """A list written on one line: ``keywords: [council, rules]``."""


class _Dumper(yaml.SafeDumper):
    pass


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value and value == value.strip() and "\r" not in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


def _represent_flow(dumper: yaml.SafeDumper, value: _Flow) -> yaml.SequenceNode:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(_Flow, _represent_flow)


def dump_yaml(cb: Codebook) -> str:
    """The codebook as YAML text (what ``write_yaml`` writes)."""
    body = yaml.dump(
        to_data(cb),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=88,
        indent=2,
    )
    return HEADER + body


def write_yaml(cb: Codebook, out: IO[Any]) -> None:
    """Write the codebook as YAML (UTF-8) to a text or binary stream."""
    write_text(out, dump_yaml(cb))
