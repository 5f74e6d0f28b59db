"""Folding names the way people type Turkic names, for search.

`fold("Türkiye") == fold("Turkiye") == "turkiye"`; dotted and dotless i,
Azerbaijani ə, apostrophe variants (O'zbekiston, Oʻzbekiston, Ozbekiston) and
Cyrillic (Kazakh, Kyrgyz, Uzbek, Russian letters, transliterated to Latin)
all fold to one plain key of lowercase words. Letters of scripts that are not
transliterated (中国) are kept as they are, so those names are found too. The
loader stores every entity's folded names in `search_keys`; the search folds
the query the same way.

`loose()` goes one step further for comparing spellings, not for storing:
it maps the letters that the Latin spellings of Turkic names write in
different ways to one (q/k/kh/x, zh/dzh/j, ch/c, gh/g, w/v, y/i, doubled letters), so
"Qazaqstan", "Kazakhstan" and "Kazakstan" meet.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Letters NFKD does not decompose into a base letter plus marks.
_SPECIAL = str.maketrans(
    {
        "ı": "i", "İ": "i", "ə": "e", "Ə": "e", "ø": "o", "Ø": "o", "ß": "ss", "ł": "l", "Ł": "l",
        "đ": "d", "Đ": "d", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ŋ": "n", "Ŋ": "n",
    }
)

# Cyrillic to Latin, one reading that matches the usual Latin spellings of
# Turkic and Russian names (Қазақстан -> qazaqstan, Казахстан -> kazakhstan).
_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    # Kazakh, Kyrgyz, Uzbek, Tatar, Bashkir letters
    "ә": "a", "ғ": "gh", "қ": "q", "ң": "ng", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i",
    "ў": "o", "ҳ": "h", "ҷ": "j", "ҫ": "s", "ҙ": "z", "ӊ": "ng", "ӑ": "a", "ӗ": "e", "ӳ": "u",
}
_APOSTROPHES = re.compile(r"['’‘ʻʼ`´ʹ′]")
_NON_WORD = re.compile(r"[\W_]+")


def transliterate(text: str) -> str:
    return "".join(_CYRILLIC.get(ch, ch) for ch in text)


def fold(text: str) -> str:
    """Lowercase words: no diacritics, no apostrophes, Cyrillic transliterated."""
    # NFC first, so a decomposed й (и + breve) transliterates like a composed one.
    text = unicodedata.normalize("NFC", text).translate(_SPECIAL)
    text = transliterate(text.lower())
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _APOSTROPHES.sub("", text)
    return _NON_WORD.sub(" ", text).strip()


# Applied in order to a folded key: spellings of one sound become one letter.
_LOOSE = (
    ("shch", "sh"), ("dzh", "j"), ("dj", "j"), ("zh", "j"), ("kh", "k"), ("gh", "g"),
    ("ch", "c"), ("x", "k"), ("q", "k"), ("w", "v"), ("y", "i"),
)
_DOUBLED = re.compile(r"(.)\1+")


# Search asks this of the same few thousand names again and again.
@functools.lru_cache(maxsize=65_536)
def loose(key: str) -> str:
    """A folded key with spelling variants merged: loose(fold("Qazaqstan")) == loose("kazakhstan")."""
    for old, new in _LOOSE:
        key = key.replace(old, new)
    return _DOUBLED.sub(r"\1", key)


def search_keys(name: str, aliases: list[str]) -> list[str]:
    """Every name folded, without duplicates, the preferred name first."""
    keys = [fold(n) for n in [name, *aliases]]
    return [k for k in dict.fromkeys(keys) if k]
