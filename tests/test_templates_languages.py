"""The shipped templates in every language: the full set in each, natural sentences with full data,
no gap with any value missing, card text kept as data, and the language chosen per card, per
event and by default."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from typing import Any

import pytest
from test_templates_shipped import (
    HOSTILE,
    HOSTILE_EVENT,
    JOBS,
    LUCIA,
    MET,
    NAMES,
    NOTES,
    SAM,
    SENDERS,
    SHIPPED,
    TODAY,
    full_input,
    gaps,
)

from plugin.drafts import LANGUAGES, DraftInput, TemplateError, render_draft, shipped_templates_dir
from plugin.models import EventInfo, Sender

OTHER = [code for code in LANGUAGES if code != "en"]
# The greeting each language uses with a first name, with a title and family name, and with none.
GREETINGS = {
    "de": ("Hallo Anna,", "Guten Tag Dr. Weber,", "Guten Tag,"),
    "fr": ("Bonjour Anna,", "Bonjour Dr. Weber,", "Bonjour,"),
    "es": ("Hola, Anna:", "Buenos días, Dr. Weber:", "Buenos días:"),
    "nl": ("Beste Anna,", "Beste Dr. Weber,", "Goedendag,"),
    "it": ("Buongiorno Anna,", "Gentile Dr. Weber,", "Buongiorno,"),
    "pt": ("Olá, Anna,", "Olá, Dr. Weber,", "Olá,"),
}
CLOSINGS = {
    "de": "Viele Grüße",
    "fr": "Bien cordialement,",
    "es": "Un saludo,",
    "nl": "Met vriendelijke groet,",
    "it": "Cordiali saluti,",
    "pt": "Com os melhores cumprimentos,",
}
# The English phrases that would betray a template falling back to English.
ENGLISH = re.compile(r"\b(?:Hi|Hello|Best,|Nice to|It was good|I'd|Thank you|Let's)\b")
# Per language: a greeting word left without its name, and prepositions left dangling.
LANGUAGE_GAPS = {
    "greeting without a name": re.compile(
        r"\b(?:Hallo|Bonjour|Hola|Beste|Buongiorno|Gentile|Olá|Tag|días)\s*[,:]\s*[,:]"
        r"|\b(?:Hallo|Bonjour|Hola|Beste|Buongiorno|Gentile|Olá) +[^\w\s]"
    ),
    "dangling preposition": re.compile(
        r"\b(?:bei|auf|über|pendant|chez|sur|à|en|de|durante|presso|su|a|no|na|em|op|bij|over"
        r"|sobre|evento|in|am|el|le|il|dia)\s*(?:[.,;:!?]|$)",
        re.MULTILINE,
    ),
    "empty parentheses or quotes": re.compile(r"\(\s*\)|«\s*»|„\s*“"),
}


def language_gaps(text: str) -> list[str]:
    found = gaps(text)
    found += [name for name, pattern in LANGUAGE_GAPS.items() if pattern.search(text)]
    return found


def test_every_language_has_the_whole_set() -> None:
    shipped = shipped_templates_dir()
    for code in OTHER:
        files = {p.stem for p in (shipped / code).glob("*.j2")}
        assert files == set(SHIPPED) | {"_greeting", "_note", "_signature"}, code


@pytest.mark.parametrize("language", OTHER)
@pytest.mark.parametrize("name", SHIPPED)
def test_full_data_reads_in_the_language(language: str, name: str) -> None:
    draft = render_draft(full_input(note="Discussed tram ridership data"), name, language=language)
    assert draft.language == language and draft.template == name
    first = GREETINGS[language][0].replace("Anna", "Lucía")
    assert draft.body.startswith(first + "\n\n"), draft.body
    assert CLOSINGS[language] + "\nSam Carter\nProduct lead, Northwind" in draft.body
    assert not ENGLISH.search(draft.subject + "\n" + draft.body), draft.body
    assert "Web Summit" in draft.body or "Web Summit" in draft.subject
    if name in ("nice-to-meet-you", "we-talked-about", "event"):
        assert "Lisbon" in draft.body
        assert "tram ridership data" in draft.body  # the topic worked into a sentence
        assert "Discussed" not in draft.body
    assert draft.html is not None or name == "short"
    assert not language_gaps(draft.body) and not language_gaps(draft.subject)


def test_dates_are_written_in_the_language() -> None:
    expected = {
        "en": "on 12 March",
        "de": "am 12. März",
        "fr": "le 12 mars",
        "es": "el 12 de marzo",
        "nl": "op 12 maart",
        "it": "il 12 marzo",
        "pt": "no dia 12 de março",
    }
    for code, words in expected.items():
        assert words in render_draft(full_input(), "nice-to-meet-you", language=code).body, code
    yesterday = full_input(met_on=TODAY - dt.timedelta(days=1), event=None, note=None)
    assert "am Donnerstag" in render_draft(yesterday, "nice-to-meet-you", language="de").body
    assert "na quinta-feira" in render_draft(yesterday, "nice-to-meet-you", language="pt").body
    months = full_input(today=dt.date(2026, 7, 20), last_touch=None, note=None)
    assert "4\xa0mois" in render_draft(months, "check-in", language="fr").body


def matrix() -> list[DraftInput]:
    """Every combination of names, jobs, events and notes; dates and senders rotate through theirs
    (the English suite crosses them all; here that would be 7 times as many drafts)."""
    events = [
        None,
        EventInfo("Web Summit"),
        EventInfo("Web Summit", date=MET, place="Lisbon"),
        EventInfo("Web Summit", place="Lisbon", note="Slides: https://x.example/s"),
    ]
    dates = [(None, None), (MET, None), (None, dt.date(2025, 11, 3)), (MET, dt.date(2025, 11, 3))]
    combos = itertools.product(NAMES, JOBS, events, NOTES)
    return [
        DraftInput(
            contact={**name, **job},
            sender=SENDERS[i % len(SENDERS)],
            event=event,
            met_on=dates[i % len(dates)][0],
            note=note,
            last_touch=dates[(i // 3) % len(dates)][1],
            today=TODAY,
        )
        for i, (name, job, event, note) in enumerate(combos)
    ]


MATRIX = matrix()


@pytest.mark.parametrize("language", OTHER)
def test_missing_data_never_leaves_a_gap(language: str) -> None:
    problems: list[str] = []
    greetings: set[str] = set()
    for name, inp in itertools.product(SHIPPED, MATRIX):
        draft = render_draft(inp, name, language=language)
        assert "\n" not in draft.subject
        greetings.add(draft.body.split("\n")[0])
        for part, text in (("subject", draft.subject), ("body", draft.body)):
            if found := language_gaps(text):
                problems.append(f"{name} {part} {found}: {text!r}\n  from {inp}")
        if draft.html is not None and ("<p></p>" in draft.html or "None" in draft.html):
            problems.append(f"{name} html: {draft.html!r}")
    assert not problems, f"{len(problems)} drafts with gaps, e.g.:\n" + "\n".join(problems[:5])
    assert greetings == set(GREETINGS[language])


@pytest.mark.parametrize("language", OTHER)
@pytest.mark.parametrize("name", SHIPPED)
def test_card_text_comes_out_literally(language: str, name: str) -> None:
    inp = full_input(contact=HOSTILE, event=HOSTILE_EVENT, note="we talked about {{ config }}")
    draft = render_draft(inp, name, language=language)
    assert "{{ 7*7 }}" in draft.body.split("\n")[0]
    assert "49" not in draft.body and "42" not in draft.body and "xxxxxxxxx" not in draft.body
    for bad in ("\r", "\x00", "\u2028", "\u2029", "\x85"):
        assert bad not in draft.body and bad not in draft.subject
    if draft.html is not None:
        assert "<b>" not in draft.html and "<script>" not in draft.html
        assert "{{ 7*7 }}" in draft.html


def test_language_chosen_per_card_then_event_then_default() -> None:
    german_event = EventInfo("Hannover Messe", language="de")
    inp = full_input(event=german_event, note=None, language="fr")
    assert render_draft(inp).language == "de"  # the event's beats the default
    assert render_draft(inp, language="nl").language == "nl"  # the card's beats the event's
    assert render_draft(full_input(event=None, language="fr")).language == "fr"
    assert render_draft(full_input(event=None)).language == "en"
    assert render_draft(full_input(event=None), language="pt-BR").language == "pt"
    with pytest.raises(TemplateError, match="available: en, de, fr"):
        render_draft(full_input(), language="xx")


def test_a_users_template_without_a_translation_is_used_in_english(tmp_path: Any) -> None:
    (tmp_path / "thanks.j2").write_text(
        "{% block subject %}Thanks{% endblock %}{% block text %}Thanks, {{ contact.first_name }}."
        "{% endblock %}",
        encoding="utf-8",
    )
    draft = render_draft(full_input(), "thanks", user_dir=tmp_path, language="de")
    assert draft.body == "Thanks, Lucía."
    (tmp_path / "de").mkdir()
    (tmp_path / "de" / "short.j2").write_text(
        "{% block subject %}Moin{% endblock %}{% block text %}Moin {{ contact.first_name }}."
        "{% endblock %}",
        encoding="utf-8",
    )
    assert render_draft(full_input(), "short", user_dir=tmp_path, language="de").body == (
        "Moin Lucía."
    )
    assert render_draft(full_input(), "short", user_dir=tmp_path, language="fr").body.startswith(
        "Bonjour Lucía,"
    )


# --- reading well: capitals, legal forms, notes ---------------------------------------------


def test_capitals_are_written_in_proper_case_and_legal_forms_left_out() -> None:
    shouted = {
        **LUCIA,
        "full_name": "LUCÍA IBÁÑEZ",
        "given_name": "LUCÍA",
        "family_name": "IBÁÑEZ",
        "company": "QUILLMORE VENTURES GMBH",
    }
    draft = render_draft(full_input(contact=shouted, note=None, event=None), "nice-to-meet-you")
    assert draft.body.startswith("Hi Lucía,")
    assert "your work at Quillmore Ventures." in draft.body
    assert "QUILLMORE" not in draft.body and "GmbH" not in draft.body
    indian = {**LUCIA, "company": "Zentara Systems Private Limited"}
    body = render_draft(full_input(contact=indian, note=None, event=None), "event").body
    assert "at Zentara Systems are doing" in body and "Limited" not in body
    brand = {**LUCIA, "company": "EBAY INC."}
    inp = full_input(contact=brand, note=None, event=None, card_text="eBay\nEBAY INC.")
    assert "your work at eBay." in render_draft(inp, "nice-to-meet-you").body


def test_a_note_worked_into_a_sentence_needs_no_warning() -> None:
    for note in ("we talked about tram data", "Discussed tram data.", "re: tram data"):
        draft = render_draft(full_input(note=note, event=None), "we-talked-about")
        assert "conversation about tram data" in draft.body, note
        assert draft.note_warning is None


def test_a_note_sent_as_written_is_warned_about() -> None:
    draft = render_draft(full_input(note="send her the slides", event=None), "we-talked-about")
    assert "Send her the slides." in draft.body
    assert draft.note_warning is not None and "Your note will be sent as written" in (
        draft.note_warning
    )
    # A template that leaves the note out sends nothing of it: no warning.
    assert render_draft(full_input(note="send her the slides"), "short").note_warning is None
    event_note = EventInfo("Web Summit", note="Slides: https://x.example/s")
    draft = render_draft(full_input(note=None, event=event_note), "nice-to-meet-you")
    assert draft.note_warning is not None and "The event's note" in draft.note_warning


def test_german_continues_in_lower_case_after_the_greeting() -> None:
    for name in ("nice-to-meet-you", "we-talked-about", "event", "short", "check-in"):
        body = render_draft(full_input(sender=SAM), name, language="de").body
        assert body.split("\n\n")[1][0].islower(), (name, body)


def test_empty_profile_signs_off_cleanly_in_every_language() -> None:
    for code in OTHER:
        body = render_draft(full_input(sender=Sender()), "nice-to-meet-you", language=code).body
        assert body.endswith("\n\n" + CLOSINGS[code]), (code, body)
