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
