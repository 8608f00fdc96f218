"""001_dde28a00788c0b3a.txt: "Implémente moi un CNN" (blog article, author not named).

Every formula and code listing of the article was an image.  The statements that survive only as an
image are listed as 'not judged' (their caption quoted).  ``printed`` transcribes the catalogue's reading of
the formulas the text describes, ``printed_sentences`` and ``printed_annex`` what its sentences state (a
shape, a sign, an index, an operation); ``claims_article``, ``claims_layers``, ``claims_annex`` and
``claims_annex_conv`` wire them to the checks, in the document's order; ``derivations`` follows the
softmax-cross-entropy argument.
"""

from oracle import Document
from reference.cnn_from_scratch import claims_annex, claims_annex_conv, claims_article, claims_layers, derivations
from reference.cnn_from_scratch.wiring import FILE

DOCUMENT = Document(
    id="cnn-from-scratch",
    file=FILE,
    title="Implémente moi un CNN",
    author="blog article (author not named)",
)

CLAIMS = (claims_article.CLAIMS + claims_layers.CLAIMS + claims_annex.CLAIMS + claims_annex_conv.CLAIMS
          + derivations.CLAIMS)
