"""Accent- and order-insensitive words, for the SQLite search fallback and similar requests."""

import re
import unicodedata

_WORD = re.compile(r"[a-z0-9]+")
STOPWORDS = frozenset(
    """a au aux avec ce ces dans de des du elle en et est il ils je la le les leur lui mais
    me meme mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur
    ta te tes toi ton tu un une vos votre vous c d j l m n s t y etre avoir fait faire plus
    tout tous toutes toute sans sous entre afin lors the of and to in for on with""".split()  # noqa: SIM905 - a word list reads best as words
)


def normalise(text: str) -> str:
    """Lower case, accents removed, punctuation turned into spaces."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_WORD.findall(stripped.replace("œ", "oe").replace("æ", "ae")))


def stem(word: str) -> str:
    """A deliberately light French stemmer: plurals and the most common endings."""
    for suffix, replacement in (("aux", "al"), ("eaux", "eau")):
        if word.endswith(suffix) and len(word) > 4:
            return word[: -len(suffix)] + replacement
    for suffix in ("ements", "ement", "ations", "ation", "ees", "ee", "es", "s", "x", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def keywords(text: str) -> list[str]:
    """Distinct stems of the meaningful words, in order of appearance."""
    seen = []
    for word in normalise(text).split():
        if word in STOPWORDS or len(word) < 2:
            continue
        stemmed = stem(word)
        if stemmed not in seen:
            seen.append(stemmed)
    return seen


def stored_keywords(text: str) -> tuple[str, int]:
    """The keywords of `text` as stored for matching in SQL (space-separated, a space at each
    end, so that `LIKE '% word %'` finds a whole keyword), and how many there are."""
    words = keywords(text)
    return (f" {' '.join(words)} " if words else ""), len(words)
