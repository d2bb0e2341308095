"""Business settings kept in the database (UI preferences belong in QSettings, not here)."""
from __future__ import annotations

import json
from typing import Any

from sqlalchemy import bindparam, select

from app.documents.templates import DEFAULT_TEMPLATE, merged
from app.domain.arrears import DEFAULT_CONFIRM_ABOVE
from app.domain.aging import DEFAULT_OVERDUE_BOUNDS, validate_bounds
from app.domain.collection import DEFAULT_LADDER, DEFAULT_LOW_CREDIT_PERCENT, DEFAULT_REMINDER_DAYS, intervention_limits, ladder_from_setting, ladder_to_setting
from app.domain.audit import setting_words
from app.domain.exchange import CITY_OWNED_SETTINGS, SILENT_DAYS_WARNING
from app.domain.errors import DomainError
from app.domain.money import require_fen
from app.domain.customers import CREDIT_GRADES
from app.domain.roles import Permission
from app.domain.words import Words
from app.services.context import Actor, Desk, UnitOfWork
from db.models import Setting

DEFAULTS: dict[str, Any] = {
    "aging.overdue_bounds": list(DEFAULT_OVERDUE_BOUNDS),
    "credit.grade_limits": dict(CREDIT_GRADES),
    "agreement.term_months": 12,
    # 单笔提示上限 (fen): the counter asks to confirm an arrears item above it; 0: never asks
    "arrears.confirm_above": DEFAULT_CONFIRM_ABOVE,
    # 催缴升级: keys "default", "group:<customer group>", "line:<business line code>"
    "collection.ladders": {"default": ladder_to_setting(DEFAULT_LADDER)},
    # 人工干预限额 (telecom 7.8), fen of overdue arrears per business line; "default" for lines not named
    "collection.intervention_limits": intervention_limits(),
    # 到期提醒 (telecom 7.2, 8): items falling due within this many days are listed for customers who want it
    "collection.reminder_days": DEFAULT_REMINDER_DAYS,
    # 预存款预警 (telecom 7.1): credit held below this % of the typical monthly arrears is listed
    "collection.low_credit_percent": DEFAULT_LOW_CREDIT_PERCENT,
    # 违约金 (电信条例: 3‰ a day), charged only where an agreement turns it on
    "late_fee.permille_per_day": 3,
    "late_fee.grace_days": 0,
    "documents.template": dict(DEFAULT_TEMPLATE),
    "documents.font_path": "",
    "documents.zheng_after_jiao": False,
    "exchange.warn_after_days": SILENT_DAYS_WARNING,  # 数据交换: a site silent for longer is pointed out
    "exchange.directory": [],
    "backup.folder": "",     # 备份文件夹: empty means "backups" beside the database
    # 坏账核销 (writeoff): 市场部审核 before finance approves (telecom 5); off: postal 18(二) goes to finance
    "write_off.marketing_review": False,
    "write_off.approved_at": "branch",  # decisions: finance approving write-offs sits at the branch | city office
    "credit.approved_at": "branch",  # decisions: marketing approving credit applications sits at the branch | city office
    "backup.keep_days": 30,  # copies older than this are removed (the newest always stays)  # the branches of the city, [code, name], as the city office last sent them
}


# Asked at every credit application, every city package taken in, every export (several times each): built once,
# on the table's columns (no ORM entity to load; the session still writes what it holds first).
_SETTING = select(Setting.__table__.c.value).where(Setting.__table__.c.key == bindparam("key"))


def get_setting(uow: UnitOfWork, key: str) -> Any:
    raw = uow.session.scalar(_SETTING, {"key": key})
    return DEFAULTS[key] if raw is None else json.loads(raw)


def put_setting(uow: UnitOfWork, key: str, value: Any) -> None:
    before = uow.session.get(Setting, key)
    old = None if before is None else json.loads(before.value)
    text = json.dumps(value, ensure_ascii=False)
    if before is None:
        uow.session.add(Setting(key=key, value=text, updated_at=uow.desk.clock.now()))
    else:
        before.value = text
        before.updated_at = uow.desk.clock.now()
    uow.audit("setting.change", "setting", None, before={key: old}, after={key: value})


def set_overdue_bounds(desk: Desk, actor: Actor, bounds: list[int]) -> None:
    with desk.use_case(actor, Permission.MANAGE_SETTINGS) as uow:
        put_setting(uow, "aging.overdue_bounds", list(validate_bounds(bounds)))
        uow.commit()


def confirm_above(desk: Desk) -> int:
    """单笔提示上限 in fen: an arrears item above it is confirmed before it is recorded."""
    with desk.unit_of_work() as uow:
        return get_setting(uow, "arrears.confirm_above")


