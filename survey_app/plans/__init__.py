"""Intervention cases and action plans: stages, goals, steps and the follow-up of every step."""
