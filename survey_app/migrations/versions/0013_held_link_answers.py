"""Link answers can be held out of results until HR accepts them, and each workplace counts the link answers that
count, never past its headcount (issue 19, finding 2).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 06:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('survey_round_units', schema=None) as batch_op:
        batch_op.add_column(sa.Column('link_answers', sa.Integer(), server_default='0', nullable=False))
        batch_op.create_check_constraint(
            op.f('ck_survey_round_units_link_answers_within_headcount'), 'link_answers <= headcount'
        )
    with op.batch_alter_table('survey_responses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('held', sa.Boolean(), server_default=sa.false(), nullable=False))
    # Results count only responses not held: the round/unit index covers that, too.
    op.drop_index('ix_survey_responses_round_unit', table_name='survey_responses')
    op.create_index('ix_survey_responses_round_unit', 'survey_responses', ['round_id', 'unit_id', 'held'])


def downgrade():
    op.drop_index('ix_survey_responses_round_unit', table_name='survey_responses')
    op.create_index('ix_survey_responses_round_unit', 'survey_responses', ['round_id', 'unit_id'])
    # Not in batch mode: recreating the table would lose WITHOUT ROWID on SQLite (which drops a column itself).
    op.drop_column('survey_responses', 'held')
    with op.batch_alter_table('survey_round_units', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_survey_round_units_link_answers_within_headcount'), type_='check')
        batch_op.drop_column('link_answers')
