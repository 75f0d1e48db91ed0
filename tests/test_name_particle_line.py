"""A name printed over two lines, the given name over a family name with its particle
('Koen' / 'de Jong'): the whole name, never the family name alone."""

from __future__ import annotations

from ocr.models import Settings
from ocr.parse import parse_contact
from ocr.parse.names import only_family_name
from ocr.parse.synthetic import ocr_from_text


def test_a_particle_and_one_word_is_only_a_family_name() -> None:
    assert only_family_name("de Jong")
    assert only_family_name("van der Berg")
    assert not only_family_name("Koen de Jong")
    assert not only_family_name("Jong")
    assert not only_family_name("Anna Weber")


def test_given_name_over_family_name_with_particle() -> None:
    text = "koen\nde jong\nceo & founder\n+31 6 30384891\nkoen@virtualworkforce.ai"
    contact = parse_contact(ocr_from_text(text), Settings()).contact
    assert (contact.full_name or "").lower() == "koen de jong"
