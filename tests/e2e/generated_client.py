#!/usr/bin/env python3
"""generated_client.py - a client generated from the served /api/openapi.json calls the partner API.

    generated_client.py BASE_URL TOKEN LEAD_ID

1. GET BASE_URL/api/openapi.json (the document as served through nginx).
2. openapi-python-client (build/venv-gen, run with that venv's python) generates a package from
   it in a temporary directory: it must generate every operation without a warning.
3. With the generated package and the token: GET /api/v1/partner/leads/LEAD_ID and POST
   /api/v1/status {leadId, status: in_touch} with an Idempotency-Key, twice. The generated
   models parse the answers (a member the document does not declare, or a wrong type, fails).
Prints one JSON line {email, jobId, replayedJobId}; exits 1 on any problem.
"""
import importlib
import json
import os
import ssl
import subprocess
import sys
import tempfile
import urllib.request
import uuid


def fetch_document(base):
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE  # the harness's self-signed certificate
    with urllib.request.urlopen(base + "/api/openapi.json", context=ctx, timeout=30) as res:
        return res.read()


def generate(doc, where):
    with open(os.path.join(where, "openapi.json"), "wb") as f:
        f.write(doc)
    bindir = os.path.dirname(sys.executable)
    env = {**os.environ, "PATH": bindir + os.pathsep + os.environ.get("PATH", "")}  # ruff
    run = subprocess.run(
        [os.path.join(bindir, "openapi-python-client"), "generate", "--path", "openapi.json",
         "--meta", "none", "--output-path", "pc_client"],
        cwd=where, env=env, capture_output=True, text=True, timeout=300)
    out = run.stdout + run.stderr
    if run.returncode != 0 or "Warning" in out or "Unable to parse" in out:
        sys.exit(f"generation failed or warned:\n{out}")
    sys.path.insert(0, where)


def main():
    base, token, lead = sys.argv[1:4]
    with tempfile.TemporaryDirectory() as where:
        generate(fetch_document(base), where)
        pc = importlib.import_module("pc_client")
        get_lead = importlib.import_module("pc_client.api.partner.get_partner_leads_id")
        post_status = importlib.import_module("pc_client.api.status.post_status")
        models = importlib.import_module("pc_client.models")
        client = pc.AuthenticatedClient(base_url=base, token=token, verify_ssl=False)
        got = get_lead.sync_detailed(id=lead, client=client)
        if got.status_code != 200 or not isinstance(got.parsed, models.LeadDetail):
            sys.exit(f"GET lead: {got.status_code} {got.content[:300]!r}")
        body = models.PartnerStatusBody(status=models.PartnerStatusBodyStatus.IN_TOUCH,
                                        lead_id=lead)
        key = str(uuid.uuid4())
        first = post_status.sync_detailed(client=client, body=body, idempotency_key=key)
        again = post_status.sync_detailed(client=client, body=body, idempotency_key=key)
        for res in (first, again):
            if res.status_code != 202 or not isinstance(res.parsed, models.PartnerJobAccepted):
                sys.exit(f"POST status: {res.status_code} {res.content[:300]!r}")
        print(json.dumps({"email": got.parsed.email, "jobId": first.parsed.job_id,
                          "replayedJobId": again.parsed.job_id}))


if __name__ == "__main__":
    main()
