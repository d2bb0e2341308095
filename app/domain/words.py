"""Words the business uses (statuses, roles, channels …) in both languages, in one place.

Documents and exports print the Chinese; the screen shows the English through Qt's translation
(``tr``), whose zh_CN entries for these words are taken from here (resources/translations/zh_CN.py), so
a status reads the same on the screen and on paper.
"""
from __future__ import annotations

from typing import NamedTuple


class Words(NamedTuple):
    """One term: ``zh`` as printed, ``en`` as the source text of the screen's translation."""
    zh: str
    en: str

    def __str__(self) -> str:
        return self.zh


def vocabulary() -> dict[str, Words]:
    """Every term the domain defines, for the translation file (English -> Chinese)."""
    from app.domain import audit, clearance, closing, collection, customers, exchange, roles, signin  # noqa: PLC0415 - they import this module
    from app.domain import writeoff  # noqa: PLC0415 - writeoff
    found: dict[str, Words] = {}
    for table in (customers.STATUS_WORDS, customers.GROUP_WORDS, customers.PAYMENT_METHOD_WORDS, customers.LEDGER_ENTRY_WORDS,
                  customers.STATUS_ACTION_WORDS, audit.ACTION_WORDS, audit.RECORD_WORDS, audit.SETTING_WORDS,
                  {"unknown user": signin.UNKNOWN_USER_WORDS}, roles.ROLE_WORDS, roles.PERMISSION_WORDS,
                  collection.STEP_ACTION_WORDS, collection.CHANNEL_WORDS, collection.REPLY_WORDS,
                  exchange.STATE_WORDS, exchange.KIND_WORDS, exchange.SITE_KIND_WORDS,
                  clearance.CLEARANCE_STATE_WORDS,
                  writeoff.CAUSE_WORDS, writeoff.FACT_WORDS, writeoff.DECISION_WORDS, writeoff.STAGE_WORDS,
                  closing.CLOSING_WORDS, {"open": closing.MONTH_OPEN}):  # 月结
        for words in table.values():
            found[words.en] = words
    from app.domain import city_decisions as cd  # noqa: PLC0415 - decisions
    for table in (cd.APPROVED_AT_WORDS, cd.CITY_DECISION_WORDS, cd.OUTCOME_WORDS,
                  {"city": cd.AWAITING_CITY_WORDS, "pending": cd.AWAITING_DECISION_WORDS}):
        for words in table.values():
            found[words.en] = words
    return found
