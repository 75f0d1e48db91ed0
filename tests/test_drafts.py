"""The drafting engine: choosing a template, user overrides, the sandbox, errors, the filters.
What the shipped templates say is in test_templates_shipped.py."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest

import plugin
from ocr.errors import CardfollowError
from plugin.drafts import (
    DraftInput,
    TemplateError,
    choose_template,
    list_templates,
    render_draft,
    shipped_templates_dir,
)
from plugin.drafts.context import build_context
from plugin.drafts.environment import environments
from plugin.drafts.filters import as_sentence, format_date, join_nonempty, topic
from plugin.drafts.names import first_name
from plugin.drafts.text import normalise_text, subject_line
from plugin.models import EventInfo, Sender

TODAY = dt.date(2026, 3, 20)
ANNA: dict[str, Any] = {"full_name": "Anna Weber", "given_name": "Anna", "company": "Acme"}


def inp(**changes: Any) -> DraftInput:
    values: dict[str, Any] = {"contact": ANNA, "sender": Sender(name="Sam"), "today": TODAY}
    values.update(changes)
    return DraftInput(**values)


def write(folder: Path, name: str, source: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.j2"
    path.write_text(source, encoding="utf-8")
    return path


def minimal(text: str, subject: str = "Hello") -> str:
    """A template whose text block starts on line 2 (its first line of text is line 3)."""
    return (
        f"{{% block subject %}}{subject}{{% endblock %}}\n"
        f"{{% block text %}}\n{text}\n{{% endblock %}}\n"
    )


# --- choosing -----------------------------------------------------------------------------------


def test_choose_template_precedence() -> None:
    assert choose_template(inp()) == "nice-to-meet-you"
    assert choose_template(inp(note="  ")) == "nice-to-meet-you"
    assert choose_template(inp(note="we talked about trams")) == "we-talked-about"
    assert choose_template(inp(event=EventInfo("Expo", note="slides"))) == "we-talked-about"
    with_template = EventInfo("Expo", template="event", note="slides")
    assert choose_template(inp(event=with_template, note="x")) == "event"
    assert choose_template(inp(event=with_template), "short") == "short"
    assert choose_template(inp(), "short.j2") == "short"
    assert choose_template(inp(note="x"), "") == "we-talked-about"


def test_event_chooses_its_template() -> None:
    event = EventInfo("Expo", date=dt.date(2026, 3, 12), place="Lisbon", template="event")
    draft = render_draft(inp(event=event, note="we talked about trams"))
    assert draft.template == "event"
    assert draft.subject == "Following up from Expo"
    assert "talk at Expo in Lisbon on 12 March." in draft.body
    assert "our conversation about trams" in draft.body  # the event's template keeps the note


# --- the catalogue and user templates -----------------------------------------------------------


def test_shipped_templates_dir_is_the_repo_folder() -> None:
    folder = shipped_templates_dir()
    assert folder == Path(plugin.__file__).resolve().parent.parent / "templates"
    assert (folder / "nice-to-meet-you.j2").is_file() and (folder / "_signature.j2").is_file()


def test_user_template_overrides_the_shipped_one(tmp_path: Path) -> None:
    write(tmp_path, "short", "{# description: Mine #}\n" + minimal("Hey {{ contact.first_name }}"))
    draft = render_draft(inp(), "short", tmp_path)
    assert (draft.subject, draft.body) == ("Hello", "Hey Anna")
    assert render_draft(inp(), "short").body.startswith("Hi Anna,")  # elsewhere: the shipped one
    infos = {t.name: t for t in list_templates(tmp_path)}
    assert infos["short"].overridden and infos["short"].path == tmp_path / "short.j2"
    assert infos["short"].description == "Mine"
    assert not infos["event"].overridden


def test_new_user_template_is_listed_and_renders(tmp_path: Path) -> None:
    write(tmp_path, "thanks", minimal("Thanks, {{ contact.name }}.", subject="Thanks"))
    write(tmp_path, "_private", "partials are not listed")
    infos = {t.name: t for t in list_templates(tmp_path)}
    assert "thanks" in infos and "_private" not in infos
    assert not infos["thanks"].overridden and infos["thanks"].description == ""
    assert render_draft(inp(), "thanks", tmp_path).body == "Thanks, Anna Weber."


def test_overriding_a_partial_changes_every_template(tmp_path: Path) -> None:
    write(tmp_path, "_signature", "Cheers,\n{{ sender.name }}")
    assert render_draft(inp(), "event", tmp_path).body.endswith("\n\nCheers,\nSam")


def test_extends_and_super_reach_the_shipped_template(tmp_path: Path) -> None:
    # Same name as the shipped one: "shipped/" reaches the original it replaces.
    write(
        tmp_path,
        "nice-to-meet-you",
        '{% extends "shipped/nice-to-meet-you.j2" %}\n'
        "{% block subject %}{{ super() }} (from Sam){% endblock %}",
    )
    draft = render_draft(inp(), "nice-to-meet-you", tmp_path)
    assert draft.subject == "Nice to meet you, Anna (from Sam)"
    assert draft.body.startswith("Hi Anna,\n\nIt was good to meet you")  # the parent's text
    assert draft.html is not None and draft.html.startswith("<p>Hi Anna,</p>")
    info = next(t for t in list_templates(tmp_path) if t.name == "nice-to-meet-you")
    assert info.overridden and info.description.startswith("A warm")  # kept from the shipped one


def test_include_a_shared_piece(tmp_path: Path) -> None:
    write(tmp_path, "_closing", "Talk soon,\n{{ sender.name }}")
    write(tmp_path, "mine", minimal('Good to meet you.\n\n{% include "_closing.j2" %}'))
    assert render_draft(inp(), "mine", tmp_path).body == "Good to meet you.\n\nTalk soon,\nSam"


def test_missing_user_dir_is_fine(tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    assert [t.name for t in list_templates(missing)] == [t.name for t in list_templates()]
    assert render_draft(inp(), None, missing).template == "nice-to-meet-you"


def test_edits_to_a_user_template_are_seen(tmp_path: Path) -> None:
    path = write(tmp_path, "mine", minimal("one"))
    assert render_draft(inp(), "mine", tmp_path).body == "one"
    path.write_text(minimal("two"), encoding="utf-8")
    stat = path.stat()  # make sure the mtime moves even on a coarse-grained file system
    os.utime(path, (stat.st_atime, stat.st_mtime + 5))
    assert render_draft(inp(), "mine", tmp_path).body == "two"


def test_an_override_added_later_is_seen(tmp_path: Path) -> None:
    assert render_draft(inp(), "short", tmp_path).body.startswith("Hi Anna,")  # cached: shipped
    write(tmp_path, "short", minimal("mine now"))
    assert render_draft(inp(), "short", tmp_path).body == "mine now"


def test_environments_are_built_once_per_folder(tmp_path: Path) -> None:
    assert environments(tmp_path) is environments(tmp_path / "." / "")
    assert environments(None) is environments(None) is not environments(tmp_path)


# --- errors -------------------------------------------------------------------------------------


def test_errors_are_cardfollow_errors() -> None:
    assert issubclass(TemplateError, CardfollowError)


def test_unknown_template_lists_the_available_ones(tmp_path: Path) -> None:
    write(tmp_path, "mine", minimal("x"))
    for name in ("nope", "../templates/short", "_signature", "sub/short", ".hidden"):
        with pytest.raises(TemplateError) as info:
            render_draft(inp(), name, tmp_path)
        message = str(info.value)
        assert "unknown template" in message
        assert (
            "check-in, check-in-congrats, check-in-thinking-of-you, check-in-tip, event, mine, "
            "nice-to-meet-you, short, we-talked-about"
        ) in message


def test_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, "broken", minimal("line one\n{% if contact.name %}never closed"))
    with pytest.raises(TemplateError, match=r"syntax error in .*broken\.j2, line \d+") as info:
        render_draft(inp(), "broken", tmp_path)
    assert str(path) in str(info.value)


def test_syntax_error_in_an_included_partial(tmp_path: Path) -> None:
    write(tmp_path, "_bad", "one\ntwo {{ }}")
    write(tmp_path, "mine", minimal('{% include "_bad.j2" %}'))
    with pytest.raises(TemplateError, match=r"_bad\.j2, line 2"):
        render_draft(inp(), "mine", tmp_path)


def test_unknown_filter_is_a_syntax_error(tmp_path: Path) -> None:
    write(tmp_path, "mine", minimal("{{ contact.name | shout }}"))
    with pytest.raises(TemplateError, match="shout"):
        render_draft(inp(), "mine", tmp_path)


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("{{ nickname }}", "'nickname' is undefined"),
        ("{{ contact.nickname }}", "no attribute 'nickname'"),
        ("{% if colleague %}x{% endif %}", "'colleague' is undefined"),
        ("{{ event.name }}", "no attribute 'name'"),  # no event: None has no name
    ],
)
def test_undefined_variable_is_named(tmp_path: Path, text: str, named: str) -> None:
    write(tmp_path, "mine", minimal("first line\n" + text))
    with pytest.raises(TemplateError) as info:
        render_draft(inp(), "mine", tmp_path)
    message = str(info.value)
    assert "undefined variable" in message and named in message
    assert "mine.j2, line 4" in message  # the text block starts on line 2


def test_missing_values_are_defined_and_falsy(tmp_path: Path) -> None:
    fields = "first_name name email phone title company prefix suffix website address linkedin"
    checks = " ".join(f"{{% if contact.{f} %}}{f}{{% endif %}}" for f in fields.split())
    write(
        tmp_path,
        "mine",
        minimal(
            checks
            + "{% if event %}event{% endif %}{% if note %}note{% endif %}"
            + "{% if met_on or last_touch %}day{% endif %}{% if sender.name %}sender{% endif %}"
            + "[{{ contact.company }}]"  # a None printed prints nothing
        ),
    )
    assert render_draft(inp(contact={}, sender=Sender()), "mine", tmp_path).body == "[]"


@pytest.mark.parametrize(
    "text",
    [
        "{{ ''.__class__ }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ contact.__class__ }}",
        "{{ cycler.__init__.__globals__ }}",
        "{{ self.__init__.__globals__ }}",
        "{{ contact.emails.append('x') }}",  # values are read-only
        "{{ ('%s' | attr('__class__')) }}",
        "{{ 'x' * 100000000 }}",
        "{{ 9 ** 99999999 }}",
        "{% for x in range(10**9) %}{% endfor %}",
    ],
)
def test_sandbox_refuses_unsafe_code(tmp_path: Path, text: str) -> None:
    write(tmp_path, "evil", minimal(text))
    with pytest.raises(TemplateError, match=r"template 'evil' \(.*evil\.j2, line \d+\)"):
        render_draft(inp(), "evil", tmp_path)


def test_runtime_failure_becomes_a_template_error(tmp_path: Path) -> None:
    write(tmp_path, "mine", minimal("{{ 1 // 0 }}"))
    with pytest.raises(TemplateError, match="ZeroDivisionError"):
        render_draft(inp(), "mine", tmp_path)


def test_missing_include_is_named(tmp_path: Path) -> None:
    write(tmp_path, "mine", minimal('{% include "_nowhere.j2" %}'))
    with pytest.raises(TemplateError, match=r"'_nowhere\.j2', which does not exist"):
        render_draft(inp(), "mine", tmp_path)


def test_a_draft_needs_subject_and_text(tmp_path: Path) -> None:
    write(tmp_path, "nosubject", "{% block text %}x{% endblock %}")
    write(tmp_path, "emptysubject", minimal("x", subject="{{ contact.title }}"))
    with pytest.raises(TemplateError, match=r"no \{% block subject %\}"):
        render_draft(inp(), "nosubject", tmp_path)
    with pytest.raises(TemplateError, match="empty subject"):
        render_draft(inp(), "emptysubject", tmp_path)


# --- output hygiene -----------------------------------------------------------------------------


def test_template_newlines_in_subject_still_give_one_line(tmp_path: Path) -> None:
    subject = "Hello\n\n  {{ contact.first_name }}\r\nagain{{ '\\u2028' }}and{{ '\\x00' }}again"
    write(tmp_path, "mine", minimal("x", subject=subject))
    assert render_draft(inp(), "mine", tmp_path).subject == "Hello Anna again and again"


def test_long_subject_is_cut_on_a_word_boundary() -> None:
    subject = subject_line("word " * 100)
    assert len(subject) <= 200 and subject.endswith("word…")
    assert len(subject_line("x" * 500)) == 200  # no space at all: a hard cut


def test_body_is_normalised(tmp_path: Path) -> None:
    write(tmp_path, "mine", minimal("\n\n  one  \r\n\n\n\n\ntwo\t\n\n"))
    assert render_draft(inp(), "mine", tmp_path).body == "one\n\ntwo"
    assert normalise_text("a \n\n\n\nb\u2028c") == "a\n\nb\nc"


def test_single_line_fields_lose_line_breaks() -> None:
    contact = {"full_name": "Anna\r\nWeber", "company": "Acme\x00\u2028Corp\u202e", "title": "  "}
    view = build_context(inp(contact=contact))["contact"]
    assert (view["full_name"], view["company_full"], view["title"]) == (
        "Anna Weber",
        "Acme Corp",
        None,
    )
    assert view["company"] == "Acme"  # in prose, without the legal form
    assert view["first_name"] == "Anna"


# --- derived values and filters -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "full", "expected"),
    [
        ("Anna", "Anna Weber", "Anna"),
        (None, "Anna Weber", "Anna"),
        (None, "Dr. Anna Weber", "Anna"),
        (None, "Prof. Dr. Anna Weber", "Anna"),
        (None, "Weber, Anna", "Anna"),
        (None, "ANNA WEBER", "Anna"),
        ("JEAN-PIERRE", None, "Jean-Pierre"),
        (None, "J. Smith", None),
        (None, "Weber", None),
        (None, None, None),
    ],
)
def test_first_name(given: str | None, full: str | None, expected: str | None) -> None:
    assert first_name(given, full) == expected


def test_contact_conveniences() -> None:
    contact = {
        "given_name": "Anna",
        "family_name": "Weber",
        "emails": ["anna@acme.example", "info@acme.example"],
        "phones": [
            {"number": "+4930123", "kind": "fax", "raw": "030 123"},
            {"number": "+49151", "kind": "mobile", "raw": "0151"},
        ],
    }
    view = build_context(inp(contact=contact))["contact"]
    assert view["name"] == "Anna Weber" and view["email"] == "anna@acme.example"
    assert view["phone"] == "+49151"  # not the fax
    assert view["full_name"] is None and view["company"] is None


def test_dates_are_english_whatever_the_locale(tmp_path: Path) -> None:
    day = dt.date(2026, 3, 12)
    assert format_date(day) == "12 March 2026"
    assert format_date(day, "short") == "12 Mar 2026"
    assert format_date(day, "day_month") == "12 March"
    assert format_date(day, "month_year") == "March 2026"
    assert format_date(day, "weekday") == "Thursday"
    assert format_date(None) == ""
    write(
        tmp_path,
        "mine",
        minimal(
            "{{ met_on | date }}|{{ met_on | when }}|{{ event.date | when }}|"
            "{{ last_touch | time_since }}|{{ today | when }}"
        ),
    )
    draft = render_draft(
        inp(
            met_on=day,
            event=EventInfo("Expo", date=dt.date(2026, 3, 18)),
            last_touch=dt.date(2025, 12, 1),
        ),
        "mine",
        tmp_path,
    )
    assert draft.body == "12 March 2026|on 12 March|on Wednesday|about four months|on Friday"


def test_text_filters() -> None:
    assert join_nonempty(["CTO", None, "", " Acme "]) == "CTO, Acme"
    assert topic("We talked about tram data.") == "tram data"
    assert topic("discussed the Lisbon metro") == "the Lisbon metro"
    assert topic("Send her the report") is None
    assert topic("we talked about trams. She wants the report.") is None
    assert as_sentence("send her the report") == "Send her the report."
    assert as_sentence("slides: https://x.example/s") == "Slides: https://x.example/s"
    assert as_sentence("iPhone apps are hard!") == "iPhone apps are hard!"


# --- speed --------------------------------------------------------------------------------------


def test_rendering_reuses_the_built_environment() -> None:
    """Drafting a batch builds the Jinja environment once (its speed is a benchmark's business,
    not a test's): later drafts hit the cache instead of building again."""
    from plugin.drafts import environment

    draft_input = inp(event=EventInfo("Expo", date=TODAY, place="Lisbon"), note="we talked about x")
    render_draft(draft_input)
    before = environment._environments.cache_info()
    for _ in range(20):
        render_draft(draft_input)
    after = environment._environments.cache_info()
    assert after.misses == before.misses and after.hits >= before.hits + 20
