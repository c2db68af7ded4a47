"""The sentences stage (``--stages ...,sentences``): how long the article is.

Not in the default run. It is the worked example of adding a stage (see
docs/architecture.md, "Adding a stage or a coder"): this module, its line in
:data:`dyad.contract.STAGE_MODULES`, and its test.
"""

from __future__ import annotations

from spacy.tokens import Doc

from dyad.contract import Context, stage
from dyad.model import Record


@stage("sentences", assigns=("extra.sentences", "extra.words"))
def run(doc: Doc, rec: Record, ctx: Context) -> None:
    """Put the number of sentences and of words in ``rec.extra``."""
    rec.extra["sentences"] = sum(1 for s in doc.sents if s.text.strip())
    rec.extra["words"] = sum(1 for t in doc if not (t.is_punct or t.is_space))
