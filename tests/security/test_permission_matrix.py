"""The permission matrix: every URL of the site by every role → the expected status.

URLs are walked from the resolver, so a new URL fails ``test_every_url_is_in_the_matrix``
until someone decides who may open it. Columns follow ``ROLE_USERS``:
anonymous, member, owner (of the world's posts and submission), calendar volunteer,
job board reviewer, kit manager, board member, treasurer, regional representative,
superuser.
"""

import pytest
from django.test import Client

from tests.security.conftest import PRIVATE_MARKERS, ROLE_USERS
from tests.security.urls_under_test import admin_urls, resolve_all

pytestmark = pytest.mark.django_db

# fmt: off
EXPECTED = {
    "account_change_password": (302, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "account_confirm_login_code": (302, 302, 302, 302, 302, 302, 302, 302, 302, 302),
    "account_email": (302, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "account_email_verification_sent": (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "account_inactive": (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "account_login": (200, 302, 302, 302, 302, 302, 302, 302, 302, 302),
    "account_logout": (302, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "account_reauthenticate": (302, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "account_reset_password": (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "account_reset_password_done": (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "account_reset_password_from_key_done": (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "account_set_password": (302, 302, 302, 302, 302, 302, 302, 302, 302, 302),
    "account_signup": (200, 302, 302, 302, 302, 302, 302, 302, 302, 302),
    "community:about": (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "community:home": (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "community:way-to-help": (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "community:team": (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "community:team-profile": (302, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "community:materials": (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "community:material-download": (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    # The world's item is an image: it has a preview.
    "community:material-preview": (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "admin:community_material_add": (302, 403, 403, 403, 403, 403, 403, 403, 403, 200),
    "admin:community_material_changelist": (302, 403, 403, 403, 403, 403, 403, 403, 403, 200),
    "community:search": (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "community:overview": (302, 403, 403, 403, 403, 403, 200, 200, 403, 200),
    "community:inbox": (302, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "community:profile": (302, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "events:calendar": (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "events:calendar-atom": (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "events:calendar-ics": (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "events:calendar-json": (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "events:calendar-month": (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "events:calendar-month-current": (302, 302, 302, 302, 302, 302, 302, 302, 302, 302),
    "events:calendar-past": (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "events:calendar-rss": (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "events:calendar-widget": (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "events:event-detail": (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "events:event-ics": (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "events:index": (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "events:my-submissions": (302, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "events:submission-edit": (302, 404, 200, 404, 404, 404, 404, 404, 404, 404),
    "events:submission-withdraw": (405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "events:submit": (302, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "robots-txt": (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "sitemap": (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "sitemap-section": (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "healthz": (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "jobs:company-detail": (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    # The world's company has no logo; tests/jobs/test_company_visibility.py has the rules.
    "jobs:company-logo": (404, 404, 404, 404, 404, 404, 404, 404, 404, 404),
    "jobs:feed-atom": (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "jobs:feed-rss": (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "jobs:index": (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "jobs:job-comment": (405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "jobs:job-create": (302, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "jobs:job-detail": (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "jobs:job-edit": (302, 404, 200, 404, 404, 404, 404, 404, 404, 404),
    "jobs:job-fill": (405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "jobs:job-submit": (405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "jobs:job-withdraw": (405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "jobs:mine": (302, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "jobs:mine-detail": (302, 404, 200, 404, 404, 404, 404, 404, 404, 404),
    "kits:index": (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "kits:kit-detail": (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "kits:booking-request": (302, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "kits:my-requests": (302, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "kits:booking-detail": (302, 404, 200, 404, 404, 200, 200, 200, 404, 200),
    "kits:booking-approve": (405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "kits:booking-decline": (405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "kits:booking-propose": (405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "kits:booking-advance": (405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "kits:booking-cancel": (405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "kits:shipment-new": (302, 403, 403, 403, 403, 200, 403, 403, 403, 200),
    "kits:shipment-edit": (302, 404, 404, 404, 404, 200, 404, 404, 404, 200),
    "kits:report": (302, 403, 403, 403, 403, 200, 200, 200, 403, 200),
    "kits:report-csv": (302, 403, 403, 403, 403, 200, 200, 200, 403, 200),
    "kits:attachment-download": (302, 403, 403, 403, 403, 200, 200, 200, 403, 200),
    "kits:booth-list": (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "kits:booth-new": (302, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "kits:booth-detail": (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    # The owner leads the world's booth; its kit is the kit manager's.
    "kits:booth-manage": (302, 404, 200, 404, 404, 200, 200, 200, 404, 200),
    "kits:booth-edit": (302, 404, 200, 404, 404, 200, 404, 404, 404, 200),
    "kits:booth-kit": (302, 404, 200, 404, 404, 200, 404, 404, 404, 200),
    "kits:booth-report": (302, 404, 200, 404, 404, 200, 200, 200, 404, 200),
    "kits:booth-move": (405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "kits:checklist-add": (405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "kits:checklist-tick": (405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "kits:shift-new": (405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "kits:shift-generate": (405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "kits:shift-signup": (405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "kits:shift-drop": (405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "kits:shift-wait": (405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "kits:my-shifts": (302, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    # The secret token is the key: whoever holds the address reads the owner's shifts.
    "kits:shift-feed": (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "kits:shift-feed-reset": (405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "kits:signup-attendance": (405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "mfa_activate_totp": (302, 302, 302, 302, 302, 302, 302, 302, 302, 302),
    "mfa_authenticate": (302, 302, 302, 302, 302, 302, 302, 302, 302, 302),
    "mfa_deactivate_totp": (302, 404, 404, 302, 302, 302, 302, 302, 302, 302),
    "mfa_download_recovery_codes": (302, 404, 404, 404, 404, 404, 404, 404, 404, 404),
    "mfa_generate_recovery_codes": (302, 302, 302, 302, 302, 302, 302, 302, 302, 302),
    "mfa_index": (302, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "mfa_reauthenticate": (302, 302, 302, 200, 200, 200, 200, 200, 200, 200),
    "mfa_view_recovery_codes": (302, 404, 404, 404, 404, 404, 404, 404, 404, 404),
    "representatives:region-detail": (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "representatives:group-list": (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "representatives:group-detail": (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "representatives:group-submit": (302, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "representatives:region-list": (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    # Strategy notes: board members and the region's own representatives (the world's
    # representative serves Europe), a 404 for everyone else signed in.
    "representatives:application-create": (302, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "representatives:application-mine": (302, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "representatives:region-strategy": (302, 404, 404, 404, 404, 404, 200, 404, 200, 200),
    "admin:account_emailaddress_add": (302, 403, 403, 403, 403, 403, 403, 403, 403, 200),
    "admin:account_emailaddress_changelist": (302, 403, 403, 403, 403, 403, 403, 403, 403, 200),
    "admin:auth_group_add": (302, 403, 403, 403, 403, 403, 403, 403, 403, 200),
    "admin:auth_group_changelist": (302, 403, 403, 403, 403, 403, 403, 403, 403, 200),
    "admin:auth_user_add": (302, 403, 403, 403, 403, 403, 403, 403, 403, 200),
    "admin:auth_user_changelist": (302, 403, 403, 403, 403, 403, 403, 403, 403, 200),
    "admin:django_tasks_database_dbtaskresult_add": (302, 403, 403, 403, 403, 403, 403, 403, 403, 403),  # noqa: E501
    "admin:django_tasks_database_dbtaskresult_changelist": (302, 403, 403, 403, 403, 403, 403, 403, 403, 200),  # noqa: E501
    "admin:events_calendar_add": (302, 403, 403, 403, 403, 403, 403, 403, 403, 403),
    "admin:events_calendar_changelist": (302, 403, 403, 200, 403, 403, 403, 403, 403, 200),
    "admin:events_event_add": (302, 403, 403, 200, 403, 403, 403, 403, 403, 200),
    "admin:events_event_changelist": (302, 403, 403, 200, 403, 403, 403, 403, 403, 200),
    "admin:events_eventstatuschange_add": (302, 403, 403, 403, 403, 403, 403, 403, 403, 403),
    "admin:events_eventstatuschange_changelist": (302, 403, 403, 200, 403, 403, 403, 403, 403, 200),
    "admin:index": (302, 403, 403, 200, 200, 200, 200, 200, 200, 200),
    "admin:jobs_blockedposter_add": (302, 403, 403, 403, 403, 403, 403, 403, 403, 403),
    "admin:jobs_blockedposter_changelist": (302, 403, 403, 403, 200, 403, 403, 403, 403, 200),
    "admin:jobs_company_add": (302, 403, 403, 403, 403, 403, 403, 403, 403, 200),
    "admin:jobs_company_changelist": (302, 403, 403, 403, 200, 403, 403, 403, 403, 200),
    "admin:jobs_jobpost_add": (302, 403, 403, 403, 403, 403, 403, 403, 403, 403),
    "admin:jobs_jobpost_changelist": (302, 403, 403, 403, 200, 403, 403, 403, 403, 200),
    "admin:jobs_jobpost_dashboard": (302, 403, 403, 403, 200, 403, 403, 403, 403, 200),
    "admin:jobs_reviewcomment_add": (302, 403, 403, 403, 403, 403, 403, 403, 403, 403),
    "admin:jobs_reviewcomment_changelist": (302, 403, 403, 403, 200, 403, 403, 403, 403, 200),
    "admin:mfa_authenticator_add": (302, 403, 403, 403, 403, 403, 403, 403, 403, 200),
    "admin:mfa_authenticator_changelist": (302, 403, 403, 403, 403, 403, 403, 403, 403, 200),
    "admin:representatives_region_add": (302, 403, 403, 403, 403, 403, 403, 403, 403, 200),
    "admin:representatives_region_changelist": (302, 403, 403, 200, 403, 200, 200, 200, 200, 200),
    "admin:representatives_representative_add": (302, 403, 403, 403, 403, 403, 403, 403, 403, 200),
    "admin:representatives_representative_changelist": (302, 403, 403, 403, 403, 403, 200, 403, 403, 200),  # noqa: E501
    # Members apply on the site; the board decides in the admin.
    "admin:representatives_representativeapplication_add": (302, 403, 403, 403, 403, 403, 403, 403, 403, 403),  # noqa: E501
    "admin:representatives_representativeapplication_changelist": (302, 403, 403, 403, 403, 403, 200, 403, 403, 200),  # noqa: E501
    # Groups: calendar volunteers and representatives (their regions') edit, the board reads.
    "admin:representatives_usergroup_add": (302, 403, 403, 403, 403, 403, 403, 403, 200, 200),
    "admin:representatives_usergroup_changelist": (302, 403, 403, 200, 403, 403, 200, 403, 200, 200),  # noqa: E501
    # Milestones and activity reports: representatives of the region (the world's are in
    # Europe, as is its representative) write, the board reads.
    "admin:representatives_milestone_add": (302, 403, 403, 403, 403, 403, 403, 403, 200, 200),
    "admin:representatives_milestone_changelist": (302, 403, 403, 403, 403, 403, 200, 403, 200, 200),  # noqa: E501
    "admin:representatives_milestone_change": (302, 403, 403, 403, 403, 403, 200, 403, 200, 200),
    "admin:representatives_activityreport_add": (302, 403, 403, 403, 403, 403, 403, 403, 200, 200),
    "admin:representatives_activityreport_changelist": (302, 403, 403, 403, 403, 403, 200, 403, 200, 200),  # noqa: E501
    "admin:representatives_activityreport_change": (302, 403, 403, 403, 403, 403, 200, 403, 200, 200),  # noqa: E501
    "admin:events_event_change": (302, 403, 403, 200, 403, 403, 403, 403, 403, 200),
    "admin:jobs_jobpost_change": (302, 403, 403, 403, 200, 403, 403, 403, 403, 200),
    "admin:representatives_usergroup_change": (302, 403, 403, 200, 403, 403, 200, 403, 200, 200),
    "admin:auth_user_change": (302, 403, 403, 403, 403, 403, 403, 403, 403, 200),
    "admin:kits_kit_add": (302, 403, 403, 403, 403, 200, 403, 403, 403, 200),
    "admin:kits_kit_changelist": (302, 403, 403, 403, 403, 200, 403, 200, 403, 200),
    "admin:kits_kit_change": (302, 403, 403, 403, 403, 200, 403, 200, 403, 200),
    "admin:kits_booking_add": (302, 403, 403, 403, 403, 403, 403, 403, 403, 403),
    "admin:kits_booking_changelist": (302, 403, 403, 403, 403, 200, 403, 200, 403, 200),
    "admin:kits_booking_change": (302, 403, 403, 403, 403, 200, 403, 200, 403, 200),
    "admin:kits_shipment_add": (302, 403, 403, 403, 403, 200, 403, 403, 403, 200),
    "admin:kits_shipment_changelist": (302, 403, 403, 403, 403, 200, 403, 200, 403, 200),
    "admin:kits_shipment_change": (302, 403, 403, 403, 403, 200, 403, 200, 403, 200),
    "admin:kits_exchangerate_add": (302, 403, 403, 403, 403, 200, 403, 200, 403, 200),
    "admin:kits_exchangerate_changelist": (302, 403, 403, 403, 403, 200, 403, 200, 403, 200),
    "admin:kits_shippingtime_add": (302, 403, 403, 403, 403, 200, 403, 403, 403, 200),
    "admin:kits_shippingtime_changelist": (302, 403, 403, 403, 403, 200, 403, 200, 403, 200),
    "admin:kits_regionkitmanager_add": (302, 403, 403, 403, 403, 403, 403, 403, 403, 200),
    "admin:kits_regionkitmanager_changelist": (302, 403, 403, 403, 403, 403, 403, 403, 403, 200),
    "admin:kits_booth_add": (302, 403, 403, 403, 403, 403, 403, 403, 403, 403),
    "admin:kits_booth_changelist": (302, 403, 403, 403, 403, 200, 403, 200, 403, 200),
    "admin:kits_booth_change": (302, 403, 403, 403, 403, 200, 403, 200, 403, 200),
    "admin:kits_shift_add": (302, 403, 403, 403, 403, 403, 403, 403, 403, 403),
    "admin:kits_shift_changelist": (302, 403, 403, 403, 403, 200, 403, 200, 403, 200),
    "admin:kits_shift_change": (302, 403, 403, 403, 403, 200, 403, 200, 403, 200),
    "admin:events_event_moderate": (302, 403, 403, 405, 403, 403, 403, 403, 403, 405),
    "budget:report": (302, 403, 403, 403, 403, 200, 200, 200, 403, 200),
    "budget:report-csv": (302, 403, 403, 403, 403, 200, 200, 200, 403, 200),
    "budget:line-detail": (302, 403, 403, 403, 403, 200, 200, 200, 403, 200),
    "budget:line-csv": (302, 403, 403, 403, 403, 200, 200, 200, 403, 200),
    # Receipts name people and bank details: treasurers and the board only.
    "budget:receipt-download": (302, 403, 403, 403, 403, 403, 200, 200, 403, 200),
    # Sponsorships, grants and what their booths bought: the board and treasurers, not the
    # kit managers (who read their regions' kit lines only).
    "budget:support-list": (302, 403, 403, 403, 403, 403, 200, 200, 403, 200),
    "budget:support-detail": (302, 403, 403, 403, 403, 403, 200, 200, 403, 200),
    "admin:budget_fiscalyear_add": (302, 403, 403, 403, 403, 403, 403, 200, 403, 200),
    "admin:budget_budgetline_add": (302, 403, 403, 403, 403, 403, 403, 200, 403, 200),
    "admin:budget_amendment_add": (302, 403, 403, 403, 403, 403, 403, 200, 403, 200),
    "admin:budget_commitment_add": (302, 403, 403, 403, 403, 403, 403, 200, 403, 200),
    "admin:budget_expense_add": (302, 403, 403, 403, 403, 403, 403, 200, 403, 200),
    "admin:budget_conferencesupport_add": (302, 403, 403, 403, 403, 403, 403, 200, 403, 200),
    "admin:budget_fiscalyear_changelist": (302, 403, 403, 403, 403, 403, 403, 200, 403, 200),
    "admin:budget_budgetline_changelist": (302, 403, 403, 403, 403, 403, 403, 200, 403, 200),
    "admin:budget_amendment_changelist": (302, 403, 403, 403, 403, 403, 403, 200, 403, 200),
    "admin:budget_commitment_changelist": (302, 403, 403, 403, 403, 403, 403, 200, 403, 200),
    "admin:budget_expense_changelist": (302, 403, 403, 403, 403, 403, 403, 200, 403, 200),
    "admin:budget_conferencesupport_changelist": (302, 403, 403, 403, 403, 403, 403, 200, 403, 200),
    "admin:budget_moneychange_changelist": (302, 403, 403, 403, 403, 403, 403, 200, 403, 200),
    "admin:budget_linealert_changelist": (302, 403, 403, 403, 403, 403, 403, 200, 403, 200),
    # The audit trail and the alert claims are written by the services only.
    "admin:budget_moneychange_add": (302, 403, 403, 403, 403, 403, 403, 403, 403, 403),
    "admin:budget_linealert_add": (302, 403, 403, 403, 403, 403, 403, 403, 403, 403),
    "admin:budget_expense_change": (302, 403, 403, 403, 403, 403, 403, 200, 403, 200),
    "admin:budget_budgetline_change": (302, 403, 403, 403, 403, 403, 403, 200, 403, 200),
}
# fmt: on

# Pages where a reader may see a private contact address: their own posts and
# submissions, and the admin for those who moderate.
# Kit managers, board members and treasurers read a booking's contact and a kit's home.
KIT_PRIVATE = {"kits:booking-detail", "kits:kit-detail"}
MAY_SHOW_PRIVATE = {
    "owner": {"events:submission-edit", "jobs:job-edit", "jobs:mine-detail", "kits:booking-detail"},
    "kitmanager": KIT_PRIVATE,
    "board": KIT_PRIVATE,
    "treasurer": KIT_PRIVATE,
    "superuser": KIT_PRIVATE,
}


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_every_url_is_in_the_matrix(world):
    walked = set(resolve_all(world)) | set(admin_urls(world))
    assert walked - set(EXPECTED) == set(), "new URLs: add their row to EXPECTED"
    assert set(EXPECTED) - walked == set(), "rows for URLs that no longer exist"


@pytest.mark.parametrize("role", list(ROLE_USERS))
def test_each_role_gets_the_expected_status_everywhere(world, role):
    client = client_for(world["users"][role])
    column = list(ROLE_USERS).index(role)
    urls = {**resolve_all(world), **admin_urls(world)}
    wrong = {}
    for name, url in urls.items():
        response = client.get(url)
        if response.status_code != EXPECTED[name][column]:
            wrong[name] = (response.status_code, EXPECTED[name][column])
        if not name.startswith("admin:") and name not in MAY_SHOW_PRIVATE.get(role, set()):
            body = b"".join(response) if response.streaming else response.content
            leaked = [marker for marker in PRIVATE_MARKERS if marker.encode() in body]
            assert not leaked, f"{name} shows {leaked} to {role}"
    assert wrong == {}, "(actual, expected) per URL"
