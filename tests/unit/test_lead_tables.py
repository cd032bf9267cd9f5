"""The registry of the tables a lead owns (bot/db/lead_tables.py) covers the whole schema:
a table missed there would keep a person's rows through an erasure, or strand them on the
absorbed lead through a merge."""

from sqlalchemy import Column, ForeignKey, Integer, MetaData, Table

from bot.db.lead_tables import LEAD_TABLES, Owner, covered_tables, erasure_order, owned_by_lead
from bot.db.models import Base


def uncovered(metadata: MetaData, covered: set[str]) -> dict[str, str]:
    """Tables that hold a lead's rows but are not in `covered`, with the reason: a `lead_id`
    or `conversation_id` column, or a foreign key to a covered table (a row of a covered
    table's row belongs to the lead too), followed until nothing new turns up."""
    found: dict[str, str] = {}
    changed = True
    while changed:
        changed = False
        for table in metadata.sorted_tables:
            if table.name in covered or table.name in found:
                continue
            reason = _why_owned(table, covered | set(found))
            if reason:
                found[table.name] = reason
                changed = True
    return found


def _why_owned(table: Table, owned: set[str]) -> str | None:
    for column in ("lead_id", "conversation_id"):
        if column in table.columns:
            return f"has a {column} column"
    for fk in table.foreign_keys:
        if fk.column.table.name in owned:
            return f"{fk.parent.name} references {fk.column.table.name}"
    return None


def test_every_table_holding_a_leads_rows_is_in_the_registry() -> None:
    assert uncovered(Base.metadata, covered_tables()) == {}


def test_the_check_catches_a_table_missing_from_the_registry() -> None:
    assert uncovered(Base.metadata, covered_tables() - {"consents"}) == {
        "consents": "has a lead_id column"
    }
    assert uncovered(Base.metadata, covered_tables() - {"messages"}) == {
        "messages": "has a conversation_id column"
    }
    # A new table that only references a lead's row (a note on a handoff) is one too.
    metadata = MetaData()
    for table in Base.metadata.sorted_tables:
        table.to_metadata(metadata)
    Table(
        "handoff_notes",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("handoff", ForeignKey("handoffs.id")),
    )
    assert uncovered(metadata, covered_tables()) == {"handoff_notes": "handoff references handoffs"}


def test_each_entry_names_its_owner_by_a_real_column() -> None:
    for table in LEAD_TABLES:
        column = "lead_id" if table.owner is Owner.LEAD else "conversation_id"
        assert column in table.table.columns, table.key
    assert len({t.key for t in LEAD_TABLES}) == len(LEAD_TABLES)


def test_merge_moves_every_table_with_a_lead_id() -> None:
    with_lead_id = {t.name for t in Base.metadata.sorted_tables if "lead_id" in t.columns}
    assert {t.table.name for t in owned_by_lead()} == with_lead_id


def test_erasure_deletes_the_outbox_first_and_rows_before_what_they_reference() -> None:
    order = [t.table.name for t in erasure_order()]
    assert order[0] == "outbox"
    assert set(order) == {t.table.name for t in LEAD_TABLES}
    for position, name in enumerate(order):
        table = Base.metadata.tables[name]
        for fk in table.foreign_keys:
            referred = fk.column.table.name
            if referred in order:
                assert order.index(referred) > position, (name, referred)
