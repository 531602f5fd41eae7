"""Finding and resolving the place names of a text (geoparsing), offline, gazetteer-driven.

``geoparse(text)`` returns :class:`Mention` objects; ``geoparse_documents`` and
``geoparse_partition`` implement the batch contract ``{"doc_id", "text"}`` -> ``{"doc_id", "toponyms"}``.
"""

from geomap.geoparse.batch import geoparse_documents, geoparse_partition
from geomap.geoparse.core import geoparse
from geomap.geoparse.mention import Mention

__all__ = ["Mention", "geoparse", "geoparse_documents", "geoparse_partition"]
