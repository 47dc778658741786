"""`.ci/audit`, run by `make test`: pip-audit on the production lock, offline here.

A local stand-in for OSV's query API answers pip-audit, so the audit's whole path runs
(lock parsing, queries, verdict) without the network these machines lack.
"""

import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AUDIT = ROOT / ".ci" / "audit"
UNREACHABLE = "http://127.0.0.1:9/{name}/{version}"

pytestmark = pytest.mark.skipif(
    not (ROOT / ".venv" / "bin" / "pip-audit").exists(), reason="needs `make install`"
)


@pytest.fixture
def osv():
    """A stand-in OSV server; put package names in ``.vulnerable`` to report an advisory."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            query = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            name = query["package"]["name"]
            vulns = []
            if name in server.vulnerable:
                vulns = [
                    {
                        "id": "PYSEC-TEST-1",
                        "summary": "A test advisory.",
                        "affected": [
                            {
                                "package": {"name": name, "ecosystem": "PyPI"},
                                "ranges": [{"type": "ECOSYSTEM", "events": [{"fixed": "999.0"}]}],
                            }
                        ],
                    }
                ]
            body = json.dumps({"vulns": vulns} if vulns else {}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.vulnerable = set()
    server.url = f"http://127.0.0.1:{server.server_port}/v1/query"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()


def run_audit(*, osv_url=UNREACHABLE, required=False, tmp_path):
    env = {
        **os.environ,
        "AUDIT_PYPI_URL": UNREACHABLE,
        "AUDIT_OSV_URL": osv_url,
        "AUDIT_REQUIRED": "1" if required else "",
        "XDG_CACHE_HOME": str(tmp_path),  # pip-audit's own cache of answers
    }
    result = subprocess.run(
        [sys.executable, AUDIT], env=env, capture_output=True, text=True, timeout=300
    )
    return result.returncode, result.stdout + result.stderr


def test_audit_passes_when_no_locked_release_has_an_advisory(osv, tmp_path):
    code, output = run_audit(osv_url=osv.url, tmp_path=tmp_path)

    assert code == 0, output
    assert "pip-audit against osv" in output
    assert "No known vulnerabilities found" in output


def test_audit_fails_on_a_locked_release_with_an_advisory(osv, tmp_path):
    osv.vulnerable.add("django")

    code, output = run_audit(osv_url=osv.url, tmp_path=tmp_path)

    assert code == 1
    assert "PYSEC-TEST-1" in output


def test_audit_without_a_service_is_skipped_loudly_unless_required(tmp_path):
    code, output = run_audit(tmp_path=tmp_path)
    assert code == 0
    assert "SKIPPED" in output

    code, output = run_audit(required=True, tmp_path=tmp_path)
    assert code == 1
    assert "AUDIT_REQUIRED=1" in output
