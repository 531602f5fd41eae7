"""Article -> events: sentences, event types, actors, dates and the event's own place.

``extract_events(text, date=..., source=...)`` returns an :class:`ExtractResult` whose ``events`` follow
the event schema of :mod:`geomap.model` and whose ``unplaced`` lists, with a reason, every event whose
place could not be resolved. ``extract_many(docs)`` does the same for many short reports in one table.
"""

from geomap.extract.actors import ActorList, ActorMention
from geomap.extract.pipeline import ExtractResult, extract_events, extract_many

__all__ = ["ActorList", "ActorMention", "ExtractResult", "extract_events", "extract_many"]
