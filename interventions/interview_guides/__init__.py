"""Interview guides shipped with Omtanke, as JSON data files read by ``interventions.interviews``.

``default.json`` holds the default guide: twelve themes, each with a title and open questions in Swedish, Finnish and
English, written for individual interviews and focus groups in municipal workplaces. HR adapts a copy of it per unit
through the text format described in ``interventions.interviews``; this package holds data only.
"""

from __future__ import annotations

from pathlib import Path

GUIDE_DIR = Path(__file__).parent
DEFAULT_GUIDE_PATH = GUIDE_DIR / "default.json"
