"""Interview notes record whether a single participant agreed to have what they said shown to managers (issue 21)

A theme raised by one person alone in an individual interview reaches the managers' presentation only when the
participant agreed, and the note records it: ``interview_notes.shareable``, false for every note written before (no
one was asked).

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('interview_notes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('shareable', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table('interview_notes', schema=None) as batch_op:
        batch_op.drop_column('shareable')
