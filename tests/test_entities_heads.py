"""Names announced by a head word (issue 11): places after a place head, outlets and
parties quoted after their head or after لـ, teams with their head, organizations on
a definite head with adjectives, and a given name joining the PER name after it.
Examples written for these tests from general knowledge of Arabic news."""
import pytest

from conftest import assert_offsets
from pipeline.ner.heads import head_names, name_like, pattern_names
from pipeline.ner.people import extend_left


def spans(words, found):
    return [(label, " ".join(words[first:last])) for label, first, last, *_ in found]


@pytest.mark.parametrize("sentence,expected", [
    ("هبطت الطائرة في قاعدة حميميم الجوية", [("LOC", "حميميم")]),
    ("نقل الجرحى إلى مستشفى هداسا", [("LOC", "هداسا")]),
    ("نشرت صحيفة « هآرتس » الإسرائيلية", [("ORG", "هآرتس")]),
    ("وقال لـ « الشرق الأوسط » إن", [("ORG", "الشرق الأوسط")]),
    ("أعلن حزب \" العدالة والتنمية \" فوزه", [("ORG", "العدالة والتنمية")]),
    ("فاز منتخب البرازيل بالكأس", [("ORG", "منتخب البرازيل")]),
    ("أنشأت الشركة قاعدة بيانات جديدة", []),
    ("زار الوفد مخيم اللاجئين", []),
    ("أغلقت السلطات معبر ومنفذ الحدود", []),
])
def test_head_names(sentence, expected):
    words = sentence.split()
    assert spans(words, head_names(words)) == expected


@pytest.mark.parametrize("sentence,expected", [
    ("قضت المحكمة الدستورية العليا ببطلان القرار", ["المحكمة الدستورية العليا"]),
    ("أعلنت الهيئة العامة للطيران المدني استئناف الرحلات", ["الهيئة العامة للطيران المدني"]),
    ("بثت هيئة الإذاعة والتلفزيون الخبر", ["هيئة الإذاعة والتلفزيون"]),
    ("فاز الحزب الديمقراطي بالانتخابات", ["الحزب الديمقراطي"]),
    ("وقررت الشركة السعودية توزيع الأرباح", []),  # a country's gentilic: a description
    ("اجتمع مجلس الأمن والتي تضم", ["مجلس الأمن"]),
])
def test_organizations_on_a_head_noun(sentence, expected):
    words = sentence.split()
    assert [text for _, text in spans(words, pattern_names(words))] == expected


@pytest.mark.parametrize("word,expected", [("حميميم", True), ("البصرة", True), ("بيانات", False),
                                           ("اللاجئين", False), ("عسكرية", False), ("الملك", False)])
def test_name_like(word, expected):
    from pipeline.arabic import normalize
    assert name_like(normalize(word)) is expected


def test_given_name_joins_the_person_after_it():
    never = lambda first, last: False  # noqa: E731
    assert extend_left(["قال", "محمد", "مرسي"], 2, never) == 1
    assert extend_left(["قال", "الرئيس", "مرسي"], 2, never) == 2
    assert extend_left(["قال", "محمد", "مرسي"], 2, lambda first, last: True) == 2


def test_head_names_in_the_stage(nlp):
    text = ("هبطت طائرة روسية في قاعدة حميميم الجوية، ونقلت صحيفة «هآرتس» عن مصدر قوله إن "
            "منتخب البرازيل سيلعب في مدينة الدوحة.")
    doc = nlp(text, dct="2023-10-27")
    found = {(e["text"], e["label"]): e for e in doc["entities"]}
    assert ("حميميم", "LOC") in found and found[("حميميم", "LOC")]["subtype"] == "FAC"
    assert ("هآرتس", "ORG") in found
    assert ("منتخب البرازيل", "ORG") in found
    assert ("البرازيل", "LOC") not in found
    assert_offsets(doc.to_dict())
