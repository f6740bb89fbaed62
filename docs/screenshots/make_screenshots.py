"""Screenshots of the real window on the sample article, light and dark.

Run: ``python docs/screenshots/make_screenshots.py`` (offscreen by default; needs a font,
e.g. Debian ``fonts-dejavu-core``). Writes ``main-light.png`` and ``main-dark.png`` here.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

SPANS = (  # (phrase, occurrence, label, attributes): the sample's reference annotation
    ("might", 0, "HEDGE", {"type": "modal"}),
    ("reportedly", 0, "HEDGE", {"type": "evidential"}),
    ("rumors", 0, "HEDGE", {"type": "hearsay"}),
    ("seemed", 0, "HEDGE", {"type": "appearance"}),
    ("seems", 0, "HEDGE", {"type": "appearance"}),
    ("possibility", 0, "HEDGE", {"type": "epistemic"}),
    ("seems", 1, "HEDGE", {"type": "appearance"}),
    ("appears", 0, "HEDGE", {"type": "appearance"}),
    ("appears", 1, "HEDGE", {"type": "appearance"}),
    ("apparently", 0, "HEDGE", {"type": "evidential"}),
    ("rumors", 1, "HEDGE", {"type": "hearsay"}),
    ("seemed", 1, "HEDGE", {"type": "appearance"}),
    ("rumors", 2, "HEDGE", {"type": "hearsay"}),
    ("allegedly", 0, "HEDGE", {"type": "evidential"}),
    ("An insider close to the Kardashian clan", 0, "UNNAMED_SOURCE", {"type": "individual"}),
    ("could", 1, "HEDGE", {"type": "modal"}),
    ("possibly", 0, "HEDGE", {"type": "epistemic"}),
    ("the family insider", 0, "UNNAMED_SOURCE", {"type": "individual"}),
)


def main() -> int:
    """Build a project with spans, show the window, save both screenshots."""
    home = Path(tempfile.mkdtemp(prefix="annotator-shots-"))
    os.environ["ANNOTATOR_HOME"] = str(home)
    from PySide6.QtCore import QSettings

    from annotator.app.projects import open_or_create_sample
    from annotator.app.session import AnnotationSession
    from annotator.gui.app import application, build_window
    from annotator.gui.settings import Settings
    from annotator.gui.theme import apply_theme

    app = application()
    session = AnnotationSession(open_or_create_sample(home / "shots.annotator.sqlite"), "alice")
    doc = session.documents()[0].id
    text = session.document(doc).text
    for phrase, nth, label, attrs in SPANS:
        start = -1
        for _ in range(nth + 1):
            start = text.index(phrase, start + 1)
        session.add_span(doc, start, start + len(phrase), label, exact=True, attributes=attrs)
    settings = Settings(QSettings(str(home / "settings.ini"), QSettings.Format.IniFormat))
    window = build_window(session, settings)
    window.resize(1280, 800)
    window.show()
    window.start()
    target = next(a for a in session.annotations(doc) if a.label == "UNNAMED_SOURCE")
    window.view.reveal(target.start)
    window.controller.select_span(target.id)
    window.show_message("Added UNNAMED_SOURCE “An insider close to the Kardashian clan” — saved")
    for theme in ("light", "dark"):
        apply_theme(app, theme)
        for _ in range(5):
            app.processEvents()
        window.grab().save(str(HERE / f"main-{theme}.png"))
        print(f"wrote {HERE / f'main-{theme}.png'}")
    window.close()
    session.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
