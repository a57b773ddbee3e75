"""Size estimates for the operations of a script that can build a huge object in one step.

A guarded operation asks here how many bytes its result would take *before* building it (as simpleeval does),
so `'a' * (2 * 10**9)` is refused instead of allocating 2 GB. The estimates are upper bounds of the payload
(characters, items, digits), not exact object sizes; what they protect against is the single step that is
orders of magnitude too big. Pure functions: the caller (engine.budget) charges the figure to the budget.
"""
from __future__ import annotations

import math
import random
import re
import string

MAX_INT_BITS = 1 << 16          # ~19,700 digits: more than any grievance needs, and quick to multiply
MAX_RANGE_ITEMS = 1_000_000     # more iterations than fit in a CPU budget anyway
POINTER = 8                     # bytes per item of a list or tuple
SPLIT_BYTES_PER_CHAR = 16       # worst case of str.split: a small str object per one or two characters

TEXT_TYPES = (str, bytes, bytearray)
SEQUENCE_TYPES = (str, bytes, bytearray, list, tuple)
_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d*)(?:\.(\*|\d*))?[hlL]?[a-zA-Z%]")
_DIGITS = re.compile(r"\d+")


class IntegerTooLarge(Exception):
    """An operation would build an integer over MAX_INT_BITS bits."""

    def __init__(self, bits: int, op: str):
        super().__init__(bits, op)
        self.bits, self.op = bits, op


def item_size(seq) -> int:
    """Bytes per item of a sequence: 1 for bytes and ASCII text, 4 for other text, a pointer for lists."""
    if isinstance(seq, str):
        return 1 if seq.isascii() else 4
    if isinstance(seq, (bytes, bytearray)):
        return 1
    return POINTER


def _int_bytes(bits: int, op: str) -> int:
    if bits > MAX_INT_BITS:
        raise IntegerTooLarge(bits, op)
    return bits // 8


def _is_int(x) -> bool:
    return isinstance(x, int)


def mul_size(a, b) -> int:
    if _is_int(a) and isinstance(b, SEQUENCE_TYPES):
        a, b = b, a
    if isinstance(a, SEQUENCE_TYPES) and _is_int(b):
        return len(a) * max(b, 0) * item_size(a)
    if _is_int(a) and _is_int(b):
        return _int_bytes(a.bit_length() + b.bit_length(), "*")
    return 0


def pow_size(a, b) -> int:
    if _is_int(a) and _is_int(b) and b > 0 and abs(a) > 1:
        return _int_bytes(int(math.log2(abs(a)) * b) + 1, "**")
    return 0


def lshift_size(a, b) -> int:
    if _is_int(a) and _is_int(b) and b > 0 and a:
        return _int_bytes(a.bit_length() + b, "<<")
    return 0


def add_size(a, b) -> int:
    if isinstance(a, SEQUENCE_TYPES) and isinstance(b, SEQUENCE_TYPES):
        return (len(a) + len(b)) * max(item_size(a), item_size(b))
    return 0


def percent_size(fmt, args) -> int:
    """`fmt % args` for text: the format plus every width and precision plus the text arguments."""
    if not isinstance(fmt, TEXT_TYPES):
        return 0
    total = len(fmt)
    for width, precision in _PERCENT_SPEC.findall(fmt if isinstance(fmt, str) else fmt.decode("latin-1")):
        if "*" in (width, precision):
            raise ValueError("'*' widths in %-formatting are not allowed in scripts; write the number")
        total += int(width or 0) + int(precision or 0)
    values = args.values() if isinstance(args, dict) else args if isinstance(args, tuple) else (args,)
    total += sum(len(v) for v in values if isinstance(v, SEQUENCE_TYPES))
    return total * item_size(fmt)


def format_spec_size(value, spec: str) -> int:
    """f"{value:spec}": every number in the spec (width, precision) bounds the padding it can add."""
    return sum(int(d) for d in _DIGITS.findall(spec)) + (len(value) if isinstance(value, SEQUENCE_TYPES) else 32)


def _width(s, width, *_fill) -> int:
    return max(int(width), len(s)) * item_size(s)


def _expandtabs(s, tabsize=8) -> int:
    return (len(s) + s.count("\t" if isinstance(s, str) else b"\t") * max(int(tabsize), 0)) * item_size(s)


def _replace(s, old, new, count=-1) -> int:
    hits = s.count(old) if old else len(s) + 1
    if count >= 0:
        hits = min(hits, count)
    return (len(s) + hits * max(len(new) - len(old), 0)) * max(item_size(s), item_size(new))


def _split(s, *_args, **_kwargs) -> int:
    return len(s) * SPLIT_BYTES_PER_CHAR


def _translate(s, table, *_args) -> int:
    longest = max((len(v) for v in table.values() if isinstance(v, str)), default=1) if isinstance(table, dict) else 1
    return len(s) * max(longest, 1) * 4


def _to_bytes(_n, length=1, *_args, **_kwargs) -> int:
    return int(length)


TEXT_METHODS = {"ljust": _width, "rjust": _width, "center": _width, "zfill": _width, "expandtabs": _expandtabs,
                "replace": _replace, "split": _split, "rsplit": _split, "splitlines": _split,
                "translate": _translate}
INT_METHODS = {"to_bytes": _to_bytes}
SIZED_METHOD_NAMES = frozenset(TEXT_METHODS) | frozenset(INT_METHODS) | {"join"}
SIZED_TYPES = (str, bytes, bytearray, int)


def join_size(sep, items: list) -> int:
    total = len(sep) * max(len(items) - 1, 0)
    total += sum(len(x) for x in items if isinstance(x, SEQUENCE_TYPES))
    return total * item_size(sep)


def sum_size(items: list, start) -> int:
    """sum(items, start) concatenates when start is a sequence: the result holds every item's items."""
    if not isinstance(start, SEQUENCE_TYPES):
        return 0
    return (len(start) + sum(len(x) for x in items if isinstance(x, SEQUENCE_TYPES))) * item_size(start)


def range_items(r: range) -> int:
    try:
        return len(r)
    except OverflowError:
        return MAX_RANGE_ITEMS + 1


class UnavailableInScripts(NotImplementedError):
    """A script asked for a module function the sandbox deliberately does not offer (a refusal, not a gap)."""


class LimitedModule:
    """A module seen through an allow-list: functions that can run for long in C (math.factorial,
    random.getrandbits, string.Template...) are not offered."""

    def __init__(self, module, names: set[str]):
        self._module, self._names = module, frozenset(names)

    def __getattr__(self, name: str):
        if name not in self._names:
            raise UnavailableInScripts(f"{self._module.__name__}.{name} is not available in scripts")
        return getattr(self._module, name)


_MATH_UNSAFE = {"factorial", "comb", "perm", "prod"}
LIMITED_MODULES = {
    "math": LimitedModule(math, {n for n in dir(math) if not n.startswith("_")} - _MATH_UNSAFE),
    "random": LimitedModule(random, {"random", "randint", "randrange", "choice", "uniform"}),
    "string": LimitedModule(string, {"ascii_letters", "ascii_lowercase", "ascii_uppercase", "digits",
                                     "hexdigits", "octdigits", "punctuation", "whitespace", "capwords"}),
}
