#!/usr/bin/env python3
"""check_responses.py - the API suite's answers against /api/openapi.json (issue 11).

    check_responses.py OPENAPI.json RECORDS.jsonl

1. The document must be valid OpenAPI 3.0 (openapi-spec-validator), with an operationId and a
   2xx answer on every operation and no request body that is a bare {type: object}.
2. Every answer the API suite received (one JSON line each, written by tests/api/api_client.c)
   must be declared: its path and method (or a 405 naming the path's methods in Allow), its
   status, its content type and its body (openapi-core validates the body against the
   operation's schema for that status; HEAD is checked as GET, without a body).
Exits 1 on any problem and prints each (grouped, with one example answer).
"""
import json
import re
import sys
from collections import defaultdict

from openapi_core import OpenAPI
from openapi_core.testing import MockRequest, MockResponse
from openapi_spec_validator import validate as validate_spec

# nginx and the responder may give these on any path, known or not (openapi.c common_fails)
TRANSPORT = {400, 404, 405, 413, 414, 429, 431, 500, 501, 503}
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def check_document(doc):
    problems = []
    validate_spec(doc)
    seen = set()
    for path, item in doc["paths"].items():
        for method, op in item.items():
            where = f"{method.upper()} {path}"
            oid = op.get("operationId")
            if not oid or oid in seen:
                problems.append(f"{where}: operationId missing or repeated ({oid})")
            seen.add(oid)
            if not any(s.startswith("2") for s in op["responses"]):
                problems.append(f"{where}: no 2xx answer")
            body = op.get("requestBody")
            if body:
                for media in body["content"].values():
                    schema = resolve(doc, media["schema"])
                    if not schema.get("properties"):
                        problems.append(f"{where}: request body without properties")
    return problems


def resolve(doc, schema):
    while "$ref" in schema:
        node = doc
        for part in schema["$ref"].lstrip("#/").split("/"):
            node = node[part]
        schema = node
    return schema


def templates(doc):
    """(regex, template, literal rank) per path: a literal segment beats a parameter"""
    out = []
    for path in doc["paths"]:
        segs = path.strip("/").split("/")
        rank = tuple(0 if s.startswith("{") else 1 for s in segs)
        rx = "^/" + "/".join("[^/]+" if s.startswith("{") else re.escape(s) for s in segs) + "$"
        out.append((re.compile(rx), path, rank))
    return out


def find_template(tmpls, path):
    hits = [(rank, t) for rx, t, rank in tmpls if rx.match(path)]
    return max(hits)[1] if hits else None


def error_body_ok(rec):
    try:
        body = json.loads(rec.get("body") or "")
    except ValueError:
        return False
    err = body.get("error") if isinstance(body, dict) else None
    return (rec["type"].startswith("application/json") and isinstance(err, dict)
            and isinstance(err.get("code"), str) and isinstance(err.get("message"), str))


def check_record(api, doc, tmpls, rec):
    """None when the answer is declared, else (kind of problem, detail)"""
    path, _, query = rec["path"].partition("?")
    method, status = rec["method"].lower(), rec["status"]
    template = find_template(tmpls, path)
    if template is None:
        if status in TRANSPORT and error_body_ok(rec):
            return None
        return ("an answer on an undocumented path", f"{status}")
    item = doc["paths"][template]
    op_method = "get" if method == "head" and "head" not in item else method
    if op_method not in item:
        allowed = [m.upper() for m in METHODS if m in item]
        if "GET" in allowed:
            allowed.insert(allowed.index("GET") + 1, "HEAD")
        if status == 405 and error_body_ok(rec):
            got = [m.strip() for m in rec.get("allow", "").split(",") if m.strip()]
            if sorted(got) != sorted(allowed):
                return ("405 whose Allow is not the path's methods",
                        f"Allow {rec.get('allow')!r}, document {', '.join(allowed)}")
            return None
        if status in TRANSPORT and status != 405 and error_body_ok(rec):
            return None
        return (f"{method.upper()} is not an operation of {template}", f"{status}")
    declared = item[op_method]["responses"]
    if str(status) not in declared:
        return (f"{op_method.upper()} {template}: status {status} is not declared", "")
    if method == "head":
        return None
    ctype = rec["type"].split(";")[0].strip() or "application/json"
    if rec.get("binary"):  # a file (an XLSX export): its media type must be the declared one
        declared_types = declared[str(status)].get("content", {})
        if ctype not in declared_types:
            return (f"{op_method.upper()} {template} {status}: undeclared media type", ctype)
        return None
    data = (rec.get("body") or "").encode()
    headers = {}
    if "retryAfter" in rec:
        headers["Retry-After"] = rec["retryAfter"]
    request = MockRequest("https://localhost", op_method, path, path_pattern=template,
                          args=dict(_pairs(query)), content_type="application/json")
    response = MockResponse(data, status_code=status, headers=headers, content_type=ctype)
    try:
        api.validate_response(request, response)
    except Exception as e:  # openapi-core raises one error type per kind of mismatch
        return (f"{op_method.upper()} {template} {status}: {type(e).__name__}",
                "; ".join(_reasons(e))[:600])
    return None


def _pairs(query):
    for part in query.split("&"):
        if part:
            k, _, v = part.partition("=")
            yield k, v


def _reasons(e):
    out = [str(e)]
    for sub in getattr(e, "schema_errors", None) or []:
        out.append(f"{'/'.join(str(p) for p in sub.path)}: {sub.message}")
    cause = e.__cause__
    while cause is not None:
        out.append(str(cause))
        for sub in getattr(cause, "schema_errors", None) or []:
            out.append(f"{'/'.join(str(p) for p in sub.path)}: {sub.message}")
        cause = cause.__cause__
    return out


def main(doc_file, records_file):
    with open(doc_file) as f:
        doc = json.load(f)
    problems = check_document(doc)
    for p in problems:
        print(f"openapi document: {p}")
    api = OpenAPI.from_dict(doc)
    tmpls = templates(doc)
    failures = defaultdict(list)
    passed = skipped = 0
    with open(records_file, errors="surrogateescape") as f:
        for line in f:
            rec = json.loads(line)
            path = rec["path"]
            if rec["status"] == 0 or not path.startswith("/api/") or path.startswith("/api/docs"):
                skipped += 1
                continue
            problem = check_record(api, doc, tmpls, rec)
            if problem is None:
                passed += 1
            else:
                failures[problem[0]].append((problem[1], rec))
    failed = sum(len(v) for v in failures.values())
    for kind, cases in sorted(failures.items()):
        detail, rec = cases[0]
        print(f"FAIL {kind} ({len(cases)}x): {detail}")
        print(f"     e.g. {rec['method']} {rec['path'][:200]} -> {rec['status']} "
              f"{rec['type']}: {(rec.get('body') or '')[:300]}")
    print(f"openapi responses: {passed} passed, {failed} failed ({skipped} outside the API)")
    return 1 if failed or problems else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
