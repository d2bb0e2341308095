"""人民币大写: amounts in Chinese uppercase, by the People's Bank rules for 票据和结算凭证
(支付结算办法 附件《正确填写票据和结算凭证的基本规定》).

- Digits 零壹贰叁肆伍陆柒捌玖, units 拾佰仟 万 亿, 元角分; 拾 at the start is written 壹拾.
- A run of zeros inside the number is written 零 once; zeros at the end of a section are not written.
- 元 zero but 角 not: 元 is followed by 零 (壹仟陆佰捌拾元零叁角贰分); 角 zero but 分 not: 零 too
  (叁佰贰拾伍元零肆分). Where the rules allow either form, this module always writes the 零.
- 整 after 元 when there are no 角分; after 角 only when ``zheng_after_jiao`` (会计基础工作规范 第五十二条).
"""
from __future__ import annotations

DIGITS = "零壹贰叁肆伍陆柒捌玖"
SECTION_UNITS = ("", "万", "亿", "万亿")


def rmb_upper(fen: int, *, zheng_after_jiao: bool = False) -> str:
    if not isinstance(fen, int) or isinstance(fen, bool):
        raise TypeError("money must be integer fen")
    if fen < 0:
        return "负" + rmb_upper(-fen, zheng_after_jiao=zheng_after_jiao)
    yuan, cents = divmod(fen, 100)
    jiao, fen_digit = divmod(cents, 10)
    if fen == 0:
        return "零元整"
    text = ""
    if yuan:
        text = _integer(yuan) + "元"
    if cents == 0:
        return text + "整"
    if jiao:
        if yuan and yuan % 10 == 0:
            text += "零"
        text += DIGITS[jiao] + "角"
    elif yuan:
        text += "零"  # 角 is zero, 分 is not
    if fen_digit:
        text += DIGITS[fen_digit] + "分"
    elif zheng_after_jiao:
        text += "整"
    return text


def _integer(n: int) -> str:
    sections = []
    while n:
        n, section = divmod(n, 10_000)
        sections.append(section)
    if len(sections) > len(SECTION_UNITS):
        raise ValueError("amount too large for 人民币大写")
    out = ""
    zero_pending = False
    for index in range(len(sections) - 1, -1, -1):
        section = sections[index]
        if section == 0:
            zero_pending = bool(out)
            continue
        if out and (zero_pending or section < 1000):
            out += "零"
        out += _section(section) + SECTION_UNITS[index]
        zero_pending = False
    return out


def _section(n: int) -> str:
    out, zero_pending = "", False
    for unit, value in (("仟", 1000), ("佰", 100), ("拾", 10), ("", 1)):
        digit = n // value % 10
        if digit == 0:
            zero_pending = bool(out)
            continue
        if zero_pending:
            out += "零"
            zero_pending = False
        out += DIGITS[digit] + unit
    return out
