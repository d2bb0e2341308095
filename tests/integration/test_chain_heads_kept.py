"""Issue 12, a busy day's exchange: each chain's head (the digest of its last link) is kept in
``ledger_chain_heads`` in the transaction that appends the link, whichever way it comes (the counter, the demo's
load, a package applied at the city office), so the integrity root a package carries reads one row a chain
instead of seeking every chain's end. Whatever was posted, the kept heads are the chains' last links and give the
same root; ``verify`` names a kept head changed, missing or extra (incremental: of the chains linked since its
point); an upgraded database has them filled."""
from __future__ import annotations

from alembic import command

from app.services.arrears import reverse_arrears
from app.services.context import Desk
from app.services.exchange import open_replica
from app.services.repayments import RepaymentInput, record_repayment
from app.services.verify import integrity_root, verify_database
from db.chain import Chains
from db.exchange import kept_heads_differing
from db.migrate import alembic_config
from tests.city import make_city
from tests.factories import execute, rows
from tests.integration.test_queue_kept_overdue import _posted

HEADS_CHECK = "记存的链头与每条链的最后一条记录一致 (ledger_chain_heads)"


def _kept(desk) -> dict[int, bytes]:
    return {chain: bytes(digest) for chain, digest in rows(desk, "SELECT chain, digest FROM ledger_chain_heads")}


def _last_links(desk) -> dict[int, bytes]:
    """Each chain's last link, with plain SQL."""
    return {chain: bytes(digest) for chain, digest in rows(
        desk, "SELECT l.chain, l.digest FROM ledger_chain AS l WHERE l.id = "
              "(SELECT MAX(id) FROM ledger_chain WHERE chain = l.chain)")}


def _roots(desk) -> tuple[str, str]:
    """(the root from the kept heads, the root seeking each chain's end)."""
    with desk.reading() as uow:
        conn = uow.session.connection()
        return Chains(lambda: conn).kept_root(), Chains(lambda: conn).root()


def _failed(location, **kwargs) -> dict[str, list[str]]:
    return {check.name: check.failures for check in verify_database(location, **kwargs) if not check.ok}


def test_the_kept_heads_are_each_chains_last_link_after_entries_reversals_and_audit_records(tmp_path):
    desk, staff = _posted(tmp_path)
    [(item_id, customer_id)] = rows(desk, "SELECT id, customer_id FROM arrears_items ORDER BY id DESC LIMIT 1")
    reverse_arrears(desk, staff.head, item_id, "录入错误")
    record_repayment(desk, staff.clerk, RepaymentInput(customer_id, 5_000, desk.clock.today(), "cash", "SJ9"))
    kept = _kept(desk)
    assert kept == _last_links(desk)
    assert customer_id in kept and any(chain < 0 for chain in kept)  # a customer's chain and a user's
    kept_root, sought_root = _roots(desk)
    assert kept_root == sought_root == integrity_root(desk.location)
    desk.close()


def test_a_package_applied_at_the_city_office_keeps_the_heads_of_its_chains_there(tmp_path):
    city, _city_staff, sites = make_city(tmp_path)
    for code in ("BR01", "BR02"):
        replica = open_replica(city, code)
        try:
            kept = _kept(replica)
            assert kept and kept == _last_links(replica)
            customers = {chain: digest for chain, digest in kept.items() if chain > 0}
            assert customers and customers == {chain: digest for chain, digest in _kept(sites[code][0]).items()
                                               if chain > 0}  # the branch's own (its export was audited after)
            kept_root, sought_root = _roots(replica)
            assert kept_root == sought_root
        finally:
            replica.close()
    for desk, _staff in sites.values():
        desk.close()
    city.close()


def test_the_import_finds_a_chain_it_linked_whose_head_was_not_kept(tmp_path):
    """What a package's import checks after writing the heads the package lists: every chain linked since the
    links it found (a chain left out of the list keeps its old head, and the package is refused)."""
    desk, staff = _posted(tmp_path)
    [(checked,)] = rows(desk, "SELECT MAX(id) FROM ledger_chain")
    [(customer_id,)] = rows(desk, "SELECT MIN(customer_id) FROM arrears_items")
    before = _kept(desk)[customer_id]
    record_repayment(desk, staff.clerk, RepaymentInput(customer_id, 1_000, desk.clock.today(), "cash", "SJ7"))
    with desk.engine.connect() as conn:
        assert kept_heads_differing(conn, checked) == []
    execute(desk, "UPDATE ledger_chain_heads SET digest = ? WHERE chain = ?", before, customer_id)  # left as it was
    with desk.engine.connect() as conn:
        assert kept_heads_differing(conn, checked) == [customer_id]
    desk.close()


