"""pipeline.render and `naba show`: hand-made documents, and the seed rendered in a real headless Chromium."""
import json
import re
import shutil
import subprocess
from html import unescape
from html.parser import HTMLParser

import pytest

import pipeline
from conftest import SEED
from pipeline.document import Document
from pipeline.render import Mark, highlight, marks, render

TEXT = ('أعلنت وزارة الدفاع أن غارة جوية أصابت مخزنا قرب حلب مساء الخميس. '
        'وقال المتحدث العسكري أحمد سالم: "لن نسمح بتكرار الهجوم على <المدنيين> & المنشآت".')


def at(text, piece, after=0):
    start = text.index(piece, after)
    return start, start + len(piece)


def hand_doc() -> Document:
    """A document with every layer filled by hand, in the record shapes of spec/annotations.md."""
    doc = Document(text=TEXT, id="hand 1", dct="2023-10-27", title="غارة قرب حلب")
    doc.add("entities", *at(TEXT, "وزارة الدفاع"), id="e1", label="ORG", canonical="وزارة الدفاع")
    doc.add("entities", *at(TEXT, "حلب"), id="e2", label="LOC", subtype="GPE")
    doc.add("entities", *at(TEXT, "أحمد سالم"), id="e3", label="PER", canonical="أحمد سالم")
    doc.add("timexes", *at(TEXT, "مساء الخميس"), id="t1", type="TIME", value="2023-10-26TEV")
    content = at(TEXT, "لن نسمح بتكرار الهجوم على <المدنيين> & المنشآت")
    doc.add("quotes", *content, id="q1", kind="direct",
            cue=doc.span(*at(TEXT, "قال"), **{"class": "statement"}),
            speaker=doc.span(*at(TEXT, "المتحدث العسكري أحمد سالم"), entity="e3", name="أحمد سالم"))
    doc.add("events", *at(TEXT, "غارة جوية"), id="v1", event_type="Explosions/Remote violence",
            sub_event_type="Air/drone strike", date="2023-10-26", time="2023-10-26TEV", time_precision=1,
            location=doc.span(*at(TEXT, "حلب"), name="Aleppo", country="Syria", iso=760, admin1="Aleppo",
                              lat=36.2, lon=37.16, geo_precision=1),
            actors=[doc.span(*at(TEXT, "وزارة الدفاع"), entity="e1", name="وزارة الدفاع")],
            targets=[doc.span(*at(TEXT, "مخزنا"))], instrument="aircraft", fatalities=None, injuries=2,
            modality="reported", claimed_by=None, denied_by=None,
            mentions=[doc.span(*at(TEXT, "غارة جوية"), sentence=0)])
    assert not doc.check_offsets()
    return doc


