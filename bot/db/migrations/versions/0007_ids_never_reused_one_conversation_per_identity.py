"""Ids are never reused (SQLite AUTOINCREMENT) and an identity has one conversation.

- SQLite hands the highest deleted id out again unless a table is declared AUTOINCREMENT:
  after an erasure the next visitor got the erased lead's id, and a link, a Slack button or
  an engine sender id (`conversation-<id>`) naming the erased row pointed at them. SQLite
  cannot add AUTOINCREMENT to a table: each table is recreated (batch mode) with it; the
  copy sets its counter to the highest id present. Ids erased above that before this
  migration cannot be known any more. PostgreSQL's sequences never go back: nothing to do.
- `conversations.identity_id` becomes unique, so concurrent first messages of one visitor
  share one conversation. Duplicates left by the old race are merged first into the newest
  conversation (the one the app has been answering in): their messages and handoffs move
  to it.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

TABLES = [
    "leads",
    "identities",
    "conversations",
    "messages",
    "lead_events",
    "score_changes",
    "consents",
    "handoffs",
    "outbox",
]


def _merge_duplicate_conversations() -> None:
    bind = op.get_bind()
    duplicated = bind.execute(
        sa.text(
            "SELECT identity_id, MAX(id) FROM conversations "
            "GROUP BY identity_id HAVING COUNT(*) > 1"
        )
    ).all()
    for identity_id, keep in duplicated:
        others = [
            row[0]
            for row in bind.execute(
                sa.text("SELECT id FROM conversations WHERE identity_id = :i AND id <> :keep"),
                {"i": identity_id, "keep": keep},
            )
        ]
        ids: sa.BindParameter[list[int]] = sa.bindparam("others", others, expanding=True)
        for table in ("messages", "handoffs"):
            bind.execute(
                sa.text(
                    f"UPDATE {table} SET conversation_id = :keep WHERE conversation_id IN :others"
                ).bindparams(ids),
                {"keep": keep},
            )
        bind.execute(
            sa.text(
                "UPDATE conversations SET started_at = (SELECT MIN(started_at) FROM conversations"
                " WHERE identity_id = :i) WHERE id = :keep"
            ),
            {"i": identity_id, "keep": keep},
        )
        bind.execute(sa.text("DELETE FROM conversations WHERE id IN :others").bindparams(ids))


def upgrade() -> None:
    _merge_duplicate_conversations()
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in TABLES:
        if not sqlite:
            break
        with op.batch_alter_table(
            table, recreate="always", table_kwargs={"sqlite_autoincrement": True}
        ):
            pass
    with op.batch_alter_table("conversations") as batch:
        batch.drop_index("ix_conversations_identity_id")
        batch.create_index("ix_conversations_identity_id", ["identity_id"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("conversations") as batch:
        batch.drop_index("ix_conversations_identity_id")
        batch.create_index("ix_conversations_identity_id", ["identity_id"], unique=False)
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in TABLES:
        with op.batch_alter_table(
            table, recreate="always", table_kwargs={"sqlite_autoincrement": False}
        ):
            pass
