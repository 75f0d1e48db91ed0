"""The shipped templates as a reader sees them: full data reads right, missing data never leaves a
gap, and text read off a card stays text."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from typing import Any

import pytest

from plugin.drafts import DraftInput, list_templates, render_draft
from plugin.models import Draft, EventInfo, Sender

TODAY = dt.date(2026, 3, 20)
MET = dt.date(2026, 3, 12)  # eight days before TODAY: written "on 12 March"
SHIPPED = (
    "check-in", "check-in-congrats", "check-in-thinking-of-you", "check-in-tip", "event",
    "nice-to-meet-you", "short", "we-talked-about",
)  # fmt: skip

LUCIA: dict[str, Any] = {
    "full_name": "Lucía Ibáñez",
    "given_name": "Lucía",
    "family_name": "Ibáñez",
    "prefix": None,
    "suffix": None,
    "title": "Directora de marketing",
    "company": "Ibáñez & Muñoz Abogados",
    "emails": ["lucia.ibanez@ibanez-munoz.es"],
    "phones": [{"number": "+34655432109", "kind": "mobile", "raw": "655 43 21 09"}],
    "website": "www.ibanez-munoz.es",
    "address": "Paseo de Gracia 21\n08007 Barcelona",
    "linkedin": None,
}
SAM = Sender(
    name="Sam Carter",
    title="Product lead",
    company="Northwind",
    email="sam@northwind.example",
    phone="+44 20 7946 0000",
    signature="Sam Carter\nProduct lead, Northwind\nnorthwind.example",
)
SUMMIT = EventInfo(
    name="Web Summit",
    date=MET,
    place="Lisbon",
    note="The slides from my talk are at https://northwind.example/slides",
)
NOTE = "we talked about bike-sharing data for city planning"


def full_input(**changes: Any) -> DraftInput:
    values: dict[str, Any] = {
        "contact": LUCIA,
        "sender": SAM,
        "event": SUMMIT,
        "met_on": MET,
        "note": NOTE,
        "last_touch": None,
        "today": TODAY,
    }
    values.update(changes)
    return DraftInput(**values)


def test_the_shipped_set() -> None:
    infos = {t.name: t for t in list_templates()}
    assert set(infos) == set(SHIPPED)  # partials (_signature, ...) are not listed
    for info in infos.values():
        assert info.description and "\n" not in info.description
        assert not info.overridden and info.path.name == f"{info.name}.j2"


@pytest.mark.parametrize("name", SHIPPED)
def test_full_data_reads_as_written(name: str) -> None:
    draft = render_draft(full_input(), name)
    assert draft.template == name
    assert draft.body.startswith("Hi Lucía,\n\n")
    assert "Web Summit" in draft.body or "Web Summit" in draft.subject
    assert draft.body.endswith("Sam Carter\nProduct lead, Northwind\nnorthwind.example")
    assert draft.body.count("Sam Carter") == 1  # the signature starts with the name: said once
    assert "!" not in draft.body + draft.subject  # no exclamation-mark enthusiasm
    if name != "short":
        assert "Ibáñez & Muñoz Abogados" in draft.body
    if name in ("nice-to-meet-you", "we-talked-about", "event"):
        assert "at Web Summit in Lisbon on 12 March" in draft.body
        assert "our conversation about bike-sharing data for city planning." in draft.body
        assert "https://northwind.example/slides\n" in draft.body  # no full stop glued to a link
    if name == "short":  # the greeting, one line, the sign-off
        assert draft.body.split("\n\n")[:3] == [
            "Hi Lucía,",
            "Good to meet you at Web Summit. Let's stay in touch.",
            "Best,\nSam Carter\nProduct lead, Northwind\nnorthwind.example",
        ]


def test_nice_to_meet_you_reads_naturally() -> None:
    draft = render_draft(full_input(note=None, event=None, met_on=TODAY - dt.timedelta(days=1)))
    assert draft.template == "nice-to-meet-you"
    assert draft.subject == "Nice to meet you, Lucía"
    assert draft.body.splitlines()[2] == (
        "It was good to meet you on Thursday, and to hear a little about your work at "
        "Ibáñez & Muñoz Abogados."
    )
    draft = render_draft(full_input(note=None), "nice-to-meet-you")
    assert draft.subject == "Nice to meet you at Web Summit"
    assert "It was good to meet you at Web Summit in Lisbon on 12 March, and" in draft.body


def test_html_part_is_the_text_in_paragraphs() -> None:
    draft = render_draft(full_input(), "nice-to-meet-you")
    assert draft.html is not None
    assert draft.html.startswith("<p>Hi Lucía,</p>\n<p>It was good to meet you at Web Summit")
    assert "Ibáñez &amp; Muñoz Abogados" in draft.html
    assert "<p>Best,<br>\nSam Carter<br>\n" in draft.html


def test_we_talked_about_uses_a_free_note_as_written() -> None:
    draft = render_draft(full_input(note="send her the report on tram ridership"))
    assert draft.template == "we-talked-about"
    assert "\n\nSend her the report on tram ridership.\n\n" in draft.body
    assert "conversation about" not in draft.body


def test_check_in_counts_from_the_last_touch_and_offers_rather_than_asks() -> None:
    inp = full_input(last_touch=dt.date(2025, 12, 1), note="Congratulations on the new office")
    draft = render_draft(inp, "check-in")
    assert "It's been about four months since we were last in touch" in draft.body
    assert "\n\nCongratulations on the new office.\n\n" in draft.body
    assert "happy to help" in draft.body
    assert "?" not in draft.body  # it asks for nothing
    months_later = full_input(today=dt.date(2026, 9, 1), note=None)
    assert (
        "about six months since we met at Web Summit" in render_draft(months_later, "check-in").body
    )


# --- missing data -------------------------------------------------------------------------------

NAMES: list[dict[str, Any]] = [
    {"full_name": "Anna Weber", "given_name": "Anna", "family_name": "Weber"},
    {"full_name": "Anna Weber"},  # first name picked from the full name
    {"full_name": "Weber"},  # one word: no first name to greet with
    {"prefix": "Dr.", "family_name": "Weber"},
    {},
]
JOBS: list[dict[str, Any]] = [
    {},
    {"title": "CTO"},
    {"company": "Acme"},
    {"title": "CTO", "company": "Acme"},
]
EVENTS = [
    None,
    EventInfo("Web Summit"),
    EventInfo("Web Summit", date=MET),
    EventInfo("Web Summit", place="Lisbon"),
    EventInfo("Web Summit", date=MET, place="Lisbon"),
    EventInfo("Web Summit", date=MET, place="Lisbon", note="Slides: https://x.example/s"),
]
NOTES = [None, "we talked about tram data", "Send her the ridership report"]
SENDERS = [Sender(), Sender(name="Sam Carter"), SAM]

# Each of these in a draft means a value was missing and the template left its gap behind.
GAPS = {
    "greeting without a name": re.compile(r"\b(?:Hi|Dear) *[,.]|\b(?:Hi|Dear|Hello) +[^\w\s]"),
    "space before punctuation": re.compile(r" [,.;:!?)]"),
    "doubled space": re.compile(r"  "),
    "dangling word": re.compile(r"\b(?:at|in|on|from|about|of|and|the)\s*(?:[.,;:!?]|$)", re.M),
    "None printed": re.compile(r"\bNone\b"),
    "template syntax": re.compile(r"\{\{|\}\}|\{%|%\}|\{#"),
    "empty brackets": re.compile(r"\(\s*\)|\[\s*\]"),
    "comma before stop": re.compile(r",\s*[.,]"),
    "line starting with punctuation": re.compile(r"^[,.;:)]", re.MULTILINE),
    "punctuation-only line": re.compile(r"^[^\w\n]+$", re.MULTILINE),
    "trailing space": re.compile(r"[ \t]$", re.MULTILINE),
    "more than one blank line": re.compile(r"\n\n\n"),
}


def gaps(text: str) -> list[str]:
    found = [name for name, pattern in GAPS.items() if pattern.search(text)]
    if text != text.strip() or not text:
        found.append("blank around the text")
    return found


def test_gap_patterns_catch_gaps() -> None:
    for bad in ("Hi ,", "Dear ,", "met you at .", "Acme ,", "a  b", "x\n\n\nb", "\nx", "at\n", "—"):
        assert gaps(bad), bad
    assert not gaps("Hello,\n\nGood to meet you at Web Summit in Lisbon on 12 March.\n\nBest,")


def matrix() -> list[DraftInput]:
    """Every combination of present and missing values."""
    dims = (NAMES, JOBS, EVENTS, NOTES, (None, MET), (None, dt.date(2025, 11, 3)), SENDERS)
    return [
        DraftInput(
            contact={**name, **job},
            sender=sender,
            event=event,
            met_on=met_on,
            note=note,
            last_touch=last_touch,
            today=TODAY,
        )
        for name, job, event, note, met_on, last_touch, sender in itertools.product(*dims)
    ]


MATRIX = matrix()


@pytest.mark.parametrize("name", SHIPPED)
def test_missing_data_never_leaves_a_gap(name: str) -> None:
    problems: list[str] = []
    for inp in MATRIX:
        draft = render_draft(inp, name)
        assert "\n" not in draft.subject
        for part, text in (("subject", draft.subject), ("body", draft.body)):
            if found := gaps(text):
                problems.append(f"{part} {found}: {text!r}\n  from {inp}")
        if draft.html is not None and ("<p></p>" in draft.html or "None" in draft.html):
            problems.append(f"html: {draft.html!r}")
    assert not problems, f"{len(problems)} drafts with gaps, e.g.:\n" + "\n".join(problems[:5])


def test_matrix_covers_every_combination() -> None:
    assert len(MATRIX) == len(NAMES) * len(JOBS) * len(EVENTS) * len(NOTES) * 4 * len(SENDERS)
    greetings = {render_draft(inp, "short").body.split("\n")[0] for inp in MATRIX}
    assert greetings == {"Hi Anna,", "Dear Dr. Weber,", "Hello,"}


def test_empty_sender_still_signs_off_cleanly() -> None:
    draft: Draft = render_draft(full_input(sender=Sender()), "nice-to-meet-you")
    assert draft.body.endswith("reply to this email.\n\nBest,")


# --- card text is data ----------------------------------------------------------------------------

HOSTILE: dict[str, Any] = {
    "full_name": "{{ 7*7 }} Smith",
    "given_name": "{{ 7*7 }}",
    "family_name": "Robert'); DROP TABLE contacts;--",
    "title": "<script>alert(1)</script>",
    "company": "{% for x in range(9) %}x{% endfor %}",
    "emails": ["a@b.example\r\nBcc: victim@example.com"],
    "phones": [{"number": "+1\n555", "kind": "mobile", "raw": "555"}],
    "website": "javascript:alert(1)",
    "address": "Line 1\r\nLine 2\x00\u2028Line 3",
    "linkedin": None,
}
HOSTILE_EVENT = EventInfo(
    name="Expo\r\nBcc: victim@example.com\u2028X\u2029Y\x00Z\x85W",
    place="<b>Lisbon</b>",
    note="Slides\r\nare\x00here\u2028{{ 6*7 }}",
)


@pytest.mark.parametrize("name", SHIPPED)
def test_card_text_comes_out_literally(name: str) -> None:
    inp = full_input(contact=HOSTILE, event=HOSTILE_EVENT, note="we talked about {{ config }}")
    draft = render_draft(inp, name)
    assert draft.body.startswith("Hi {{ 7*7 }},\n")
    assert "49" not in draft.body and "42" not in draft.body and "xxxxxxxxx" not in draft.body
    if name != "short":
        assert "{% for x in range(9) %}x{% endfor %}" in draft.body
    if name in ("nice-to-meet-you", "we-talked-about", "event"):
        assert "<b>Lisbon</b>" in draft.body  # plain text: no escaping, no markup meaning
        assert "{{ config }}" in draft.body
    for bad in ("\r", "\x00", "\u2028", "\u2029", "\x85"):
        assert bad not in draft.body and bad not in draft.subject
    if draft.html is not None:
        assert "<b>" not in draft.html
        assert "Lisbon" not in draft.body or "&lt;b&gt;Lisbon&lt;/b&gt;" in draft.html
        assert "{{ 7*7 }}" in draft.html


def test_html_escapes_card_text_and_the_users_own_text() -> None:
    inp = full_input(
        contact={**LUCIA, "given_name": "<script>alert(1)</script>", "company": "A&B \"Co\" 'x'"},
        note="we talked about <img src=x onerror=alert(1)>",
        sender=Sender(name="Sam", signature="<i>Sam</i>"),
    )
    html = render_draft(inp, "nice-to-meet-you").html
    assert html is not None
    assert "<script>" not in html and "<img" not in html and "<i>" not in html
    assert "Hi &lt;script&gt;alert(1)&lt;/script&gt;," in html
    assert "A&amp;B &#34;Co&#34; &#39;x&#39;" in html


@pytest.mark.parametrize("name", SHIPPED)
def test_subject_is_one_safe_line(name: str) -> None:
    evil = "Summit\r\nBcc: victim@example.com\nX-Evil: 1\x00\x1b[31m\u2028\u2029\x85\x0b\x0c\t" * 20
    inp = full_input(event=EventInfo(name=evil), sender=Sender(name=evil))
    subject = render_draft(inp, name).subject
    assert re.fullmatch(r"[^\x00-\x1f\x7f-\x9f\u2028\u2029]+", subject)
    assert subject == subject.strip() and "  " not in subject
    assert len(subject) <= 200


def test_deterministic() -> None:
    inp = full_input()
    for name in SHIPPED:
        assert render_draft(inp, name) == render_draft(inp, name)


def test_a_company_ending_in_a_full_stop_gets_one_stop() -> None:
    draft = render_draft(
        full_input(note=None, event=None, contact={**full_input().contact, "company": "Acme Ltd."}),
        "nice-to-meet-you",
    )
    assert "your work at Acme.\n" in draft.body  # the legal form is left out of prose
    assert ".." not in draft.body
