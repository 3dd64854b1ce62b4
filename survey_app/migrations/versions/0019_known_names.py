"""The organisation's own people, kept only as keyed hashes of their names' normalised forms, for redaction (issue 21)

PLACEHOLDER: filled in by the known-names work.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