def set_confirm_above(desk: Desk, actor: Actor, fen: int) -> None:
    """单笔提示上限 (0: the counter never asks)."""
    require_fen(fen, "arrears.confirm_above", allow_zero=True)
    with desk.use_case(actor, Permission.MANAGE_SETTINGS) as uow:
        put_setting(uow, "arrears.confirm_above", fen)
        uow.commit()


DAY_LABELS = {"pay_within_days": Words("缴费期限天数", "Days to pay"),
              "dispute_within_days": Words("异议期限天数", "Days to dispute"),
              "reply_within_days": Words("对账回函天数", "Days to reply to a statement")}


def document_settings(desk: Desk) -> dict[str, Any]:
    """What the printed documents need: the template (merged over the defaults), font and 整 rule."""
    with desk.unit_of_work() as uow:
        return {"template": merged(get_setting(uow, "documents.template")),
                "font_path": get_setting(uow, "documents.font_path"),
                "zheng_after_jiao": bool(get_setting(uow, "documents.zheng_after_jiao"))}


def set_document_settings(desk: Desk, actor: Actor, *, template: dict[str, Any], font_path: str,
                          zheng_after_jiao: bool) -> None:
    """文书模板: an admin edits the wording, letterhead, contact and signature block without code."""
    clean = merged(template)
    for key in ("pay_within_days", "dispute_within_days", "reply_within_days"):
        if not 0 <= clean[key] <= 365:
            raise DomainError("field.out_of_range", field=DAY_LABELS[key], low=0, high=365, value=clean[key])
    if font_path.strip():
        from app.documents.fonts import document_font
        document_font(font_path)  # refuses a file that cannot be embedded
    with desk.use_case(actor, Permission.MANAGE_SETTINGS) as uow:
        refuse_city_owned_change(uow, "documents.template", clean)
        put_setting(uow, "documents.template", clean)
        put_setting(uow, "documents.font_path", font_path.strip())
        put_setting(uow, "documents.zheng_after_jiao", bool(zheng_after_jiao))
        uow.commit()


def _clean_ladders(ladders: dict[str, list[dict]]) -> dict[str, list[dict]]:
    if "default" not in ladders:
        raise DomainError("ladder.malformed", text=str(ladders))
    return {key: ladder_to_setting(ladder_from_setting(raw)) for key, raw in ladders.items()}


def _clean_limits(limits: dict[str, int]) -> dict[str, int]:
    for key, value in limits.items():
        require_fen(value, key)
    return intervention_limits(limits)


def _check_late_fee(permille_per_day: int, grace_days: int) -> None:
    if not 0 <= permille_per_day <= 10:
        raise DomainError("field.out_of_range", field=Words("违约金日比例（‰）", "Late fee per day (‰)"), low=0, high=10, value=permille_per_day)
    if not 0 <= grace_days <= 365:
        raise DomainError("field.out_of_range", field=Words("违约金宽限天数", "Late fee grace days"), low=0, high=365, value=grace_days)


def refuse_city_owned_change(uow: UnitOfWork, key: str, value: Any) -> None:
    """At a branch that exchanges with a city office, what the city owns is changed only by its packages."""
    if key in CITY_OWNED_SETTINGS and uow.exchange.city() is not None and get_setting(uow, key) != value:
        raise DomainError("exchange.city_owned", setting=setting_words(key))


def set_collection_ladders(desk: Desk, actor: Actor, ladders: dict[str, list[dict]]) -> None:
    clean = _clean_ladders(ladders)
    with desk.use_case(actor, Permission.MANAGE_SETTINGS) as uow:
        refuse_city_owned_change(uow, "collection.ladders", clean)
        put_setting(uow, "collection.ladders", clean)
        uow.commit()


def set_intervention_limits(desk: Desk, actor: Actor, limits: dict[str, int]) -> None:
    clean = _clean_limits(limits)
    with desk.use_case(actor, Permission.MANAGE_SETTINGS) as uow:
        put_setting(uow, "collection.intervention_limits", clean)
        uow.commit()


def set_collection_rules(desk: Desk, actor: Actor, *, ladders: dict[str, list[dict]], limits: dict[str, int],
                         permille_per_day: int, grace_days: int, confirm_above: int | None = None,
                         reminder_days: int | None = None, low_credit_percent: int | None = None) -> None:
    """催缴规则 (and the counter's 单笔提示上限, the reminder days and the low-credit threshold, when given) as
    the settings screen saves them: all or nothing, in one transaction."""
    ladders, limits = _clean_ladders(ladders), _clean_limits(limits)
    _check_late_fee(permille_per_day, grace_days)
    reminders = reminder_days is not None and low_credit_percent is not None
    if reminders:
        _check_reminder_rules(reminder_days, low_credit_percent)
    if confirm_above is not None:
        require_fen(confirm_above, "arrears.confirm_above", allow_zero=True)
    with desk.use_case(actor, Permission.MANAGE_SETTINGS) as uow:
        refuse_city_owned_change(uow, "collection.ladders", ladders)
        if confirm_above is not None:
            put_setting(uow, "arrears.confirm_above", confirm_above)
        put_setting(uow, "collection.ladders", ladders)
        put_setting(uow, "collection.intervention_limits", limits)
        put_setting(uow, "late_fee.permille_per_day", permille_per_day)
        put_setting(uow, "late_fee.grace_days", grace_days)
        if reminders:
            put_setting(uow, "collection.reminder_days", reminder_days)
            put_setting(uow, "collection.low_credit_percent", low_credit_percent)
        uow.commit()


