"""A closed round keeps the unit tree it closed with: its results never change when units move (issue 19, finding 1).

Rounds that closed before this revision need nothing: each keeps the tree as it is at the next change of the tree.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 06:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'unit_trees',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('parents', sa.JSON(), nullable=False),
        sa.Column('recorded_on', sa.Date(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_unit_trees')),
    )
    op.create_table(
        'survey_round_trees',
        sa.Column('round_id', sa.Integer(), nullable=False),
        sa.Column('tree_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ['round_id'], ['survey_rounds.id'],
            name=op.f('fk_survey_round_trees_round_id_survey_rounds'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(['tree_id'], ['unit_trees.id'], name=op.f('fk_survey_round_trees_tree_id_unit_trees')),
        sa.PrimaryKeyConstraint('round_id', name=op.f('pk_survey_round_trees')),
    )
    with op.batch_alter_table('survey_round_trees', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_round_trees_tree_id'), ['tree_id'], unique=False)


def downgrade():
    with op.batch_alter_table('survey_round_trees', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_round_trees_tree_id'))
    op.drop_table('survey_round_trees')
    op.drop_table('unit_trees')
