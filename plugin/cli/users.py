"""``cardfollow user``: the team's users, their sign-in links, passwords and own settings."""

from __future__ import annotations

import json
import socket

import click

from ..config import Config
from ..users import accounts
from ..users.accounts import SignInLink
from ..users.settings import MAIL_KEYS, PROFILE_KEYS
from .common import errors_as_messages, open_store, settings
from .serve import WILDCARDS, page_url


def review_url(config: Config) -> str:
    """Where the review page is reached: ``serve.public_url``, else this machine's address and
    the review page's port (its network name when it listens on every address)."""
    serve = config.serve()
    if serve.public_url:
        return str(serve.public_url).rstrip("/")
    host = str(serve.host).strip()
    return page_url(socket.gethostname() if host in WILDCARDS else host, serve.port, None)


def _say_link(link: SignInLink) -> None:
    click.echo(f"Sign-in link for {link.user.name} (works once, until {link.expires:%Y-%m-%d}):")
    click.echo(link.url)


@click.group()
def user() -> None:
    """The people who share this store: each reviews the cards they captured."""


@user.command("add")
@click.argument("name")
@click.option("--email", required=True, help="Their email: the sender address of their mail.")
@click.option("--admin", is_flag=True, help="May see every rep's queue.")
@errors_as_messages
def add(name: str, email: str, admin: bool) -> None:
    """Add a user and print their sign-in link. Their card photos go in <inbox>/NAME/."""
    config = settings()
    with open_store(config) as store:
        link = accounts.add_user(store, review_url(config), name, email, admin)
    role = "admin" if admin else "rep"
    click.echo(f"Added {link.user.name} <{link.user.email}> ({role}).")
    click.echo(f"Their card photos: {config.inbox().path / link.user.name}/<event>/")
    _say_link(link)


@user.command("list")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per user per line.")
@errors_as_messages
def list_users(as_json: bool) -> None:
    """Every user, with their role and how they sign in."""
    with open_store(settings()) as store:
        users = store.users.list()
    for u in users:
        if as_json:
            record = {"name": u.name, "email": u.email, "admin": u.is_admin}
            record |= {"password": u.has_password, "created_at": u.created_at}
            click.echo(json.dumps(record, ensure_ascii=False))
        else:
            role = "admin" if u.is_admin else "rep"
            password = ", password set" if u.has_password else ""
            click.echo(f"{u.name}  <{u.email}>  {role}{password}")
    if not users and not as_json:
        click.echo("No users: the review page is yours alone (`cardfollow user add` adds some).")


@user.command("link")
@click.argument("name")
@errors_as_messages
def link(name: str) -> None:
    """A new one-time sign-in link for NAME (the earlier one stops working)."""
    config = settings()
    with open_store(config) as store:
        _say_link(accounts.new_link(store, review_url(config), name))


@user.command("remove")
@click.argument("name")
@errors_as_messages
def remove(name: str) -> None:
    """Sign NAME out everywhere and take their access away; their cards are kept."""
    with open_store(settings()) as store:
        gone = accounts.remove_user(store, name)
    click.echo(f"Removed {gone.name}: signed out, no link or password works; their cards stay.")


@user.command("password")
@click.argument("name")
@click.option("--clear", is_flag=True, help="Remove the password (sign-in links only).")
@errors_as_messages
def password(name: str, clear: bool) -> None:
    """Set NAME's password for the sign-in form (asked for, never on the command line)."""
    secret = None
    if not clear:
        secret = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    with open_store(settings()) as store:
        done = accounts.set_password(store, name, secret)
    click.echo(f"{done.name}: password {'set' if done.has_password else 'cleared'}.")


_PROFILE_HELP = {
    "name": "Their name as signed.",
    "title": "Their job title.",
    "company": "Their company (default: the shared profile's).",
    "email": "Their sender address (default: their account email).",
    "phone": "Their phone.",
    "signature": "The lines under their name.",
}
_MAIL_HELP = {
    "smtp_url": "Their own mail server, smtp://user@host:587?starttls=1 (default: the shared).",
    "send_at": "When their approved mail goes: morning or now.",
    "morning": "Their business morning, HH:MM.",
    "timezone": "Their time zone, e.g. Europe/Berlin.",
}


def _settings_options(func: click.decorators.FC) -> click.decorators.FC:
    for key in reversed(PROFILE_KEYS):
        func = click.option(f"--{key}", f"profile_{key}", default=None, help=_PROFILE_HELP[key])(
            func
        )
    for key in reversed(MAIL_KEYS):
        flag = "--" + key.replace("_", "-")
        func = click.option(flag, f"mail_{key}", default=None, help=_MAIL_HELP[key])(func)
    return func


@user.command("profile")
@click.argument("name")
@_settings_options
@errors_as_messages
def profile(name: str, **values: str | None) -> None:
    """Show or set NAME's own profile and mailbox ("" clears a value)."""
    with open_store(settings()) as store:
        found = accounts.find(store, name)
        own_profile, own_mail = dict(found.profile), dict(found.mail)
        for option, value in values.items():
            if value is None:
                continue
            group, _, key = option.partition("_")
            target = own_profile if group == "profile" else own_mail
            if value.strip():
                target[key] = value.strip()
            else:
                target.pop(key, None)
        if any(v is not None for v in values.values()):
            accounts.check_settings(own_profile, own_mail)
            store.users.set_settings(found.id, profile=own_profile, mail=own_mail)
    click.echo(f"{found.name} <{found.email}>")
    for key in PROFILE_KEYS:
        if own_profile.get(key):
            click.echo(f"  {key}: {own_profile[key]}")
    for key in MAIL_KEYS:
        if own_mail.get(key):
            shown = accounts.shown_mail(key, own_mail[key])
            click.echo(f"  {key}: {shown}")
