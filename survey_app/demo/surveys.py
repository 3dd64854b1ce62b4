"""Demo survey rounds with realistic responses: closed spring and autumn rounds across the organisation (so reports
show the change between them), and an open pulse.

Each workplace gets its own climate (some clearly strained, e.g. home care), each person a tilt of their own; a
few small units stay under the anonymity threshold on purpose, and some free text is in Finnish.
"""

from __future__ import annotations

import random
import secrets
from datetime import date, timedelta

from sqlalchemy import insert, select

from survey_app.db import db
from survey_app.demo.free_text import SHOULD_CHANGE, WORKS_WELL, mention_people
from survey_app.models import Answer, SurveyResponse, SurveyRound
from survey_app.surveys.content import Question, pages
from survey_app.surveys.lifecycle import open_round
from survey_app.surveys.services import RoundInput, create_round

SPRING = "Medarbetarenkät våren 2026"
AUTUMN = "Medarbetarenkät hösten 2026"
PULSE = "Pulsmätning november 2026"
FULL_SECTIONS = (
    "hme/motivation",
    "hme/leadership",
    "hme/steering",
    "osa/workload",
    "osa/working_hours",
    "osa/victimisation",
    "osa/goals_knowledge",
    "osa/leadership_communication",
    "ergonomics/body",
    "ergonomics/physical_load",
    "ergonomics/equipment",
    "ergonomics/environment",
    "work_ability/work_ability",
    "open_questions/general",
)
PULSE_SECTIONS = ("hme/motivation", "hme/leadership", "hme/steering", "open_questions/general")
#: Small workplaces that answer below the threshold of 5 on purpose.
UNDER_THRESHOLD = {"Fritidsgården Oasen", "Filialbiblioteken", "Mottagningskök Norr", "Rehabenheten"}
#: Workplaces with a strained climate (and, in the absence demo, high short-term absence).
STRAINED = {"Hemtjänst Centrum", "Äldreboendet Björken", "Förskolan Myrstacken", "Lokalvård Skolor"}
#: How often each body region is named for discomfort in the last 12 months (1 neck … 9 ankles/feet).
REGION_SHARE = {1: 0.3, 2: 0.3, 3: 0.15, 4: 0.08, 5: 0.35, 6: 0.2, 7: 0.1, 8: 0.15, 9: 0.12}


def seed_survey_demo(today: date) -> list[str]:
    """Create the demo rounds that are missing; returns their titles."""
    created = []
    existing = set(db.session.scalars(select(SurveyRound.title)))
    if SPRING not in existing:
        opens = today - timedelta(days=240)
        _seed_round(SPRING, FULL_SECTIONS, opens, opens + timedelta(days=21), ("sv", "fi"), 0.66, today, -0.15)
        created.append(SPRING)
    if AUTUMN not in existing:
        opens = today - timedelta(days=60)
        _seed_round(AUTUMN, FULL_SECTIONS, opens, opens + timedelta(days=21), ("sv", "fi"), 0.72, today)
        created.append(AUTUMN)
    if PULSE not in existing:
        opens = today - timedelta(days=3)
        _seed_round(PULSE, PULSE_SECTIONS, opens, today + timedelta(days=11), ("sv", "fi", "en"), 0.25, today)
        created.append(PULSE)
    return created


def _seed_round(title, sections, opens, closes, languages, share, today, shift: float = 0.0) -> None:
    rng = random.Random(f"{title}-{opens.isoformat()}")
    names = random.Random(f"{title}-names")  # its own numbers: naming people leaves every figure as it was
    survey = create_round(None, RoundInput(title, "", opens, closes, languages, 5, sections), opens)
    open_round(None, survey, opens)
    questions = [question for page in pages(survey.content) for question in page.questions]
    last_day = min(closes, today)
    responses, answers = [], []
    for round_unit in sorted(survey.units, key=lambda ru: ru.unit.code):
        name, headcount = round_unit.unit.name, round_unit.headcount
        if name in UNDER_THRESHOLD:
            count = rng.randint(2, 4)
        elif rng.random() < 0.08:
            continue  # a workplace that has not answered at all
        else:
            count = round(headcount * min(0.95, max(0.1, rng.gauss(share, 0.1))))
        climate = rng.gauss(2.9 if name in STRAINED else 3.8, 0.25) + shift
        # each workplace is stronger in some areas and weaker in others, as real ones are
        tilt = {question.item.dimension: rng.gauss(0, 0.3) for question in questions}
        finnish_share = 0.3 if round_unit.unit.code.startswith("VOF") else 0.1
        first = len(answers)
        for _ in range(count):
            response_id = secrets.token_hex(16)
            day = opens + timedelta(days=rng.randint(0, max((last_day - opens).days, 0)))
            responses.append(
                {"id": response_id, "round_id": survey.id, "unit_id": round_unit.unit_id, "submitted_on": day}
            )
            language = "fi" if "fi" in languages and rng.random() < finnish_share else "sv"
            person = climate + rng.gauss(0, 0.45)
            for question in questions:
                answers += _answers(rng, response_id, question, person + tilt[question.item.dimension], language)
        mention_people(answers[first:], names)
    if responses:
        db.session.execute(insert(SurveyResponse), responses)
        db.session.execute(insert(Answer), answers)
    db.session.commit()


def _row(response_id: str, key: str, value=None, text=None, position: int = 0) -> dict:
    return {"response_id": response_id, "item_key": key, "position": position, "value": value, "text": text}


def _answers(rng: random.Random, response_id: str, question: Question, person: float, language: str) -> list[dict]:
    item, key = question.item, question.key
    if rng.random() < 0.03 and item.type != "text":
        return []  # a skipped question
    if item.type == "agree5":
        value = min(5, max(1, round(rng.gauss(person, 0.8))))
        return [_row(response_id, key, 6 - value if item.reverse else value)]
    if item.type == "scale10":
        return [_row(response_id, key, min(10, max(0, round(rng.gauss(7.4 + (person - 3.7) * 1.6, 1.4)))))]
    if item.type == "yesno":
        return [_row(response_id, key, 1 if rng.random() < 0.55 + person * 0.1 else 0)]
    if item.type == "multi":
        strain = 1.4 if person < 3.3 else 1.0
        chosen = sorted(region for region, share in REGION_SHARE.items() if rng.random() < share * strain)
        if item.id != "pain_12m":
            chosen = [region for region in chosen if rng.random() < 0.4]
        return [_row(response_id, key, region, position=i) for i, region in enumerate(chosen)]
    if item.type == "single" and item.options:
        return [_row(response_id, key, rng.choice(item.options).value)]
    if item.type == "text":
        pool = WORKS_WELL if item.id == "works_well" else SHOULD_CHANGE if item.id == "should_change" else None
        wants = 0.35 if pool is WORKS_WELL else 0.5 if person < 3.3 else 0.35
        if pool and rng.random() < wants:
            return [_row(response_id, key, text=rng.choice(pool[language]))]
    return []
