"""004_6a6382b038f5beb4.txt: Pascal Germain (2019), "Introduction aux réseaux de neurones —
Rétropropagation du gradient" (slides).

``printed`` holds the slides' formulas and algorithms as printed, with corrections beside them;
``claims`` wires them to the checks; ``derivations`` transcribes the chains of equalities.
"""

from oracle import Document
from reference.germain_2019 import claims, derivations

DOCUMENT = Document(
    id="germain-2019",
    file=claims.FILE,
    title="Introduction aux réseaux de neurones — Rétropropagation du gradient",
    author="Pascal Germain",
    year="2019",
)

CLAIMS = claims.CLAIMS + derivations.CLAIMS
