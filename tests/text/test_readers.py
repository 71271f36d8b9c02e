"""Reading articles in every format and encoding; bad files refused clearly."""

import json

import pytest

from geonews.errors import InputError
from geonews.text.readers import make_document, parse_date, read_documents

ARTICLE = ("Residents of Bani Suhaila told to leave\n\n3 March 2024\n\n"
           "The army told residents of Bani Suhaila to leave for Rafah.\n")


def test_plain_text_gets_its_headline_and_date(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (doc,) = read_documents(tmp_path / "a.txt")
    assert doc.title == "Residents of Bani Suhaila told to leave"
    assert doc.date == "2024-03-03"
    assert doc.id == "a" and doc.source.endswith("a.txt")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_any_common_encoding_is_read(tmp_path, encoding):
    text = ARTICLE.replace("Rafah", "Rafah, café")
    (tmp_path / "a.txt").write_bytes(text.encode(encoding))
    (doc,) = read_documents(tmp_path / "a.txt")
    assert "Rafah, café" in doc.text


def test_arabic_in_windows_1256_is_read(tmp_path):
    text = "أمر الجيش سكان خان يونس بالإخلاء والتوجه إلى المواصي.\n"
    (tmp_path / "ar.txt").write_bytes(text.encode("cp1256"))
    (doc,) = read_documents(tmp_path / "ar.txt")
    assert "خان يونس" in doc.text


def test_html_keeps_the_article_and_drops_the_navigation(tmp_path):
    body = " ".join(["The army told residents of Bani Suhaila to leave for Rafah."] * 4)
    html = f"""<!doctype html><html><head><title>Orders in Khan Younis</title></head><body>
    <nav><a href="/">Home</a> <a href="/world">World</a> <a href="/madrid">Madrid</a></nav>
    <article><h1>Orders in Khan Younis</h1><p>{body}</p>
    <p>Families packed what they could carry and walked west.</p></article>
    <footer>Copyright Example News. Contact us in Bournemouth.</footer></body></html>"""
    (tmp_path / "page.html").write_text(html, encoding="utf-8")
    (doc,) = read_documents(tmp_path / "page.html")
    assert "Bani Suhaila" in doc.text
    assert "Bournemouth" not in doc.text and "Home" not in doc.text


def test_json_object_list_and_jsonl(tmp_path):
    one = {"id": "x1", "text": ARTICLE, "title": "T", "date": "2024-03-03", "url": "https://e/1"}
    (tmp_path / "one.json").write_text(json.dumps(one))
    (tmp_path / "many.json").write_text(json.dumps([one, {**one, "id": "x2"}]))
    (tmp_path / "lines.jsonl").write_text(json.dumps(one) + "\n\n" + json.dumps(
        {**one, "id": "x3"}) + "\n")
    assert [d.id for d in read_documents(tmp_path / "one.json")] == ["x1"]
    assert [d.id for d in read_documents(tmp_path / "many.json")] == ["x1", "x2"]
    docs = read_documents(tmp_path / "lines.jsonl")
    assert [d.id for d in docs] == ["x1", "x3"] and docs[0].url == "https://e/1"


@pytest.mark.parametrize("content,message", [
    (b"", "empty"),
    (b"   \n\n", "empty"),
    (bytes(range(256)) * 20, "binary"),
    (b'{"text": 42}', "no \"text\" string"),
    (b'{"id": 1,', "not valid JSON"),
    (b"[]", "empty JSON list"),
])
def test_bad_inputs_are_refused_with_a_reason(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_documents(path)


def test_a_bad_jsonl_line_is_named(tmp_path):
    (tmp_path / "c.jsonl").write_text('{"text": "fine"}\n{broken\n')
    with pytest.raises(InputError, match=r"c.jsonl:2: not valid JSON"):
        read_documents(tmp_path / "c.jsonl")


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_documents(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="is a directory"):
        read_documents(tmp_path)


def test_dates_in_the_forms_news_uses():
    assert parse_date("Friday, Dec. 1, 2023") == "2023-12-01"
    assert parse_date("Posted 2024-07-22T10:00") == "2024-07-22"
    assert parse_date("on 31 February 2024") is None
    assert make_document("text", date="2025-09-09T06:00:00Z").date == "2025-09-09"
