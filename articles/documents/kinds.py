"""
What a document is: its language, whether it is news or a notice, and what
kind of event it reports, where.

Each answer comes from a rule a reader can check against the text, never from
a guess: a notice opens with a salutation ("Dear Clients:", "尊敬的客户：")
or says so in its title; an event's kind and city are words the text uses.
"""

import re

from django.utils.translation import gettext as _

HAN = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")

# How notices and letters open, and what their titles say they are.
# A salutation: a short first line that addresses its readers and ends with a
# comma or a colon ("Dear Clients:", "To those related companies:", "尊敬的客户：").
SALUTATION = re.compile(
    r"^(?:(?:dear|respected|to|attention)\b|尊敬的|致|各).{0,80}[,:：，]$",
    re.IGNORECASE,
)
NOTICE_TITLE = re.compile(
    r"^(?:(?:important\s+)?(?:notice|announcement|announcements|circular|letter|statement"
    r"|declaration|reminder)\b|关于.*的(?:通知|公告|通告|公示|声明|函))"
    r"|(?:通知|公告|通告|公示|声明|告客户书|致客户的一封信)$|\b(?:notice|announcement)\s+(?:on|of|about|regarding)\b",
    re.IGNORECASE,
)

# An event's kind by the words the text uses, most telling first.
EVENT_KINDS = [
    (
        "ceremony",
        r"\bsign(?:ed|ing)\b|\bceremony\b|\bunveil|\bawarded\b|签约|签署|仪式|揭牌|颁证|颁奖",
    ),
    ("forum", r"\bforum\b|\bsummit\b|论坛|峰会"),
    (
        "conference",
        r"\bconference\b|\bcongress\b|\bexpo\b|\bexhibition\b|大会|博览会|展会",
    ),
    ("seminar", r"\bseminar\b|\bsymposium\b|\bworkshop\b|研讨会|交流会|沙龙"),
    ("training", r"\btraining\b|\bcourse\b|培训"),
    ("visit", r"\bvisit(?:ed|s)?\b|\bdelegation\b|走访|拜访|来访|到访|调研|考察"),
    ("meeting", r"\bmeeting\b|\bmet\b|\btalks?\b|会议|座谈|会谈|会见"),
]

# Cities the newsroom reports from, as English and Chinese write them.
CITIES = {
    "Beijing": "北京",
    "Shanghai": "上海",
    "Tianjin": "天津",
    "Chongqing": "重庆",
    "Guangzhou": "广州",
    "Shenzhen": "深圳",
    "Hangzhou": "杭州",
    "Nanjing": "南京",
    "Suzhou": "苏州",
    "Wuhan": "武汉",
    "Chengdu": "成都",
    "Xi'an": "西安",
    "Xiamen": "厦门",
    "Qingdao": "青岛",
    "Dalian": "大连",
    "Shenyang": "沈阳",
    "Harbin": "哈尔滨",
    "Changchun": "长春",
    "Jinan": "济南",
    "Zhengzhou": "郑州",
    "Changsha": "长沙",
    "Hefei": "合肥",
    "Fuzhou": "福州",
    "Nanning": "南宁",
    "Kunming": "昆明",
    "Guiyang": "贵阳",
    "Lanzhou": "兰州",
    "Urumqi": "乌鲁木齐",
    "Hohhot": "呼和浩特",
    "Taiyuan": "太原",
    "Shijiazhuang": "石家庄",
    "Nanchang": "南昌",
    "Ningbo": "宁波",
    "Wuxi": "无锡",
    "Foshan": "佛山",
    "Dongguan": "东莞",
    "Zhuhai": "珠海",
    "Xiangyang": "襄阳",
    "Haikou": "海口",
    "Sanya": "三亚",
    "Hong Kong": "香港",
    "Macao": "澳门",
    "Taipei": "台北",
    "Tokyo": "东京",
    "Seoul": "首尔",
    "Singapore": "新加坡",
    "Bangkok": "曼谷",
    "Kuala Lumpur": "吉隆坡",
    "Jakarta": "雅加达",
    "Hanoi": "河内",
    "New Delhi": "新德里",
    "Dubai": "迪拜",
    "Moscow": "莫斯科",
    "Berlin": "柏林",
    "Cologne": "科隆",
    "Frankfurt": "法兰克福",
    "Munich": "慕尼黑",
    "Paris": "巴黎",
    "London": "伦敦",
    "Geneva": "日内瓦",
    "Brussels": "布鲁塞尔",
    "Rome": "罗马",
    "Milan": "米兰",
    "Madrid": "马德里",
    "Vienna": "维也纳",
    "Stockholm": "斯德哥尔摩",
    "Helsinki": "赫尔辛基",
    "Warsaw": "华沙",
    "Budapest": "布达佩斯",
    "Istanbul": "伊斯坦布尔",
    "Cairo": "开罗",
    "Johannesburg": "约翰内斯堡",
    "New York": "纽约",
    "Washington": "华盛顿",
    "Toronto": "多伦多",
    "Mexico City": "墨西哥城",
    "São Paulo": "圣保罗",
    "Buenos Aires": "布宜诺斯艾利斯",
    "Sydney": "悉尼",
    "Melbourne": "墨尔本",
}


def language_of(text: str) -> str:
    """
    ``"zh-hans"`` when Chinese characters outnumber Latin letters by the
    count of what a reader reads (a Chinese character is a word, a Latin
    word some five letters), else ``"en"``.
    """
    han = len(HAN.findall(text))
    latin = len(LATIN.findall(text))
    return "zh-hans" if han * 5 > latin else "en"


def notice_reason(title: str | None, paragraphs: list[str]) -> str | None:
    """
    Why a document is a notice or a letter rather than news, or None when
    it is news: its first line is a salutation, or its title names it.
    """
    if paragraphs and SALUTATION.match(paragraphs[0]):
        return _("it is a letter: it opens “%(opening)s”") % {
            "opening": paragraphs[0][:40]
        }
    if title and NOTICE_TITLE.search(title):
        return _("it is a notice: its title is “%(title)s”") % {"title": title}
    return None


def event_kind(text: str) -> str:
    """The kind of event ``text`` reports, by the first kind whose words it uses."""
    for kind, words in EVENT_KINDS:
        if re.search(words, text, re.IGNORECASE):
            return kind
    return "other"


def event_city(text: str, language: str) -> str | None:
    """The city ``text`` names first (in ``language``'s spelling), if any."""
    found = []
    for english, chinese in CITIES.items():
        if match := re.search(rf"\b{re.escape(english)}\b|{re.escape(chinese)}", text):
            found.append((match.start(), chinese if language == "zh-hans" else english))
    return min(found)[1] if found else None
