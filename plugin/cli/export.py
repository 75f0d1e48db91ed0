"""``cardfollow export``: every contact as vCard (4.0 or 3.0) or as a CSV HubSpot imports as it
is."""

from __future__ import annotations

import datetime as dt
import io
import os
import tempfile
from pathlib import Path

import click

from ..export import ExportRecord, to_vcards, write_hubspot_csv
from ..store import CardState, Store
from .common import errors_as_messages, open_store, say, settings


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["vcf", "csv"]),
    required=True,
    help="vcf: vCard (4.0 by default); csv: HubSpot's import column names, UTF-8 with a BOM.",
)
@click.option(
    "--vcard-version",
    type=click.Choice(["4", "4.0", "3", "3.0"]),
    default="4.0",
    help="With --format vcf: 4.0 (RFC 6350), or 3.0 for Apple and Google Contacts.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to FILE (default: standard output).",
)
@click.option("--event", default=None, help="Only contacts met at this event.")
@errors_as_messages
def export(fmt: str, vcard_version: str, output: Path | None, event: str | None) -> None:
    """Export contacts, one per person, with the event and date met and your notes."""
    version = vcard_version if "." in vcard_version else f"{vcard_version}.0"
    if fmt != "vcf" and version != "4.0":
        raise click.UsageError("--vcard-version goes with --format vcf")
    with open_store(settings()) as store:
        records = export_records(store, event)
    buf = io.StringIO(newline="")
    if fmt == "vcf":
        buf.write(to_vcards(records, version))
    else:
        write_hubspot_csv(records, buf)
    text = buf.getvalue()
    if output is None:
        click.echo(text, nl=False)
        return
    # Whole or not at all: a crash never leaves half a file where the last good export was.
    output.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=output.parent, prefix=f".{output.name}.")
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
        fh.write(text)
    os.replace(tmp, output)
    say(f"{len(records)} contact(s) written to {output}")


def export_records(store: Store, event: str | None = None) -> list[ExportRecord]:
    records = []
    for contact in store.contacts.all():
        cards = [c for c in store.cards.list(contact_id=contact.id) if c.state != CardState.MERGED]
        if event is not None:
            cards = [c for c in cards if c.event == event]
        if not cards:
            continue
        first = cards[0]
        notes = [c.note for c in cards if c.note]
        event = store.events.get(first.event_id)
        records.append(
            ExportRecord(
                card_id=first.id,
                contact=contact.fields,
                event=event,
                met_on=first.met_on(event),
                note="\n\n".join(notes) or None,
                photo=first.photo,
                created=dt.datetime.fromisoformat(contact.created_at),
                card_text=(first.extraction or {}).get("raw_text"),
            )
        )
    return records
