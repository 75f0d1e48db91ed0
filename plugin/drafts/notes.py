"""The user's note in a draft: worked into a sentence when it names a topic ("we talked about
X"), else used as written, and then the user is warned, since a private reminder ("send her the
slides") would otherwise reach the contact word for word."""

from __future__ import annotations

import re
from typing import Any

# "we talked about X", "discussed X", "re: X", "topic: X" and the like, in the languages drafts
# are written in (the user may write notes in their own): X is the topic.
_TOPIC_FORMS = (
    r"(?:we\s+|i\s+)?(?:(?:talked|spoke|chatted)\s+(?:about|of|on)|discussed|covered)",
    r"(?:our\s+)?(?:conversation|chat|talk)\s+(?:about|on)",
    r"re\s*:|topic\s*:|about(?:\s*:|(?=\s))",
    r"(?:wir\s+haben\s+)?(?:über|ueber)(?=\s.+\s(?:gesprochen|geredet)\s*\.?$)",
    r"(?:thema|gespräch\s+über)\s*:?",
    r"(?:on\s+a|nous\s+avons)\s+(?:parlé|discuté)\s+(?:de|du|des|d')|sujet\s*:",
    r"(?:hablamos|charlamos|conversamos)\s+(?:de|sobre)|tema\s*:",
    r"(?:we\s+hebben\s+)?(?:gesproken|gepraat)\s+over|onderwerp\s*:",
    r"(?:abbiamo\s+)?(?:parlato|discusso)\s+(?:di|del|della|dei|delle|su)|argomento\s*:",
    r"(?:falamos|conversamos)\s+(?:sobre|de|do|da|dos|das)|assunto\s*:",
)
_TOPIC_RE = re.compile(
    r"(?:" + "|".join(_TOPIC_FORMS) + r")\s*(?P<topic>.+?)"
    r"(?:\s+(?:gesprochen|geredet))?",
    re.IGNORECASE,
)
_SENTENCE_BREAK_RE = re.compile(r"[.!?;]\s+\S|\n")
_PLAIN_WORD_RE = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*[,;:]?")
_URLISH_RE = re.compile(r"(?:\w+://|www\.)\S*$|\S+@\S+$")
TOPIC_LIMIT = 160


def topic(note: Any) -> str | None:
    """The topic of a note written as "we talked about X" (or "discussed X", "re: X", "wir
    haben über X gesprochen", "on a parlé de X", ...): X, without its final full stop. None when
    the note is not of that form or is more than one phrase: then it is used as written."""
    if not note:
        return None
    match = _TOPIC_RE.fullmatch(str(note).strip().rstrip(".;:!").strip())
    if match is None:
        return None
    found = match.group("topic").strip().rstrip(".;:!").strip()
    if not found or len(found) > TOPIC_LIMIT or _SENTENCE_BREAK_RE.search(found):
        return None
    return found


def as_sentence(value: Any) -> str:
    """The note as a sentence: a capital first letter when the first word is plain lower case,
    and a full stop when it ends on a bare word (not on a link or an address)."""
    if not value:
        return ""
    text = str(value).strip()
    first = text.split(maxsplit=1)[0]
    if first.islower() and _PLAIN_WORD_RE.fullmatch(first):  # not "iPhone", not a link
        text = text[0].upper() + text[1:]
    if text[-1].isalnum() and not _URLISH_RE.search(text):
        text += "."
    return text


def note_warning(body: str, notes: dict[str, str | None]) -> str | None:
    """A warning for the review page and the CLI when a note went into the draft as written
    (it names no topic, or the template prints notes whole). ``notes`` maps "your note" / "the
    event's note" to the note text."""
    sent: list[str] = []
    for label, note in notes.items():
        # A note worked into a sentence ("our conversation about X") never appears whole.
        if note and _appears(as_sentence(note), body):
            sent.append(label)
    if not sent:
        return None
    return (
        f"{' and '.join(sent).capitalize()} will be sent as written, word for word. Phrase it as "
        'a topic ("we talked about …") to have it worked into a sentence, reword it for the '
        "contact, or leave it out if it is a reminder for yourself."
    )


def _appears(sentence: str, body: str) -> bool:
    # Compare with spacing and line breaks evened out: a long note may wrap or be tidied.
    def flat(text: str) -> str:
        return " ".join(text.split())

    return bool(sentence) and flat(sentence) in flat(body)
