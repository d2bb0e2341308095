"""个人信息 (PIPL, 个人信息保护法): a customer's ID number (统一社会信用代码 / 身份证号) and phone numbers are
shown in full only to the roles that deal with the customer, who hold ``Permission.VIEW_PERSONAL_DATA``
(counter staff and account managers, the branch head, marketing); finance, audit and the administrator
see the last four characters, on screens and in what they export. Who prints or exports documents
carrying personal data is recorded in the audit trail (``PERSONAL_DATA_PRINTED``), naming what, never
the data itself.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.domain.roles import Permission, Role, may

# The personal data kept of a customer, as its fields are named everywhere (customers table, imports,
# the audit trail's before/after records).
PERSONAL_FIELDS = ("phone", "id_number")
PERSONAL_DATA_PRINTED = "personal_data.print"  # the audit action: documents with personal data printed
SHOWN_TAIL = 4


def sees_personal_data(role: Role) -> bool:
    return may(role, Permission.VIEW_PERSONAL_DATA)


def mask(text: str | None) -> str:
    """``13912345678`` -> ``*******5678``: the last four characters, the rest starred (all of a value
    that short)."""
    if not text:
        return text or ""
    if len(text) <= SHOWN_TAIL:
        return "*" * len(text)
    return "*" * (len(text) - SHOWN_TAIL) + text[-SHOWN_TAIL:]


def masked_fields(values: Mapping[str, Any]) -> dict[str, Any]:
    """A record (e.g. an audit before/after) with its personal fields masked, at any depth."""
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key in PERSONAL_FIELDS and isinstance(value, str):
            out[key] = mask(value)
        elif isinstance(value, Mapping):
            out[key] = masked_fields(value)
        else:
            out[key] = value
    return out
