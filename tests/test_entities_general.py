"""Entities on unfamiliar text (issue 11): words that are never names, names inside
dates, Arabic-script names, common words known only as places, head nouns the
clitic splitter must keep whole, and the nested-corpus reader."""
import pytest

from conftest import assert_offsets
from pipeline.clitics import segment
from pipeline.ner.corpus import read_nested
from pipeline.ner.names import common_word, list_names, never_a_name, trim_name
from pipeline.arabic import normalize


def texts(doc, label=None):
    return {e["text"] for e in doc["entities"] if label is None or e["label"] == label}


@pytest.mark.parametrize("word", ["على", "لأول", "بأنه", "سنة", "المدينة", "شي", "مين", "وفي"])
def test_never_a_name(word):
    assert never_a_name(word)


@pytest.mark.parametrize("word", ["علي", "العراق", "بغداد", "أوليفر", "سنان", "منى"])
def test_names_are_not_stop_words(word):
    assert not never_a_name(word)


def test_trim_cuts_edges_and_blocked_tokens():
    words = ["على", "حسن", "نصر", "الله"]
    assert trim_name(words, 0, 4) == (1, 4)
    assert trim_name(["سنة"], 0, 1) is None
    assert trim_name(["A", "drone", "struck", "Iraq"], 0, 4) is None
    assert trim_name(["22", "آب", "1931"], 1, 2, blocked=frozenset({0, 1, 2})) is None
    assert trim_name(["محمد", "آب", "علي"], 0, 3, blocked=frozenset({1})) is None


def test_english_only_text_has_no_names(nlp):
    doc = nlp("A drone struck a US base in western Iraq on Friday, officials said.", dct="2023-10-27")
    assert doc["entities"] == []


def test_month_inside_a_date_is_not_a_name(nlp):
    doc = nlp("ولد الشاعر في مدينة حلب يوم 22 آب 1931، وعاش في دمشق.", dct="2023-10-27")
    assert not any("آب" in e["text"] for e in doc["entities"])
    assert {"حلب", "دمشق"} <= texts(doc, "LOC")
    assert_offsets(doc.to_dict())


def test_function_words_are_not_names(nlp):
    doc = nlp("وأكد الوزير على أن الحكومة ستعمل لأول مرة منذ سنة على حل الأزمة.", dct="2023-10-27")
    assert not texts(doc) & {"على", "أول", "لأول", "سنة"}


def test_common_word_place_needs_a_locative_word():
    assert common_word(normalize("العين")) and not common_word(normalize("الموصل"))
    assert list_names(["أغمض", "العين"]) == []
    assert list_names(["وصل", "إلى", "العين"]) == [("LOC", 2, 3)]
    assert list_names(["سافر", "إلى", "الموصل"]) == [("LOC", 2, 3)]


@pytest.mark.parametrize("word", ["وكالة", "ولاية", "وادي", "بحر", "بلدية", "بنك", "وطن"])
def test_head_nouns_keep_their_first_letter(word):
    assert [kind for kind, _, _ in segment(word)] == ["stem"]
    with_conjunction = segment("و" + word)
    assert [kind for kind, _, _ in with_conjunction] == ["proclitic", "stem"]
    assert with_conjunction[1][1] == 1


@pytest.mark.parametrize("word,first_stem_letter", [("بالعراق", "ع"), ("وقال", "ق"), ("لوكالة", "و")])
def test_real_proclitics_still_split(word, first_stem_letter):
    stem = [(a, b) for kind, a, b in segment(word) if kind == "stem"][0]
    assert word[stem[0]] == first_stem_letter


def test_read_nested_takes_outermost_spans(tmp_path):
    path = tmp_path / "nested.txt"
    path.write_text("جريدة B-ORG\nفلسطين I-ORG B-GPE\nفي O\nقرية B-GPE\nالمجدل I-GPE\n$#$ O\n"
                    "العام B-DATE\n\nأحمد B-PERS\nحسن I-PERS\n", encoding="utf-8")
    sentences = read_nested(path)
    assert sentences[0] == (["جريدة", "فلسطين", "في", "قرية", "المجدل", "العام"],
                            ["B-ORG", "I-ORG", "O", "B-LOC", "I-LOC", "O"])
    assert sentences[1] == (["أحمد", "حسن"], ["B-PER", "I-PER"])
