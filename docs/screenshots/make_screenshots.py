"""Screenshots of the real window on the sample article, light and dark.

Run: ``python docs/screenshots/make_screenshots.py`` (offscreen by default; needs a font,
e.g. Debian ``fonts-dejavu-core``). Writes ``main-light.png`` and ``main-dark.png`` here,
and ``suggestions.png``: the engine's suggestions (run through the window's background
worker) beside one manual and one accepted annotation, the next suggestion focused.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication
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
    suggestions_shot(app, home)
    return 0


def suggestions_shot(app: QApplication, home: Path) -> None:
    """Suggest for the sample with the real engine, accept one, annotate one, save."""
    from PySide6.QtCore import QEventLoop, QSettings

    from annotator.app.projects import open_or_create_sample
    from annotator.app.session import AnnotationSession
    from annotator.gui.app import build_window
    from annotator.gui.settings import Settings
    from annotator.gui.theme import apply_theme

    session = AnnotationSession(open_or_create_sample(home / "suggest.annotator.sqlite"),
                                "alice")
    settings = Settings(QSettings(str(home / "settings-2.ini"), QSettings.Format.IniFormat))
    window = build_window(session, settings)
    window.resize(1280, 800)
    window.show()
    window.start()
    apply_theme(app, "light")
    run = window.suggest.start([window.controller.doc_id or ""])
    if run is not None:
        loop = QEventLoop()
        run.finished.connect(loop.quit)
        loop.exec()
    c = window.controller
    text = c.document.text if c.document else ""
    start = text.index("reportedly")
    c.add_span(start, start + len("reportedly"), "HEDGE")  # a manual annotation
    c.select_span(None)
    first = next((s for s in c.suggestions if text[s.start:s.end] == "might"), None)
    if first is not None:
        c.focus_suggestion(first.id)
        c.accept_suggestion()  # the focus moves on to the next suggestion
    for _ in range(5):
        app.processEvents()
    window.grab().save(str(HERE / "suggestions.png"))
    print(f"wrote {HERE / 'suggestions.png'}")
    window.close()
    session.close()


if __name__ == "__main__":
    sys.exit(main())
