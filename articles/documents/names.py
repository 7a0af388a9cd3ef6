"""
People and organisations in a press release: where a known name occurs, the
role the text gives it there, and the names that look like people nobody has
entered yet, for an editor to confirm.

Names are compared as the news writes them, so one person is found under
every spelling: "Haizhou Wang" and "Wang Haizhou" (given name first or
surname first), "XIE Zhaoxu" (upper-case surname), "Mdm. Lu Mei" (with an
honorific). Roles come in two orders: "Liu Jiang, Deputy Managing Director of
CQC" and "CQC Deputy Managing Director Liu Jiang", or in Chinese
"中心党委书记、主任谢肇煦".
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

HONORIFICS = (
    "Academician",
    "Professor",
    "Prof.",
    "Dr.",
    "Mr.",
    "Mrs.",
    "Ms.",
    "Mdm.",
    "Madam",
    "Sir",
)
# Words that start a title: a capitalised run holding one of them is a role.
TITLE_WORDS = re.compile(
    r"\b(?:President|Vice|Chairman|Chairwoman|Chair|Director|Secretary|Manager|Minister"
    r"|Head|Chief|Deputy|Member|Leader|Commissioner|Counsellor|Counselor|Ambassador"
    r"|Consul|Mayor|Governor|Academician|Professor|Expert|Engineer|Officer|Representative"
    r"|Dean|Founder|Partner|Executive|CEO|CTO|Party|Inspector|Researcher|Specialist"
    r"|Coordinator|Auditor|Assessor|Spokesperson|Consultant)\b",
    re.IGNORECASE,
)
# A name of two or three words, each capitalised or upper-case: "Liu Jiang",
# "XIE Zhaoxu", "Takashi Kawakami", "Mary-Ann Smith".
_NAME_WORD = r"(?:[A-Z][a-z]+(?:-[A-Za-z][a-z]+)?|[A-Z]{2,})"
# Names of three words, then of two, tried at each capitalised word, so that
# "CQC Zeng Guangfeng" still yields "Zeng Guangfeng".
PERSON_NAMES = [
    re.compile(rf"{_NAME_WORD}(?:[^\S\n]+{_NAME_WORD}){{{words - 1}}}(?![\w-])")
    for words in (3, 2)
]
# A syllable of Hanyu Pinyin, as Chinese names are romanised: a name found
# only by the title before it must read as one ("Li Huailin"), which keeps
# "Automotive Test" and "Green Economy" out.
PINYIN_NAME = re.compile(
    r"(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])"
    r"(?:iang|iong|uang|ang|eng|ing|ong|uan|ian|iao|uai|ai|ei|ao|ou|an|en|in|un|ia|ie|iu"
    r"|ua|uo|ui|ue|a|o|e|i|u|v)"
    r"|(?:ang|eng|ai|ao|an|ei|en|er|ou|a|o|e))+",
    re.IGNORECASE,
)
WORD_START = re.compile(r"(?<![\w.'’-])[A-Z]")  # noqa: RUF001
# "Mdm. Lu Mei", "Mr. Zhang Dongbin": an honorific says a person follows.
AFTER_HONORIFIC = re.compile(
    rf"(?:{'|'.join(re.escape(h) for h in HONORIFICS if h.endswith('.'))})\s*$"
)
# Words that are never part of a person's name.
NOT_NAMES = re.compile(
    r"\b(?:CQC|CCIC|China|Chinese|Centre|Center|Committee|Council|Association|Group|Company"
    r"|Co|Ltd|Inc|University|Institute|Academy|Administration|Ministry|Bureau|Office"
    r"|Department|Forum|Conference|Alliance|Federation|Union|International|National"
    r"|Quality|Certification|Testing|Technology|During|After|Before|On|In|At|The|This"
    r"|From|With|Meanwhile|However|Also|Both|Party|Secretary|Director|President|General"
    r"|Deputy|Vice|Mr|Ms|Dr|January|February|March|April|May|June|July|August"
    r"|September|October|November|December|Government|Municipal|Province|Provincial"
    r"|City|Region|Regional|State|Market|Regulation|Standard|Standards|Service|Services"
    r"|Industry|Industrial|Development|Cooperation|Agreement|Project|Plan|Program"
    r"|Programme|Week|Day|Award|Ceremony|Meeting|Summit|Expo|Exhibition|Team|Branch"
    r"|Laboratory|Lab|Bank|Corporation|Society|Foundation|Agency|Commission|Belt"
    r"|Road|Initiative|Council|Board|School|College|Hospital|Station|Center|Park)\b"
)
# Where a role ends: a full stop that ends a sentence, or a verb's clause.
ROLE_END = re.compile(
    r"\s+(?:and\s+(?=[A-Z][a-z]+\s+[A-Z][a-z]+\s*,)|who|which|was|were|is|are|has|had|attended"
    r"|delivered|said|presided|chaired|welcomed|introduced|gave|made|led|visited"
    r"|[a-z]{3,}ed\s+(?:the|a|an|its|their|his|her)|issued|granted|signed)\b"
    r"|(?<!\bCo)(?<!\bLtd)(?<!\bInc)(?<!\bNo)(?<!\bSt)(?<!\bMr)(?<!\bMs)(?<!\bDr)\.(?:\s|$)"
)

# Chinese titles that come just before a name: "主任谢肇煦", "院士王海舟".
CHINESE_TITLES = (
    "党委书记|副书记|书记|董事长|副董事长|总经理|副总经理|总裁|副总裁|主任|副主任|局长|副局长"
    "|司长|副司长|处长|副处长|部长|副部长|厅长|副厅长|会长|副会长|理事长|副理事长|秘书长"
    "|副秘书长|所长|副所长|院长|副院长|校长|副校长|主席|副主席|总监|经理|负责人|院士|教授"
    "|研究员|专家|总工程师|首席|委员|代表|大使|参赞|市长|副市长|省长|副省长"
)
# The commonest Chinese surnames: a name after a title starts with one, which
# keeps "主持" and "双方" out. A person of a rarer surname is added by hand.
CHINESE_SURNAMES = (
    "欧阳|司马|上官|诸葛|东方|皇甫|尉迟|公孙|慕容|长孙|宇文|司徒|令狐|"
    "[王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞"
    "左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕"
    "屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧"
    "闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝]"
)
# What follows a name in a Chinese sentence: punctuation, or a verb of what
# the person did there. It tells where a name of two or three characters ends.
CHINESE_AFTER_NAME = (
    r"[、，,。；;：:（(\s]|出席|主持|致辞|讲话|参加|参会|表示|指出|介绍|强调|带队|率|一行|会见"
    r"|同志|先生|女士|等|和|与|及|在|对|向|为|代表|作|做|发表|宣布|会谈|座谈|陪同|见证|签署"
    r"|共同|的|分别|接待|获得|荣获|获|带领|会同|一同|首先|随后|也|还|均"
)
CHINESE_NAME_AFTER_TITLE = re.compile(
    rf"(?P<role>[\u4e00-\u9fff、（）()A-Za-z]*?(?:{CHINESE_TITLES}))"
    rf"(?P<name>(?:{CHINESE_SURNAMES})[\u4e00-\u9fff]{{1,2}}?)"
    rf"(?={CHINESE_AFTER_NAME})"
)
# "王大宁副主任主持": the name before its title, where a name can start: after
# punctuation, or after the organisation it belongs to ("认监委", "我中心").
CHINESE_NAME_BEFORE_TITLE = re.compile(
    r"(?:(?<=[、，,。；;：:\s（(“\"委局部院所心司会厅处组])|^)"
    rf"(?P<name>(?:{CHINESE_SURNAMES})[\u4e00-\u9fff]{{1,2}}?)"
    rf"(?P<role>{CHINESE_TITLES})(?={CHINESE_AFTER_NAME}|主持|出席)"
)
# Words that start with a surname's character but name no one: "党委书记",
# "常务副主任", "高级工程师".
CHINESE_NOT_NAMES = re.compile(
    r"^(?:党委|党组|纪委|常务|高级|时任|原任|现任|应邀|明确|宁夏|江苏|江西|黄山|安徽|吉林|齐鲁)"
)
# What comes before a role in a sentence: the role starts after the last of these.
CHINESE_ROLE_START = re.compile(
    r"^.*(?:由|以及|出席|参加|会见|邀请|陪同|欢迎)|^[和与及并在于，、]+"
)


@dataclass(frozen=True)
class Found:
    """A name found in the text, with the role the text gives it there."""

    name: str
    role: str
    position: int


def name_variants(name: str) -> set[str]:
    """
    The spellings under which a Latin-script name of two or three words
    occurs: as written, and with the last word moved first or the first
    word moved last ("Haizhou Wang" → "Wang Haizhou").
    """
    words = name.split()
    variants = {" ".join(words)}
    if 2 <= len(words) <= 3 and all(word.isascii() for word in words):
        variants.add(" ".join([words[-1], *words[:-1]]))
        variants.add(" ".join([*words[1:], words[0]]))
    return variants


def find_mentions(text: str, names: Iterable[str]) -> list[str]:
    """
    The ``names`` that occur in ``text`` as whole words, in order of first mention.

    Case and spacing are not significant ("GANGYAN NACKE" finds "Gangyan
    Nacke"), but word edges are: "CQC" is not found in "CQCM".
    """
    return [found.name for found in find_names(text, names)]


def find_names(text: str, names: Iterable[str]) -> list[Found]:
    """Where each of ``names`` first occurs in ``text``, with its role there."""
    return NameIndex(names).find(text)


class NameIndex:
    """
    Many names, looked for in one pass over a text: compiled once, then asked
    of every document of a batch.
    """

    def __init__(self, names: Iterable[str]):
        self.names = {}
        for name in names:
            if name and name.strip():
                self.names.setdefault(_key(name), " ".join(name.split()))
        patterns = [
            _name_pattern(name)
            for name in sorted(self.names.values(), key=len, reverse=True)
        ]
        self.pattern = (
            re.compile("|".join(patterns), re.IGNORECASE) if patterns else None
        )

    def find(self, text: str) -> list[Found]:
        """Each name's first occurrence in ``text``, in order, with its role there."""
        if self.pattern is None:
            return []
        found = {}
        for match in self.pattern.finditer(text):
            name = self.names[_key(match.group())]
            if name not in found:
                role = role_at(text, match.start(), match.end())
                found[name] = Found(name, role, match.start())
        return list(found.values())


def role_at(text: str, start: int, end: int) -> str:
    """
    The role the text gives the name at ``text[start:end]``: after it
    between commas ("Liu Jiang, Deputy Managing Director of CQC,"), else the
    title just before it ("主任谢肇煦", "CQC Deputy Director Liu Jiang").
    """
    if text[start:end].isascii():
        return _latin_role(text, start, end)
    before = text[max(0, start - 40) : start]
    if match := re.search(
        rf"(?P<role>[^，,。；;：:\s“”]*?(?:{CHINESE_TITLES}))$",
        before,
    ):
        return _own_chinese_role(CHINESE_ROLE_START.sub("", match.group("role")))
    if title := re.match(CHINESE_TITLES, text[end:]):
        organisation = re.search(r"[^，,。；;：:\s“”、]*$", before)
        return CHINESE_ROLE_START.sub("", organisation.group()) + title.group()
    return ""


def _own_chinese_role(role):
    """
    Of "主任王克娇、广西质监局副局长", the part that is this person's: a list
    of people ends where the last one's role starts, but a role may itself be
    a list of titles ("党委书记、主任", "总局副局长、认监委主任").
    """
    parts = re.split(r"、|(?<!共)和|与|及", role)
    own = parts.pop()
    while parts and (
        re.match(CHINESE_TITLES, own) or re.search(rf"(?:{CHINESE_TITLES})$", parts[-1])
    ):
        own = f"{parts.pop()}、{own}"
    return own


def _latin_role(text, start, end):
    # A role never runs past its paragraph, one a line.
    after = re.match(
        r"[^\S\n]*,[^\S\n]*(?P<role>[^,;()。\n]+(?:,[^\S\n]*Ltd\.?)?)", text[end:]
    )
    if after and TITLE_WORDS.search(role := _role_end(after.group("role"))):
        return _without_article(role)
    before = re.search(
        r"(?:(?:[A-Z][\w&.'-]*|of|the|and)[^\S\n]+)*[A-Z][\w&.'-]*[^\S\n]+$",
        text[max(0, start - 120) : start],
    )
    if not before or not TITLE_WORDS.search(before.group()):
        return ""
    role = before.group()
    # "Center Director Li Huailin and Assistant Director Lu Mei": the role of
    # the second name starts after the first.
    for other in re.finditer(rf"({PERSON_NAMES[1].pattern})\s+and\s+", role):
        name = other.group(1)
        if not (NOT_NAMES.search(name) or TITLE_WORDS.search(name)):
            role = role[other.end() :]
    return _without_article(_strip_honorific(role.strip()))


def _without_article(role):
    return re.sub(r"^(?:the|a|an)\s+", "", role)


def candidate_people(text: str, known: Iterable[str]) -> list[Found]:
    """
    Names that look like people, with the role the text gives them, that are
    none of the ``known`` names: for an editor to confirm, never to be
    created without one.
    """
    known_forms = {" ".join(name.split()).casefold() for name in known if name}
    candidates = {}
    for found in _latin_people(text):
        candidates.setdefault(found.name, found)
    for pattern in (CHINESE_NAME_AFTER_TITLE, CHINESE_NAME_BEFORE_TITLE):
        for match in pattern.finditer(text):
            name = match.group("name")
            if CHINESE_NOT_NAMES.match(name):
                continue
            role = role_at(text, match.start("name"), match.end("name"))
            candidates.setdefault(name, Found(name, role, match.start("name")))
    return sorted(
        (
            found
            for name, found in candidates.items()
            if not any(
                variant.casefold() in known_forms for variant in name_variants(name)
            )
        ),
        key=lambda found: found.position,
    )


def _latin_people(text):
    """
    Latin-script names that the text marks as people: by a role after them
    ("Liu Jiang, Managing Director of CQC") or before them ("Center Director
    Li Huailin"), or by an honorific ("Mdm. Lu Mei"). Where two overlap, the
    first wins.
    """
    found, taken = [], 0
    for word in WORD_START.finditer(text):
        start = word.start()
        if start < taken:
            continue
        for pattern in PERSON_NAMES:
            match = pattern.match(text, start)
            if match is None:
                continue
            name = _without_honorific(" ".join(match.group().split()))
            if NOT_NAMES.search(name) or TITLE_WORDS.search(name):
                continue
            role = role_at(text, start, match.end())
            role_after = role and text[match.end() :].lstrip().startswith(",")
            pinyin = all(PINYIN_NAME.fullmatch(part) for part in name.split())
            honorific = AFTER_HONORIFIC.search(text[max(0, start - 8) : start])
            if role_after or honorific or (role and pinyin):
                found.append(Found(name, role, start))
                taken = match.end()
                break
    return found


def _name_pattern(name):
    if name.isascii():
        pattern = r"\s+".join(re.escape(word) for word in name.split())
        return rf"(?<!\w){pattern}(?!\w)"
    # Chinese has no spaces between words: a name's edges are its own.
    return re.escape(name)


def _key(name):
    return " ".join(name.split()).casefold()


def _role_end(role):
    """A role cut where its sentence or clause goes on without it."""
    if match := ROLE_END.search(role):
        role = role[: match.start()]
    return role.strip().rstrip(".").strip()


def _without_honorific(name):
    """ "Sir John Smith" as the site names him: "John Smith"."""
    for honorific in HONORIFICS:
        name = name.removeprefix(f"{honorific} ")
    return name


def _strip_honorific(role):
    for honorific in HONORIFICS:
        role = role.removesuffix(honorific).strip()
    return role