def _check_reminder_rules(reminder_days: int, low_credit_percent: int) -> None:
    if not 0 <= reminder_days <= 90:
        raise DomainError("field.out_of_range", field=Words("到期提醒天数", "Days of reminder"), low=0, high=90,
                          value=reminder_days)
    if not 1 <= low_credit_percent <= 1000:
        raise DomainError("field.out_of_range", field=Words("预存款预警比例（%）", "Low credit threshold (%)"),
                          low=1, high=1000, value=low_credit_percent)


def set_reminder_rules(desk: Desk, actor: Actor, *, reminder_days: int, low_credit_percent: int) -> None:
    """到期提醒天数 and 预存款预警比例 (the work queue's reminder and low-credit lists)."""
    _check_reminder_rules(reminder_days, low_credit_percent)
    with desk.use_case(actor, Permission.MANAGE_SETTINGS) as uow:
        put_setting(uow, "collection.reminder_days", reminder_days)
        put_setting(uow, "collection.low_credit_percent", low_credit_percent)
        uow.commit()


def collection_rules(desk: Desk) -> dict[str, Any]:
    """The ladders, intervention limits and late-fee rules as stored (for the settings screen)."""
    with desk.unit_of_work() as uow:
        return {"ladders": get_setting(uow, "collection.ladders"),
                "intervention_limits": get_setting(uow, "collection.intervention_limits"),
                "late_fee.permille_per_day": get_setting(uow, "late_fee.permille_per_day"),
                "late_fee.grace_days": get_setting(uow, "late_fee.grace_days"),
                "arrears.confirm_above": get_setting(uow, "arrears.confirm_above"),
                "collection.reminder_days": get_setting(uow, "collection.reminder_days"),
                "collection.low_credit_percent": get_setting(uow, "collection.low_credit_percent")}


# -- 坏账核销 (writeoff) ---------------------------------------------------------------------------------

def set_marketing_review(desk: Desk, actor: Actor, on: bool) -> None:
    """Whether marketing reviews write-off applications before finance decides (telecom 5: 市场部负责各营销
    单位欠费报损、核销数据资料的审核). Applications made before a change keep the rule they were made under."""
    with desk.use_case(actor, Permission.MANAGE_SETTINGS) as uow:
        put_setting(uow, "write_off.marketing_review", bool(on))
        uow.commit()


def marketing_review(desk: Desk) -> bool:
    with desk.unit_of_work() as uow:
        return bool(get_setting(uow, "write_off.marketing_review"))


# -- decisions: where finance approves this branch's write-offs -------------------------------------------

def set_write_off_approved_at(desk: Desk, actor: Actor, where: str) -> None:
    """``branch``: finance here approves; ``city``: finance at the city office does (postal 18(二): 报经批准),
    the application going up with the exchange and the decision coming down; finance here then neither
    approves nor rejects. Applications already decided stay as they are."""
    from app.domain.city_decisions import ApprovedAt  # noqa: PLC0415 - decisions
    try:
        where = ApprovedAt(where)
    except ValueError:
        raise DomainError("citydecision.approved_at", value=str(where)) from None
    with desk.use_case(actor, Permission.MANAGE_SETTINGS) as uow:
        put_setting(uow, "write_off.approved_at", where.value)
        uow.commit()


def write_off_approved_at(desk: Desk) -> str:
    with desk.unit_of_work() as uow:
        return get_setting(uow, "write_off.approved_at")


def set_credit_approved_at(desk: Desk, actor: Actor, where: str) -> None:
    """记欠审批: ``branch``: marketing here approves credit applications; ``city``: marketing at the city office
    does, the application going up with the exchange and the decision coming down; marketing here then
    neither approves nor rejects. Applications already decided stay as they are."""
    from app.domain.city_decisions import ApprovedAt  # noqa: PLC0415 - decisions
    try:
        where = ApprovedAt(where)
    except ValueError:
        raise DomainError("citydecision.credit_approved_at", value=str(where)) from None
    with desk.use_case(actor, Permission.MANAGE_SETTINGS) as uow:
        put_setting(uow, "credit.approved_at", where.value)
        uow.commit()


def credit_approved_at(desk: Desk) -> str:
    with desk.unit_of_work() as uow:
        return get_setting(uow, "credit.approved_at")
