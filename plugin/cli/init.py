"""``cardfollow init``: your profile, mail server and CRM, asked one by one or given as options."""

from __future__ import annotations

import click

from ocr.errors import CardfollowError

from ..config import Config
from ..crm.registry import CRMS
from ..mail import MailError, parse_smtp_url
from ..profile import ProfileIncomplete, first_run, missing, valid_email, why_incomplete
from .common import console, errors_as_messages, settings

_SECURITIES = ("starttls", "ssl", "none")


@click.command()
@click.option("--name", default=None, help="Your name, as your follow-ups are signed.")
@click.option("--email", default=None, help="Your email: follow-ups go from it, replies to it.")
@click.option("--title", default=None, help="Your job title.")
@click.option("--company", default=None, help="Your company.")
@click.option("--phone", default=None, help="Your phone number.")
@click.option("--signature", default=None, help='The lines under your name ("\\n" between).')
@click.option(
    "--smtp-url",
    default=None,
    metavar="URL",
    help="Your mail server: smtp://USER@HOST:587?starttls=1 or smtps://USER@HOST:465; a "
    "password in it is moved to the keyring.",
)
@click.option("--crm", type=click.Choice(list(CRMS)), default=None, help="Your CRM.")
@click.option(
    "--crm-token",
    default=None,
    help="Your CRM's token or service key (kept in the keyring), for a CRM that needs one.",
)
@click.option(
    "--test-mail/--no-test-mail",
    default=True,
    help="Send a test message to yourself through the mail server (default: yes).",
)
@click.option("--no-input", is_flag=True, help="Ask nothing: take only the options given.")
@errors_as_messages
def init(
    name: str | None,
    email: str | None,
    title: str | None,
    company: str | None,
    phone: str | None,
    signature: str | None,
    smtp_url: str | None,
    crm: str | None,
    crm_token: str | None,
    test_mail: bool,
    no_input: bool,
) -> None:
    """Set up your profile, mail server and CRM (asks for each; or give them as options)."""
    config = settings()
    given = first_run.Choices(
        name=name,
        email=email,
        title=title,
        company=company,
        phone=phone,
        signature=signature.replace("\\n", "\n") if signature is not None else None,
        smtp_url=smtp_url,
        crm=crm,
        crm_token=crm_token,
    )
    choices = given if no_input else _ask(config, given)
    if choices.smtp_url:
        parse_smtp_url(choices.smtp_url)  # a usable URL, before anything is written
    notes = first_run.save(choices, config.file)
    config = settings()
    out = console()
    out.print(f"saved to {config.file}", markup=False)
    for note in notes:
        out.print(note, markup=False)
    for key in ("name", "email"):
        source = config.values[f"profile.{key}"].source
        if source.startswith("env "):
            out.print(f"note: {source.removeprefix('env ')} is set and wins over config.toml")
    if missing(config.sender()):
        raise ProfileIncomplete(why_incomplete(config.sender()) or "")
    failed = False
    if config.mail().smtp_url and test_mail:
        try:
            reply = first_run.test_message(config.sending())
        except MailError as exc:
            click.echo(f"cardfollow: the test message did not go: {exc}", err=True)
            click.echo(
                "cardfollow: fix the mail server (cardfollow init --smtp-url ...) and try again",
                err=True,
            )
            failed = True
        else:
            out.print(f"test message sent to {config.sender().email} ({reply})", markup=False)
    elif not config.mail().smtp_url:
        out.print("no mail server yet: follow-ups wait until you set one (cardfollow init)")
    out.print(f"profile: {config.sender().name} <{config.sender().email}>", markup=False)
    out.print(f"crm: {config.crm().name}", markup=False)
    if failed:
        raise SystemExit(1)


def _ask(config: Config, given: first_run.Choices) -> first_run.Choices:
    """Ask for whatever the options did not give, the current setting as the default."""

    def ask(label: str, value: str | None, current: str | None, required: bool = False) -> str:
        if value is not None:
            return value
        return click.prompt(
            label,
            default=current or ("" if not required else None),
            show_default=bool(current),
            value_proc=_email_value if label == "Your email" else None,
        ).strip()

    name = ask("Your name", given.name, config.sender().name, required=True)
    email = ask("Your email", given.email, config.sender().email, required=True)
    title = ask("Job title (optional)", given.title, config.sender().title)
    company = ask("Company (optional)", given.company, config.sender().company)
    phone = ask("Phone (optional)", given.phone, config.sender().phone)
    current_signature = (config.sender().signature or "").replace("\n", "\\n")
    signature = given.signature
    if signature is None:
        signature = ask("Signature lines (optional; \\n between lines)", None, current_signature)
        signature = signature.replace("\\n", "\n")
    url = given.smtp_url if given.smtp_url is not None else _ask_mail_server(config, email)
    crm = given.crm or click.prompt("CRM", type=click.Choice(list(CRMS)), default=config.crm().name)
    token = given.crm_token
    secret = first_run.crm_secret(crm)
    if secret is not None and token is None:
        label = f"{CRMS[crm].display_name} {secret.key.replace('_', ' ')}"
        token = click.prompt(
            f"{label} (empty: set it later)", default="", show_default=False, hide_input=True
        )
    return first_run.Choices(name, email, title, company, phone, signature, url, crm, token or None)


def _ask_mail_server(config: Config, email: str) -> str | None:
    current = config.mail().smtp_url
    hint = "empty: keep the current one" if current else "empty: set it later"
    host = click.prompt(f"Mail server (SMTP) host ({hint})", default="", show_default=False)
    if not host.strip():
        return None
    port = click.prompt("Port", type=int, default=587)
    security = click.prompt(
        "Security",
        type=click.Choice(_SECURITIES),
        default="ssl" if port == 465 else ("starttls" if port == 587 else "none"),
    )
    user = click.prompt("User name (empty: no login)", default=email, show_default=True).strip()
    password = None
    if user:
        password = click.prompt(
            "Password (kept in the keyring; empty: already there)",
            default="",
            show_default=False,
            hide_input=True,
        )
    try:
        return first_run.smtp_url(host.strip(), port, security, user or None, password or None)
    except CardfollowError as exc:
        raise click.UsageError(str(exc)) from None


def _email_value(value: str) -> str:
    if not valid_email(value):
        raise click.BadParameter(f"{value!r} is not an email address")
    return value
