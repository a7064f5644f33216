"""Traditional and simplified Chinese: length-preserving conversion for matching.

Documents are kept as written; matching runs on a simplified shadow of the text that has
exactly the same length, so every offset found in it is an offset into the original.
"""

from __future__ import annotations

from functools import lru_cache

import opencc

__all__ = ["to_simplified", "variants"]

_T2S = opencc.OpenCC("t2s")
_S2T = tuple(opencc.OpenCC(cfg) for cfg in ("s2t", "s2tw", "s2hk"))


@lru_cache(maxsize=8192)
def _char(ch: str) -> str:
    out = _T2S.convert(ch)
    return out if len(out) == 1 else ch


#: code point → its simplified form, for every character seen that has another one
_TABLE: dict[int, str] = {}
_SEEN: set[str] = set()


def to_simplified(text: str) -> str:
    """Convert character by character (so the length never changes)."""
    if text.isascii():
        return text
    new = set(text).difference(_SEEN)
    if new:
        for ch in new:
            out = _char(ch)
            if out != ch:
                _TABLE[ord(ch)] = out
        _SEEN.update(new)
    return text.translate(_TABLE)


@lru_cache(maxsize=4096)
def variants(word: str) -> tuple[str, ...]:
    """The word and its traditional spellings (Taiwan and Hong Kong standards included)."""
    forms = [word]
    for conv in _S2T:
        form = conv.convert(word)
        if form not in forms:
            forms.append(form)
    return tuple(forms)