def test_verify_names_a_kept_head_changed_missing_or_extra_and_nothing_else(tmp_path):
    desk, _staff = _posted(tmp_path)
    location = desk.location
    [(customer_id,)] = rows(desk, "SELECT MIN(chain) FROM ledger_chain WHERE chain > 0")
    [(nobody,)] = rows(desk, "SELECT MAX(id) + 1 FROM customers")  # no chain, no customer
    digest = _kept(desk)[customer_id]
    for tampered, named in (
            (("UPDATE ledger_chain_heads SET digest = ? WHERE chain = ?", bytes(32), customer_id), customer_id),
            (("DELETE FROM ledger_chain_heads WHERE chain = ?", customer_id), customer_id),
            (("INSERT INTO ledger_chain_heads (chain, digest) VALUES (?, ?)", nobody, digest), nobody)):
        execute(desk, "DELETE FROM ledger_chain_heads WHERE chain = ?", customer_id)
        execute(desk, "INSERT INTO ledger_chain_heads (chain, digest) VALUES (?, ?)", customer_id, digest)
        execute(desk, "DELETE FROM ledger_chain_heads WHERE chain = ?", nobody)
        execute(desk, *tampered)
        failed = _failed(location)
        assert failed == {HEADS_CHECK: [f"客户 #{named} 记存的链头不是其最后一条链记录"]}, tampered
        kept_root, sought_root = _roots(desk)
        if named == customer_id:  # a package would carry a root that is not the ledger's
            assert kept_root != sought_root == integrity_root(location)
        else:  # a chain no customer or user has is in no root
            assert kept_root == sought_root
    execute(desk, "DELETE FROM ledger_chain_heads WHERE chain = ?", nobody)
    execute(desk, "DELETE FROM ledger_chain_heads WHERE chain = ?", customer_id)
    execute(desk, "INSERT INTO ledger_chain_heads (chain, digest) VALUES (?, ?)", customer_id, digest)
    assert _failed(location) == {}
    desk.close()


def test_an_incremental_verify_names_a_kept_head_wrong_whether_its_chain_was_linked_since_its_point_or_not(
        tmp_path):
    desk, staff = _posted(tmp_path)
    location = desk.location
    [(linked,), (untouched,)] = rows(desk, "SELECT DISTINCT customer_id FROM arrears_items ORDER BY customer_id")
    [(nobody,)] = rows(desk, "SELECT MAX(id) + 1 FROM customers")
    for customer_id in (linked, untouched, nobody):
        assert _failed(location, record=True) == {}
        record_repayment(desk, staff.clerk, RepaymentInput(linked, 1_000, desk.clock.today(), "cash",
                                                           f"SJ8-{customer_id}"))
        kept = _kept(desk)
        if customer_id == nobody:
            execute(desk, "INSERT INTO ledger_chain_heads (chain, digest) VALUES (?, ?)", nobody, bytes(32))
        else:
            execute(desk, "UPDATE ledger_chain_heads SET digest = ? WHERE chain = ?", bytes(32), customer_id)
        assert _failed(location, full=False) == {HEADS_CHECK: [f"客户 #{customer_id} 记存的链头不是其最后一条链记录"]}
        assert _failed(location) == {HEADS_CHECK: [f"客户 #{customer_id} 记存的链头不是其最后一条链记录"]}  # --full
        execute(desk, "DELETE FROM ledger_chain_heads WHERE chain = ?", customer_id)
        if customer_id != nobody:
            execute(desk, "INSERT INTO ledger_chain_heads (chain, digest) VALUES (?, ?)", customer_id, kept[customer_id])
    desk.close()


def test_an_upgraded_database_has_its_chain_heads_filled_from_the_links(tmp_path):
    desk, _staff = _posted(tmp_path)
    before = _kept(desk)
    location, clock = desk.location, desk.clock
    with desk.engine.begin() as conn:
        cfg = alembic_config(desk.engine)
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0023")
    desk.close()
    desk = Desk(location, clock=clock)  # migrates to the head again
    assert _kept(desk) == before == _last_links(desk)
    desk.close()
    assert _failed(location) == {}
