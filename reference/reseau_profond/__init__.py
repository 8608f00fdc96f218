"""002_c565116afbd152b8.txt: "Réseau profond" (course notebook).

``printed`` holds the notebook's code cells and formulas as printed, with corrections beside them;
``sentences`` what its prose asserts; ``listing`` its cells verbatim with the printouts it shows; ``claims``
(to In [12]), ``claims_training`` (In [13]) and ``claims_results`` (from l.200) wire them to the checks.
"""

from oracle import Document
from reference.reseau_profond import claims, claims_results, claims_training

DOCUMENT = Document(
    id="reseau-profond",
    file=claims.FILE,
    title="Réseau profond",
    author="course notebook (author not named)",
)

CLAIMS = claims.CLAIMS + claims_training.CLAIMS + claims_results.CLAIMS
