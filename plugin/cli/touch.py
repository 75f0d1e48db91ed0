"""Keep in touch from the command line: ``due``, ``touched``, ``cadence``, ``tag``, ``checkin``,
``digest``."""

from __future__ import annotations

import datetime as dt
import json
import logging
from typing import Any

import click
from rich.markup import escape
from rich.table import Table

from ..config import Config
from ..crm.registry import adapter_for
from ..keep_in_touch import checkins, digest, team_digest
from ..keep_in_touch.cadence import normalise_tag, parse_cadence
from ..keep_in_touch.due import DueContact, relationships, today_for
from ..keep_in_touch.due import due as due_contacts
from ..keep_in_touch.touches import read_back
from ..keep_in_touch.touches import touched as record_touch
from ..keep_in_touch.words import touch_words
from ..store import Relationship, Store
from .common import ROW_ID, console, errors_as_messages, open_store, say, settings

log = logging.getLogger(__name__)


def _sync(store: Store, config: Config, offline: bool) -> None:
    """Read the CRM's logged interactions first, so a meeting there resets the timer here. A CRM
    that cannot be reached only costs that: the list is still made from what is known."""
    if offline or config.crm().name == "local":
        return
    try:
        new = read_back(store, config.touch(), config.mail(), adapter_for(config, store))
    except Exception as exc:  # the CRM's trouble must not hide who is due
        say(f"could not read interactions from the CRM: {exc}")
        return
    if new:
        click.echo(f"{new} interaction(s) read from the CRM", err=True)


@click.command()
@click.option("--json", "as_json", is_flag=True, help="One JSON object per contact per line.")
@click.option("--within", type=click.IntRange(0, 366), default=0, metavar="DAYS",
              help="Also those due in the next DAYS days.")  # fmt: skip
@click.option("--offline", is_flag=True, help="Don't read interactions from the CRM first.")
@click.option("--no-drafts", is_flag=True, help="Don't draft check-ins for those due.")
@errors_as_messages
def due(as_json: bool, within: int, offline: bool, no_drafts: bool) -> None:
    """Who is due a check-in, most overdue first (their drafts made ready)."""
    config = settings()
    today = today_for(config.mail())
    with open_store(config) as store:
        _sync(store, config, offline)
        if not no_drafts:
            checkins.prepare(store, config.checkins(), today)
        people = due_contacts(store, config.touch(), config.mail(), today, within)
        if as_json:
            for p in people:
                click.echo(json.dumps(due_json(p, today), ensure_ascii=False))
            return
        out = console()
        if not people:
            out.print("nobody is due a check-in")
            return
        table = Table(header_style="bold", box=None)
        for column in ("ID", "name", "company", "cadence", "last touch", "due", "check-in"):
            table.add_column(column)
        for p in people:
            overdue = p.days_overdue(today)
            last = p.last_touch
            table.add_row(
                str(p.contact_id),
                escape(p.name or p.email or "?"),
                escape(p.company or ""),
                f"{p.cadence.name} ({escape(p.cadence.source)})",
                f"{last.at:%Y-%m-%d} {escape(touch_words(last))}" if last else "never",
                f"{p.due_on}" + (f" [red]{overdue} d overdue[/]" if overdue > 0 else ""),
                _checkin_text(p),
            )
        out.print(table)
        out.print("`cardfollow checkin ID` shows a draft; `--approve` queues it")


def due_json(p: DueContact, today: dt.date) -> dict[str, Any]:
    last = p.last_touch
    return {
        "contact_id": p.contact_id,
        "name": p.name,
        "email": p.email,
        "company": p.company,
        "cadence": p.cadence.name,
        "cadence_from": p.cadence.source,
        "tags": p.tags,
        "last_touch": last.at.isoformat() if last else None,
        "last_touch_kind": last.kind if last else None,
        "due_on": p.due_on.isoformat() if p.due_on else None,
        "days_overdue": p.days_overdue(today),
        "card_id": p.card.id,
        "event": p.card.event,
        "checkin": (
            {"id": p.checkin.id, "state": p.checkin.state, "subject": p.checkin.subject}
            if p.checkin
            else None
        ),
    }


def _checkin_text(p: DueContact) -> str:
    if p.checkin is None:
        return ""
    return f"#{p.checkin.id} {p.checkin.state}: {escape(p.checkin.subject)}"


@click.command()
@click.argument("contact_id", type=ROW_ID)
@click.option("--note", default=None, help="What it was (a call, lunch, a message elsewhere).")
@click.option("--on", "on", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="The day, if not today (YYYY-MM-DD).")  # fmt: skip
@errors_as_messages
def touched(contact_id: int, note: str | None, on: dt.datetime | None) -> None:
    """Record that you were in touch with a contact: their timer starts again."""
    config = settings()
    at = None
    if on is not None:
        at = dt.datetime.combine(on.date(), dt.time(12), tzinfo=dt.UTC)
    with open_store(config) as store:
        record_touch(store, contact_id, note, at)
    console().print(f"contact {contact_id}: in touch {(at or dt.datetime.now()):%Y-%m-%d}")


