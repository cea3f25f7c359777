"""French text analysis shared by indexing, querying and highlighting, so that all three agree on what a word is.

Words are folded (``synergies.lib.text.fold``: no case, accents or ligatures), split on anything that is not a
letter or a digit (apostrophes and hyphens included: « l'apprentissage » gives « apprentissage »), stripped of
French stop words, and stemmed with Snowball. Folding and stemming are cached per distinct word, because a large
import repeats the same few thousand words millions of times.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache
from itertools import chain

import snowballstemmer

from synergies.lib.text import fold

WORD = re.compile(r"[^\W_]+")

# PostgreSQL's French list (folded), a few more articles and pronouns, and the prepositions and adverbs people type
# around what they look for (« près de Mons », « tout pour les jeunes »), which would otherwise have to match too.
# Python drops them before either backend sees the text, so both drop the same words.
_STOP_WORDS = """
    a ai aie aient aies ait as au aura aurai auraient aurais aurait auras aurez auriez aurions aurons auront aux
    avaient avais avait avec avez aviez avions avons ayant ayante ayantes ayants ayez ayons c ce ceci cela ces cet
    cette d dans de des du elle elles en es est et etaient etais etait etant etante etantes etants ete etee etees
    etes etiez etions eu eue eues eumes eurent eus eusse eussent eusses eussiez eussions eut eutes eux fumes furent
    fus fusse fussent fusses fussiez fussions fut futes ici il ils j je l la le les leur leurs lui m ma mais me meme
    mes moi mon n ne nos notre nous on ont ou par pas pour qu que quel quelle qui s sa se sera serai seraient serais
    serait seras serez seriez serions serons seront ses soi soient sois soit sommes son sont soyez soyons suis sur t
    ta te tes toi ton tu un une vos votre vous y
    aupres aussi chez comme depuis durant entre moins parmi pendant plus pres selon sans sous tous tout toute
    toutes tres vers
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())

_stemmer = snowballstemmer.stemmer("french")


@lru_cache(maxsize=200_000)
def _fold_token(raw: str) -> tuple[str, ...]:
    # Folding can split a token (« ½ » becomes « 1⁄2 »), so the folded text is tokenised again.
    return tuple(WORD.findall(fold(raw)))


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Snowball stem of an already folded word."""
    return str(_stemmer.stemWord(word))


Term = tuple[str, str, str]  # (folded word, word as written in lower case, stem)


@lru_cache(maxsize=200_000)
def _terms_of_token(raw: str) -> tuple[Term, ...]:
    pieces = _fold_token(raw)
    return tuple((word, raw if len(pieces) == 1 else word, stem(word)) for word in pieces if word not in STOP_WORDS)


def terms(text: str) -> list[Term]:
    """The words of a text, stop words removed, in order: one cached lookup per token keeps bulk indexing fast."""
    tokens = WORD.findall(unicodedata.normalize("NFC", text).casefold())
    return list(chain.from_iterable(map(_terms_of_token, tokens)))


def words(text: str) -> list[str]:
    """The folded words of a text, stop words removed, in order."""
    return [term[0] for term in terms(text)]


def sortable(text: str) -> str:
    """A title folded for alphabetical order that ignores case and accents (« École » sorts with « ecole »)."""
    return fold(text or "")


def stems(text: str) -> list[str]:
    return [stem(word) for word in words(text)]


def fold_word(raw: str) -> list[str]:
    """The folded pieces of one raw token found in original text (highlighting walks the original)."""
    return [token for token in _fold_token(raw.casefold()) if token not in STOP_WORDS]


def index_key(index: str) -> str:
    """A token standing for « belongs to this index » in the full-text row: filters then cost a posting list merge."""
    return "x0" + hashlib.blake2b(index.encode(), digest_size=8).hexdigest()


def facet_key(index: str, facet: str, value: str) -> str:
    """A token standing for one facet value in one index; hashed, so no value can clash with words or inject syntax.

    The index is part of the key, so a filtered match needs no index key: one posting list fewer to merge.
    """
    return "k0" + hashlib.blake2b(f"{index}\x1f{facet}\x1f{value}".encode(), digest_size=8).hexdigest()
