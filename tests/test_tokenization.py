import pytest

from conftest import SHARED, assert_offsets, needs_shared
from pipeline import load
from pipeline.clitics import segment


@pytest.fixture(scope="module")
def tok():
    return load(["read", "normalize", "sentences", "tokens"])


def sentences(tok, text):
    return [s["text"] for s in tok(text)["sentences"]]


@pytest.mark.parametrize("text, expected", [
    ("وصل الوفد. وبدأت المحادثات.", ["وصل الوفد.", "وبدأت المحادثات."]),
    ("هل انتهت الحرب؟ لا أحد يعرف!", ["هل انتهت الحرب؟", "لا أحد يعرف!"]),
    ("ارتفع النمو إلى 3.5 في المئة. ثم تراجع.", ["ارتفع النمو إلى 3.5 في المئة.", "ثم تراجع."]),
    ("قال د. أحمد إن الوضع مستقر.", ["قال د. أحمد إن الوضع مستقر."]),
    ("العنوان\nالنص الأول", ["العنوان", "النص الأول"]),
    ("أولا؛ ثانيا", ["أولا؛", "ثانيا"]),
    ('قال: "انتهى الأمر. لن نعود." ثم غادر.', ['قال: "انتهى الأمر. لن نعود." ثم غادر.']),
    ("وقال «هذا يكفي.» وغادر.", ["وقال «هذا يكفي.» وغادر."]),
    ("انتهى الاجتماع... وغادر الجميع.", ["انتهى الاجتماع...", "وغادر الجميع."]),
])
def test_sentence_splitting(tok, text, expected):
    assert sentences(tok, text) == expected


def test_tokens_align_and_keep_numbers_whole(tok):
    doc = tok("بلغت النسبة 3.5% في الساعة 14:30، بحسب الوزارة.")
    words = [t["text"] for t in doc["tokens"]]
    assert "3.5" in words and "14:30" in words and "،" in words and "%" in words
    assert_offsets(doc.to_dict())


@pytest.mark.parametrize("word, parts", [
    ("وداخل", [("proclitic", "و"), ("stem", "داخل")]),
    ("بالعراق", [("proclitic", "ب"), ("article", "ال"), ("stem", "عراق")]),
    ("للسلطة", [("proclitic", "ل"), ("article", "ل"), ("stem", "سلطة")]),
    ("سيكون", [("proclitic", "س"), ("stem", "يكون")]),
    ("يستخدمهما", [("stem", "يستخدم"), ("enclitic", "هما")]),
    ("له", [("proclitic", "ل"), ("enclitic", "ه")]),
    ("وبحكومته", [("proclitic", "و"), ("proclitic", "ب"), ("stem", "حكومت"), ("enclitic", "ه")]),
    ("كما", [("stem", "كما")]),
    ("السورية", [("article", "ال"), ("stem", "سورية")]),
    ("وزارة", [("stem", "وزارة")]),
    ("بالمُسَيَّرة", [("proclitic", "ب"), ("article", "ال"), ("stem", "مُسَيَّرة")]),
    ("Biden", [("stem", "Biden")]),
])
def test_clitic_segments(word, parts):
    got = segment(word)
    assert [(kind, word[s:e]) for kind, s, e in got] == parts
    assert got[0][1] == 0 and got[-1][2] == len(word)


def test_token_segments_cover_the_token(seed_doc):
    for token in seed_doc["tokens"]:
        segments = token["segments"]
        assert segments[0]["start"] == token["start"] and segments[-1]["end"] == token["end"]
        assert "".join(s["text"] for s in segments) == token["text"]
    assert_offsets(seed_doc.to_dict())


@needs_shared
def test_ud_pud_token_and_word_f1(capsys):
    import importlib.util
    from pathlib import Path
    spec = importlib.util.spec_from_file_location("pud", Path(__file__).resolve().parents[1] / "bench/pud_tokens.py")
    pud = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(pud)
    token_f1, word_f1 = pud.main(["--conllu", str(SHARED / "data/ud_arabic_pud/ar_pud-ud-test.conllu")])
    print(capsys.readouterr().out)
    assert token_f1 >= 0.99
    assert word_f1 >= 0.95
