"""Cards in Japanese, Chinese and Korean script: the rules for CJK lines (titles, addresses, the
card's country, a printed name's family and given name), the Korean pass that reads the Hangul
RapidOCR cannot, and generated JP/ZH/KO cards read end to end through ``cardfollow extract``."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import phonenumbers
import pytest

from ocr.engines import hangul
from ocr.engines.lines import build_lines, line_from_chars
from ocr.models import Line, OcrResult, Settings, Word
from ocr.parse import ocr_from_text, parse_contact
from ocr.parse.scripts import cjk_address_score, cjk_region, cjk_title_score, split_cjk_name
from ocr.parse.titles import title_score

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "sample_cards"))
from cjk_cards import CjkCard, CjkPhone, write_card
from data import LIGHT_THEMES

# --- the rules for CJK lines ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "is_title"),
    [
        ("営業部 部長", True),
        ("代表取締役社長", True),
        ("销售经理", True),
        ("總經理", True),
        ("영업부 부장", True),
        ("대표이사", True),
        ("山和商事株式会社", False),  # a company, though 商事 is no title word
        ("株式会社 代表", False),  # a legal form is a company line, whatever else it holds
        ("東京都千代田区丸の内1-2-3", False),
        ("吉田翔太", False),
        ("김민수", False),
    ],
)
def test_cjk_job_titles(text: str, is_title: bool) -> None:
    assert (cjk_title_score(text) > 0) is is_title
    assert (title_score(text) > 0) is is_title  # the parser's own title test asks the same


@pytest.mark.parametrize(
    ("text", "is_address"),
    [
        ("〒100-0005 東京都千代田区丸の内1-2-3", True),
        ("大阪府大阪市北区梅田3-1-8", True),
        ("上海市浦东新区陆家嘴环路1000号", True),
        ("台北市信義區信義路五段7號", True),
        ("서울특별시 강남구 테헤란로 152", True),
        ("営業部 部長", False),
        ("上海华成科技有限公司", False),
        ("주식회사 한빛소프트웨어", False),
    ],
)
def test_cjk_addresses(text: str, is_address: bool) -> None:
    assert (cjk_address_score(text) > 0) is is_address


def test_the_country_of_a_cjk_card() -> None:
    assert cjk_region(["〒530-0001 大阪府大阪市北区梅田3-1-8"], []) == "JP"
    assert cjk_region(["香港中環皇后大道中99號"], []) == "HK"
    assert cjk_region(["台北市信義區信義路五段7號"], []) == "TW"
    assert cjk_region(["서울특별시 강남구 테헤란로 152"], []) == "KR"
    assert cjk_region(["たなか"], []) == "JP"  # kana: only Japanese writes it
    assert cjk_region(["王伟"], ["www.huacheng-tech.com.cn"]) == "CN"
    assert cjk_region(["Anna Weber"], ["weber.de"]) is None


def test_printed_names_are_split_family_first_without_inventing_spaces() -> None:
    assert split_cjk_name("山田 太郎", "JP") == ("太郎", "山田")
    assert split_cjk_name("吉田翔太", "JP") == (None, None)  # where the family name ends is unknown
    assert split_cjk_name("王伟", "CN") == ("伟", "王")
    assert split_cjk_name("欧阳晓明", "CN") == ("晓明", "欧阳")
    assert split_cjk_name("김민수", "KR") == ("민수", "김")
    assert split_cjk_name("남궁민수", "KR") == ("민수", "남궁")


def test_national_numbers_take_the_country_of_a_cjk_address() -> None:
    ocr = ocr_from_text(
        "山和商事株式会社\n営業部 部長\n山田 太郎\nTEL 03-3765-2285\n携帯 090-1893-5174\n"
        "taro.yamada@sanwa-shoji.com\n〒100-0005 東京都千代田区丸の内1-2-3"
    )
    contact = parse_contact(ocr, Settings()).contact
    assert {p.number for p in contact.phones} == {"+81337652285", "+819018935174"}
    assert contact.full_name == "山田 太郎"
    assert (contact.given_name, contact.family_name) == ("太郎", "山田")
    assert contact.company == "山和商事株式会社"
    assert contact.title == "営業部 部長"
    assert contact.address == "〒100-0005 東京都千代田区丸の内1-2-3"


def test_the_latin_name_wins_on_a_card_printed_in_both_scripts() -> None:
    ocr = ocr_from_text(
        "北斗システム株式会社\nHokuto Systems Co., Ltd.\n技術部 課長\n佐藤 健一\nKenichi Sato\n"
        "T +81 3-3765-2285\nkenichi.sato@hokuto-sys.co.jp"
    )
    contact = parse_contact(ocr, Settings()).contact
    assert contact.full_name == "Kenichi Sato"
    assert (contact.given_name, contact.family_name) == ("Kenichi", "Sato")


# --- the Korean pass --------------------------------------------------------------------------


def _line(text: str, conf: float, left: int, top: int, height: int = 40) -> Line:
    width = 30 * len(text)
    chars = [
        (
            c,
            conf,
            [
                [left + 30 * i, top],
                [left + 30 * i + 28, top],
                [left + 30 * i + 28, top + height],
                [left + 30 * i, top + height],
            ],
        )
        for i, c in enumerate(text.replace(" ", ""))
    ]
    quad = np.array(
        [[left, top], [left + width, top], [left + width, top + height], [left, top + height]]
    )
    line = line_from_chars(text, conf, quad, chars)
    assert line is not None
    return line


def test_unsure_han_or_a_korean_domain_sends_a_card_to_the_korean_pass() -> None:
    def ocr(*lines: Line) -> OcrResult:
        built = build_lines(lines)
        return OcrResult(built, (1000, 600), "\n".join(ln.text for ln in built))

    # '김민수' as RapidOCR reads it: Han characters at about one chance in two each.
    assert hangul.may_be_korean(ocr(_line("召巳今", 0.55, 60, 60)))
    assert hangul.may_be_korean(ocr(_line("minsu.kim@hanbit-sw.co.kr", 0.99, 60, 400)))
    assert hangul.may_be_korean(ocr(_line("Tel +82 2-1234-5678", 0.99, 60, 400)))
    # Kanji read with confidence, Latin text: no Korean pass.
    assert not hangul.may_be_korean(ocr(_line("青葉精工株式会社", 0.98, 60, 60)))
    assert not hangul.may_be_korean(ocr(_line("anna@weber.de", 0.99, 60, 400)))


def test_hangul_lines_replace_what_the_first_engine_made_of_them() -> None:
    first = build_lines(
        [
            _line("召巳今", 0.55, 60, 60, 60),
            _line("Minsu Kim", 0.99, 60, 140),
            _line("minsu.kim@hanbit-sw.co.kr", 0.99, 60, 400),
        ]
    )
    ocr = OcrResult(first, (1000, 600), "\n".join(ln.text for ln in first))
    korean = (Line((Word("김민수", 0.91, (62, 58, 170, 62)),), (62, 58, 170, 62), 1, 1),)
    merged = hangul.with_korean(ocr, korean)
    assert merged.text.splitlines() == ["김민수", "Minsu Kim", "minsu.kim@hanbit-sw.co.kr"]
    assert hangul.with_korean(ocr, ()) is ocr


# --- generated cards, end to end ---------------------------------------------------------------


def _phone(label: str, raw: str, region: str, kind: str) -> CjkPhone:
    e164 = phonenumbers.format_number(
        phonenumbers.parse(raw, region), phonenumbers.PhoneNumberFormat.E164
    )
    return CjkPhone(label, raw, kind, e164)


CARDS = (
    CjkCard(
        name="ja_bilingual",
        country="JP",
        lang="ja",
        printed_name="佐藤 健一",
        family="佐藤",
        given="健一",
        latin_name="Kenichi Sato",
        latin_given="Kenichi",
        latin_family="Sato",
        company="北斗システム株式会社",
        latin_company="Hokuto Systems Co., Ltd.",
        title="技術部 課長",
        latin_title="Engineering Manager",
        email="kenichi.sato@hokuto-sys.co.jp",
        website="www.hokuto-sys.co.jp",
        phones=(
            _phone("TEL", "03-3765-2285", "JP", "work"),
            _phone("携帯", "090-1893-5174", "JP", "mobile"),
        ),
        address="〒100-0005 東京都千代田区丸の内2-2-3",
    ),
    CjkCard(
        name="zh_hanzi",
        country="CN",
        lang="zh",
        printed_name="王晓明",
        family="王",
        given="晓明",
        latin_name=None,
        latin_given="Xiaoming",
        latin_family="Wang",
        company="上海华成科技有限公司",
        latin_company=None,
        title="销售经理",
        latin_title=None,
        email="xiaoming.wang@huacheng-tech.com.cn",
        website=None,
        phones=(
            _phone("电话", "+86 21 5555 1234", "CN", "work"),
            _phone("手机", "138 0013 8000", "CN", "mobile"),
        ),
        address="上海市浦东新区陆家嘴环路88号",
        layout="center",
        company_first=False,
    ),
    CjkCard(
        name="ko_hangul",
        country="KR",
        lang="ko",
        printed_name="김민수",
        family="김",
        given="민수",
        latin_name=None,
        latin_given="Minsu",
        latin_family="Kim",
        company="주식회사 한빛소프트웨어",
        latin_company=None,
        title="영업부 부장",
        latin_title=None,
        email="minsu.kim@hanbit-sw.co.kr",
        website="www.hanbit-sw.co.kr",
        phones=(
            _phone("TEL", "02-2345-6789", "KR", "work"),
            _phone("휴대폰", "010-2345-6789", "KR", "mobile"),
        ),
        address="서울특별시 강남구 테헤란로 152",
        theme=LIGHT_THEMES[2],
    ),
)


def _offline() -> list[str]:
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "-n", "true"], check=False).returncode == 0:
        return [unshare, "-n"]
    return []  # not root: still read, though the network is not cut


@pytest.mark.slow
def test_generated_jp_zh_ko_cards_read_end_to_end(tmp_path: Path) -> None:
    """Rendered with the CJK font, scanned, and read by ``cardfollow extract --json`` with the
    default engine, offline and with an empty HOME: the name (Latin when printed, else as
    printed), the company with its legal form, and every phone with the card's country."""
    if not Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc").exists():
        pytest.skip("fonts-wqy-microhei is not installed (scripts/setup.sh --dev installs it)")
    cards = tmp_path / "cards"
    cards.mkdir()
    images = [str(write_card(card, cards, 8101)) for card in CARDS]
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "HOME": str(home), "XDG_CACHE_HOME": str(home / ".cache")}
    env.pop("CARDFOLLOW_OCR_ENGINE", None)
    proc = subprocess.run(
        [*_offline(), sys.executable, "-m", "plugin", "extract", "--json", "-j", "1", *images],
        capture_output=True,
        text=True,
        timeout=900,
        env=env,
    )
    results = {Path(r["image"]).stem: r for r in map(json.loads, proc.stdout.splitlines())}
    assert set(results) == {c.name for c in CARDS}, proc.stderr
    assert list(home.rglob("*")) == []
    for card in CARDS:
        result = results[card.name]
        assert result["status"] == "ok", result.get("error")
        assert result["engine"] == "auto"
        got = result["contact"]
        want = json.loads((cards / f"{card.name}.json").read_text(encoding="utf-8"))["contact"]
        assert got["full_name"] == want["full_name"], (card.name, result["raw_text"])
        assert got["company"] == want["company"], (card.name, result["raw_text"])
        assert {p["number"] for p in got["phones"]} == {p["number"] for p in want["phones"]}, (
            card.name,
            result["raw_text"],
        )
    assert hangul.is_hangul(results["ko_hangul"]["contact"]["full_name"][0])


