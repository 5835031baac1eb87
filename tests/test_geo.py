"""Reading a user's province GeoJSON: what is accepted and every way it is refused."""

from __future__ import annotations

import json

import pytest

from ita_analytics.geo import load_geojson

SQUARE = {"type": "Polygon", "coordinates": [[[100, 13], [101, 13], [101, 14], [100, 13]]]}


def test_accepts_a_feature_collection(tmp_path):
    path = tmp_path / "p.geojson"
    path.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [{"type": "Feature", "properties": {"pro_code": "10"}, "geometry": SQUARE}],
            }
        ),
        encoding="utf-8",
    )
    assert load_geojson(path)["features"][0]["properties"]["pro_code"] == "10"


@pytest.mark.parametrize(
    "content, message",
    [
        (b"{not json", "not valid UTF-8 JSON"),
        (b"\xff\xfe", "not valid UTF-8 JSON"),
        (json.dumps({"type": "Feature"}).encode(), "expected a GeoJSON FeatureCollection"),
        (
            json.dumps({"type": "FeatureCollection", "features": [{"geometry": {"type": "Point"}}]}).encode(),
            "feature 1 has geometry 'Point'",
        ),
    ],
)
def test_refuses_bad_files_with_the_reason(tmp_path, content, message):
    path = tmp_path / "bad.geojson"
    path.write_bytes(content)
    with pytest.raises(ValueError, match=message):
        load_geojson(path)


def test_missing_file(tmp_path):
    with pytest.raises(ValueError, match="not found"):
        load_geojson(tmp_path / "none.geojson")
