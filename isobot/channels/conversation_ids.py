"""Conversation ids: each channel's in its own namespace, `<channel>:<the platform's id>`.

A conversation id used to be whatever the platform called the person (a Telegram chat id, a
phone number, the REST `sender`), all in one space. So anyone could write into a Telegram or
SMS conversation through the public REST webhook by sending its id as `sender`, and even erase
it with "forget me". Now a REST message always lands in `rest:<sender>`, a Telegram update in
`telegram:<chat id>`, and so on: no channel can name another channel's conversation.

This module is the one place the mapping lives. Every channel builds its conversation id
with `conversation_id`, every reply goes back to the platform's own id through `platform_id`,
and everything that reads a conversation by id (the web server's tracker reads, `make forget`,
JWT usernames, the staff tables' hashes) takes the namespaced id.

STAFF is not a platform: the REST webhook puts a message there only when the request carries
the Rasa API token (the staff console's "explain a reply"). No patient can reach it, so it is
what tells staff tests from patients (isobot/staff/escalation_watch.py), never anything a client names.
"""

from __future__ import annotations

SEPARATOR = ":"
REST = "rest"
SOCKETIO = "socketio"
TELEGRAM = "telegram"
SLACK = "slack"
FACEBOOK = "facebook"
TWILIO = "twilio"
STAFF = "staff"
CHANNELS = frozenset({REST, SOCKETIO, TELEGRAM, SLACK, FACEBOOK, TWILIO, STAFF})
# The request header in which the web server sends the Rasa API token for a staff test.
STAFF_TOKEN_HEADER = "X-Isobot-Staff-Token"


def conversation_id(channel: str, platform_id: str) -> str:
    """The conversation id of the person `platform_id` on `channel`."""
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}; one of {', '.join(sorted(CHANNELS))}")
    return f"{channel}{SEPARATOR}{platform_id}"


def channel_of(conversation: str) -> str | None:
    """The channel a conversation id belongs to; None for an id in no channel's namespace
    (one stored before ids were namespaced, or a health probe's)."""
    channel, separator, _ = conversation.partition(SEPARATOR)
    return channel if separator and channel in CHANNELS else None


# Channels whose ids the platform vouches for (each webhook checks the platform's signature),
# unlike REST and socket.io, whose ids the client chooses.
SIGNED_CHANNELS = frozenset({TELEGRAM, SLACK, FACEBOOK, TWILIO})


def legacy_id(conversation: str) -> str | None:
    """The bare id the same person's conversation had before ids were namespaced, when it is
    surely theirs: only for signed channels. A bare REST or socket.io id may have been written
    by anyone using that id on any channel, so it is never taken for this person's."""
    channel = channel_of(conversation)
    return platform_id(channel, conversation) if channel in SIGNED_CHANNELS else None


def platform_id(channel: str, conversation: str) -> str:
    """The id `channel`'s platform knows, to send it a reply (the inverse of conversation_id)."""
    prefix = f"{channel}{SEPARATOR}"
    if not conversation.startswith(prefix):
        raise ValueError(f"{conversation!r} is not a {channel} conversation")
    return conversation[len(prefix) :]