def test_a_title_printed_in_two_scripts_is_taken_in_latin() -> None:
    ocr = ocr_from_text(
        "마케팅팀 팀장\nMarketing Team Lead\n이동현\nDonghyun Lee\n주식회사 푸른바이오\n"
        "Tel 031-1043-2522\ndlee@pureunbio.co.kr"
    )
    contact = parse_contact(ocr, Settings()).contact
    assert contact.full_name == "Donghyun Lee"
    assert contact.title == "Marketing Team Lead"
    assert contact.company == "주식회사 푸른바이오"
    assert [p.number for p in contact.phones] == ["+823110432522"]


def test_korean_pieces_are_joined_into_the_words_tesseract_printed() -> None:
    from ocr.engines.tesseract import _respace

    pieces = [("주식회사", 0, 0.9), ("한", 130, 0.8), ("빛", 160, 0.95), ("소프트웨어", 190, 0.9)]
    words = tuple(Word(t, c, (x, 10, 28 * len(t), 30)) for t, x, c in pieces)
    line = Line(words, (0, 10, 330, 30), 1, 1)
    joined = _respace(line, [["김민수"], ["주식회사", "한빛소프트웨어"]])
    assert [w.text for w in joined.words] == ["주식회사", "한빛소프트웨어"]
    assert joined.words[1].conf == 0.8  # the word is as sure as its least sure piece
    assert joined.words[1].box == (130, 10, 200, 30)  # the union of its pieces
    # A line the plain text does not spell is left as it is.
    assert _respace(line, [["other"]]) is line


