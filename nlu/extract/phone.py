"""Phone numbers: "+33 6 12 34 56 78", "06.12.34.56.78", "+44 20 7946 0958", "(415) 555-0132",
"07700 900123".

Hard negatives: amounts, years, ranges and headcounts are not phone numbers (a number needs
at least 9 digits, phone-style grouping and no currency or unit next to it).
"""

from __future__ import annotations

import re

PHONE = re.compile(
    r"(?<![\w€$£.,])(?P<number>(?:\+|00)\d{1,3}[\s.-]?(?:\(0\))?[\s.-]?\d{1,4}(?:[\s.-]?\d{2,4}){2,4}"
    r"|0\d(?:[\s.-]?\d{2}){4}|\(\d{3}\)\s?\d{3}[\s.-]?\d{4}|\d{3}[.-]\d{3}[.-]\d{4}"
    # national numbers in groups of 3 to 6 ("07700 900123", "020 7946 0958")
    r"|0\d{2,4}(?:[\s.-]?\d{3,6}){1,2})"
    r"(?![\w€$£%]|\s?(?:€|\$|£|k\b|euros?|dollars?|people|personnes|employees|salariés))",
)


def extract_phone(text: str) -> str | None:
    """The first phone number in `text`, normalised to digits with a leading +, or None."""
    for match in PHONE.finditer(text):
        raw = match.group("number")
        digits = re.sub(r"\D", "", raw.replace("(0)", ""))
        prefixed = raw.startswith(("+", "00"))
        if not (9 <= len(digits) <= 15 if prefixed else 10 <= len(digits) <= 11):
            continue  # a national number has 10 or 11 digits (not a SIREN, not a reference)
        if raw.startswith("+"):
            return "+" + digits
        if raw.startswith("00"):
            return "+" + digits[2:]
        return digits
    return None
