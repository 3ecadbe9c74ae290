"""Everything that changes Rasa's behaviour: one module per patch or override, one registry.

Read docs/rasa_patches.md first. The public surface:

- `install()` / `uninstall()` / `report()` and `SUPPORTED_RASA_VERSION` (registry.py);
- `startup.install()` and `startup.server_listeners()`, the start-up hook isobot.serve runs.

A patch module declares what it replaces (`PATCH`, with the fingerprint of each original)
and changes Rasa only through the setter the registry gives its `apply`.
"""

from __future__ import annotations

from isobot.rasa_patches.registry import SUPPORTED_RASA_VERSION, install, install_agent_guards, report, uninstall

__all__ = ["SUPPORTED_RASA_VERSION", "install", "install_agent_guards", "report", "uninstall"]
