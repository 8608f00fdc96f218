"""004_6a6382b038f5beb4.txt: Pascal Germain (2019), "Introduction aux réseaux de neurones —
Rétropropagation du gradient" (slides).

``printed`` holds the slides' formulas and algorithms as printed, with corrections beside them, and
``sentences`` what their sentences assert; ``wiring`` and ``wiring_sentences`` give the torch references and
the domains; ``derivations`` transcribes the chains of equalities.  The claims come one module per part of the
slides, in the document's order: ``claims_intro`` (l.12-52), ``claims_chain`` (l.57-142), ``claims`` (the
network and its algorithms, l.146-192), ``claims_graph`` (l.196-298) and ``claims_functions`` (l.300-358).
"""

from oracle import Document
from reference.germain_2019 import claims, claims_chain, claims_functions, claims_graph, claims_intro

DOCUMENT = Document(
    id="germain-2019",
    file=claims.FILE,
    title="Introduction aux réseaux de neurones — Rétropropagation du gradient",
    author="Pascal Germain",
    year="2019",
)

CLAIMS = claims_intro.CLAIMS + claims_chain.CLAIMS + claims.CLAIMS + claims_graph.CLAIMS + claims_functions.CLAIMS

