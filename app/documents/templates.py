"""The editable wording of the printed documents (an admin changes it in the settings, not in code).

Placeholders in braces are filled when a document is made: {as_of} {pay_by} {dispute_by} {count}
{agreement} {number} {period_from} {period_to} {reply_by}. Unknown placeholders are left as typed.
"""
from __future__ import annotations

import string
from typing import Any

# The placeholders a template may use, in the order the settings page explains them.
PLACEHOLDERS = ("as_of", "pay_by", "dispute_by", "count", "agreement", "number", "period_from", "period_to",
                "reply_by")

DEFAULT_TEMPLATE: dict[str, Any] = {
    "letterhead": "",  # empty: the site's name
    "notice_title": "催缴通知书",
    "notice_intro": ("经核对，截至{as_of}，贵单位（您）在用邮协议（编号：{agreement}）项下尚有下列逾期欠费"
                     "{count}笔未缴清。请于{pay_by}前缴清。"),
    "how_to_pay": "缴费方式：到本网点营业窗口缴纳，或转账至本单位账户（开户行：________，账号：________），"
                  "转账时请注明客户编号。",
    "consequences": "逾期仍未缴清的，我方将依照协议暂停贵单位（您）的记欠资格，直至终止协议、列入黑名单，"
                    "并依法追缴；由此产生的后果及费用由贵单位（您）承担。",
    "dispute": "如对上述欠费有异议，请于{dispute_by}前持相关凭证与我方联系；逾期未提出的，视为无异议。",
    "contact_person": "",
    "contact_phone": "",
    "signature": "（盖章）",
    "reply_text": "我单位（本人）已收到编号为{number}的催缴通知书，确认截至{as_of}欠费合计",
    "statement_title": "对账单（对账确认函）",
    "statement_intro": "现将贵单位（您）{period_from}至{period_to}的往来明细及余额列示如下，请核对后于{reply_by}前"
                       "签章寄回或交回本网点。",
    "statement_confirm": "□ 上述余额核对相符，予以确认。\n□ 上述余额核对不符，差异如下：",
    "pay_within_days": 10,
    "dispute_within_days": 7,
    "reply_within_days": 15,
}

TEXT_KEYS = [k for k, v in DEFAULT_TEMPLATE.items() if isinstance(v, str)]
DAY_KEYS = [k for k, v in DEFAULT_TEMPLATE.items() if isinstance(v, int)]


class _Keep(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill(text: str, **values: Any) -> str:
    """Fill the placeholders an admin used; a stray brace or unknown name is printed as typed."""
    try:
        return string.Formatter().vformat(text, (), _Keep(**values))
    except (ValueError, IndexError, AttributeError):
        return text


def merged(stored: dict[str, Any] | None) -> dict[str, Any]:
    template = dict(DEFAULT_TEMPLATE)
    for key, value in (stored or {}).items():
        if key in DEFAULT_TEMPLATE and isinstance(value, type(DEFAULT_TEMPLATE[key])):
            template[key] = value
    return template