def test_a_tall_hangul_box_does_not_swallow_the_latin_line_under_it() -> None:
    first = build_lines(
        [
            _line("丕午", 0.47, 56, 116, 82),  # '조수진' as RapidOCR reads it
            _line("Sujin Cho", 0.99, 58, 200, 44),
        ]
    )
    ocr = OcrResult(first, (1000, 600), "\n".join(ln.text for ln in first))
    # Tesseract's box for the name reaches down over half the Latin line.
    korean = (Line((Word("조수진", 0.91, (67, 100, 185, 116)),), (67, 100, 185, 116), 1, 1),)
    assert hangul.with_korean(ocr, korean).text.splitlines() == ["조수진", "Sujin Cho"]


def test_the_cjk_generator_labels_what_it_prints() -> None:
    from cjk_cards import cards, expected_contact

    made = cards(30, 8101, None, "mix")
    assert {c.lang for c in made} == {"ja", "zh", "ko"}
    assert {c.script for c in made} == {"cjk", "cjk+latin"}
    for card in made:
        want = expected_contact(card)
        assert want["full_name"] == (card.latin_name or card.printed_name)
        assert " " not in card.printed_name or card.lang == "ja"  # spaces only where printed
        for p in card.phones:
            parsed = phonenumbers.parse(p.raw, card.country)
            assert phonenumbers.is_valid_number(parsed)
            assert phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164) == p.e164
