"""Read a user-supplied GeoJSON of province boundaries, with errors a person can act on."""

from __future__ import annotations

import json
from pathlib import Path

MAX_BYTES = 50 * 1024 * 1024


def load_geojson(path: Path | str) -> dict:
    """Return a GeoJSON FeatureCollection read from path, or raise ValueError naming the file and problem."""
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"{path}: GeoJSON file not found")
    if path.stat().st_size > MAX_BYTES:
        raise ValueError(f"{path.name}: {path.stat().st_size:,} bytes is larger than the {MAX_BYTES:,} allowed")
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"{path.name}: not valid UTF-8 JSON ({error})") from error
    if (
        not isinstance(data, dict)
        or data.get("type") != "FeatureCollection"
        or not isinstance(data.get("features"), list)
    ):
        raise ValueError(f"{path.name}: expected a GeoJSON FeatureCollection with a 'features' list")
    for number, feature in enumerate(data["features"], start=1):
        geometry = (feature or {}).get("geometry") or {}
        if geometry.get("type") not in ("Polygon", "MultiPolygon"):
            raise ValueError(
                f"{path.name}: feature {number} has geometry {geometry.get('type')!r}; "
                "provinces must be Polygon or MultiPolygon"
            )
    return data
