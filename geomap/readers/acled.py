"""ACLED exports: inter codes given as numbers or as the current export's text, and older taxonomies.

ACLED's current exports write ``inter1``/``inter2`` as text ("State forces"), older ones as codes
1-8; both are read into the numeric code, and text given by the source is kept in
``inter1_text``/``inter2_text`` so that nothing the export said is lost.

Event types of older codebooks ("Riots/Protests", "Remote violence", "Battle-No change of
territory", "Strategic development", ...) are mapped to the current taxonomy
(``geomap.model.EVENT_TYPES``); the type as the source wrote it is kept in ``event_type_original``.
"Riots/Protests" is split by the actors' inter codes (5 rioters -> Riots, 6 protesters -> Protests)
and left as written, with a warning from validation, when the codes do not tell.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from geomap.model import EVENT_TYPES

#: ACLED inter codes (codebook): the kind of actor.
INTER_CODES: dict[int, str] = {
    0: "No actor",
    1: "State forces",
    2: "Rebel groups",
    3: "Political militias",
    4: "Identity militias",
    5: "Rioters",
    6: "Protesters",
    7: "Civilians",
    8: "External/Other forces",
}
_INTER_TEXT = {v.lower(): k for k, v in INTER_CODES.items()} | {
    "state forces": 1, "rebel group": 2, "rebels": 2, "political militia": 3, "identity militia": 4,
    "rioter": 5, "protester": 6, "civilian": 7, "external forces": 8, "other forces": 8,
    "external/other force": 8, "other": 8,
}  # fmt: skip

#: Older ACLED event types -> (current event type, sub-event type it implies or None).
OLD_EVENT_TYPES: dict[str, tuple[str, str | None]] = {
    "battle-no change of territory": ("Battles", "Armed clash"),
    "battle-government regains territory": ("Battles", "Government regains territory"),
    "battle-non-state actor overtakes territory": ("Battles", "Non-state actor overtakes territory"),
    "battles": ("Battles", None),
    "remote violence": ("Explosions/Remote violence", None),
    "violence against civilians": ("Violence against civilians", None),
    "strategic development": ("Strategic developments", None),
    "non-violent transfer of territory": ("Strategic developments", "Non-violent transfer of territory"),
    "headquarters or base established": ("Strategic developments", "Headquarters or base established"),
    "non-violent activity": ("Strategic developments", None),
    "riots": ("Riots", None),
    "protests": ("Protests", None),
} | {t.lower(): (t, None) for t in EVENT_TYPES}
_RIOTS_PROTESTS = "riots/protests"


def inter_codes(values: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """(numeric codes, reasons for values that are neither a code nor a known name, text as given).

    The third series holds the source's text where it gave a name instead of a code, else None.
    """
    from geomap.readers.values import map_parts

    def one(v):
        text = str(v).strip()
        if text.lstrip("+").isdigit() or (isinstance(v, float) and float(v).is_integer()):
            code = int(float(text))
            return (code, None, None) if code in INTER_CODES else (None, f"unknown ACLED inter code {v!r}", None)
        code = _INTER_TEXT.get(text.lower())
        return (code, None, text) if code is not None else (None, f"unknown ACLED inter code {v!r}", None)

    codes, reasons, texts = map_parts(values, one, 3)
    return codes.astype("Int64"), reasons, texts


def current_taxonomy(
    event_type: pd.Series, sub_event_type: pd.Series, inter1: pd.Series, inter2: pd.Series
) -> tuple[pd.Series, pd.Series, pd.Series]:
    """(event type, sub-event type, original event type where it was changed, else None)."""
    from geomap.readers.values import map_parts

    def one(v):
        text = v.strip().lower() if isinstance(v, str) else None
        return (text, *(OLD_EVENT_TYPES.get(text) or (None, None)))

    distinct = pd.unique(event_type.dropna())
    if all(one(v)[0] != _RIOTS_PROTESTS and one(v)[1] in (None, v) for v in distinct):  # the current taxonomy
        return event_type, sub_event_type, pd.Series(None, index=event_type.index, dtype=object)
    lower, new_type, new_sub = map_parts(event_type, one, 3)
    split = (lower == _RIOTS_PROTESTS).to_numpy()
    if split.any():
        codes = pd.DataFrame({"a": inter1, "b": inter2}).astype("Int64")
        rioters = codes.eq(5).any(axis=1).fillna(False).to_numpy(dtype=bool)
        protesters = codes.eq(6).any(axis=1).fillna(False).to_numpy(dtype=bool)
        new_type[split & rioters] = "Riots"
        new_type[split & protesters & ~rioters] = "Protests"
    changed = new_type.notna() & (new_type != event_type)
    out_type = event_type.where(~changed, new_type)
    fill_sub = changed & new_sub.notna() & sub_event_type.isna()
    out_sub = sub_event_type.where(~fill_sub, new_sub)
    original = pd.Series(np.where(changed, event_type, None), index=event_type.index, dtype=object)
    return out_type, out_sub, original
