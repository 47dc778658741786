import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.slow


def test_site_answers_503_while_the_database_is_down_and_recovers_by_itself():
    """bench/db_outage.py: embedded PostgreSQL stopped and started under gunicorn."""
    script = Path(settings.BASE_DIR) / "bench" / "db_outage.py"
    result = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=600, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "database down          /healthz     503" in result.stdout
    assert "recovered by itself" in result.stdout
