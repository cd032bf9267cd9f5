"""Lead merges: a lead absorbed into another keeps only a pointer to it.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("leads") as batch:
        batch.add_column(sa.Column("merged_into_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_leads_merged_into", "leads", ["merged_into_id"], ["id"], ondelete="SET NULL"
        )
        batch.create_index("ix_leads_email", ["email"])


def downgrade() -> None:
    with op.batch_alter_table("leads") as batch:
        batch.drop_index("ix_leads_email")
        batch.drop_constraint("fk_leads_merged_into", type_="foreignkey")
        batch.drop_column("merged_into_id")
