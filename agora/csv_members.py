"""Member CSV import (validate every row first, all or nothing) and export.

Expected file: UTF-8 (a BOM is accepted), comma- or semicolon-separated, a header line, then one
member per line. Columns: username, display_name, email (required); role, language, job_title,
department (optional).
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

REQUIRED = ("username", "display_name", "email")
OPTIONAL = ("role", "language", "job_title", "department")
COLUMNS = REQUIRED + OPTIONAL
ROLES = ("member", "admin")
USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,31}$")
EMAIL_RE = re.compile(r"^[^@\s,;]+@[^@\s,;]+\.[a-z]{2,}$", re.IGNORECASE)
MAX_ROWS = 2000


@dataclass
class RowError:
    line: int
    key: str  # translation key of the reason
    params: dict[str, object] = field(default_factory=dict)


@dataclass
class ImportResult:
    rows: list[dict[str, str]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def _decode(data: bytes, result: ImportResult) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        result.errors.append(RowError(line, "import.err_encoding"))
        return None


def validate(data: bytes, existing_usernames: Iterable[str],
             existing_emails: Iterable[str]) -> ImportResult:
    """Check the whole file; `rows` is only worth importing when `errors` is empty."""
    result = ImportResult()
    text = _decode(data, result)
    if text is None:
        return result
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        result.errors.append(RowError(1, "import.err_empty"))
        return result
    # French spreadsheet software saves CSV with semicolons; accept both.
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [h.strip().lower() for h in next(reader)]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        result.errors.append(RowError(1, "import.err_missing_columns",
                                      {"columns": ", ".join(missing)}))
        return result
    unknown = [h for h in header if h and h not in COLUMNS]
    if unknown:
        result.errors.append(RowError(1, "import.err_unknown_columns",
                                      {"columns": ", ".join(unknown)}))
    taken_users = {u.lower(): 0 for u in existing_usernames}
    taken_emails = {e.lower(): 0 for e in existing_emails}
    start = reader.line_num + 1
    for cells in reader:
        line, start = start, reader.line_num + 1
        if not any(c.strip() for c in cells):
            continue
        if len(result.rows) >= MAX_ROWS:
            result.errors.append(RowError(line, "import.err_too_many", {"n": MAX_ROWS}))
            break
        if len(cells) != len(header):
            result.errors.append(RowError(line, "import.err_field_count",
                                          {"found": len(cells), "expected": len(header)}))
            continue
        row = {h: c.strip() for h, c in zip(header, cells, strict=True) if h in COLUMNS}
        result.rows.append(row)
        _check_row(row, line, result.errors, taken_users, taken_emails)
    if not result.rows and not result.errors:
        result.errors.append(RowError(2, "import.err_no_rows"))
    return result


def _check_row(row: dict[str, str], line: int, errors: list[RowError],
               taken_users: dict[str, int], taken_emails: dict[str, int]) -> None:
    for column in REQUIRED:
        if not row.get(column):
            errors.append(RowError(line, "import.err_required", {"column": column}))
    username, email = row.get("username", ""), row.get("email", "").lower()
    if username and not USERNAME_RE.match(username):
        errors.append(RowError(line, "import.err_username", {"value": username}))
    elif username:
        _check_unique(username.lower(), line, taken_users, errors, "import.err_user_exists",
                      "import.err_user_repeated", username)
    if email and not EMAIL_RE.match(email):
        errors.append(RowError(line, "import.err_email", {"value": row["email"]}))
    elif email:
        _check_unique(email, line, taken_emails, errors, "import.err_email_exists",
                      "import.err_email_repeated", email)
    if row.get("role") and row["role"].lower() not in ROLES:
        errors.append(RowError(line, "import.err_role", {"value": row["role"]}))
    if row.get("language") and row["language"].lower() not in ("fr", "en"):
        errors.append(RowError(line, "import.err_language", {"value": row["language"]}))


def _check_unique(value: str, line: int, seen: dict[str, int], errors: list[RowError],
                  exists_key: str, repeated_key: str, shown: str) -> None:
    """seen maps a value to 0 when it already exists in Agora, or to the file line using it."""
    if value in seen:
        first = seen[value]
        if first == 0:
            errors.append(RowError(line, exists_key, {"value": shown}))
        else:
            errors.append(RowError(line, repeated_key, {"value": shown, "first": first}))
    else:
        seen[value] = line


#: a cell starting with one of these is read as a formula by spreadsheet software
#: (the full-width forms too, in some locales); tab and CR can hide such a start
FORMULA_STARTS = tuple("=+-@\uff1d\uff0b\uff0d\uff20")
HIDDEN_STARTS = ("\t", "\r", "\n")


def cell(value: object) -> str:
    """A value as a CSV cell that a spreadsheet shows as text, never runs as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(HIDDEN_STARTS) or text.lstrip(" ").startswith(FORMULA_STARTS):
        return "'" + text
    return text


def export(rows: Iterable[dict[str, object]]) -> bytes:
    """CSV with the import's columns (plus created_at), UTF-8 with a BOM so spreadsheets
    detect the encoding. Cells that would start a formula get a leading quote."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS + ("created_at",))
    for row in rows:
        writer.writerow([cell(row.get(c) or "") for c in COLUMNS + ("created_at",)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


SAMPLE = ("username,display_name,email,role,language,job_title,department\r\n"
          "gmercier,Gaëlle Mercier,gaelle.mercier@agora.example,member,fr,Juriste,Juridique\r\n"
          "tnguyen,Thomas Nguyen,thomas.nguyen@agora.example,member,en,Data analyst,Finance\r\n")
