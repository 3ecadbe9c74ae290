"""The patient chat widget, its demo page and the staff console (an aiohttp app)."""
