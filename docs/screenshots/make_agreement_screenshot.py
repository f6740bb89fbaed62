"""Screenshot of the Agreement view: alice and bob on the sample article, slightly apart.

Run: ``python docs/screenshots/make_agreement_screenshot.py`` (offscreen by default; needs
a font, e.g. Debian ``fonts-dejavu-core``). Writes ``agreement.png`` here: the coefficient
table, the document list, both coders side by side, and the disagreement list after
"Take A's" on the first boundary disagreement.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

INSIDER = "An insider close to the Kardashian clan"
SHARED = ("might", "rumors", "seemed", "seems", "apparently", "possibly")
ALICE = (("reportedly", 0, "HEDGE"), ("possibility", 0, "HEDGE"), ("appears", 0, "HEDGE"),
         (INSIDER, 0, "UNNAMED_SOURCE"), ("allegedly", 0, "HEDGE"),
         ("the family insider", 0, "UNNAMED_SOURCE"))
BOB = (("reportedly had", 0, "HEDGE"), ("appears", 0, "HEDGE"), ("appears", 1, "HEDGE"),
       ("An insider", 0, "UNNAMED_SOURCE"), ("allegedly", 0, "UNNAMED_SOURCE"),
       ("the family insider", 0, "UNNAMED_SOURCE"))


def find(text: str, phrase: str, nth: int) -> tuple[int, int]:
    """Offsets of the ``nth`` occurrence of ``phrase``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return start, start + len(phrase)


def main() -> int:
    """Two coders annotate and finish the sample; open the view; save the grab."""
    home = Path(tempfile.mkdtemp(prefix="annotator-shots-"))
    os.environ["ANNOTATOR_HOME"] = str(home)
    from PySide6.QtCore import QSettings

    from annotator.app.projects import open_or_create_sample
    from annotator.app.session import AnnotationSession
    from annotator.core.model import Status
    from annotator.gui.app import application, build_window
    from annotator.gui.settings import Settings
    from annotator.gui.theme import apply_theme

    app = application()
    project = open_or_create_sample(home / "shots.annotator.sqlite")
    for coder, own in (("alice", ALICE), ("bob", BOB)):
        session = AnnotationSession(project, coder)
        doc = session.documents()[0].id
        text = session.document(doc).text
        for phrase, nth, label in (*((p, 0, "HEDGE") for p in SHARED), *own):
            session.add_span(doc, *find(text, phrase, nth), label, exact=True)
        session.set_status(doc, Status.DONE)
    settings = Settings(QSettings(str(home / "settings.ini"), QSettings.Format.IniFormat))
    window = build_window(AnnotationSession(project, "lead"), settings)
    apply_theme(app, "light")
    window.show()
    window.start()
    view = window.open_agreement()
    view.resize(1440, 900)
    deadline = time.monotonic() + 30
    while view.run is not None and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)
    rows = view.disagreements.rows()
    view.dis_table.selectRow(next(i for i, r in enumerate(rows) if r.kind == "boundary"))
    view.actions_["take_a"].trigger()
    for _ in range(10):
        app.processEvents()
    view.grab().save(str(HERE / "agreement.png"))
    print(f"wrote {HERE / 'agreement.png'}")
    view.close()
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
