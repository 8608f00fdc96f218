"""002_c565116afbd152b8.txt: "Réseau profond" (course notebook).

``printed`` holds the notebook's code cells and formulas as printed, with corrections beside them;
``claims`` wires them to the checks.
"""

from oracle import Document
from reference.reseau_profond import claims

DOCUMENT = Document(
    id="reseau-profond",
    file=claims.FILE,
    title="Réseau profond",
    author="course notebook (author not named)",
)

CLAIMS = claims.CLAIMS
