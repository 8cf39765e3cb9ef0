"""CSV in (a header row, then records; RFC 4180, CRLF or LF, a UTF-8 BOM) and out (the rows as sent, then the prediction's columns), as csv-table.ts and csv-answer.ts do."""

from __future__ import annotations

import csv
import io
import json
import math

from .errors import InputInvalid, too_large

CSV_TYPE = "text/csv"


def read_csv(text: str, max_rows: int) -> tuple[list[str], list[list[str]], list[int]]:
    """Header, records and the line each record ends on; empty, header-only or ragged input is a 422 naming the line."""
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] | None = None
    records: list[list[str]] = []
    lines: list[int] = []
    try:
        for record in reader:
            if not record or record == [""]:
                continue
            if header is None:
                header = record
                continue
            if len(record) != len(header):
                raise InputInvalid(
                    f"the CSV cannot be read: Invalid Record Length: expect {len(header)}, got {len(record)} on line {reader.line_num}"
                )
            if len(records) == max_rows:
                raise too_large(f"more than {max_rows} rows in one request; the limit is {max_rows}")
            records.append(record)
            lines.append(reader.line_num)
    except csv.Error as error:
        raise InputInvalid(f"the CSV cannot be read: {str(error)[:300]} (line {reader.line_num})") from None
    if not header:
        raise InputInvalid("the CSV is empty: send a header row with the column names, then one row per prediction")
    if not records:
        raise InputInvalid("the CSV has a header but no rows: send at least one row under it")
    return header, records, lines


def cell_text(value: object) -> str:
    """A JSON value as CSV text: null and NaN are empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        # As JavaScript writes numbers: 3.0 is "3".
        return str(int(value)) if value.is_integer() and abs(value) < 1e21 else repr(value)
    if isinstance(value, (int, str)):
        return str(value)
    return json.dumps(value)


def echo_instances(names: list[str], instances: list) -> tuple[list[str], list[list[str]]]:
    """JSON instances (objects by column name or arrays in column order) as rows of text."""
    if not names:
        names = list(dict.fromkeys(k for i in instances if isinstance(i, dict) for k in i))
    cells = [
        [cell_text(v) for v in instance] if isinstance(instance, list) else [cell_text(instance.get(n)) for n in names]
        for instance in instances
    ]
    return names, cells


def _prediction_cells(manifest: dict, predictions: list) -> tuple[list[str], list[list[str]]]:
    first = predictions[0] if predictions else None
    if isinstance(first, dict) and "label" in first and "score" in first:
        labels = manifest.get("labels") or []
        names = ["label", "score", *[f"p({label})" for label in labels]]
        rows = []
        for p in predictions:
            scores = {entry.get("label"): entry.get("score") for entry in p.get("top_k") or []}
            rows.append([cell_text(p.get("label")), cell_text(p.get("score")), *[cell_text(scores.get(label)) for label in labels]])
        return names, rows
    if isinstance(first, dict) and set(first) == {"value"}:
        width = len(first["value"]) if isinstance(first["value"], list) else 0
        names = ["value"] if width == 0 else [f"value[{i}]" for i in range(width)]
        return names, [[cell_text(v) for v in p["value"]] if width else [cell_text(p["value"])] for p in predictions]
    if isinstance(first, dict):
        names = list(dict.fromkeys(k for p in predictions for k in p))
        return names, [[cell_text(p.get(n)) for n in names] for p in predictions]
    return ["prediction"], [[cell_text(p)] for p in predictions]


def _well_formed(text: str) -> str:
    """The text with each lone surrogate (JSON's "\\ud800", which no UTF-8 holds) as U+FFFD, as Node's UTF-8 encoder writes it."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return text


def csv_answer(manifest: dict, header: list[str], cells: list[list[str]], predictions: list) -> str:
    """The request's columns as sent, then the prediction's (a name the request has gets "predicted_" before it); CRLF."""
    names, predicted = _prediction_cells(manifest, predictions)
    taken = set(header)
    unique = []
    for name in names:
        while name in taken:
            name = f"predicted_{name}"
        taken.add(name)
        unique.append(name)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*header, *unique])
    for row, extra in zip(cells, predicted):
        writer.writerow([*row, *extra])
    return _well_formed(out.getvalue())


def prefers_csv(accept: str | None) -> bool:
    """text/csv with a quality at least that of application/json (wildcards do not count), as csv-answer.ts decides."""
    if not accept:
        return False
    csv_q = json_q = 0.0
    for part in accept.split(","):
        pieces = [p.strip().lower() for p in part.split(";")]
        quality = 1.0
        for param in pieces[1:]:
            if param.startswith("q="):
                try:
                    quality = float(param[2:])
                except ValueError:
                    quality = math.nan
        if math.isnan(quality):
            continue
        if pieces[0] == CSV_TYPE:
            csv_q = max(csv_q, quality)
        elif pieces[0] == "application/json":
            json_q = max(json_q, quality)
    return csv_q > 0 and csv_q >= json_q
