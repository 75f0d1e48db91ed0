"""Lines in Chinese, Japanese or Korean script: job titles, postal addresses, the country they
point to, and a printed name split into family and given name.

CJK text has no spaces between words, so the Latin-script rules (word lexicons, postcode formats,
nameparser) never match it; these are their counterparts, small enough to read in one go.
"""

from __future__ import annotations

import re

_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")

# Job-title words, matched anywhere in a line: 部長 in 営業部 部長, 经理 in 销售经理.
_TITLE = re.compile(
    # Japanese
    r"社長|会長|部長|課長|係長|室長|所長|店長|主任|主査|取締役|役員|執行役|代表|専務|常務|"
    r"顧問|担当|マネージャー|ディレクター|エンジニア|コンサルタント|スペシャリスト|リーダー|"
    # Chinese (simplified and traditional)
    r"经理|經理|总监|總監|主管|董事|总裁|總裁|工程师|工程師|主任|助理|顾问|顧問|专员|專員|"
    r"总经理|總經理|首席|秘书|秘書|会计|會計|研究员|研究員|律师|律師|教授|"
    # Korean
    r"대표|이사|부장|과장|차장|팀장|실장|본부장|사장|회장|상무|전무|대리|주임|사원|연구원|"
    r"매니저|디렉터|엔지니어|컨설턴트|교수|변호사"
)
_NOT_TITLE = re.compile(r"株式会社|有限会社|有限公司|주식회사|\(주\)|㈜")

# Postal-address signs: a Japanese postcode mark, administrative units followed by more text,
# and street or building numbers.
_ADDRESS = re.compile(
    r"〒\s?\d{3}-?\d{4}|"
    r"(?:都|道|府|県).{0,6}(?:市|区|郡|町|村)|"
    r"(?:省|市).{0,8}(?:区|區|县|縣|路|街|道|镇|鎮).{0,20}\d|"
    r"(?:路|街|道)\s?\d+\s?(?:号|號|段)|\d+\s?(?:号|號|번지|층|樓|楼|階|F\b)|"
    r"(?:특별시|광역시|도)\s.{0,10}(?:시|구|군)|(?:로|길)\s?\d+"
)

# Country from the text of the card's lines, strongest first.
_REGION_TEXT: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"〒|東京都|大阪府|京都府|北海道|[都道府県]\S{0,4}市"), "JP"),
    (re.compile(r"香港|九龍|九龙|新界"), "HK"),
    (re.compile(r"台北|臺北|新北|台中|臺中|高雄|新竹|台南|臺南|桃園"), "TW"),
    (re.compile(r"서울|부산|인천|대구|광주|대전|울산|경기도|특별시|광역시"), "KR"),
    (re.compile(r"北京|上海|深圳|广州|杭州|南京|苏州|成都|武汉|天津|重庆|西安|[省]"), "CN"),
)
_TLD_REGION = {"jp": "JP", "cn": "CN", "kr": "KR", "tw": "TW", "hk": "HK", "mo": "MO"}

# Two-character family names, as printed without a space before the given name.
_COMPOUND_FAMILY = frozenset(
    [
        "欧阳",
        "歐陽",
        "司马",
        "司馬",
        "诸葛",
        "諸葛",
        "上官",
        "东方",
        "東方",
        "皇甫",
        "尉迟",
        "公孙",
        "公孫",
        "令狐",
        "慕容",
        "夏侯",
        "남궁",
        "황보",
        "제갈",
        "선우",
        "독고",
        "사공",
        "서문",
    ]
)


def has_cjk(text: str) -> bool:
    return bool(_HAN.search(text) or _KANA.search(text) or _HANGUL.search(text))


def cjk_title_score(text: str) -> float:
    """0..1: how much a line in CJK script reads like a job title (0 for other lines)."""
    if not has_cjk(text) or _NOT_TITLE.search(text) or cjk_address_score(text):
        return 0.0
    core = re.sub(r"\s+", "", text)
    if not _TITLE.search(core) or len(core) > 16:
        return 0.0
    return 0.8


def cjk_address_score(text: str) -> float:
    """1.0 for a line in CJK script that reads as a postal address, else 0."""
    return 1.0 if has_cjk(text) and _ADDRESS.search(text) else 0.0


def cjk_region(texts: list[str], hosts: list[str]) -> str | None:
    """The country a card in CJK script is from: an address or a script only one country
    writes (kana, Hangul), else a CJK country's web domain. None for other cards."""
    joined = "\n".join(texts)
    for pattern, region in _REGION_TEXT:
        if pattern.search(joined):
            return region
    if _KANA.search(joined):
        return "JP"
    if _HANGUL.search(joined):
        return "KR"
    for host in hosts:
        tld = host.split("/", 1)[0].rstrip(".").rsplit(".", 1)[-1].lower()
        if tld in _TLD_REGION:
            return _TLD_REGION[tld]
    return None


def split_cjk_name(printed: str, region: str | None) -> tuple[str | None, str | None]:
    """(given, family) of a name printed in CJK script, family name first: at the printed space
    when there is one, else after a two-character family name known as such or one character
    (Chinese and Korean names; a Japanese name without a space is ambiguous, so it is left
    whole)."""
    parts = printed.split()
    if len(parts) == 2:
        return parts[1], parts[0]
    core = "".join(parts)
    if region == "JP" or _KANA.search(core) or len(core) < 2:
        return None, None
    if _HANGUL.search(core) or len(core) <= 4:
        cut = 2 if core[:2] in _COMPOUND_FAMILY else 1
        if len(core) - cut >= 1:
            return core[cut:], core[:cut]
    return None, None
