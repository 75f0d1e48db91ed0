"""Data pools for the Japanese, Chinese and Korean cards of ``cjk_cards.py``.

Every person, firm and address is invented; the family and given names are common ones, paired
at random. Romanised forms are as such cards print them (Hepburn, Hanyu Pinyin, Revised
Romanisation), given name first.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CjkCountry:
    code: str  # ISO region, as phonenumbers wants it
    lang: str  # ja | zh | ko
    family: tuple[tuple[str, str], ...]  # (printed, romanised)
    given: tuple[tuple[str, str], ...]
    companies: tuple[tuple[str, str, str], ...]  # (printed stem, romanised stem, domain stem)
    legal: tuple[tuple[str, str], ...]  # (CJK form with '{}' for the stem, Latin form)
    titles: tuple[tuple[str, str], ...]  # (printed, English)
    addresses: tuple[str, ...]  # one printed line, "{n}" = a number
    tld: str
    work: tuple[str, ...]  # national significant number patterns: X digit, N 2-9
    mobile: tuple[str, ...]
    labels: tuple[tuple[str, str], ...]  # (label, kind): printed before a number
    name_space: float  # how often the family and given name are printed with a space


JP = CjkCountry(
    "JP",
    "ja",
    (
        ("山田", "Yamada"), ("佐藤", "Sato"), ("鈴木", "Suzuki"), ("高橋", "Takahashi"),
        ("田中", "Tanaka"), ("伊藤", "Ito"), ("渡辺", "Watanabe"), ("中村", "Nakamura"),
        ("小林", "Kobayashi"), ("加藤", "Kato"), ("吉田", "Yoshida"), ("松本", "Matsumoto"),
        ("井上", "Inoue"), ("木村", "Kimura"), ("林", "Hayashi"), ("清水", "Shimizu"),
        ("森", "Mori"), ("石川", "Ishikawa"), ("前田", "Maeda"), ("藤原", "Fujiwara"),
    ),
    (
        ("太郎", "Taro"), ("健一", "Kenichi"), ("裕子", "Yuko"), ("美咲", "Misaki"),
        ("大輔", "Daisuke"), ("直樹", "Naoki"), ("翔太", "Shota"), ("明美", "Akemi"),
        ("浩二", "Koji"), ("陽子", "Yoko"), ("拓也", "Takuya"), ("真理子", "Mariko"),
        ("誠", "Makoto"), ("恵", "Megumi"), ("隆", "Takashi"), ("由紀", "Yuki"),
    ),
    (
        ("山和商事", "Sanwa Shoji", "sanwa-shoji"), ("東光電機", "Toko Denki", "toko-denki"),
        ("北斗システム", "Hokuto Systems", "hokuto-sys"), ("青葉精工", "Aoba Seiko", "aoba-seiko"),
        ("桜井物産", "Sakurai Bussan", "sakurai-bussan"),
        ("みらいテクノロジー", "Mirai Technology", "mirai-tech"),
        ("若葉フーズ", "Wakaba Foods", "wakaba-foods"),
        ("大和ソフト", "Yamato Soft", "yamato-soft"),
        ("光洋化学", "Koyo Kagaku", "koyo-kagaku"), ("朝日デザイン", "Asahi Design", "asahi-dsn"),
    ),
    (("{}株式会社", "{} Co., Ltd."), ("株式会社{}", "{} Inc."), ("{}株式会社", "{} K.K.")),
    (
        ("営業部 部長", "Sales Manager"), ("代表取締役社長", "President & CEO"),
        ("技術部 課長", "Engineering Manager"), ("マーケティング部 主任", "Marketing Lead"),
        ("取締役", "Director"), ("海外事業部 担当", "International Sales"),
        ("経営企画室 室長", "Head of Corporate Planning"),
    ),
    (
        "〒100-0005 東京都千代田区丸の内{n}-2-3",
        "〒530-0001 大阪府大阪市北区梅田{n}-1-8",
        "〒220-0012 神奈川県横浜市西区みなとみらい{n}-5-1",
        "〒460-0008 愛知県名古屋市中区栄{n}-3-12",
        "〒812-0011 福岡県福岡市博多区博多駅前{n}-4-6",
    ),
    "co.jp",
    ("3XXXXXXXX", "6XXXXXXXX", "45XXXXXXX", "52XXXXXXX", "92XXXXXXX"),
    ("90XXXXXXXX", "80XXXXXXXX", "70XXXXXXXX"),
    (("TEL", "work"), ("Tel.", "work"), ("T", "work"), ("携帯", "mobile"),
     ("Mobile", "mobile"), ("M", "mobile"), ("FAX", "fax"), ("F", "fax")),
    0.6,
)  # fmt: skip

CN = CjkCountry(
    "CN",
    "zh",
    (
        ("王", "Wang"), ("李", "Li"), ("张", "Zhang"), ("刘", "Liu"), ("陈", "Chen"),
        ("杨", "Yang"), ("赵", "Zhao"), ("黄", "Huang"), ("周", "Zhou"), ("吴", "Wu"),
        ("徐", "Xu"), ("孙", "Sun"), ("胡", "Hu"), ("朱", "Zhu"), ("高", "Gao"),
        ("欧阳", "Ouyang"),
    ),
    (
        ("伟", "Wei"), ("芳", "Fang"), ("娜", "Na"), ("秀英", "Xiuying"), ("敏", "Min"),
        ("静", "Jing"), ("丽", "Li"), ("强", "Qiang"), ("磊", "Lei"), ("军", "Jun"),
        ("洋", "Yang"), ("勇", "Yong"), ("艳", "Yan"), ("杰", "Jie"), ("晓明", "Xiaoming"),
        ("建华", "Jianhua"), ("海燕", "Haiyan"), ("志强", "Zhiqiang"),
    ),
    (
        ("上海华成科技", "Huacheng Technology", "huacheng-tech"),
        ("北京远航信息技术", "Yuanhang IT", "yuanhang-it"),
        ("深圳蓝海电子", "Lanhai Electronics", "lanhai-elec"),
        ("杭州青禾贸易", "Qinghe Trading", "qinghe-trade"),
        ("广州新锐设计", "Xinrui Design", "xinrui-design"),
        ("苏州恒通精密机械", "Hengtong Precision", "hengtong-jm"),
        ("成都天府软件", "Tianfu Software", "tianfu-soft"),
    ),
    (("{}有限公司", "{} Co., Ltd."), ("{}股份有限公司", "{} Corp."), ("{}集团", "{} Group")),
    (
        ("总经理", "General Manager"), ("销售经理", "Sales Manager"), ("技术总监", "CTO"),
        ("市场部经理", "Marketing Manager"),
        ("董事长", "Chairman"), ("项目经理", "Project Manager"),
        ("财务总监", "CFO"), ("高级工程师", "Senior Engineer"),
    ),
    (
        "上海市浦东新区陆家嘴环路{n}号",
        "北京市朝阳区建国路{n}号",
        "深圳市南山区科技园南路{n}号",
        "杭州市西湖区文三路{n}号",
        "广州市天河区天河路{n}号",
    ),
    "com.cn",
    ("21XXXXXXXX", "10XXXXXXXX", "755XXXXXXXX", "571XXXXXXXX", "20XXXXXXXX"),
    ("138XXXXXXXX", "139XXXXXXXX", "186XXXXXXXX", "135XXXXXXXX"),
    (("电话", "work"), ("Tel", "work"), ("T", "work"), ("手机", "mobile"),
     ("Mobile", "mobile"), ("M", "mobile"), ("传真", "fax"), ("Fax", "fax")),
    0.0,
)  # fmt: skip

TW = CjkCountry(
    "TW",
    "zh",
    (
        ("陳", "Chen"), ("林", "Lin"), ("黃", "Huang"), ("張", "Chang"), ("李", "Lee"),
        ("王", "Wang"), ("吳", "Wu"), ("劉", "Liu"), ("蔡", "Tsai"), ("楊", "Yang"),
    ),
    (
        ("志明", "Chih-Ming"), ("怡君", "Yi-Chun"), ("家豪", "Chia-Hao"), ("淑芬", "Shu-Fen"),
        ("俊傑", "Chun-Chieh"), ("雅婷", "Ya-Ting"), ("建宏", "Chien-Hung"), ("美玲", "Mei-Ling"),
    ),
    (
        ("台灣宏達光電", "Hongda Optoelectronics", "hongda-opto"),
        ("新竹晶創科技", "Jingchuang Technology", "jingchuang"),
        ("台北永豐貿易", "Yongfeng Trading", "yongfeng-trade"),
    ),
    (("{}股份有限公司", "{} Co., Ltd."), ("{}有限公司", "{} Ltd.")),
    (
        ("總經理", "General Manager"),
        ("業務經理", "Sales Manager"), ("研發部 經理", "R&D Manager"),
        ("董事長", "Chairman"), ("專案經理", "Project Manager"),
    ),
    ("台北市信義區信義路五段{n}號", "新竹市東區光復路二段{n}號", "台中市西屯區台灣大道三段{n}號"),
    "com.tw",
    ("2XXXXXXXX", "3XXXXXXXX", "4XXXXXXXX"),
    ("9XXXXXXXX",),
    (("電話", "work"), ("Tel", "work"), ("T", "work"), ("手機", "mobile"),
     ("Mobile", "mobile"), ("M", "mobile"), ("傳真", "fax"), ("Fax", "fax")),
    0.0,
)  # fmt: skip

HK = CjkCountry(
    "HK",
    "zh",
    (
        ("陳", "Chan"), ("李", "Lee"), ("張", "Cheung"), ("黃", "Wong"), ("何", "Ho"),
        ("梁", "Leung"), ("林", "Lam"), ("鄭", "Cheng"),
    ),
    (
        ("嘉欣", "Ka Yan"), ("志偉", "Chi Wai"), ("美儀", "Mei Yee"), ("家樂", "Ka Lok"),
        ("詠詩", "Wing Sze"), ("國強", "Kwok Keung"),
    ),
    (
        ("香港匯豐物流", "Wui Fung Logistics", "wuifung-log"),
        ("維港資本", "Victoria Harbour Capital", "vh-capital"),
        ("東昇國際", "Tung Sing International", "tungsing-intl"),
    ),
    (("{}有限公司", "{} Limited"), ("{}有限公司", "{} Ltd.")),
    (("董事總經理", "Managing Director"), ("市場總監", "Marketing Director"), ("經理", "Manager")),
    ("香港中環皇后大道中{n}號", "九龍尖沙咀廣東道{n}號", "香港灣仔港灣道{n}號"),
    "com.hk",
    ("2XXXXXXX", "3XXXXXXX"),
    ("9XXXXXXX", "6XXXXXXX", "5XXXXXXX"),
    (("電話", "work"), ("Tel", "work"), ("T", "work"), ("手提", "mobile"),
     ("Mobile", "mobile"), ("M", "mobile"), ("傳真", "fax"), ("Fax", "fax")),
    0.0,
)  # fmt: skip

KR = CjkCountry(
    "KR",
    "ko",
    (
        ("김", "Kim"), ("이", "Lee"), ("박", "Park"), ("최", "Choi"), ("정", "Jung"),
        ("강", "Kang"), ("조", "Cho"), ("윤", "Yoon"), ("장", "Jang"), ("임", "Lim"),
        ("한", "Han"), ("오", "Oh"), ("서", "Seo"), ("신", "Shin"),
    ),
    (
        ("민수", "Minsu"), ("지훈", "Jihoon"), ("서연", "Seoyeon"), ("지민", "Jimin"),
        ("현우", "Hyunwoo"), ("수진", "Sujin"), ("영호", "Youngho"), ("은지", "Eunji"),
        ("동현", "Donghyun"), ("하은", "Haeun"), ("준영", "Junyoung"), ("미경", "Mikyung"),
    ),
    (
        ("한빛소프트웨어", "Hanbit Software", "hanbit-sw"),
        ("대한정밀", "Daehan Precision", "daehan-p"),
        ("누리미디어", "Nuri Media", "nurimedia"), ("새롬전자", "Saerom Electronics", "saerom"),
        ("푸른바이오", "Pureun Bio", "pureunbio"), ("하늘물산", "Haneul Trading", "haneul-trade"),
        ("미래로직스", "Mirae Logics", "miraelogics"),
    ),
    (("주식회사 {}", "{} Co., Ltd."), ("{} 주식회사", "{} Corp."), ("(주){}", "{} Inc.")),
    (
        ("대표이사", "CEO"),
        ("영업부 부장", "Sales Director"), ("기술연구소 책임연구원", "Principal Researcher"),
        ("마케팅팀 팀장", "Marketing Team Lead"),
        ("해외사업부 과장", "International Business Manager"),
        ("이사", "Director"),
    ),
    (
        "서울특별시 강남구 테헤란로 {n}",
        "서울특별시 중구 세종대로 {n}",
        "경기도 성남시 분당구 판교역로 {n}",
        "부산광역시 해운대구 센텀중앙로 {n}",
    ),
    "co.kr",
    ("2XXXXXXXX", "31XXXXXXXX", "51XXXXXXXX"),
    ("10XXXXXXXX",),
    (("TEL", "work"), ("Tel", "work"), ("T", "work"), ("전화", "work"), ("휴대폰", "mobile"),
     ("Mobile", "mobile"), ("M", "mobile"), ("팩스", "fax"), ("FAX", "fax")),
    0.0,
)  # fmt: skip

COUNTRIES: dict[str, CjkCountry] = {c.code: c for c in (JP, CN, TW, HK, KR)}
