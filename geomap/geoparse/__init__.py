"""Finding and resolving the place names of a text (geoparsing), offline, gazetteer-driven.

    from geomap.geoparse import geoparse, geoparse_documents
    for m in geoparse(article_text, country_hint="SY"):
        print(m.text, m.kind, m.country_code, m.lat, m.lon, m.confidence, m.role)

How it works, module by module:

* :mod:`~geomap.geoparse.tokens`: words (any script, dotted initialisms), capitalised runs joined by
  spaces, hyphens and name particles ("al-", "de"), candidate n-grams up to six words.
* :mod:`~geomap.geoparse.spotter`: gazetteer look-ups of those n-grams (one bulk query per text for
  which ones exist, then cached look-ups), plausibility of the match, and the rules that reject what
  is not a place here (:mod:`~geomap.geoparse.filters` holds the closed word lists).
* :mod:`~geomap.geoparse.recogniser`: the learned recogniser for lines whose case says nothing
  (lower case, all capitals, hashtags): a logistic model over case-free features of every n-gram the
  gazetteer knows (``scripts/train_recogniser.py`` trains it; docs/GEOPARSE.md says from what).
* :mod:`~geomap.geoparse.context`: one resolution per distinct name, from priors, the document's
  country and first-level-area focus, proximity and containment among the chosen places, and the
  text's own patterns ("X, Y", "X is a town in Y", "X province", a county named anywhere in the
  text); the country frame (:mod:`gazetteer.frame`) of the caller's country or the document's clear
  focus; confidence, alternatives and the ``context`` role ("Ankara said").
* :mod:`~geomap.geoparse.batch`: the JSONL contract ``{"doc_id", "text"}`` -> ``{"doc_id",
  "toponyms", "unresolved"}`` or ``{"doc_id", "error"}``; :func:`geoparse_partition` is the plain
  per-partition function other engines map.
"""

from geomap.geoparse.batch import geoparse_documents, geoparse_partition
from geomap.geoparse.core import geoparse
from geomap.geoparse.mention import Mention

__all__ = ["Mention", "geoparse", "geoparse_documents", "geoparse_partition"]
