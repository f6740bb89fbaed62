"""The trained-pipeline tier: runs only when a trained English spaCy pipeline is installed.

None ships with the project (nothing is downloaded at run time). For a test-only install,
e.g. ``pip install en_core_web_sm`` from the spaCy model releases, these tests run; or point
``ANNOTATOR_TEST_PIPELINE`` at any trained English pipeline (a package name or a folder).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from annotator.nlp.evaluation import score
from annotator.nlp.suggest import Suggester, available_models

MODELS = [m for m in available_models() if m != "en_core_web_trf"]
CHOSEN = os.environ.get("ANNOTATOR_TEST_PIPELINE") or (MODELS[0] if MODELS else "")
needs_pipeline = pytest.mark.skipif(
    not CHOSEN, reason="no trained English spaCy pipeline installed (en_core_web_sm/md/lg) "
    "and ANNOTATOR_TEST_PIPELINE not set; the trained tier is tested only when one is")
SEED = Path(__file__).resolve().parents[3] / "shared" / "data" / "seed" / "gold.jsonl"


@pytest.fixture(scope="module")
def engine() -> Suggester:
    return Suggester(CHOSEN)


@pytest.mark.skipif(not MODELS, reason="no trained English pipeline installed under a known "
                    "name (en_core_web_sm/md/lg), so the default stays blank")
def test_default_engine_picks_the_trained_pipeline():
    suggester = Suggester()
    assert suggester.tier == "trained" and MODELS[0].removeprefix("en_") in suggester.version


@needs_pipeline
def test_trained_tier_on_the_seed_article(engine):
    if not SEED.is_file():
        pytest.skip(f"{SEED} not found")
    records = [json.loads(line) for line in SEED.read_text(encoding="utf-8").splitlines()]
    gold = [[(s["start"], s["end"], s["label"]) for s in r["spans"]] for r in records]
    found = [[(s.start, s.end, s.label) for s in engine.suggest(r["text"])] for r in records]
    wanted = {s for doc in gold for s in doc if s[2] == "UNNAMED_SOURCE"}
    assert wanted <= {s for doc in found for s in doc}
    assert score(gold, found)["HEDGE"].f1 >= 0.9


@needs_pipeline
def test_trained_tier_sources_and_exclusions(engine):
    text = "Sources close to the couple said the pair might split. He said he would resign."
    found = [(text[s.start:s.end], s.label) for s in engine.suggest(text)]
    assert ("Sources close to the couple", "UNNAMED_SOURCE") in found
    assert ("might", "HEDGE") in found and ("would", "HEDGE") not in found


def test_trained_code_path_on_a_hand_parsed_doc():
    """Runs without any pipeline: a Doc with a hand-made parse goes through the trained path."""
    from spacy.tokens import Doc

    suggester = Suggester("blank")
    suggester.tier = "trained"
    words = ["Sources", "close", "to", "the", "couple", "said", "the", "pair", "might",
             "split", "."]
    doc = Doc(suggester._nlp.vocab, words=words, spaces=[True] * 9 + [False, False],
              heads=[5, 0, 1, 4, 2, 5, 7, 9, 9, 5, 5],
              deps=["nsubj", "amod", "prep", "det", "pobj", "ROOT", "det", "nsubj", "aux",
                    "ccomp", "punct"],
              pos=["NOUN", "ADJ", "ADP", "DET", "NOUN", "VERB", "DET", "NOUN", "AUX", "VERB",
                   "PUNCT"],
              lemmas=["source", "close", "to", "the", "couple", "say", "the", "pair", "might",
                      "split", "."])
    found = [(doc.text[s.start:s.end], s.label) for s in suggester._from_doc(doc, "x")]
    assert found == [("Sources close to the couple", "UNNAMED_SOURCE"), ("might", "HEDGE")]
