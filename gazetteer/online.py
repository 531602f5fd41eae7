"""Opt-in online fallback: any geopy geocoder, rate-limited, with a persistent cache of its answers.

Only names the offline data cannot place are sent, and only when the caller passes a geocoder to
:class:`gazetteer.Gazetteer` explicitly. Every answer, including "nothing found", is stored in a
SQLite file so a rerun asks nothing and returns the same results offline.

>>> from geopy.geocoders import Nominatim
>>> from gazetteer import Gazetteer
>>> gz = Gazetteer(online=Nominatim(user_agent="my-project"))  # doctest: +SKIP
"""

from __future__ import annotations

import inspect
import json
import os
import sqlite3
import threading
from pathlib import Path
from typing import Any

from geopy.exc import GeocoderNotFound, GeocoderServiceError, GeopyError
from geopy.extra.rate_limiter import RateLimiter

from gazetteer.exc import GazetteerError, OnlineUnavailableError
from gazetteer.index import cache_dir
from gazetteer.location import Location

#: Confidence given to an online answer: the service says where, not how sure it is.
ONLINE_CONFIDENCE = 0.5


class OnlineFallback:
    """Wraps ``geocoder`` (a geopy geocoder) in a ``RateLimiter`` and an answer cache.

    ``cache_path`` defaults to ``online-answers.sqlite`` in the gazetteer cache folder;
    ``min_delay_seconds`` is the pause between two requests (Nominatim's policy asks for 1 s).
    """

    def __init__(
        self,
        geocoder: Any,
        cache_path: str | os.PathLike[str] | None = None,
        min_delay_seconds: float = 1.0,
    ) -> None:
        self.geocoder = geocoder
        self.service = f"{type(geocoder).__name__}:{getattr(geocoder, 'domain', '')}"
        self._takes_country = "country_codes" in inspect.signature(geocoder.geocode).parameters
        self._call = RateLimiter(
            geocoder.geocode,
            min_delay_seconds=min_delay_seconds,
            max_retries=1,
            error_wait_seconds=min(2.0, max(min_delay_seconds, 0.1)),
            swallow_exceptions=False,
        )
        self.cache_path = Path(cache_path) if cache_path else cache_dir() / "online-answers.sqlite"
        self.cache_path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._con = sqlite3.connect(self.cache_path, check_same_thread=False)
        self._con.execute(
            "CREATE TABLE IF NOT EXISTS answers (service TEXT, query TEXT, country TEXT, answer TEXT, "
            "PRIMARY KEY (service, query, country))"
        )
        self._con.commit()

    def _cached(self, query: str, country: str) -> tuple[bool, dict | None]:
        with self._lock:
            row = self._con.execute(
                "SELECT answer FROM answers WHERE service = ? AND query = ? AND country = ?",
                (self.service, query, country),
            ).fetchone()
        return (True, json.loads(row[0])) if row else (False, None)

    def _store(self, query: str, country: str, answer: dict | None) -> None:
        with self._lock:
            self._con.execute(
                "INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?)",
                (self.service, query, country, json.dumps(answer)),
            )
            self._con.commit()

    def _ask(self, query: str, country: str) -> dict | None:
        kwargs = {"exactly_one": True}
        if country and self._takes_country:
            kwargs["country_codes"] = country.lower()
        try:
            found = self._call(query, **kwargs)
        except GeocoderServiceError as exc:  # unavailable, timed out, refused, rate limited
            raise OnlineUnavailableError(
                f"the online geocoder ({self.service}) could not be reached for {query!r}: {exc}. "
                "Check the network connection, or run without the online fallback to keep it unplaced."
            ) from exc
        except GeopyError as exc:
            raise OnlineUnavailableError(
                f"the online geocoder ({self.service}) failed on {query!r}: {exc}"
            ) from exc
        if found is None:
            return None
        raw = found.raw if isinstance(found.raw, dict) else {}
        return {"address": found.address, "lat": found.latitude, "lon": found.longitude, "raw": raw}

    def geocode(self, query: str, country: str | None = None) -> Location | None:
        """The cached or freshly fetched answer for ``query``, or None when the service knows nothing."""
        cc = country or ""
        hit, answer = self._cached(query, cc)
        if not hit:
            answer = self._ask(query, cc)
            self._store(query, cc, answer)
        if answer is None:
            return None
        return Location(
            name=str(answer["address"]).split(",")[0],
            latitude=float(answer["lat"]),
            longitude=float(answer["lon"]),
            geonameid=None,
            country_code=country,
            country=None,
            admin1=None,
            admin2=None,
            feature_code=None,
            kind="other",
            population=0,
            source=f"online:{self.service}",
            matched=query,
            confidence=ONLINE_CONFIDENCE,
            raw={"match": "online", "online": answer["raw"]},
            address=str(answer["address"]),
        )

    def close(self) -> None:
        self._con.close()


def online_geocoder(
    service: str,
    user_agent: str | None = None,
    cache_path: str | os.PathLike[str] | None = None,
    min_delay_seconds: float = 1.0,
    **options: Any,
) -> OnlineFallback:
    """An :class:`OnlineFallback` for a geopy service named like ``"nominatim"`` or ``"photon"``.

    ``user_agent`` identifies the project to the service (Nominatim's usage policy requires one);
    other ``options`` (``api_key``, ``domain``, ...) go to the geopy geocoder as they are.
    """
    from geopy.geocoders import get_geocoder_for_service

    try:
        cls = get_geocoder_for_service(service)
    except GeocoderNotFound:
        raise GazetteerError(f"no geopy geocoder is called {service!r} (try 'nominatim')") from None
    if user_agent:
        options["user_agent"] = user_agent
    elif service.lower() == "nominatim":
        raise GazetteerError("the Nominatim service needs a user agent naming your project")
    return OnlineFallback(cls(**options), cache_path=cache_path, min_delay_seconds=min_delay_seconds)
