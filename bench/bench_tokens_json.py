"""Benchmark: the ``tokens`` JSON of the JSONL export, pure Python versus numpy.

Builds a deterministic set of synthetic news-like documents (English-like words,
punctuation, quotes, paragraph breaks; ~700 tokens each), tokenized spaCy-style by a
regular expression. Each document's offset lists are rebuilt right before it is written,
as the export does when it decodes the token cache, and only the writing is timed.
Prints, for both writers, the median over --runs runs in ns/token and the projected
seconds for 10,000 documents of this size.

    python bench/bench_tokens_json.py --docs 2000 --runs 5
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import time
from array import array
from collections.abc import Callable
from itertools import accumulate

from annotator.core.model import Tokens
from annotator.io.tokens_json import TokenWriter

WORDS = tuple("""the a of to and in that for on with as was at by from his her their said
year government people city report police company market new first last week officials
told would could house state president court law money school health family minister plan
deal talks election season team game music film star show night after before during while
because although however still also only very more most many some other such same
different large small young old public private administration international investigation
community development announcement spokesperson negotiations relationship performance
television might may possibly reportedly allegedly apparently sources insiders critics
analysts Reuters Monday Tuesday Brussels Washington Beijing percent billion million""".split())
TOKEN = re.compile(r"[^\W_]+|\s+|.", re.DOTALL)  # a single space is a token's "ws"


def sentence(rng: random.Random) -> str:
    """One sentence: words, commas, sometimes a quotation or a number."""
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 24))]
    if rng.random() < 0.3:
        words[rng.randrange(len(words))] += ","
    if rng.random() < 0.15:
        i = rng.randrange(len(words))
        words[i:i + 3] = ['"' + " ".join(words[i:i + 3]) + '"']
    if rng.random() < 0.1:
        words.insert(rng.randrange(len(words)), f"{rng.randint(2, 99)}.{rng.randint(0, 9)}%")
    text = " ".join(words)
    return text[0].upper() + text[1:] + rng.choice(".....?!")


def document(rng: random.Random, tokens: int = 700) -> tuple[str, array]:
    """A text of about ``tokens`` tokens and its offsets packed as the token cache does."""
    paragraphs: list[str] = []
    count = 0
    while count < tokens:
        paragraph = " ".join(sentence(rng) for _ in range(rng.randint(2, 6)))
        paragraphs.append(paragraph)
        count += len(TOKEN.findall(paragraph)) - paragraph.count(" ")
    text = "\n\n".join(paragraphs)
    gaps = array("I")
    end = 0
    for m in TOKEN.finditer(text):
        if m.group() != " ":
            gaps.extend((m.start() - end, m.end() - m.start()))
            end = m.end()
    return text, gaps


def unpack(gaps: array) -> Tokens:
    """Fresh offset lists, like ``annotator.store.tokencache.decode``."""
    positions = list(accumulate(gaps))
    return Tokens(positions[0::2], positions[1::2])


def run(write: Callable[[str, Tokens], str], docs: list[tuple[str, array]]) -> float:
    """Seconds spent writing every document once (unpacking is not timed)."""
    spent = 0.0
    for text, gaps in docs:
        tokens = unpack(gaps)
        start = time.perf_counter()
        write(text, tokens)
        spent += time.perf_counter() - start
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    docs = [document(rng) for _ in range(args.docs)]
    tokens = sum(len(gaps) // 2 for _, gaps in docs)
    chars = sum(len(text) for text, _ in docs)
    print(f"{len(docs)} documents, {chars / len(docs):.0f} characters and "
          f"{tokens / len(docs):.0f} tokens each on average")
    old, new = TokenWriter(), TokenWriter()
    for text, gaps in docs:  # same output, and warm caches and tables
        assert new.dumps(text, unpack(gaps)) == old.dumps_python(text, unpack(gaps))
    writers = {"pure Python": old.dumps_python, "numpy": new.dumps}
    results = {}
    for name, write in writers.items():
        seconds = statistics.median(run(write, docs) for _ in range(args.runs))
        results[name] = seconds / tokens * 1e9
        print(f"{name:12s} {results[name]:6.1f} ns/token   "
              f"{seconds / len(docs) * 10_000:5.2f} s per 10,000 documents")
    print(f"speed-up     {results['pure Python'] / results['numpy']:.2f}x")


if __name__ == "__main__":
    main()
