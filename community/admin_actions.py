"""What the admin's bulk actions share."""

from django.contrib import messages


def report_outcome(model_admin, request, *, done: int, success: str, problems) -> None:
    """Tell the volunteer what a bulk action did: ``success`` when any object changed
    (formatted with ``done``), then each refusal, so nothing is skipped silently."""
    if done:
        model_admin.message_user(request, success.format(done=done), messages.SUCCESS)
    for problem in problems:
        model_admin.message_user(request, problem, messages.WARNING)
