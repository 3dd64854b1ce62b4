"""A case closes without losing steps: a step cancelled as its case closes keeps the reason, and a step moved to the
unit's next case remembers the case it came from (issue 17).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 23:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('plan_steps', schema=None) as batch_op:
        batch_op.add_column(sa.Column('dropped_reason', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('moved_from_case_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_plan_steps_moved_from_case_id'), ['moved_from_case_id'], unique=False)
        batch_op.create_foreign_key(
            batch_op.f('fk_plan_steps_moved_from_case_id_intervention_cases'),
            'intervention_cases',
            ['moved_from_case_id'],
            ['id'],
            ondelete='SET NULL',
        )


def downgrade():
    with op.batch_alter_table('plan_steps', schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('fk_plan_steps_moved_from_case_id_intervention_cases'), type_='foreignkey'
        )
        batch_op.drop_index(batch_op.f('ix_plan_steps_moved_from_case_id'))
        batch_op.drop_column('moved_from_case_id')
        batch_op.drop_column('dropped_reason')
