from datetime import timedelta

from django import template

register = template.Library()


@register.filter
def add_days(value, days):
    """``value`` moved by ``days`` days (an all-day event's end is the day after it ends)."""
    return value + timedelta(days=int(days))
