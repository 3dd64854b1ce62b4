"""Free text gets its own threshold (default 10, never below the round's anonymity threshold).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("survey_rounds", schema=None) as batch_op:
        batch_op.add_column(sa.Column("comment_threshold", sa.Integer(), server_default="10", nullable=False))
    op.execute("UPDATE survey_rounds SET comment_threshold = anonymity_threshold WHERE anonymity_threshold > 10")
    with op.batch_alter_table("survey_rounds", schema=None) as batch_op:
        batch_op.create_check_constraint(op.f("ck_survey_rounds_comments_at_least_threshold"), "comment_threshold >= anonymity_threshold")


def downgrade():
    with op.batch_alter_table("survey_rounds", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_survey_rounds_comments_at_least_threshold"), type_="check")
        batch_op.drop_column("comment_threshold")
