"""HubSpot's v3 request signature (section 5.3 of the reference): vectors, the decode table, the
window, and agreement with the fake proxy's own, separately written signer."""

from __future__ import annotations

import pytest
from fake_hubspot.fetch_proxy import sign_v3 as proxy_sign_v3

from plugin.web.sidebar.signature import (
    FUTURE_SKEW_MS,
    MAX_AGE_MS,
    SignatureError,
    sign_v2,
    sign_v3,
    signed_uri,
    verify_v3,
)

SECRET = "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy"
TS = 1_700_000_000_000
URL = "https://cardfollow.example.com/hubspot/contacts/5012/followup/approve?portalId=1&userId=2"
BODY = b'{"subject":"Hi","body":"Good to meet you","send":"now"}'


def test_the_reference_vectors() -> None:
    assert sign_v3("POST", "https://example.com/hook", '{"a":1}', SECRET, str(TS)) == (
        "JjTxR08WZMmzR9KYrEEiWlfpJ1Co+NwgueJ8qVOUvyc="
    )
    # HubSpot's own v2 example: the same building blocks, hex SHA-256 of secret + parts.
    assert sign_v2("GET", "https://www.example.com/webhook_uri", "", SECRET) == (
        "eee2dddcc73c94d699f5e395f4b9d454a069a6855fbfa152e91e88823087200e"
    )


@pytest.mark.parametrize(
    ("escape", "char"),
    [
        ("%3A", ":"), ("%2F", "/"), ("%3F", "?"), ("%40", "@"), ("%21", "!"), ("%24", "$"),
        ("%27", "'"), ("%28", "("), ("%29", ")"), ("%2A", "*"), ("%2C", ","), ("%3B", ";"),
    ],
)  # fmt: skip
def test_the_twelve_escapes_are_decoded_in_either_case(escape: str, char: str) -> None:
    assert signed_uri(f"https://h/p?q=a{escape}b") == f"https://h/p?q=a{char}b"
    assert signed_uri(f"https://h/p?q=a{escape.lower()}b") == f"https://h/p?q=a{char}b"


@pytest.mark.parametrize("kept", ["%20", "%26", "%3D", "%2B", "%25", "%2525", "%0A", "%C3%A9"])
def test_other_escapes_stay_as_sent(kept: str) -> None:
    assert signed_uri(f"https://h/p?q=a{kept}b") == f"https://h/p?q=a{kept}b"


def test_a_double_escape_is_not_decoded_twice() -> None:
    # "%2540" is a literal "%40" in the value: decoding must not turn it into "@".
    assert signed_uri("https://h/p?q=%2540") == "https://h/p?q=%2540"


@pytest.mark.parametrize(
    "url",
    [
        URL,
        "https://h.example/hubspot/contacts/1/followup?email=a%40b.com&x=%3A%2f",
        "https://h.example/p?q=a%26b%3Dc%20d%2Be",
    ],
)
def test_the_plugin_and_the_proxy_sign_alike(url: str) -> None:
    assert sign_v3("POST", url, BODY, SECRET, str(TS)) == proxy_sign_v3(
        "POST", url, BODY, SECRET, TS
    )


def verify(**changes: object) -> None:
    args: dict[str, object] = {
        "method": "POST",
        "uri": URL,
        "body": BODY,
        "timestamp": str(TS),
        "signature": sign_v3("POST", URL, BODY, SECRET, str(TS)),
        "secret": SECRET,
        "now_ms": TS + 1_000,
    }
    args.update(changes)
    verify_v3(**args)  # type: ignore[arg-type]


def test_a_signed_request_verifies() -> None:
    verify()
    verify(signature=" " + sign_v3("POST", URL, BODY, SECRET, str(TS)) + " ")


@pytest.mark.parametrize(
    "change",
    [
        {"body": BODY.replace(b"now", b"nox")},
        {"body": BODY + b" "},
        {"uri": URL.replace("userId=2", "userId=3")},
        {"uri": URL.replace("/5012/", "/5013/")},
        {"uri": URL.replace("cardfollow.example.com", "cardfollow.example.net")},
        {"uri": URL.replace("https://", "http://")},
        {"method": "PUT"},
        {"secret": SECRET + "x"},
        {"timestamp": str(TS + 1)},
    ],
)
def test_any_change_is_refused(change: dict[str, object]) -> None:
    with pytest.raises(SignatureError, match="does not match"):
        verify(**change)


def test_the_window() -> None:
    verify(now_ms=TS + MAX_AGE_MS)  # exactly five minutes: still in
    with pytest.raises(SignatureError, match="5 minutes old"):
        verify(now_ms=TS + MAX_AGE_MS + 1)
    verify(now_ms=TS - FUTURE_SKEW_MS)  # a clock 30 s ahead of ours
    with pytest.raises(SignatureError, match="future"):
        verify(now_ms=TS - FUTURE_SKEW_MS - 1)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"signature": None}, "missing"),
        ({"signature": ""}, "missing"),
        ({"timestamp": None}, "missing"),
        ({"timestamp": "1700000000.5"}, "milliseconds"),
        ({"timestamp": "-1"}, "milliseconds"),
        ({"timestamp": "١٧٠٠"}, "milliseconds"),  # digits, but not ASCII ones
        ({"signature": "é" * 44}, "does not match"),
    ],
)
def test_malformed_headers_are_refused(change: dict[str, object], reason: str) -> None:
    with pytest.raises(SignatureError, match=reason):
        verify(**change)


def test_an_empty_body_signs_as_nothing() -> None:
    url = URL.replace("/approve", "")
    signature = sign_v3("GET", url, b"", SECRET, str(TS))
    verify_v3(
        method="GET", uri=url, body=b"", timestamp=str(TS), signature=signature,
        secret=SECRET, now_ms=TS,
    )  # fmt: skip