class Collect(HTMLParser):
    """Text inside .naba-text, the open/close balance of <mark>, and the marks in document order."""

    def __init__(self):
        super().__init__()
        self.inside, self.text, self.marks, self.balance = 0, [], [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.inside:
            self.inside += 1
        elif "naba-text" in (attrs.get("class") or ""):
            self.inside = 1
        if tag == "mark":
            self.balance += 1
            self.marks.append(attrs)

    def handle_endtag(self, tag):
        if tag == "mark":
            self.balance -= 1
        if self.inside:
            self.inside -= 1

    def handle_data(self, data):
        if self.inside:
            self.text.append(data)


def parse(html):
    parser = Collect()
    parser.feed(html)
    return parser


def test_text_shown_is_the_document_text_and_marks_balance():
    doc = hand_doc()
    html = render(doc)
    parsed = parse(html)
    assert "".join(parsed.text) == TEXT            # labels come from CSS; nothing added, nothing lost
    assert parsed.balance == 0
    assert html.startswith("<!DOCTYPE html>") and 'dir="rtl"' in html
    assert "&lt;المدنيين&gt; &amp; المنشآت" in html  # escaped, not markup
    layers = [m["data-layer"] for m in parsed.marks if "naba-cont" not in m["class"]]
    assert layers == ["role", "entity", "event", "role", "role", "entity", "timex", "cue", "speaker", "entity",
                      "quote"]


def test_hover_titles_and_labels():
    parsed = parse(render(hand_doc()))
    by_id = {m["data-id"]: m for m in parsed.marks}
    assert by_id["t1"]["title"] == "TIME 2023-10-26TEV" and by_id["t1"]["data-value"] == "2023-10-26TEV"
    assert by_id["e3"]["data-label"] == "PER"
    assert by_id["q1"]["title"] == "direct · أحمد سالم · statement"
    assert by_id["v1"]["data-label"] == "Air/drone strike"
    assert "Aleppo" in by_id["v1"]["title"] and "injuries 2" in by_id["v1"]["title"]


def test_quote_links_to_its_speaker():
    html = render(hand_doc())
    speaker = [m for m in parse(html).marks if m.get("id") == "hand_1-q1-speaker"]
    assert len(speaker) == 1 and speaker[0]["data-layer"] == "speaker"
    assert html.index('id="hand_1-q1-speaker"') < html.index("لن نسمح")
    link = html.index('<a class="naba-to-speaker" href="#hand_1-q1-speaker" data-name="أحمد سالم"')
    assert link > html.index("المنشآت")                    # right after the quote it belongs to
    assert '<a href="#hand_1-q1-speaker">أحمد سالم</a>' in html   # and from the table of quotes


def test_crossing_spans_are_split_into_fragments():
    text = "قصف مدفعي على البلدة"
    a = Mark(0, 9, "event", "event", "v1")
    b = Mark(4, 20, "quote", "quote", "q1")
    html = highlight(text, [a, b])
    assert html.count('data-id="q1"') == 2 and html.count("naba-cont") == 1
    assert parse(f'<div class="naba-text">{html}</div>').text and parse(html).balance == 0
    assert "".join(parse(f'<div class="naba-text">{html}</div>').text) == text


def test_marks_are_in_text_order_outer_first():
    spans = marks(hand_doc().to_dict())
    assert [m.start for m in spans] == sorted(m.start for m in spans)
    quote_and_speaker = [m.layer for m in spans if m.start == TEXT.index("المتحدث")]
    assert quote_and_speaker == ["speaker"]
    nested = [(m.layer, m.end - m.start) for m in spans if m.start == TEXT.index("حلب")]
    assert [layer for layer, _ in nested] == ["role", "entity"]


def test_document_shows_itself_in_a_notebook():
    html = hand_doc()._repr_html_()
    assert html.startswith("<style>") and "<html" not in html and "naba-text" in html
    assert pipeline.render is render


def test_empty_layers_and_an_error_record():
    html = render({"id": "x", "text": "نص بلا طبقات", "error": "tokens: boom"})
    assert "".join(parse(html).text) == "نص بلا طبقات" and "tokens: boom" in html


def test_read_results_flat_quotes_and_events():
    tables = pipeline.read_results([hand_doc()])
    quotes, events = tables["quotes"], tables["events"]
    assert list(quotes.columns) == ["doc_id", "id", "kind", "text", "start", "end", "cue", "cue_class",
                                    "speaker", "speaker_entity", "speaker_name"]
    row = quotes.iloc[0]
    assert (row.doc_id, row.cue, row.cue_class, row.speaker_entity, row.speaker_name) == \
        ("hand 1", "قال", "statement", "e3", "أحمد سالم")
    assert TEXT[row.start:row.end] == row.text
    ev = events.iloc[0]
    assert (ev.event_type, ev.location, ev.country, ev.actors, ev.targets, ev.injuries, ev.n_mentions) == \
        ("Explosions/Remote violence", "حلب", "Syria", "وزارة الدفاع", "مخزنا", 2, 1)
    assert pd_isnull(ev.fatalities) and TEXT[ev.start:ev.end] == ev.text == "غارة جوية"
    assert len(tables["entities"]) == 3 and tables["documents"].loc[0, "doc_id"] == "hand 1"


def pd_isnull(value):
    import pandas as pd
    return pd.isna(value)


def test_naba_show_one_document_or_all(tmp_path, capsys):
    from pipeline.cli import main
    other = {"id": "doc2", "text": "خبر ثان عن بغداد", "entities": [{"id": "e1", "start": 11, "end": 16,
                                                                      "text": "بغداد", "label": "LOC"}]}
    docs = tmp_path / "docs.jsonl"
    docs.write_text(json.dumps(hand_doc().to_dict(), ensure_ascii=False) + "\n"
                    + json.dumps(other, ensure_ascii=False) + "\n" + '{"id": "torn', encoding="utf-8")
    page = tmp_path / "page.html"
    assert main(["show", str(docs), "--id", "doc2", "-o", str(page)]) == 0
    parsed = parse(page.read_text(encoding="utf-8"))
    assert "".join(parsed.text) == "خبر ثان عن بغداد" and parsed.marks[0]["data-id"] == "e1"
    assert main(["show", str(tmp_path), "-o", str(page)]) == 0     # the folder; every document, one page
    html = page.read_text(encoding="utf-8")
    assert 'href="#hand_1"' in html and 'href="#doc2"' in html and html.count('class="naba-text"') == 2
    assert main(["show", str(docs), "--id", "nope", "-o", str(page)]) == 2
    assert "no document with id 'nope'" in capsys.readouterr().err


# --- a real browser -------------------------------------------------------------------------------------

CHROMIUM = next((shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome")
                 if shutil.which(name)), None)
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium (apt-get install chromium)")

# Runs in the page after the text is laid out: each mark's layer, id, text, box and colour, as JSON.
PROBE = """<script>
(function () {
  const marks = [];
  for (const m of document.querySelectorAll('.naba-text mark')) {
    const r = m.getBoundingClientRect();
    marks.push({layer: m.dataset.layer, id: m.dataset.id, cont: m.classList.contains('naba-cont'),
                text: m.textContent, left: r.left, right: r.right, top: r.top, height: r.height,
                bg: getComputedStyle(m).backgroundColor});
  }
  const t = document.querySelector('.naba-text');
  const pre = document.createElement('pre');
  pre.id = 'probe';
  pre.style.display = 'none';
  pre.textContent = JSON.stringify({marks: marks, text: t.textContent, dir: getComputedStyle(t).direction,
                                    line: parseFloat(getComputedStyle(t).lineHeight)});
  document.body.appendChild(pre);
})();
</script>"""


def seed_with_quote_and_event(seed_doc) -> Document:
    """The seed as the pipeline annotates it, plus one quote and one event made by hand."""
    doc = Document.from_dict(seed_doc.to_dict())
    doc.layers["quotes"], doc.layers["events"] = [], []   # whatever those stages found: not tested here
    text = doc.text
    opening = text.index('تعلن فيه "') + len('تعلن فيه "')
    closing = text.index('"', opening)
    speaker = text.index('"المقاومة"') + 1
    doc.add("quotes", opening, closing, id="q1", kind="direct",
            cue=doc.span(*at(text, "تعلن"), **{"class": "claim"}),
            speaker=doc.span(speaker, speaker + len("المقاومة"), entity=None, name="المقاومة"))
    doc.add("events", *at(text, "استهداف", opening), id="v1", event_type="Explosions/Remote violence",
            sub_event_type="Air/drone strike", date="2023-10-27", time=None, time_precision=1,
            location=doc.span(*at(text, "عين الأسد", opening), name="Ayn al Asad", country="Iraq"),
            actors=[doc.span(speaker, speaker + len("المقاومة"))], targets=[], instrument="drone",
            fatalities=None, injuries=None, modality="claimed", claimed_by={"text": "المقاومة", "quote": "q1"},
            denied_by=None, mentions=[doc.span(*at(text, "استهداف", opening), sentence=4)])
    assert not doc.check_offsets()
    return doc


def chromium(*args, cwd):
    return subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                           f"--user-data-dir={cwd / 'profile'}", *args],
                          capture_output=True, text=True, timeout=90, cwd=cwd)


