"""How far ahead an event's dates may lie, and which recurrence rules the site accepts,
read at their boundaries with the words a submitter is shown."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError

from events.models import (
    horizon_end,
    max_rule_count,
    validate_recurrence_rule,
    validate_within_horizon,
)

NOW = datetime(2030, 1, 15, 12, 0, tzinfo=UTC)
YEARS = 5  # EVENT_HORIZON_YEARS in the settings the tests run with
LAST = datetime(2035, 1, 15, 12, 0, tzinfo=UTC)
LONGEST_RULE = "FREQ=DAILY;BYMONTHDAY=" + ",".join(["1"] * 239) + "1"  # 500 characters


@pytest.fixture(autouse=True)
def five_years(settings):
    settings.EVENT_HORIZON_YEARS = YEARS


def refusal(check, *args, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as refused:
        check(*args, **kwargs)
    return refused.value


# --- the horizon -----------------------------------------------------------------------------


def test_the_horizon_is_the_configured_years_from_the_given_moment(settings):
    assert horizon_end(NOW) == LAST
    settings.EVENT_HORIZON_YEARS = 2
    assert horizon_end(NOW) == datetime(2032, 1, 15, 12, 0, tzinfo=UTC)


def test_the_horizon_counts_from_now_when_no_moment_is_given():
    from django.utils import timezone

    before = timezone.now()
    end = horizon_end()
    assert horizon_end(before) <= end <= horizon_end(timezone.now())


def test_the_last_moment_of_the_horizon_is_accepted_and_the_next_refused():
    validate_within_horizon(LAST, now=NOW)
    error = refusal(validate_within_horizon, LAST + timedelta(microseconds=1), now=NOW)
    assert error.code == "beyond_horizon"
    assert error.messages == [
        "Dates more than 5 years ahead are not accepted; the latest is 2035-01-15."
    ]


def test_a_naive_datetime_is_read_as_utc():
    validate_within_horizon(LAST.replace(tzinfo=None), now=NOW)
    error = refusal(
        validate_within_horizon, (LAST + timedelta(seconds=1)).replace(tzinfo=None), now=NOW
    )
    assert error.code == "beyond_horizon"


def test_a_date_is_accepted_up_to_the_horizons_day():
    validate_within_horizon(date(2035, 1, 15), now=NOW)
    error = refusal(validate_within_horizon, date(2035, 1, 16), now=NOW)
    assert error.code == "beyond_horizon"


def test_the_horizon_is_read_from_the_given_moment_not_from_today():
    validate_within_horizon(date(2035, 1, 15), now=NOW)
    validate_within_horizon(datetime(2035, 1, 15, tzinfo=UTC), now=NOW)
    with pytest.raises(ValidationError):
        validate_within_horizon(date(2030, 1, 1), now=datetime(2020, 1, 1, tzinfo=UTC))


def test_dates_from_1900_are_accepted_and_earlier_ones_refused():
    validate_within_horizon(date(1900, 1, 1), now=NOW)
    validate_within_horizon(datetime(1900, 1, 1, tzinfo=UTC), now=NOW)
    for early in (date(1899, 12, 31), datetime(1899, 12, 31, 23, 59, tzinfo=UTC)):
        error = refusal(validate_within_horizon, early, now=NOW)
        assert error.code == "before_horizon"
        assert error.messages == ["Dates before 1900 are not accepted."]


# --- recurrence rules ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=DAILY",
        "freq=weekly;byday=tu",
        "FREQ=MONTHLY;BYDAY=2WE",
        "FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=1",
        "FREQ=WEEKLY;INTERVAL=1",
        "FREQ=WEEKLY;INTERVAL=99",
        "FREQ=DAILY;COUNT=1",
        f"FREQ=DAILY;COUNT={YEARS * 366}",
        "FREQ=DAILY;BYHOUR=9;BYMINUTE=30;BYSECOND=0",
        "FREQ=WEEKLY;UNTIL=20350115",
        "FREQ=WEEKLY;UNTIL=20350115T235959Z",
        "FREQ=WEEKLY;UNTIL=20350115T235959",
        "FREQ=WEEKLY;UNTIL=19000101",
        "FREQ=WEEKLY;WKST=MO;BYSETPOS=-1;BYYEARDAY=1;BYWEEKNO=1",
        LONGEST_RULE,
    ],
)
def test_rules_the_site_accepts(rule):
    validate_recurrence_rule(rule, now=NOW)


def test_the_longest_rule_is_500_characters():
    assert len(LONGEST_RULE) == 500
    assert refusal(validate_recurrence_rule, LONGEST_RULE + "1", now=NOW).messages == [
        "Write the rule as NAME=VALUE parts separated by semicolons."
    ]


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("", "Write the rule as NAME=VALUE parts separated by semicolons."),
        ("FREQ=WEEKLY BYDAY=TU", "Write the rule as NAME=VALUE parts separated by semicolons."),
        ("FREQ=WEEKLY;BYDAY", "“BYDAY” is not a NAME=VALUE part."),
        ("FREQ=WEEKLY;BYDAY=", "“BYDAY=” is not a NAME=VALUE part."),
        ("FREQ=WEEKLY;", "“” is not a NAME=VALUE part."),
        ("FREQ=WEEKLY;DTSTART=20300101", "DTSTART is not supported in a recurrence rule."),
        ("FREQ=WEEKLY;FREQ=DAILY", "FREQ appears twice."),
        (
            "FREQ=WEEKLY=DAILY",
            "Events repeat at most daily (FREQ=DAILY, WEEKLY, MONTHLY or YEARLY), "
            "not FREQ=WEEKLY=DAILY.",
        ),
        (
            "COUNT=3",
            "Events repeat at most daily (FREQ=DAILY, WEEKLY, MONTHLY or YEARLY), "
            "not FREQ=(missing).",
        ),
        (
            "FREQ=HOURLY",
            "Events repeat at most daily (FREQ=DAILY, WEEKLY, MONTHLY or YEARLY), not FREQ=HOURLY.",
        ),
        ("FREQ=DAILY;BYHOUR=9,17", "An event meets once a day at most: BYHOUR takes one value."),
        (
            "FREQ=DAILY;BYMINUTE=0,30",
            "An event meets once a day at most: BYMINUTE takes one value.",
        ),
        (
            "FREQ=DAILY;BYSECOND=0,30",
            "An event meets once a day at most: BYSECOND takes one value.",
        ),
        ("FREQ=WEEKLY;INTERVAL=0", "INTERVAL must be a whole number from 1 to 99."),
        ("FREQ=WEEKLY;INTERVAL=100", "INTERVAL must be a whole number from 1 to 99."),
        ("FREQ=WEEKLY;INTERVAL=-1", "INTERVAL must be a whole number from 1 to 99."),
        ("FREQ=WEEKLY;INTERVAL=+2", "INTERVAL must be a whole number from 1 to 99."),
        ("FREQ=WEEKLY;INTERVAL=TWO", "INTERVAL must be a whole number from 1 to 99."),
        ("FREQ=WEEKLY;COUNT=3;UNTIL=20310101", "Give COUNT or UNTIL, not both."),
        ("FREQ=WEEKLY;COUNT=0", "COUNT must be a whole number from 1 to 1830."),
        ("FREQ=WEEKLY;COUNT=1831", "COUNT must be a whole number from 1 to 1830."),
        ("FREQ=WEEKLY;COUNT=+3", "COUNT must be a whole number from 1 to 1830."),
        ("FREQ=WEEKLY;UNTIL=2031", "UNTIL must be a date such as 20271231T235959Z."),
        ("FREQ=WEEKLY;UNTIL=20311301", "UNTIL must be a date such as 20271231T235959Z."),
        ("FREQ=WEEKLY;UNTIL=20310101T12", "UNTIL must be a date such as 20271231T235959Z."),
        (
            "FREQ=WEEKLY;UNTIL=20350116",
            "The series ends too late: Dates more than 5 years ahead are not accepted; "
            "the latest is 2035-01-15.",
        ),
        ("FREQ=WEEKLY;UNTIL=18991231", "UNTIL: Dates before 1900 are not accepted."),
    ],
)
def test_rules_the_site_refuses_with_their_reason(rule, message):
    assert refusal(validate_recurrence_rule, rule, now=NOW).messages == [message]


def test_only_a_rule_finer_than_daily_is_refused_with_the_frequency_code():
    assert refusal(validate_recurrence_rule, "FREQ=MINUTELY", now=NOW).code == "frequency"
    assert refusal(validate_recurrence_rule, "FREQ=DAILY;COUNT=0", now=NOW).code != "frequency"


def test_the_count_limit_follows_the_horizon(settings):
    settings.EVENT_HORIZON_YEARS = 2
    assert max_rule_count() == 732
    validate_recurrence_rule("FREQ=DAILY;COUNT=732", now=NOW)
    assert refusal(validate_recurrence_rule, "FREQ=DAILY;COUNT=733", now=NOW).messages == [
        "COUNT must be a whole number from 1 to 732."
    ]


def test_until_is_judged_from_the_given_moment():
    validate_recurrence_rule("FREQ=WEEKLY;UNTIL=20350115", now=NOW)
    with pytest.raises(ValidationError, match="ends too late"):
        validate_recurrence_rule("FREQ=WEEKLY;UNTIL=20350115", now=datetime(2020, 1, 1, tzinfo=UTC))
