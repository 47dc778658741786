import pytest
from django.test import RequestFactory

from community.http import accepts_gzip


@pytest.mark.parametrize(
    ("header", "accepted"),
    [
        ("gzip, deflate, br", True),
        ("br;q=1.0, GZIP;q=0.5", True),
        ("gzip ; q=0.001", True),
        ("", False),
        ("deflate, br", False),
        ("gzip;q=0", False),
        ("gzip; q=0.000", False),
        ("x-gzip", False),
        ("gzip;q=1", True),
        ("gzip;q=high", False),  # an unreadable quality is not a yes
    ],
)
def test_gzip_is_accepted_only_when_listed_with_a_nonzero_quality(header, accepted):
    request = RequestFactory().get("/", headers={"Accept-Encoding": header})
    assert accepts_gzip(request) is accepted
