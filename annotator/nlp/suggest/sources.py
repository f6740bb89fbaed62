"""Unnamed sources: noun-phrase extent and attribution around a role noun.

Owns: growing a matched role noun ("insider", "officials", "reports") to its full noun
phrase (determiner, modifiers, identifying post-modifiers such as "close to …") and
deciding whether that phrase is the source of attributed information ("X said",
"according to X", inverted "…, explained X"). With a trained pipeline the parse decides
where it can; the word rules are the fallback. Must not import: Qt, sqlite, spaCy.
"""

from __future__ import annotations

from annotator.nlp.suggest.context import Context, Match
from annotator.nlp.suggest.filters import Filter

_MODIFIER_DEPS = {"det", "amod", "compound", "nummod", "poss", "nmod", "quantmod", "case"}
_POST_HEADS = {"close", "familiar", "knowledgeable", "briefed", "involved", "connected"}


def _left_edge(ctx: Context, head: int) -> int:
    """First token of the noun phrase whose head (or first cue token) is ``head``."""
    first = ctx.sent_start(head)
    j = head - 1
    while j >= first and head - j <= 6:
        word = ctx.low[j]
        if word in ctx.lex["np_determiners"] or ctx.doc[j].like_num:
            return j
        if word in {"'s", "’s"}:
            j -= 1
            continue
        if (ctx.is_punct(j) and word != "-") or word in ctx.lex["np_stop"] \
                or word in ctx.lex["speech_verbs"]:
            break
        j -= 1
    return j + 1


def _post_np_end(ctx: Context, i: int) -> int:
    """End of the short noun phrase that starts at ``i`` (after a post-modifier)."""
    last = min(ctx.sent_end(i), i + 8)
    j = i
    while j < last:
        word = ctx.low[j]
        if (ctx.is_punct(j) and word != "-") or word in ctx.lex["speech_verbs"]:
            break
        if word in ctx.lex["np_stop"] and word not in {"of", "'s", "’s"} \
                and not (word in ctx.lex["np_determiners"] and j == i):
            break
        j += 1
    return j


def _right_edge(ctx: Context, end: int) -> int:
    """End of the noun phrase after its head: includes one identifying post-modifier."""
    length = ctx.starts_with(end, ctx.lex["postmodifiers"])
    if not length:
        return end
    phrase = " ".join(ctx.low[end:end + length])
    if phrase in ctx.lex["complete_postmodifiers"]:
        return end + length
    stop = _post_np_end(ctx, end + length)
    return stop if stop > end + length else end


def _trained_extent(ctx: Context, head: int) -> tuple[int, int] | None:
    """Noun-phrase extent from the parse, or None when the parse gives no clear answer."""
    tok = ctx.doc[head]
    if tok.pos_ not in {"NOUN", "PROPN", "PRON"}:
        return None
    left, right = head, head + 1
    for child in tok.children:
        if child.i < head and child.dep_ in _MODIFIER_DEPS:
            left = min(left, child.left_edge.i)
        elif child.i > head and (child.dep_ == "prep" or child.lower_ in _POST_HEADS):
            right = max(right, child.right_edge.i + 1)
    while right > head + 1 and ctx.is_punct(right - 1):
        right -= 1
    return left, right


def noun_phrase(ctx: Context, cue_start: int, cue_end: int) -> Match:
    """Grow the cue ``[cue_start, cue_end)`` to the full noun phrase around it."""
    if ctx.trained:
        extent = _trained_extent(ctx, cue_end - 1)
        if extent is not None:
            post = _right_edge(ctx, cue_end)
            right = extent[1] if post == cue_end else max(post, cue_end)
            return Match(min(extent[0], cue_start), right, cue_start, cue_end)
    return Match(_left_edge(ctx, cue_start), _right_edge(ctx, cue_end), cue_start, cue_end)


def _skip_aside(ctx: Context, i: int) -> int:
    """Step over ", who spoke on condition of anonymity," after a source phrase."""
    if ctx.lower(i) != "," or ctx.lower(i + 1) not in ctx.lex["clause_openers"]:
        return i
    last = min(ctx.sent_end(i), i + 20)
    for j in range(i + 1, last):
        if ctx.low[j] == ",":
            return j + 1
    return i


def _verb_after(ctx: Context, m: Match) -> bool:
    j = ctx.next_word(_skip_aside(ctx, m.end), skip="skip_after_source")
    return ctx.lower(j) in ctx.lex["speech_verbs"]


def _parse_says_source(ctx: Context, m: Match) -> bool:
    head = ctx.doc[m.cue_end - 1]
    if head.dep_ in {"nsubj", "nsubjpass"} and head.head.lemma_.lower() in ctx.lex[
            "speech_verbs"]:
        return True
    prep = head.head
    return head.dep_ == "pobj" and prep.lower_ == "to" and prep.head.lower_ == "according"


def attributed_subject(ctx: Context, m: Match) -> bool:
    """The phrase is the subject of a speech or belief verb ("sources said")."""
    if ctx.trained and _parse_says_source(ctx, m):
        return True
    return _verb_after(ctx, m)


def attributed(ctx: Context, m: Match) -> bool:
    """The phrase is a source: "X said", "according to X", "…, explained X"."""
    if attributed_subject(ctx, m):
        return True
    prev = ctx.lower(m.start - 1)
    if prev == "to" and ctx.lower(m.start - 2) == "according":
        return True
    if prev in ctx.lex["inverted_verbs"]:
        before = m.start - 2
        return before < 0 or ctx.is_punct(before) or ctx.lower(before) in {"also", "later"}
    return False


def named_apposition(ctx: Context, m: Match) -> bool:
    """A role noun followed by a name identifies the source: "aide Hope Hicks said"."""
    i = m.cue_end
    if ctx.trained and i < ctx.n and ctx.doc[i].ent_type_ == "PERSON":
        return True
    return ctx.capitalized(i) and ctx.lower(i) not in ctx.lex["name_time_words"]


def identifying_postmodifier(ctx: Context, m: Match) -> bool:
    """A vague head made specific by "close to …", "familiar with …" and the like."""
    return ctx.starts_with(m.cue_end, ctx.lex["identifying_postmodifiers"]) > 0


def recipient(ctx: Context, m: Match) -> bool:
    """The phrase receives the information: "told sources", "spoke to officials"."""
    prev = ctx.lower(m.start - 1)
    return prev in {"told", "tell", "tells", "telling", "to", "with"} and ctx.lower(
        m.start - 2) != "according"


SOURCE_FILTERS: dict[str, Filter] = {
    "attributed": attributed,
    "attributed_subject": attributed_subject,
    "named_apposition": named_apposition,
    "identifying_postmodifier": identifying_postmodifier,
    "recipient": recipient,
}