@needs_chromium
def test_seed_in_headless_chromium(seed_doc, tmp_path):
    from PIL import Image

    doc = seed_with_quote_and_event(seed_doc)
    assert len(doc["entities"]) > 10 and len(doc["timexes"]) > 5
    html = render(doc)
    page = tmp_path / "seed.html"
    page.write_text(html.replace("</body>", PROBE + "</body>"), encoding="utf-8")

    dom = chromium("--dump-dom", page.as_uri(), cwd=tmp_path).stdout
    probe = json.loads(unescape(re.search(r'<pre id="probe"[^>]*>(.*?)</pre>', dom, re.S).group(1)))
    assert probe["dir"] == "rtl" and probe["text"] == doc.text
    shown = [(m["layer"], m["id"], m["text"]) for m in probe["marks"] if not m["cont"]]
    expected = [(m.layer, m.ident, doc.text[m.start:m.end]) for m in marks(doc.to_dict())]
    assert shown == expected                                    # every span, in text order
    layers = {m["layer"] for m in probe["marks"]}
    assert layers == {"entity", "timex", "quote", "cue", "speaker", "event", "role"}

    # right to left: of two names on one line, the earlier one is further right
    names = [m for m in probe["marks"] if m["layer"] in ("entity", "timex") and m["height"] < probe["line"]]
    pairs = [(a, b) for a, b in zip(names, names[1:]) if abs(a["top"] - b["top"]) < 2]
    assert len(pairs) > 10 and all(a["left"] > b["right"] for a, b in pairs)

    labels = {e["id"]: e["label"] for e in doc["entities"]}
    colours = {}
    for m in probe["marks"]:
        colours.setdefault(labels[m["id"]] if m["layer"] == "entity" else m["layer"], set()).add(m["bg"])
    colours.pop("role")                                        # roles are underlined, not painted
    assert all(len(values) == 1 for values in colours.values())   # one colour per kind
    painted = {key: values.pop() for key, values in colours.items()}
    assert len(set(painted.values())) == len(painted)          # and distinct kinds

    shot = tmp_path / "seed.png"
    chromium(f"--screenshot={shot}", "--window-size=1100,1400", page.as_uri(), cwd=tmp_path)
    image = Image.open(shot).convert("RGB")
    assert image.size == (1100, 1400)
    pixels = set(image.get_flattened_data())
    for key in ("LOC", "ORG", "PER", "timex", "quote", "event", "cue", "speaker"):
        rgb = tuple(int(x) for x in painted[key][painted[key].index("(") + 1:-1].split(","))
        assert rgb in pixels, f"{key} colour {rgb} not in the screenshot"


def test_quotes_sharing_a_speaker_share_one_mark():
    doc = hand_doc()
    first = doc["quotes"][0]
    doc.add("quotes", *at(TEXT, "أصابت مخزنا"), id="q2", kind="indirect", cue=first["cue"],
            speaker=dict(first["speaker"]))
    html = render(doc)
    speakers = [m for m in parse(html).marks if m["data-layer"] == "speaker"]
    assert len(speakers) == 1 and speakers[0]["title"].endswith("· q2")
    assert html.count('class="naba-to-speaker" href="#hand_1-q1-speaker"') == 2
    assert len([m for m in parse(html).marks if m["data-layer"] == "cue"]) == 1
