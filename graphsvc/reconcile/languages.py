"""Which language or script an alias is written in, from the letters of its alphabet.

The seed keeps aliases as a plain list with no language tags, so the `aliases`
extension tells them apart by the letters only some alphabets have:

- Cyrillic: Uzbek ў ҳ, or a word ending in -истон; Kazakh ә ғ қ ұ һ і; Kyrgyz
  ң ө ү without those;
  Russian: Cyrillic with none of these letters (Казахстан, Турция). A Kyrgyz or
  Kazakh name written only with letters Russian has counts as Russian.
- Latin: Azerbaijani ə (or q, x with Turkish letters); Turkmen ä ň ž, or ý
  without ı; Kazakh (2021 alphabet) á ǵ ń ó ú ū, or ý with ı;
  Uzbek oʻ gʻ (o' g') or a word ending in -iston; Turkish ç ğ ı İ ö ş ü without those of the others.
  A name with none of them (Qazaqstan Respublikasi, Turkiy davlatlar
  tashkiloti) is given no language: it is kept by `latin` and `all` only.

It is a heuristic, good for the names of this graph; language tags on the
aliases themselves would make it exact.
"""

from __future__ import annotations

import unicodedata

_KAZAKH_CYRILLIC = set("әғқұһі")
_KYRGYZ_CYRILLIC = set("ңөү")
_UZBEK_CYRILLIC = set("ўҳ")
_AZERBAIJANI = set("ə")
_TURKMEN = set("äňž")
_KAZAKH_LATIN = set("áǵńóúū")
_TURKISH = set("çğıöşü")
_UZBEK_APOSTROPHES = ("oʻ", "gʻ", "o'", "g'", "o‘", "g‘")


def script(text: str) -> str | None:
    """'cyrillic', 'latin' or None (neither, or no letters)."""
    for ch in text:
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            if name.startswith("CYRILLIC"):
                return "cyrillic"
            if name.startswith("LATIN"):
                return "latin"
    return None


def language(text: str) -> str | None:
    """The language code (az, kk, ky, ru, tk, tr, uz) its letters show, or None."""
    letters = set(unicodedata.normalize("NFC", text.lower()))
    lowered = text.lower()
    found = script(text)
    if found == "cyrillic":
        if letters & _UZBEK_CYRILLIC or any(word.endswith("истон") for word in lowered.split()):
            return "uz"
        if letters & _KAZAKH_CYRILLIC:
            return "kk"
        if letters & _KYRGYZ_CYRILLIC:
            return "ky"
        return "ru"
    if found == "latin":
        if letters & _AZERBAIJANI:
            return "az"
        if letters & _TURKMEN:
            return "tk"
        if letters & _KAZAKH_LATIN:
            return "kk"
        if "ý" in letters:  # both write ý; Kazakh also ı, which Turkmen lacks
            return "kk" if "ı" in letters else "tk"
        if any(mark in lowered for mark in _UZBEK_APOSTROPHES) or any(w.endswith("iston") for w in lowered.split()):
            return "uz"
        if letters & _TURKISH or "i̇" in lowered:
            # Azerbaijani shares these letters, and also writes q and x, which Turkish has not
            return "az" if letters & {"q", "x"} else "tr"
    return None


def in_language(text: str, choice: str) -> bool:
    """Whether an alias belongs to a choice of spec.ALIAS_LANGUAGES ('all', a script, or a language)."""
    if choice == "all":
        return True
    if choice in ("latin", "cyrillic"):
        return script(text) == choice
    return language(text) == choice
