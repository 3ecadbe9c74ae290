"""Shared base: actions get the vetted catalogue handed to them (tests pass their own)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from functools import lru_cache

from rasa_sdk import Action

from isobot import settings
from isobot.content.catalogue import Catalogue, load_catalogue
from isobot.content.screening import Screening, load_screening


@lru_cache(maxsize=1)
def default_catalogue() -> Catalogue:
    """Loaded once per process, on first use (the action server instantiates actions at start-up)."""
    return load_catalogue(settings.ANSWERS, settings.ESCALATIONS, settings.ARTICLE)


class CatalogueAction(Action, ABC):
    def __init__(self, catalogue: Catalogue | None = None) -> None:
        self.catalogue = catalogue or default_catalogue()

    @abstractmethod
    def name(self) -> str: ...


@lru_cache(maxsize=1)
def default_screening() -> Screening:
    return load_screening(settings.SCREENING, default_catalogue())
