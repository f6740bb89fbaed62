"""Context filters for hedge cues: the codebook's exclusions and required contexts.

Owns: the named filters rule files refer to in ``only_if`` / ``unless``. Each filter
answers yes or no for one candidate; word lists come from ``lexicon.json``. With a trained
pipeline, filters use the parse where it decides better (subjects, named entities, parts
of speech), and the word rules otherwise. Must not import: Qt, sqlite, spaCy.
"""

from __future__ import annotations

from collections.abc import Callable

from annotator.nlp.suggest.context import Context, Match

Filter = Callable[[Context, Match], bool]


def month_or_name(ctx: Context, m: Match) -> bool:
    """"May" as a month or a name: capitalized inside a sentence, or before a number."""
    i = m.cue_start
    text = ctx.text(i)
    if ctx.trained and ctx.doc[i].ent_type_ in {"DATE", "PERSON", "ORG", "GPE", "EVENT"}:
        return True
    if not text[:1].isupper():
        return False
    if ctx.sent_start(i) != i:
        return True
    after = ctx.doc[i + 1] if i + 1 < ctx.n else None
    return after is not None and (after.like_num or ctx.lower(i + 1) in {"of", ","})


def noun_use(ctx: Context, m: Match) -> bool:
    """A modal word used as a noun ("his might", "with all their might")."""
    if ctx.trained and ctx.doc[m.cue_start].pos_ in {"NOUN", "PROPN"}:
        return True
    prev, after = ctx.lower(m.cue_start - 1), ctx.lower(m.cue_end)
    return prev in ctx.lex["possessives"] or m.cue_end >= ctx.n or after in {
        "of", "and", ".", ";", ")", "!", "?"}


def ability(ctx: Context, m: Match) -> bool:
    """Ability or permission "could": "could be seen", "could not", "one could"."""
    prev = ctx.lower(m.cue_start - 1)
    if prev in ctx.lex["ability_before_could"]:
        return True
    j = ctx.next_word(m.cue_end, limit=1) if ctx.lower(m.cue_end) in {"also", "still"} \
        else m.cue_end
    word = ctx.lower(j)
    if word in ctx.lex["ability_after_could"]:
        return True
    if word == "be":
        k = ctx.next_word(j + 1)
        return ctx.lower(k) in ctx.lex["perception_participles"]
    return False


def than_idiom(ctx: Context, m: Match) -> bool:
    """Comparisons such as "sooner than we thought", "than expected"."""
    return "than" in (ctx.lower(m.cue_start - 1), ctx.lower(m.cue_start - 2))


def reader_question(ctx: Context, m: Match) -> bool:
    """Questions to the reader: "Do you think …?"."""
    first = ctx.sent_start(m.cue_start)
    before = ctx.low[first:m.cue_start]
    return "you" in before and ctx.ends_with_question(m.cue_start)


def type_noun(ctx: Context, m: Match) -> bool:
    """"kind of" / "sort of" as a type noun ("the kind of love")."""
    return ctx.lower(m.cue_start - 1) in ctx.lex["determiners"]


def _subject(ctx: Context, m: Match) -> int:
    """Best guess at the subject of the verb at the cue (-1: none found)."""
    if ctx.trained:
        for child in ctx.doc[m.cue_start].children:
            if child.dep_ in {"nsubj", "nsubjpass"}:
                return child.i
    j = ctx.prev_word(m.cue_start)
    while j >= 0 and ctx.lower(j) in {"do", "does", "did", "n't", "not", "also"}:
        j -= 1
    return j


def vague_subject(ctx: Context, m: Match) -> bool:
    """A first-person, generic or vague-group subject ("I think", "many believe")."""
    j = _subject(ctx, m)
    if j < 0:
        return False
    word = ctx.lower(j)
    if word in ctx.lex["first_person"] or word in ctx.lex["vague_quantifiers"]:
        return True
    if word in {"who", "that"}:
        j -= 1
        word = ctx.lower(j)
        if word in ctx.lex["vague_quantifiers"]:
            return True
    if ctx.lower(j - 1) in ctx.lex["vague_quantifiers"] and not ctx.capitalized(j):
        return True
    return _generic_plural(ctx, j)


def _generic_plural(ctx: Context, j: int) -> bool:
    """A bare plural noun as subject, a generic group: "Realists believe"."""
    word = ctx.lower(j)
    if len(word) < 4 or not word.endswith("s") or word.endswith("ss") or not ctx.doc[j].is_alpha:
        return False
    if ctx.trained:
        return ctx.doc[j].tag_ == "NNS" and not any(
            c.dep_ in {"det", "poss"} for c in ctx.doc[j].children)
    return ctx.lower(j - 1) not in ctx.lex["generic_blockers"] and not ctx.capitalized(j)


def named_subject(ctx: Context, m: Match) -> bool:
    """A named or personal subject: "Kanye did say", "he suggested"."""
    j = _subject(ctx, m)
    if j < 0:
        return False
    if ctx.trained and ctx.doc[j].ent_type_ in {"PERSON", "ORG", "NORP", "GPE"}:
        return True
    word = ctx.lower(j)
    return ctx.capitalized(j) or word in ctx.lex["named_or_personal_subject"] or word in {
        "i", "we", "they"}


