"""What of a bot message's `custom` payload the web server passes on to the widget.

The widget reads each turn back from the tracker (web/rasa_client.py), where a response's
`custom` (its `provenance`, isobot/content/provenance.py, and the `lang` of a translated
variation, scripts/build_domain.py) sits in the bot event's `data` beside its text: it is
relayed in the same message object, under `custom`, as over REST. Only the keys the widget
knows are passed on, so nothing else a response may carry later reaches a browser unreviewed.
"""

from __future__ import annotations

import re
from typing import Any

from isobot.content.provenance import PROVENANCE_KEY

RELAYED_KEYS = (PROVENANCE_KEY,)
LANG_KEY = "lang"
# A language code as build_domain writes it ("es"): the widget puts it in a `lang` attribute.
_LANG = re.compile(r"^[a-z]{2}$")


def relayed_custom(data: dict[str, Any]) -> dict[str, Any]:
    """`{"custom": {...}}` to merge into the widget's message, or `{}` when there is nothing."""
    custom = data.get("custom") if isinstance(data, dict) else None
    if not isinstance(custom, dict):
        return {}
    kept = {key: custom[key] for key in RELAYED_KEYS if isinstance(custom.get(key), dict)}
    lang = custom.get(LANG_KEY)
    if isinstance(lang, str) and _LANG.match(lang):
        kept[LANG_KEY] = lang
    return {"custom": kept} if kept else {}
