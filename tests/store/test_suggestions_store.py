from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from annotator.app.projects import load_codebook
from annotator.core.history import DecideSuggestion
from annotator.core.model import (
    Annotation,
    Decision,
    DocId,
    Document,
    Origin,
    Suggestion,
    content_hash,
)
from annotator.store import Project, annotation_row
from annotator.store.schema import KNOWN

TEXT = "Officials said it might rain. It could also snow, reportedly."
DOC = content_hash(TEXT)
OTHER_TEXT = "Nothing to see here, perhaps."
OTHER = content_hash(OTHER_TEXT)


def sug(word: str, label: str = "HEDGE", rule: str = "hedge.cue", conf: float = 0.9,
        doc: str = DOC, text: str = TEXT) -> Suggestion:
    start = text.index(word)
    return Suggestion(DocId(doc), label, start, start + len(word), rule, conf, "fake 1")


@pytest.fixture
def project():
    p = Project.memory()
    with p.atomic():
        p.save_codebook(load_codebook())
        p.insert_documents([Document(DOC, TEXT), Document(OTHER, OTHER_TEXT)])
        for who in ("alice", "bob"):
            p.ensure_annotator(who)
    yield p
    p.close()


def store(project, found, docs=(DOC,)):
    with project.atomic():
        return project.replace_suggestions(list(docs), found)


def decide(project, s, who, after, before=None):
    with project.atomic():
        return project.apply(DecideSuggestion(s, who, before, after))


def test_migration_m003_is_third_and_creates_both_tables(project):
    assert KNOWN[2] == "m003_suggestions"
    tables = set(project.db.table_names())
    assert {"suggestions", "suggestion_decisions"} <= tables


def test_older_project_file_is_upgraded_with_a_backup(tmp_path):
    """A file from before the suggestions tables (schema v2) gets them, after a backup."""
    path = tmp_path / "old.sqlite"
    shutil.copy2(Path(__file__).parents[1] / "fixtures" / "schema_v2.annotator.sqlite", path)
    again = Project.open(path)
    assert (tmp_path / "old.sqlite.v2.bak").exists()
    (doc,) = [d.id for d in again.iter_documents()]
    text = again.document(doc).text
    assert again.count_documents() == 1 and again.count_suggestions() == 0
    store(again, [sug("might", doc=doc, text=text)], docs=(doc,))
    assert [s.label for s in again.suggestions_of(doc)] == ["HEDGE"]
    again.close()


def test_replace_keeps_ids_of_refound_and_decided_and_drops_the_rest(project):
    counts = store(project, [sug("might"), sug("could"), sug("reportedly"), sug("might")])
    assert counts == (3, 0, 0, 0)  # the duplicate is stored once
    by_word = {TEXT[s.start:s.end]: s for s in project.suggestions_of(DOC)}
    decide(project, by_word["could"], "alice", Decision.REJECTED)
    counts = store(project, [sug("might", conf=0.5), sug("Officials", "UNNAMED_SOURCE", "src")])
    # added Officials, refreshed might, removed reportedly, kept could
    assert counts == (1, 1, 1, 1)
    now = {TEXT[s.start:s.end]: s for s in project.suggestions_of(DOC)}
    assert sorted(now) == ["Officials", "could", "might"]
    assert now["might"].id == by_word["might"].id and now["might"].confidence == 0.5
    assert now["could"].id == by_word["could"].id


def test_refound_decided_suggestion_keeps_its_old_confidence(project):
    store(project, [sug("might", conf=0.9)])
    (s,) = project.suggestions_of(DOC)
    decide(project, s, "bob", Decision.ACCEPTED)
    assert store(project, [sug("might", conf=0.1)]) == (0, 0, 0, 1)
    assert project.suggestion(s.id).confidence == 0.9


def test_replace_refuses_suggestions_of_documents_not_named(project):
    with pytest.raises(ValueError, match="not named"):
        store(project, [sug("perhaps", doc=OTHER, text=OTHER_TEXT)])