def _agent_named(ctx: Context, i: int) -> bool:
    """A "by" agent after a passive that names someone ("by Smith", "by him")."""
    if ctx.lower(i) != "by":
        return False
    return ctx.capitalized(i + 1) or ctx.lower(i + 1) in {"him", "her", "them", "me", "us"}


def impersonal_passive(ctx: Context, m: Match) -> bool:
    """An agentless or vague passive: "it is believed", "widely thought", "regarded as"."""
    if _agent_named(ctx, m.cue_end):
        return False
    j = m.cue_start - 1
    first = ctx.sent_start(m.cue_start)
    weasel = False
    while j >= first and ctx.low[j] in ctx.lex["skippable"] and m.cue_start - j <= 3:
        weasel = weasel or ctx.low[j] in ctx.lex["weasel_adverbs"]
        j -= 1
    if j >= first and ctx.low[j] in ctx.lex["be_forms"]:
        return True
    if weasel:
        return True
    after = ctx.lower(m.cue_end)
    if (after in {"to", "as"} or (after in {"one", "among"} and ctx.lower(j) == ",")) \
            and j >= first:
        return not (ctx.capitalized(j) or ctx.low[j] in ctx.lex["first_person"]
                    or ctx.low[j] in {"he", "she", "they", "you", "who"})
    return False


def appearance_complement(ctx: Context, m: Match) -> bool:
    """"appear" as a hedge: followed by "to"-infinitive, "that", "as if", "likely"."""
    nxt = m.cue_end
    word = ctx.lower(nxt)
    if word == "to":
        after = nxt + 1
        return not (ctx.lower(after) in ctx.lex["appearance_object_after_to"]
                    or ctx.capitalized(after))
    if word in {"that", "likely", "unlikely", "so"}:
        return True
    if word == "as":
        return ctx.lower(nxt + 1) in {"if", "though"}
    return ctx.lower(m.cue_start - 1) == "it" and (ctx.is_punct(nxt) or nxt >= ctx.n)


def possible_context(ctx: Context, m: Match) -> bool:
    """"possible" that is not a hedge: "as soon as possible", "made possible", "possible to"."""
    prev = ctx.lower(m.cue_start - 1)
    if prev in ctx.lex["possible_drop_before"] or ctx.lower(m.cue_end) == "to":
        return True
    return ctx.lower(m.cue_start - 2) in {"made", "make", "makes", "making"}


def evidential_object(ctx: Context, m: Match) -> bool:
    """A proposal rather than evidence: "suggested to him", "suggested a name"."""
    return ctx.lower(m.cue_end) in {"to", "his", "her", "their", "changes", "ways", "using",
                                    "adding", "we", "you"}


def as_complement(ctx: Context, m: Match) -> bool:
    """Followed by "as" or "to be": "is seen as", "viewed as", "perceived to be"."""
    after = ctx.lower(m.cue_end)
    return after == "as" or (after == "to" and ctx.lower(m.cue_end + 1) == "be")


def hearsay_complement(ctx: Context, m: Match) -> bool:
    """Followed by a "to"-infinitive or a "that" clause: "is reported to be", "… that"."""
    return ctx.lower(m.cue_end) in {"to", "that"}


def infinitive(ctx: Context, m: Match) -> bool:
    """After "to" ("no evidence to suggest"): the cue is elsewhere in the phrase."""
    return ctx.lower(m.cue_start - 1) == "to"


def that_clause(ctx: Context, m: Match) -> bool:
    """A noun with a content clause: "the belief that …"."""
    return ctx.lower(m.cue_end) == "that"


def predicative(ctx: Context, m: Match) -> bool:
    """After a form of "be" or "remain": "is unknown", "remains unknown"."""
    j = ctx.prev_word(m.cue_start)
    return j >= 0 and ctx.lower(j) in ctx.lex["be_forms"]


def agentless_accusation(ctx: Context, m: Match) -> bool:
    """"accused of" without a named accuser: "was accused of", "developers accused of"."""
    if ctx.lower(m.cue_end) != "of":
        return False
    j = ctx.prev_word(m.cue_start)
    if j >= 0 and ctx.lower(j) in ctx.lex["be_forms"]:
        return True
    return not (j >= 0 and (ctx.capitalized(j) or ctx.lower(j) in {
        "he", "she", "they", "we", "i", "you", "who", "it", "people"}))


HEDGE_FILTERS: dict[str, Filter] = {
    "month_or_name": month_or_name,
    "noun_use": noun_use,
    "ability": ability,
    "than_idiom": than_idiom,
    "reader_question": reader_question,
    "type_noun": type_noun,
    "vague_subject": vague_subject,
    "named_subject": named_subject,
    "impersonal_passive": impersonal_passive,
    "appearance_complement": appearance_complement,
    "possible_context": possible_context,
    "evidential_object": evidential_object,
    "as_complement": as_complement,
    "hearsay_complement": hearsay_complement,
    "infinitive": infinitive,
    "that_clause": that_clause,
    "predicative": predicative,
    "agentless_accusation": agentless_accusation,
}
