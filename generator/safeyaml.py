"""YAML with limits: what curators write is measured before libyaml builds it.

libyaml's composer recurses once per nesting level in C (30,000 nested ``[``
crash the process), an anchor bomb expands without bound in whatever walks
the data next, and a 5,000-digit integer or ``1e400`` cannot be carried by
JSON. So every YAML text the generator reads (overrides, registries, plan
files) goes through :func:`parse`.

Guarantees:

* The text is first scanned token by token with libyaml's scanner, which
  keeps no stack of its own and builds nothing: a text over
  :attr:`Limits.max_bytes`, nested deeper than :attr:`Limits.max_depth`
  collections, with an alias (``*name``), or with a number JSON cannot carry
  (an integer beyond ±(2**53 - 1), a float that overflows, ``.inf``,
  ``.nan``) is refused before anything is composed.
* Only then is the text composed and constructed (libyaml when present), as
  plain ``dict``, ``list``, ``str``, ``int``, ``float``, ``bool`` and
  ``None`` (safe loading: no tags that build objects).
* A mapping that gives the same key twice is refused (YAML would keep the
  last one silently, and a curator's first value would be lost).
* Every refusal, and every syntax error, is a :class:`PlanError` naming the
  file and, when the problem has a place, its 1-based line.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import yaml

from generator.errors import PlanError

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: ten times faster when present

MAX_SAFE_INTEGER = 2**53 - 1
"""Largest integer every JSON reader (JavaScript included) carries exactly."""

_OPEN = (yaml.BlockSequenceStartToken, yaml.BlockMappingStartToken, yaml.FlowSequenceStartToken, yaml.FlowMappingStartToken)
_CLOSE = (yaml.BlockEndToken, yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken)
_NUMBER_START = frozenset("+-.0123456789")
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_depth: int


CURATED = Limits(max_bytes=2_000_000, max_depth=64)
"""Overrides and registries: small files written by hand."""

GENERATED = Limits(max_bytes=256_000_000, max_depth=2_000)
"""Plan files: written by extraction, deep as the clause tree."""


def parse(text: str, where: str, limits: Limits = CURATED):
    """The data of one YAML document (None when empty), within ``limits``."""
    return _construct(text, where, limits)[0]


def parse_with_node(text: str, where: str, limits: Limits = CURATED):
    """(data, root node): the node's marks give each entry's line (registries)."""
    return _construct(text, where, limits)


def _construct(text: str, where: str, limits: Limits):
    if len(text.encode("utf-8", "surrogatepass")) > limits.max_bytes:
        raise PlanError(where, f"tệp YAML lớn quá giới hạn {limits.max_bytes:,} byte".replace(",", "."))
    try:
        _scan(text, where, limits)
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            _refuse_duplicate_keys(node, where)
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise PlanError(where, f"YAML không hợp lệ: {exc.problem}", mark.line + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        raise PlanError(where, f"YAML không hợp lệ: {' '.join(str(exc).split())}") from None
    return data, node


def _refuse_duplicate_keys(root: yaml.Node | None, where: str) -> None:
    """A mapping that gives one key twice (YAML keeps the last silently) is a PlanError at its line."""
    pending = [root] if root is not None else []
    while pending:  # iterative: nesting is bounded by the scan, but no recursion either way
        node = pending.pop()
        if isinstance(node, yaml.MappingNode):
            seen = set()
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    if key.value in seen:
                        raise PlanError(where, f"khóa '{key.value}' có hai lần trong cùng một mục", key.start_mark.line + 1)
                    seen.add(key.value)
                pending.append(value)
        elif isinstance(node, yaml.SequenceNode):
            pending.extend(node.value)


def _scan(text: str, where: str, limits: Limits) -> None:
    depth = 0
    resolver = yaml.resolver.Resolver()
    for token in yaml.scan(text, Loader=_Loader):
        if isinstance(token, _OPEN):
            depth += 1
            if depth > limits.max_depth:
                raise PlanError(where, f"YAML lồng quá {limits.max_depth} cấp", token.start_mark.line + 1)
        elif isinstance(token, _CLOSE):
            depth -= 1
        elif isinstance(token, yaml.AliasToken):
            raise PlanError(where, f"không dùng bí danh YAML (*{token.value}): hãy viết thẳng giá trị", token.start_mark.line + 1)
        elif isinstance(token, yaml.ScalarToken) and token.plain and token.value[:1] in _NUMBER_START:
            reason = _number_problem(resolver, token.value)
            if reason:
                raise PlanError(where, reason, token.start_mark.line + 1)


def _number_problem(resolver: yaml.resolver.Resolver, value: str) -> str | None:
    """Why a plain scalar that YAML reads as a number cannot be carried by JSON."""
    tag = resolver.resolve(yaml.ScalarNode, value, (True, False))
    if tag not in (_INT, _FLOAT):
        return None
    shown = value if len(value) <= 40 else f"{value[:20]}… ({len(value)} ký tự)"
    if tag == _INT:
        digits = sum(char.isdigit() for char in value)
        if digits > 40:
            return f"số nguyên {shown} vượt quá ±{MAX_SAFE_INTEGER}: JSON không mang được"
        number = yaml.constructor.SafeConstructor().construct_yaml_int(yaml.ScalarNode(tag, value))
        if abs(number) > MAX_SAFE_INTEGER:
            return f"số nguyên {shown} vượt quá ±{MAX_SAFE_INTEGER}: JSON không mang được"
        return None
    number = yaml.constructor.SafeConstructor().construct_yaml_float(yaml.ScalarNode(tag, value))
    if not math.isfinite(number):
        return f"số {shown} không hữu hạn (vô cùng hoặc NaN): JSON không mang được"
    return None