@click.command()
@click.argument("contact_id", type=ROW_ID)
@click.argument("value", required=False)
@errors_as_messages
def cadence(contact_id: int, value: str | None) -> None:
    """Show or set a contact's cadence: monthly, quarterly, twice-a-year, none, or default (from
    its tags, its event, or touch.cadence)."""
    config = settings()
    with open_store(config) as store:
        store.contacts.get(contact_id)
        rel = store.relationships.get(contact_id)
        if value is not None:
            own = None if value.strip().lower() == "default" else parse_cadence(value)
            store.relationships.save(Relationship(contact_id, own, rel.tags))
        person = next(
            (
                p
                for p in relationships(store, config.touch(), config.mail())
                if p.contact_id == contact_id
            ),
            None,
        )
    if person is None:
        console().print(f"contact {contact_id}: no follow-up approved yet, so not kept in touch")
        return
    console().print(
        f"contact {contact_id}: {person.cadence.name} (from {escape(person.cadence.source)})"
        + (f", next due {person.due_on}" if person.due_on else "")
    )


@click.command()
@click.argument("contact_id", type=ROW_ID)
@click.argument("tags", nargs=-1)
@click.option("--remove", "removed", multiple=True, metavar="TAG", help="Take a tag off.")
@errors_as_messages
def tag(contact_id: int, tags: tuple[str, ...], removed: tuple[str, ...]) -> None:
    """Show or add a contact's tags (tiers such as vip; touch.tiers gives each a cadence)."""
    config = settings()
    with open_store(config) as store:
        store.contacts.get(contact_id)
        rel = store.relationships.get(contact_id)
        now = {normalise_tag(t) for t in rel.tags} | {normalise_tag(t) for t in tags if t.strip()}
        now -= {normalise_tag(t) for t in removed}
        if tags or removed:
            store.relationships.save(Relationship(contact_id, rel.cadence, sorted(now)))
    console().print(f"contact {contact_id}: tags {', '.join(sorted(now)) or '(none)'}")


@click.command()
@click.argument("contact_id", type=ROW_ID)
@click.option("--template", default=None, help="Draft it again with this template.")
@click.option("--note", default=None, help="What to offer: a tip, a link, congratulations.")
@click.option("--subject", default=None, help="Your own subject line.")
@click.option("--body", default=None, help="Your own text.")
@click.option("--approve", "do_approve", is_flag=True, help="Queue it to be sent.")
@click.option("--skip", "do_skip", is_flag=True, help="Not this time: restart the timer.")
@errors_as_messages
def checkin(
    contact_id: int,
    template: str | None,
    note: str | None,
    subject: str | None,
    body: str | None,
    do_approve: bool,
    do_skip: bool,
) -> None:
    """Show a contact's check-in draft (drafting one), change it, approve or skip it."""
    if do_approve and do_skip:
        raise click.UsageError("--approve or --skip, not both")
    config = settings()
    out = console()
    with open_store(config) as store:
        person = checkins.find(store, config.checkins(), contact_id)
        record = checkins.draft(
            store,
            config.checkins(),
            person,
            template=template,
            note=note,
            today=today_for(config.mail()),
        )
        if subject is not None or body is not None:
            checkins.edit(store, record.id, subject or record.subject, body or record.body)
            record = store.checkins.get(record.id)
        out.print(f"[bold]check-in #{record.id}[/] for contact {contact_id} ({record.state})")
        out.print(f"Subject: {escape(record.subject)}\n")
        out.print(escape(record.body))
        if do_skip:
            checkins.skip(store, record.id)
            out.print("skipped: the timer starts again today")
        elif do_approve:
            when = checkins.approve(store, config.checkins(), record.id)
            out.print(f"approved; mail due {when.astimezone():%a %d %b %H:%M %Z}")


@click.command("digest")
@click.option(
    "--email",
    "by_mail",
    is_flag=True,
    help="Mail it to yourself (text and HTML); with users, each rep their own.",
)
@click.option("--to", default=None, help="Mail the whole digest here instead (implies --email).")
@click.option("--offline", is_flag=True, help="Don't read interactions from the CRM first.")
@errors_as_messages
def digest_command(by_mail: bool, to: str | None, offline: bool) -> None:
    """The weekly digest: who is due a check-in, with the drafts ready. Run it weekly (cron).

    With users, --email mails each rep the contacts they met, to their address from their
    mailbox; contacts no rep met go to the shared address."""
    config = settings()
    with open_store(config) as store:
        _sync(store, config, offline)
        today = today_for(config.mail())
        each_rep = by_mail and not to and store.users.any()
        checkin = config.checkins()
        reps = team_digest.per_rep(store, checkin, config.sender(), today) if each_rep else []
        weekly = None if each_rep else digest.weekly(store, checkin, today)
    if weekly is None:
        _mail_each(reps, config)
    elif by_mail or to:
        address = digest.mail(weekly, config.mail(), config.sender(), config.touch(), to)
        click.echo(f"digest sent to {address}: {weekly.due} due")
    else:
        click.echo(weekly.text, nl=False)


def _mail_each(reps: list[team_digest.RepDigest], config: Config) -> None:
    if not reps:
        click.echo("no digest sent: nobody is due a check-in or coming up")
    failed = False
    for sent in team_digest.mail_each(reps, config.touch()):
        whose = f"{sent.rep}'s digest" if sent.rep else "the digest of contacts no rep met"
        if sent.problem:
            say(f"{whose} not sent: {sent.problem}")
            failed = True
        else:
            click.echo(f"{whose} sent to {sent.address}: {sent.due} due")
    if failed:
        raise SystemExit(1)
