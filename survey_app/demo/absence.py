"""Two years of demo sickness absence: about 7 % in all, clearly higher in the strained workplaces, with winter peaks,
repeated short spells for some people (so that person signals appear) and a few long spells. Each person has a sex
and an age band, and staffing is given per group too, so the Swedish ratios by sex and age band appear."""

from __future__ import annotations

import math
import random
from collections import Counter
from datetime import date, timedelta

from sqlalchemy import insert, select

from interventions.absence import AGE_BANDS
from survey_app.db import db
from survey_app.demo.surveys import STRAINED
from survey_app.models import AbsenceSpell, Staffing, StaffingGroup, Unit


def seed_absence_demo(today: date) -> int:
    """Create the demo absence when there is none; returns the number of spells created."""
    if db.session.scalar(select(AbsenceSpell.id).limit(1)):
        return 0
    rng = random.Random(7)
    workplaces = [u for u in db.session.scalars(select(Unit).where(Unit.parent_id.is_not(None))) if not u.children]
    start = date(today.year - 2, today.month, 1)
    spells, staffing, groups = [], [], []
    for unit in workplaces:
        strained = unit.name in STRAINED
        bands = (*AGE_BANDS, "30-49")  # half the staff 30–49, a quarter each younger and older
        people = [("F" if rng.random() < 0.78 else "M", rng.choice(bands)) for _ in range(unit.headcount)]
        month = start
        while month <= today:
            staffing.append({"unit_id": unit.id, "month": month, "employees": float(unit.headcount)})
            groups += [
                {"unit_id": unit.id, "month": month, "sex": sex, "age_band": band, "employees": float(count)}
                for (sex, band), count in Counter(people).items()
            ]
            month = (month + timedelta(days=32)).replace(day=1)
        for person, (sex, band) in enumerate(people):
            employee = f"{unit.code.replace('-', '')}{person:03d}"
            proneness = rng.lognormvariate(-0.3, 0.9) * (1.8 if strained else 1.0)
            day = start + timedelta(days=rng.randint(0, 40))
            while day < today:
                winter = 1.0 + 0.5 * math.cos((day.timetuple().tm_yday - 20) / 365 * 2 * math.pi)
                day += timedelta(days=max(1, int(rng.expovariate(proneness * winter / 160))))
                if day >= today:
                    break
                length = rng.choice((1, 1, 2, 2, 3, 3, 4, 5, 7, 10)) if rng.random() > 0.09 else rng.randint(20, 180)
                last = day + timedelta(days=length - 1)
                extent = 100 if length < 30 or rng.random() < 0.6 else rng.choice((50, 75, 25))
                spells.append(
                    {
                        "employee_id": employee,
                        "unit_id": unit.id,
                        "first_day": day,
                        "last_day": None if last >= today else last,
                        "extent": extent,
                        "sex": sex,
                        "age_band": band,
                    }
                )
                day = last + timedelta(days=1)
    db.session.execute(insert(Staffing), staffing)
    db.session.execute(insert(StaffingGroup), groups)
    db.session.execute(insert(AbsenceSpell), spells)
    db.session.commit()
    return len(spells)
