"""content/service.yml (isobot/content/service.py): the notices a channel sends when a turn
cannot run, in English and in each served language; a broken file stops the server naming
the file and the key."""

from __future__ import annotations

import pytest

from isobot.content import service
from isobot.content.errors import ContentError

ENGLISH = 'notices:\n  temporarily_unavailable: "Sorry, try again. If it\'s an emergency, call now."\n'


@pytest.fixture()
def service_file(tmp_path, monkeypatch):
    path = tmp_path / "service.yml"
    monkeypatch.setattr(service, "PATH", path)
    service.notices.cache_clear()
    yield path
    service.notices.cache_clear()


def test_the_project_file_has_every_notice_in_english_and_spanish():
    service.notices.cache_clear()
    texts = service.notices()
    assert set(texts) == {"en", "es"}
    assert set(texts["es"]) == set(texts["en"]) == set(service.REQUIRED)
    assert "emergencia" in service.notice("temporarily_unavailable", "es")


def test_a_language_without_a_translation_gets_english(service_file):
    service_file.write_text("version: 1\n" + ENGLISH, encoding="utf-8")
    assert service.notice("temporarily_unavailable", "es") == service.notice("temporarily_unavailable")


@pytest.mark.parametrize(
    "translations, key",
    [
        ('  fr: {translation: "sign-off pending", notices: {temporarily_unavailable: "x"}}\n', "translations.fr"),
        ('  es: {notices: {temporarily_unavailable: "x"}}\n', "translations.es.translation"),
        ('  es: {translation: " ", notices: {temporarily_unavailable: "x"}}\n', "translations.es.translation"),
        ('  es: {translation: "sign-off pending", notices: {}}\n', "translations.es.notices.temporarily_unavailable"),
        (
            '  es: {translation: "sign-off pending", notices: {temporarily_unavailable: "x", extra: "y"}}\n',
            "translations.es.notices",
        ),
        ("  es: [no]\n", "translations.es"),
    ],
)
def test_a_broken_translation_names_the_file_and_key(service_file, translations, key):
    service_file.write_text("version: 1\n" + ENGLISH + "translations:\n" + translations, encoding="utf-8")
    with pytest.raises(ContentError) as error:
        service.notices()
    assert str(service_file) in str(error.value) and key in str(error.value)
