"""A spreadsheet cell's value as Excel shows it, from the value and its number format.

A reader must see what the person who filled the form saw: 0.95 in a "0%" cell is "95%", 95 in a
custom `0"%"` or `0\\%` cell is "95%" too (the % there is a literal, not a scaling), 45292 in a
date cell is a date, 12345678901.5 in General is exactly that (not "1.23e+10"), and
`"≥"0.00"%"` puts the sign in front. The subset of the format language handled is the one forms
use: sections (positive;negative;zero;text), quoted and escaped literals, 0 # ? placeholders,
thousands commas, decimals, % scaling, @, and the [colour]/[locale] brackets, _ spacing and *
fill that change nothing in the text. Exponent and fraction formats fall back to General.
Arithmetic is decimal (0.955 × 100 is 95.5, not 95.49999999999999).
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

Number = int | float | Decimal


def cell_display(value: object, number_format: str | None = None) -> str:
    """The text of one cell as shown: numbers formatted, dates as ISO dates, booleans 是/否."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, dt.timedelta):
        hours, rest = divmod(int(value.total_seconds()), 3600)
        return f"{hours}:{rest // 60:02d}"
    if isinstance(value, int | float | Decimal):
        return format_number(value, number_format)
    return str(value)


def general(value: Number) -> str:
    """General format: the number in plain decimals, to Excel's 15 significant digits, no exponent."""
    if isinstance(value, int):
        return str(value)
    number = Decimal(value) if isinstance(value, Decimal) else Decimal(f"{value:.15g}")
    if not number.is_finite():
        return str(value)
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def format_number(value: Number, number_format: str | None) -> str:
    fmt = (number_format or "").strip()
    if not fmt or fmt.lower() == "general" or not _finite(value):
        return general(value)
    sections = _split_sections(fmt)
    number = _decimal(value)
    if len(sections) >= 3 and number == 0:
        section, sign = sections[2], ""
    elif len(sections) >= 2 and number < 0:
        section, sign, number = sections[1], "", -number
    else:
        section, sign = sections[0], "-" if number < 0 else ""
        number = abs(number)
    if _is_date_format(section):
        return _serial_date(value)
    tokens = _tokens(section)
    if tokens is None or (
        not any(kind == "digit" for kind, _ in tokens) and any(k == "at" for k, _ in tokens)
    ):
        return general(value)
    return sign + _render(number, tokens) if any(kind == "digit" for kind, _ in tokens) else _literals(tokens)


def _is_date_format(fmt: str) -> bool:
    from openpyxl.styles.numbers import is_date_format

    return bool(is_date_format(fmt))


def serial_to_date(serial: float) -> dt.date | None:
    """An Excel (1900 system) date serial as a date, or None when it cannot be one."""
    from openpyxl.utils.datetime import from_excel

    try:
        moment = from_excel(serial)
    except (OverflowError, ValueError, TypeError):
        return None
    return moment.date() if isinstance(moment, dt.datetime) else None


def _serial_date(value: Number) -> str:
    day = serial_to_date(float(value))
    return day.isoformat() if day else general(value)


def _finite(value: Number) -> bool:
    return not isinstance(value, float) or math.isfinite(value)


def _decimal(value: Number) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    return Decimal(repr(value))  # the shortest decimal that is this float: what the file said


def _split_sections(fmt: str) -> list[str]:
    sections, current, quoted, escaped = [], "", False, False
    for ch in fmt:
        if escaped:
            current += ch
            escaped = False
        elif ch == "\\":
            current += ch
            escaped = True
        elif ch == '"':
            current += ch
            quoted = not quoted
        elif ch == ";" and not quoted:
            sections.append(current)
            current = ""
        else:
            current += ch
    sections.append(current)
    return sections


# ("digit", "0"|"#"|"?"), ("point", "."), ("comma", ","), ("percent", "%"), ("at", ""), ("text", …)
Token = tuple[str, str]


def _tokens(section: str) -> list[Token] | None:
    """The section as tokens; None for formats handled as General (exponent, fraction, General)."""
    if section.strip().lower() == "general":
        return None
    tokens: list[Token] = []
    i = 0
    while i < len(section):
        ch = section[i]
        if ch == '"':
            end = section.find('"', i + 1)
            end = len(section) if end < 0 else end
            tokens.append(("text", section[i + 1 : end]))
            i = end + 1
            continue
        if ch == "\\" and i + 1 < len(section):
            tokens.append(("text", section[i + 1]))
            i += 2
            continue
        if ch == "[":
            end = section.find("]", i)
            i = len(section) if end < 0 else end + 1  # colour, condition, locale: no text
            continue
        if ch in "_*":
            i += 2  # _x: a space as wide as x; *x: fill with x
            continue
        if ch in "0#?":
            tokens.append(("digit", ch))
        elif ch == ".":
            tokens.append(("point", ch))
        elif ch == ",":
            tokens.append(("comma", ch))
        elif ch == "%":
            tokens.append(("percent", ch))
        elif ch in "eE" and i + 1 < len(section) and section[i + 1] in "+-":
            return None
        elif ch == "/":
            return None  # fractions
        elif ch == "@":
            tokens.append(("at", ""))
        else:
            tokens.append(("text", ch))
        i += 1
    return tokens


def _literals(tokens: list[Token]) -> str:
    return "".join(text if kind == "text" else (text if kind == "percent" else "") for kind, text in tokens)


def _render(number: Decimal, tokens: list[Token]) -> str:
    digits = [k for k, (kind, _) in enumerate(tokens) if kind == "digit"]
    first, last = digits[0], digits[-1]
    point = next((k for k, (kind, _) in enumerate(tokens) if kind == "point" and first <= k <= last), None)
    integer_part = [tokens[k][1] for k in digits if point is None or k < point]
    fraction_part = [tokens[k][1] for k in digits if point is not None and k > point]
    # A comma between integer placeholders groups thousands; one after the last of them (before the
    # point, or at the end) divides by 1000 ("#,##0," shows thousands).
    integer_end = point if point is not None else last + 1
    grouping, scale_commas = False, 0
    for k, (kind, _) in enumerate(tokens):
        if kind != "comma" or k < first:
            continue
        if k < integer_end and any(tokens[j][0] == "digit" for j in range(k + 1, integer_end)):
            grouping = True
        elif k < integer_end or (k > last and all(tokens[j][0] == "comma" for j in range(last + 1, k))):
            scale_commas += 1
    percents = sum(kind == "percent" for kind, _ in tokens)
    number = number * (Decimal(100) ** percents) / (Decimal(1000) ** scale_commas)
    places = len(fraction_part)
    try:
        rounded = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    except InvalidOperation:
        return general(number)
    text = format(rounded, "f")
    whole, _, fraction = text.partition(".")
    required = sum(ch == "0" for ch in fraction_part)
    while len(fraction) > required and fraction.endswith("0"):
        fraction = fraction[:-1]
    min_whole = sum(ch == "0" for ch in integer_part)
    whole = whole.lstrip("0")
    whole = whole.rjust(min_whole, "0") if len(whole) < min_whole else whole
    if grouping and whole:
        whole = f"{int(whole):,}"
    shown = whole + ("." + fraction if fraction else "")
    if not shown:
        shown = "0"
    before = "".join(
        text if kind in ("text", "percent") else "" for kind, text in tokens[:first] if kind != "comma"
    )
    after = "".join(
        text if kind in ("text", "percent") else "" for kind, text in tokens[last + 1 :] if kind != "comma"
    )
    return before + shown + after
