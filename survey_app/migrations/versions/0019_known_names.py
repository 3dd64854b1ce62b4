"""The organisation's own people, kept only as keyed hashes of their names' normalised forms, for redaction (issue 21)

Two tables: ``known_names``, one HMAC-SHA256 digest per normalised name form (never a name), and
``known_name_lists``, one row saying how many people the list came from, when, its version (every process reloads the
digests when it changes) and a check value of the key the digests were made with.

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
    op.create_table('known_names',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_known_names')),
    sa.UniqueConstraint('digest', name=op.f('uq_known_names_digest'))
    )
    op.create_table('known_name_lists',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('people', sa.Integer(), nullable=False),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.String(length=32), nullable=False),
    sa.Column('key_check', sa.String(length=16), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_known_name_lists'))
    )


def downgrade():
    op.drop_table('known_name_lists')
    op.drop_table('known_names')
