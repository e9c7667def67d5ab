"""Vietnamese text helpers: diacritic-free search keys and Vietnamese dictionary sort keys.

Both are stored on the row, so search and ordering behave the same on SQLite and PostgreSQL and
need no database extension (unaccent, ICU collations).
"""

import unicodedata

# Vietnamese alphabet order; f, j, w, z appear in foreign and minority names.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_CODE = {letter: f"{index + 10:02d}" for index, letter in enumerate(_ALPHABET)}
# Dictionary order of tones: ngang, huyền, hỏi, ngã, sắc, nặng.
_TONE_MARKS = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}
# Marks that make a separate letter rather than a tone.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve (ă), circumflex (â ê ô), horn (ơ ư)


def fold(text: str) -> str:
    """Lower-case, drop every diacritic and turn đ into d: "Nguyễn Văn Đức" -> "nguyen van duc".

    A NUL byte is dropped too: every search folds its text, and PostgreSQL refuses NUL in a query."""
    decomposed = unicodedata.normalize("NFD", text.replace("\x00", "").replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())


def _split_letter(char: str) -> tuple[str, str]:
    """Return (base letter with its letter marks, tone digit) for one character."""
    decomposed = unicodedata.normalize("NFD", char.lower())
    tone = "0"
    kept = []
    for part in decomposed:
        if part in _TONE_MARKS:
            tone = _TONE_MARKS[part]
        elif not unicodedata.combining(part) or part in _LETTER_MARKS:
            kept.append(part)
    return unicodedata.normalize("NFC", "".join(kept)), tone


def _word_key(word: str) -> tuple[str, str]:
    primary, tones = [], []
    for char in word:
        letter, tone = _split_letter(char)
        code = _LETTER_CODE.get(letter)
        if code is None:
            if not letter.isalnum():
                continue
            code = "99"
        primary.append(code)
        tones.append(tone)
    return "".join(primary), "".join(tones)


def split_full_name(full_name: str) -> tuple[str, str, str]:
    """Split "Nguyễn Thị Minh Khai" into (family "Nguyễn", middle "Thị Minh", given "Khai")."""
    words = full_name.split()
    if not words:
        return "", "", ""
    if len(words) == 1:
        return "", "", words[0]
    return words[0], " ".join(words[1:-1]), words[-1]


def name_sort_key(full_name: str) -> str:
    """A digits-only key ordering names as Vietnamese lists do: given name, family name, middle names.

    Letters follow the Vietnamese alphabet (a < ă < â < b ... d < đ), tones break ties. Digits only,
    so every database collation compares it the same way; "00" separates words.
    """
    family, middle, given = split_full_name(full_name)
    words = [given, family, *middle.split()]
    keys = [_word_key(word) for word in words if word]
    primary = "00".join(key for key, _ in keys)
    tones = "".join(tone for _, tone in keys)
    return f"{primary}000{tones}"[:255]


# Characters that arrive invisibly from a copy-paste or a phone keyboard, and full-width forms (a
# Vietnamese IME in full-width mode types "０１２" for "012").
_INVISIBLE: dict[int, None] = dict.fromkeys([0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD])
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


# Letters (Unicode category L*) that show as blank space: the Hangul fillers and the Braille blank.
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def has_letter(text: str) -> bool:
    """Whether ``text`` holds at least one visible letter (a name of zero-width spaces, digits or dots has none)."""
    return any(unicodedata.category(ch).startswith("L") and ch not in _BLANK_LETTERS for ch in text)


def normalise_text(text: str) -> str:
    """Text as stored: composed (NFC: a name typed on a Mac or pasted from a PDF arrives decomposed),
    no zero-width characters, full-width digits and letters as ASCII, spaces collapsed. Every way in
    (pages, API, spreadsheet imports) stores the same string for the same name or number."""
    text = unicodedata.normalize("NFC", text.translate(_INVISIBLE).translate(_FULL_WIDTH))
    return " ".join(text.split())
