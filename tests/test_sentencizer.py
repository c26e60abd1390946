"""The array sentencizer sets the same sentence boundaries as spaCy's own sentencizer."""
import pytest
import spacy

from extractors.extensions import sentence_of
from extractors.pipeline import get_nlp

TEXTS = [
    "",
    "One sentence without an end",
    "Ketamine helped. Placebo did not! Why? Nobody knows...",
    "RESULTS: 41 patients (p<.001). \"Quoted.\" (Bracketed.) Next one.",
    "Ends with a full stop.",
    ". Starts with a full stop. And ?! goes on",
    "Dr. Smith et al. reported 0.5 mg/kg vs. placebo. Then\n\nMETHODS\nWe enrolled 30.",
    "...",
    "Fullwidth。 Next｡ Ok‼ Then",
]


@pytest.fixture(scope="module")
def pipelines():
    nlp = get_nlp()
    reference = spacy.blank("en")
    reference.tokenizer = nlp.tokenizer
    reference.add_pipe("sentencizer")
    return nlp, reference


@pytest.mark.parametrize("text", TEXTS)
def test_same_boundaries_as_spacy_sentencizer(pipelines, text):
    nlp, reference = pipelines
    ours = nlp.get_pipe("sentencizer")(nlp.make_doc(text))
    theirs = reference(text)
    assert ours.to_array("SENT_START").tolist() == theirs.to_array("SENT_START").tolist()
    assert [s.start for s in ours.sents] == [s.start for s in theirs.sents]
    for token in ours:
        assert sentence_of(ours, token.i).start == token.sent.start


def test_keeps_boundaries_already_set(pipelines):
    nlp, reference = pipelines
    text = "No full stop here but a boundary set by hand"
    ours, theirs = nlp.make_doc(text), nlp.make_doc(text)
    ours[4].is_sent_start = theirs[4].is_sent_start = True
    nlp.get_pipe("sentencizer")(ours)
    reference.get_pipe("sentencizer")(theirs)
    assert ours.to_array("SENT_START").tolist() == theirs.to_array("SENT_START").tolist()
    assert sentence_of(ours, 5).start == 4


def test_lower_casing_never_changes_what_the_sentencizer_sees():
    """The classes are read from lower-cased token texts: valid because no character becomes or
    stops being punctuation or a sentence-final character when lower-cased."""
    import sys

    from spacy.attrs import IS_PUNCT
    from spacy.pipeline import Sentencizer

    is_punct = get_nlp().vocab.lex_attr_getters[IS_PUNCT]
    finals = set(Sentencizer.default_punct_chars)
    for code in range(sys.maxunicode + 1):
        ch = chr(code)
        low = ch.lower()
        assert is_punct(ch) == is_punct(low), hex(code)
        assert (ch in finals) == (low in finals), hex(code)
