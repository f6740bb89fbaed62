"""Item models pass Qt's model tester, and the filters do what the panel promises."""

from __future__ import annotations

from annotator.core.model import DocId, DocumentSummary, Status
from annotator.gui.document_list import DocumentFilterProxy, DocumentListModel
from annotator.gui.label_panel import CountRole, LabelModel


def summaries() -> list[DocumentSummary]:
    return [DocumentSummary(DocId("a"), "Divorce rumours", 100, Status.DONE, 3),
            DocumentSummary(DocId("b"), "Election", 200, None, 0),
            DocumentSummary(DocId("c"), "", 50, Status.SKIPPED, 1)]


def test_document_model_passes_modeltester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = DocumentListModel()
    model.set_summaries(summaries())
    qtmodeltester.check(model)
    model.update_document("b", status=Status.IN_PROGRESS, spans=2)
    assert model.index(1, 1).data() == "in progress" and model.index(1, 2).data() == 2
    assert model.index(2, 0).data() == "c"  # no title: the id stands in
    assert model.progress() == (1, 3)
    qtmodeltester.check(model)


def test_filter_proxy_passes_modeltester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = DocumentListModel()
    model.set_summaries(summaries())
    proxy = DocumentFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_filter("done", "", set())
    assert proxy.rowCount() == 1
    proxy.set_filter("not_started", "", set())
    assert [proxy.index(r, 0).data() for r in range(proxy.rowCount())] == ["Election"]
    proxy.set_filter("", "RUMOUR", set())
    assert proxy.rowCount() == 1
    proxy.set_filter("", "officials", {"c"})  # a text match found by the app layer
    assert proxy.rowCount() == 1
    qtmodeltester.check(proxy)


def test_label_model_passes_modeltester(qtmodeltester, codebook) -> None:  # type: ignore[no-untyped-def]
    model = LabelModel()
    model.set_codebook(codebook)
    model.set_counts({"HEDGE": 4})
    qtmodeltester.check(model)
    assert model.index(0).data() == "1  HEDGE  (4)"
    assert model.index(1).data(CountRole) == 0
    assert "unnamed" in model.index(1).data(0x3).lower()  # tooltip has the description
