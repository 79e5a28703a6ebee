"""Text folding for searches that need no diacritics: "dang ky khai sinh" finds
"Đăng ký khai sinh". Vietnamese letters decompose into a base letter and combining marks,
except đ/Đ, which is a letter of its own and folds to d."""

from __future__ import annotations

import unicodedata

_D = str.maketrans({"đ": "d", "Đ": "d"})


def fold(text: str) -> str:
    """Lower case, without diacritics, spaces collapsed."""
    if text.isascii():  # nothing to decompose: the common case of what people type
        return " ".join(text.casefold().split())
    decomposed = unicodedata.normalize("NFD", text.translate(_D))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())
