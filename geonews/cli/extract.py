"""``geonews extract`` and ``geonews evaluate``."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import InputError
from .common import Command, command, warn

app = typer.Typer(rich_markup_mode=None, pretty_exceptions_enable=False)


class ExtractFormat(str, Enum):
    json = "json"
    jsonl = "jsonl"
    geojson = "geojson"
    csv = "csv"
    xlsx = "xlsx"


CSV_COLUMNS = ["source", "article_id", "title", "directive", "role", "text", "start", "end",
               "name", "place_id", "kind", "country", "lat", "lon", "confidence", "block",
               "section", "issuer", "date", "sentence"]


def read_inputs(files: list[Path]) -> list:
    """Documents of every input file (any format `extract` takes); '-' is standard input."""
    from ..text.readers import read_documents

    if not files:
        raise InputError("no input: give article files, or - for standard input")
    docs = []
    for f in files:
        docs.extend(read_documents(f))
    return docs


def csv_rows(extraction) -> list[dict]:
    d = extraction.document
    base = {"source": d.source, "article_id": d.id, "title": d.title}
    rows = []
    for i, x in enumerate(extraction.directives):
        common = {**base, "directive": i, "issuer": x.issuer, "date": x.date,
                  "sentence": x.sentence, "section": "body"}
        rows += [{**common, **r.to_dict(), "role": role.value} for role, r in x.roles()]
        rows += [{**common, "role": "block", "block": n, "name": f"Block {n}",
                  "place_id": f"block:{n}", "kind": "block"} for n in x.blocks]
        rows += [{**common, "role": f"zone:{z.role}", "text": z.description, "kind": "zone"}
                 for z in x.zones]
    rows += [{**base, **m.to_dict(), "role": "mention"} for m in extraction.mentions]
    return rows


@app.command("extract", cls=Command)
@command
def extract_command(
    files: Annotated[list[Path], typer.Argument(
        help="Articles: .txt, .html, .json (with a \"text\" field), .jsonl (one article per "
             "line), or - for standard input. Any common text encoding.", show_default=False,
        metavar="FILE...")],
    fmt: Annotated[Optional[ExtractFormat], typer.Option(
        "--format", "-f", help="json (one object, or a list for several articles), jsonl (one "
                               "line per article), geojson (a FeatureCollection), csv or xlsx "
                               "(a row per place, block and zone). Default: from the -o "
                               "file's extension, else json.", show_default=False)] = None,
    output: Annotated[Optional[Path], typer.Option(
        "--output", "-o", metavar="FILE",
        help="Write here (atomically) instead of standard output.")] = None,
) -> None:
    """Find the places and evacuation directives in news articles."""
    from ..files import check_output
    from ..pipeline import Extractor

    from .output import choose_format

    if output is not None:
        check_output(output, files)
    fmt = ExtractFormat(choose_format(fmt.value if fmt else None, output,
                                      offered=[f.value for f in ExtractFormat], stdout="json"))
    docs = read_inputs(files)
    extractor = Extractor()
    if len(docs) > 50:
        extractor.prepare_for_long_run()
    results = [extractor.extract_document(d) for d in docs]
    for r in results:
        if not r.mentions:
            warn(f"{r.document.source}: no places found")
        elif not r.directives:
            warn(f"{r.document.source}: no evacuation directive found")
    if fmt is ExtractFormat.json:
        from ..tables import write_json

        data = [r.to_dict() for r in results]
        write_json(data[0] if len(data) == 1 else data, output)
    elif fmt is ExtractFormat.jsonl:
        import json

        from ..tables.writers import _emit

        _emit(output, lambda fh: [fh.write(json.dumps(r.to_dict(), ensure_ascii=False) + "\n")
                                  for r in results])
    elif fmt is ExtractFormat.geojson:
        from ..tables import write_geojson

        write_geojson([f for r in results for f in r.features()], output)
    elif fmt is ExtractFormat.xlsx:
        from ..tables.xlsx import write_xlsx

        write_xlsx([row for r in results for row in csv_rows(r)], output, CSV_COLUMNS,
                   sheet="extract")
    else:
        from ..tables import write_csv

        write_csv([row for r in results for row in csv_rows(r)], output, columns=CSV_COLUMNS)


class EvalFormat(str, Enum):
    table = "table"
    json = "json"


@app.command("evaluate", cls=Command)
@command
def evaluate_command(
    directory: Annotated[Path, typer.Argument(
        help="A folder of annotated articles (*.json, as in shared/eval/dev).",
        metavar="DIR")],
    fmt: Annotated[EvalFormat, typer.Option("--format", "-f")] = EvalFormat.table,
    baseline: Annotated[bool, typer.Option(
        "--baseline/--no-baseline", help="Also score the geotext baseline.")] = True,
    details: Annotated[bool, typer.Option(
        "--details", help="List each article's missed and extra places.")] = False,
) -> None:
    """Score the extractor on annotated articles: toponyms, geocoding, roles, blocks."""
    from ..evaluation import evaluate, format_report, geotext_baseline, load_articles
    from ..pipeline import Extractor

    articles = load_articles(directory)
    extractor = Extractor()

    def run(text, date):
        return extractor.extract(text, date=date).to_dict()

    report = evaluate(articles, run)
    base = None
    if baseline:
        try:
            base = geotext_baseline(articles)
        except ImportError:
            warn("geotext is not installed (pip install geotext): no baseline")
    if fmt is EvalFormat.json:
        from ..tables import write_json

        out = {"geonews": report.as_dict()}
        if base:
            out["geotext"] = base.as_dict()
        if details:
            out["details"] = report.details
        write_json(out, None)
        return
    typer.echo(format_report(report, base))
    if details:
        for d in report.details:
            bits = [f"{k}: {v}" for k, v in (
                ("missed", d["missed_toponyms"]), ("extra", d["extra_toponyms"]),
                ("affected missed", d["affected"]["missed"]),
                ("affected extra", d["affected"]["extra"]),
                ("dest missed", d["destinations"]["missed"]),
                ("dest extra", d["destinations"]["extra"])) if v]
            if d["has_directive"]["gold"] != d["has_directive"]["found"]:
                bits.append(f"directive gold={d['has_directive']['gold']} "
                            f"found={d['has_directive']['found']}")
            if bits:
                typer.echo(f"\n{d['id']}\n  " + "\n  ".join(bits))