def test_pending_is_per_coder_and_hides_what_the_coder_annotated(project):
    store(project, [sug("might"), sug("could")])
    might, could = project.suggestions_of(DOC)
    decide(project, might, "alice", Decision.ACCEPTED)
    assert [s.id for s in project.pending_suggestions(DOC, "alice")] == [could.id]
    assert [s.id for s in project.pending_suggestions(DOC, "bob")] == [might.id, could.id]
    with project.atomic():
        project.insert_annotation_rows([annotation_row(Annotation(
            DOC, "bob", "HEDGE", could.start, could.end, Origin.MANUAL), 0)])
    assert [s.id for s in project.pending_suggestions(DOC, "bob")] == [might.id]
    assert project.decision(might.id, "alice") is Decision.ACCEPTED
    assert project.decision(might.id, "bob") is None


def test_decision_can_change_and_be_forgotten(project):
    store(project, [sug("might")])
    (s,) = project.suggestions_of(DOC)
    decide(project, s, "alice", Decision.REJECTED)
    decide(project, s, "alice", Decision.ACCEPTED, Decision.REJECTED)
    assert project.decision(s.id, "alice") is Decision.ACCEPTED
    decide(project, s, "alice", None, Decision.ACCEPTED)
    assert project.decision(s.id, "alice") is None


def test_decision_on_a_replaced_suggestion_finds_or_restores_it(project):
    store(project, [sug("might")])
    (old,) = project.suggestions_of(DOC)
    store(project, [])  # undecided: removed
    assert project.suggestions_of(DOC) == []
    edit = decide(project, old, "alice", Decision.REJECTED)
    (back,) = project.suggestions_of(DOC)
    assert edit.suggestion.id == back.id and project.decision(back.id, "alice") is not None
    store(project, [sug("might")])  # decided: kept with the same id
    assert [s.id for s in project.suggestions_of(DOC)] == [back.id]


def test_rule_counts_over_every_coder_or_one(project):
    store(project, [sug("might", rule="modal"), sug("could", rule="modal"),
                    sug("reportedly", rule="adverb"),
                    sug("Officials", "UNNAMED_SOURCE", "source.plural")])
    s = {TEXT[x.start:x.end]: x for x in project.suggestions_of(DOC)}
    decide(project, s["might"], "alice", Decision.ACCEPTED)
    decide(project, s["might"], "bob", Decision.REJECTED)
    decide(project, s["could"], "bob", Decision.ACCEPTED)
    rows = {r.rule: r for r in project.rule_counts()}
    assert rows["modal"] == ("modal", "HEDGE", 2, 2, 1, 0)
    assert rows["adverb"] == ("adverb", "HEDGE", 1, 0, 0, 1)
    assert [r.label for r in project.rule_counts()] == ["HEDGE", "HEDGE", "UNNAMED_SOURCE"]
    alice = {r.rule: r for r in project.rule_counts("alice")}
    assert alice["modal"] == ("modal", "HEDGE", 2, 1, 0, 1)


def test_constraints_refuse_bad_rows(project):
    with pytest.raises(sqlite3.IntegrityError), project.atomic():
        project.replace_suggestions([DOC], [Suggestion(DOC, "HEDGE", 5, 5, "r", 1, "e")])
    with pytest.raises(sqlite3.IntegrityError), project.atomic():
        project.replace_suggestions(["missing"], [sug("might", doc="missing")])
    assert project.count_suggestions() == 0


def test_suggestions_and_decisions_go_with_their_document(project):
    store(project, [sug("might")])
    (s,) = project.suggestions_of(DOC)
    decide(project, s, "alice", Decision.ACCEPTED)
    with project.atomic():
        project.conn.execute("DELETE FROM documents WHERE id = ?", [DOC])
    assert project.count_suggestions() == 0
    assert project.conn.execute("SELECT count(*) FROM suggestion_decisions").fetchone()[0] == 0


def test_document_ids_and_lengths(project):
    assert project.document_ids() == [DOC, OTHER]
    assert project.document_lengths([OTHER, "nope"]) == {OTHER: len(OTHER_TEXT)}
