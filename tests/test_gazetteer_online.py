"""The opt-in online fallback, against a stand-in Nominatim on 127.0.0.1 (never the internet)."""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlparse

import pytest
from geopy.geocoders import Nominatim

from gazetteer import Gazetteer
from gazetteer.exc import GazetteerError, OnlineUnavailableError
from gazetteer.online import OnlineFallback

KNOWN = {
    "tell shihab farm": {"lat": "32.6871", "lon": "35.9655", "display_name": "Tell Shihab Farm, Daraa, Syria"}
}


class _Handler(BaseHTTPRequestHandler):
    requests: list[dict] = []

    def do_GET(self):  # noqa: N802 (http.server's name)
        params = {k: v[0] for k, v in parse_qs(urlparse(self.path).query).items()}
        type(self).requests.append(params)
        hit = KNOWN.get(params.get("q", "").lower())
        body = json.dumps([{"place_id": 1, **hit}] if hit else []).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    _Handler.requests = []
    httpd = HTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def _nominatim(port: int) -> Nominatim:
    return Nominatim(domain=f"127.0.0.1:{port}", scheme="http", user_agent="geomap-tests", timeout=3)


def test_offline_by_default(gz):
    assert gz.online is None
    assert gz.geocode("Tell Shihab Farm") is None


def test_fallback_asks_once_and_caches(server, tmp_path):
    port = server.server_address[1]
    fallback = OnlineFallback(_nominatim(port), cache_path=tmp_path / "answers.sqlite", min_delay_seconds=0)
    gz = Gazetteer(online=fallback)
    loc = gz.geocode("Tell Shihab Farm", country="SY")
    assert (loc.latitude, loc.longitude) == (32.6871, 35.9655)
    assert loc.source.startswith("online:") and loc.raw["match"] == "online"
    assert loc.address == "Tell Shihab Farm, Daraa, Syria"
    assert _Handler.requests[-1]["countrycodes"] == "sy"
    assert gz.geocode("Nowhere Farm Qq") is None  # "not found" is an answer too
    assert len(_Handler.requests) == 2
    # offline places never go online
    assert gz.geocode("Sweida").source == "geonames" and len(_Handler.requests) == 2
    fallback.close()

    # a rerun with the server gone is answered from the cache, identically
    server.shutdown()
    again = OnlineFallback(_nominatim(port), cache_path=tmp_path / "answers.sqlite", min_delay_seconds=0)
    assert again.geocode("Tell Shihab Farm", country="SY").address == loc.address
    assert again.geocode("Nowhere Farm Qq") is None
    assert len(_Handler.requests) == 2
    again.close()


def test_unreachable_network_is_one_clear_error(tmp_path):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    fallback = OnlineFallback(_nominatim(port), cache_path=tmp_path / "answers.sqlite", min_delay_seconds=0)
    with pytest.raises(OnlineUnavailableError, match="could not be reached") as info:
        fallback.geocode("Tell Shihab Farm")
    assert isinstance(info.value, GazetteerError)
    fallback.close()


def test_online_geocoder_by_service_name(server, tmp_path):
    from gazetteer.online import online_geocoder

    port = server.server_address[1]
    fallback = online_geocoder(
        "nominatim", user_agent="geomap-tests", cache_path=tmp_path / "a.sqlite", min_delay_seconds=0,
        domain=f"127.0.0.1:{port}", scheme="http",
    )  # fmt: skip
    assert fallback.geocode("Tell Shihab Farm").latitude == 32.6871
    fallback.close()
    with pytest.raises(GazetteerError, match="needs a user agent"):
        online_geocoder("nominatim")
    with pytest.raises(GazetteerError, match="no geopy geocoder"):
        online_geocoder("no-such-service")
