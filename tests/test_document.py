import pytest

from pipeline import Document, load
from pipeline.stages import STAGES, Stage, check_chain


def test_span_fills_text_from_document():
    doc = Document(text="قال الوزير أوستن")
    span = doc.add("entities", 11, 16, label="PER")
    assert span["text"] == "أوستن" == doc.text[11:16]
    assert doc.check_offsets() == []


def test_check_offsets_reports_a_broken_span():
    doc = Document(text="العراق وسوريا")
    doc.layers["entities"].append({"start": 0, "end": 6, "text": "سوريا"})
    assert doc.check_offsets() and "entities" in doc.check_offsets()[0]


def test_span_outside_text_is_refused():
    with pytest.raises(ValueError):
        Document(text="abc").span(2, 9)


def test_round_trip_through_dict(seed_doc):
    again = Document.from_dict(seed_doc.to_dict())
    assert again.to_dict() == seed_doc.to_dict()


def test_id_defaults_to_content_hash():
    assert Document(text="نص").id == "doc_" + Document(text="نص").content_hash[:12]


def test_out_of_order_stages_name_the_stage_and_layer():
    with pytest.raises(ValueError) as err:
        load(["read", "tokens", "sentences"])
    message = str(err.value)
    assert "'tokens'" in message and "'sentences'" in message and "added by sentences" in message


def test_missing_requirement_is_reported():
    class NeedsEntities(Stage):
        name = "needs_entities"
        needs = ("entities",)

    with pytest.raises(ValueError, match="needs_entities.*'entities'"):
        check_chain([STAGES["read"](), NeedsEntities()])


def test_unknown_stage():
    with pytest.raises(ValueError, match="unknown stage"):
        load(["read", "nonsense"])


def test_every_stage_declares_needs_and_adds():
    for cls in STAGES.values():
        assert cls.adds, cls.name
        assert isinstance(cls.needs, tuple)
