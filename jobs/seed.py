"""Demo job posts in every state, a poster, a second reviewer, and --scale bulk rows."""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import F
from django.utils.text import slugify

from community import roles
from community.seeding import DEMO_PASSWORD
from jobs import services
from jobs.models import Actor, Company, JobPost, JobTransition, ReviewComment, Status, company_slug

COMPANIES = [
    ("Pelican Analytics", "https://pelican-analytics.example.com"),
    ("Northwind Robotics", "https://northwind-robotics.example.com"),
    ("Tidepool Health", "https://tidepool-health.example.org"),
    ("Kestrel Energy", "https://kestrel-energy.example.com"),
    ("Open Orbit Foundation", "https://openorbit.example.org"),
    ("Lakeside University", "https://lakeside-university.example.edu"),
    ("Quokka Payments", "https://quokka-payments.example.com"),
    ("Saffron Logistics", "https://saffron-logistics.example.com"),
]

ROLES = [
    ("Senior Django Developer", JobPost.Category.WEB, "Django, PostgreSQL, Celery, htmx"),
    ("Data Engineer", JobPost.Category.DATA, "pandas, Polars, Airflow, dbt"),
    ("Machine Learning Engineer", JobPost.Category.ML, "PyTorch, scikit-learn, MLflow"),
    ("Site Reliability Engineer", JobPost.Category.DEVOPS, "Ansible, Kubernetes, Python tooling"),
    ("Research Software Engineer", JobPost.Category.SCIENTIFIC, "NumPy, SciPy, xarray, Dask"),
    (
        "Firmware Test Engineer",
        JobPost.Category.EMBEDDED,
        "pytest, MicroPython, hardware-in-the-loop",
    ),
    ("QA Automation Engineer", JobPost.Category.TESTING, "pytest, Playwright, Hypothesis"),
    ("Python Instructor", JobPost.Category.EDUCATION, "teaching, Jupyter, curriculum design"),
    ("Backend Engineer (FastAPI)", JobPost.Category.WEB, "FastAPI, SQLAlchemy, Redis"),
    ("Analytics Engineer", JobPost.Category.DATA, "SQL, dbt, Python, Superset"),
]

PLACES = [
    ("Berlin", "Berlin", "DE", "CET ± 2 hours"),
    ("Toronto", "Ontario", "CA", "Americas"),
    ("Bengaluru", "Karnataka", "IN", "IST ± 3 hours"),
    ("Melbourne", "Victoria", "AU", "AEST ± 3 hours"),
    ("Nairobi", "", "KE", "EAT ± 3 hours"),
    ("São Paulo", "SP", "BR", "UTC-3 ± 3 hours"),
    ("Austin", "Texas", "US", "US time zones"),
    ("Lyon", "", "FR", "Europe"),
]

DESCRIPTION = """We are looking for a **{title}** to join a small team that builds {what}.

## What you will do

- Design, build and maintain Python services used by thousands of people every day
- Review code, pair with colleagues and write clear documentation
- Help us keep our stack ({stack}) healthy and well tested

## What we offer

- A salary range of {low} to {high} k{currency} a year, published up front
- Four-day weeks in July and August, and a yearly conference budget
- Time to contribute to the open-source projects we depend on

Read more about [how we work]({website}/how-we-work).
"""

REQUIREMENTS = """- Three or more years of professional Python
- Experience with {stack}
- Clear written English; we work asynchronously
"""

WHAT = [
    "tools for climate scientists",
    "software for hospitals",
    "open-source data pipelines",
    "payments infrastructure",
    "robots that sort recycling",
    "course material for thousands of students",
]


def _user(username, full_name, role=None):
    given, family = full_name.split(" ", 1)
    user, created = get_user_model().objects.get_or_create(
        username=username,
        defaults={"email": f"{username}@example.org", "first_name": given, "last_name": family},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    if role:
        roles.grant_role(user, role)
    return user


def _fields(rng, i, companies):
    title, category, stack = ROLES[i % len(ROLES)]
    company, website = COMPANIES[i % len(COMPANIES)]
    city, region, country, zones = PLACES[(i * 3) % len(PLACES)]
    remote = [JobPost.Remote.ONSITE, JobPost.Remote.HYBRID, JobPost.Remote.REMOTE][i % 3]
    types = [JobPost.JobType.FULL_TIME]
    if i % 4 == 1:
        types = [JobPost.JobType.CONTRACT, JobPost.JobType.PART_TIME]
    elif i % 9 == 4:
        types = [JobPost.JobType.INTERNSHIP]
    low = rng.randrange(45, 120, 5)
    return {
        "title": title,
        "company": companies[company],
        "company_name": company,
        "company_website": website,
        "city": city,
        "region": region,
        "country": country,
        "remote": remote,
        "time_zones": zones if remote != JobPost.Remote.ONSITE else "",
        "job_types": types,
        "category": category,
        "description": DESCRIPTION.format(
            title=title,
            what=WHAT[i % len(WHAT)],
            stack=stack,
            low=low,
            high=low + 25,
            currency="€" if country in {"DE", "FR"} else "$",
            website=website,
        ),
        "requirements": REQUIREMENTS.format(stack=stack),
        "apply_url": f"{website}/careers/{slugify(title)}",
        "apply_email": f"jobs@{website.split('//')[1]}" if i % 2 else "",
        "contact_email": "jobposter@example.org",
        "allows_agencies": i % 5 == 0,
    }


def seed(ctx):
    poster = _user("jobposter", "Jo Poster")
    reviewer = ctx.users["reviewer"]
    second_reviewer = _user("reviewer2", "Rev Iewer", roles.JOB_BOARD_REVIEWERS)
    companies = demo_companies()

    def draft(i, by=poster):
        fields = _fields(ctx.rng, i, companies)
        return JobPost.objects.create(poster=by, **fields)

    def submit(post):
        # Straight through the state machine: the demo poster submits more than the
        # daily rate limit allows.
        post.transition(Status.REVIEW, by=post.poster, actor=Actor.POSTER)

    # The workflow, walked through the services so history rows and dates are real.
    for i in range(6):
        post = draft(i)
        submit(post)
        services.post_approve(post=post, by=reviewer if i % 2 else second_reviewer)
    draft(6)  # stays a draft
    for i in (7, 8, 9):
        submit(draft(i))  # waiting in the queue
    post = draft(10)
    submit(post)
    services.post_request_changes(
        post=post,
        by=reviewer,
        reason="Please add the salary range and say which time zones you accept.",
    )
    ReviewComment.objects.create(
        post=post, author=poster, body="Thanks, I will ask HR for the range today."
    )
    post = draft(11)
    submit(post)
    services.post_reject(
        post=post, by=second_reviewer, reason="The job has nothing to do with Python."
    )
    post = draft(12)
    submit(post)
    services.post_approve(post=post, by=reviewer)
    services.post_mark_filled(post=post, by=poster)
    post = draft(13)
    submit(post)
    services.post_approve(post=post, by=second_reviewer)
    JobPost.objects.filter(pk=post.pk).update(expires_at=ctx.now - timedelta(days=1))
    services.posts_expire_due(now=ctx.now)
    post = draft(14)
    services.post_withdraw(post=post, by=poster)
    post = draft(15)
    submit(post)
    services.post_approve(post=post, by=reviewer)
    services.post_remove(
        post=post, by=second_reviewer, reason="The apply link leads to an unrelated site."
    )
    # A resubmission, so the review page has a diff to show.
    post = draft(17)
    submit(post)
    services.post_request_changes(
        post=post, by=second_reviewer, reason="Please state the salary range in the post."
    )
    services.post_update(
        post=post,
        by=poster,
        data={
            "company_name": post.company_name,
            "description": post.description.replace(
                "## What we offer", "## Salary\n\nThe range is published below.\n\n## What we offer"
            ),
        },
    )
    submit(post)
    spammer = _user("spammer", "Spam Mer")
    post = draft(16, by=spammer)
    post.title = "Earn $$$ from home with crypto Python bots"
    post.save()
    submit(post)
    services.post_mark_spam(post=post, by=reviewer, reason="Crypto spam.")
    _wait_before_review(JobPost.objects.filter(poster__in=[poster, spammer]).order_by("pk"))
    ctx.log("jobs: 18 posts in every state; users jobposter, reviewer2 and spammer (blocked)")

    if ctx.scale:
        seed_scale(ctx, poster)


def _wait_before_review(posts) -> None:
    """Moves each demo post's submission a few hours into the past: walked through the
    services in one go, every post was decided the moment it was submitted, and the
    board's overview and the review dashboard showed "0.0 hours" of waiting and review."""
    for i, post in enumerate(posts):
        waited = timedelta(hours=3 + 5 * (i % 6))
        JobPost.objects.filter(pk=post.pk).update(
            created_at=F("created_at") - waited,
            submitted_at=F("submitted_at") - waited,
            first_submitted_at=F("first_submitted_at") - waited,
        )
        JobTransition.objects.filter(post=post, to_status=Status.REVIEW).update(at=F("at") - waited)


def demo_companies() -> dict:
    return {
        name: Company.objects.get_or_create(
            slug=company_slug(name), defaults={"name": name, "website": website}
        )[0]
        for name, website in COMPANIES
    }


def seed_scale(ctx, poster):
    """N approved posts and N/10 waiting for review, with bulk_create: seconds for 10,000."""
    companies = demo_companies()
    now = ctx.now
    approved, pending = ctx.scale, max(ctx.scale // 10, 1)
    # Spread over the last four weeks so every approved post is still public.
    step = min(timedelta(hours=6), timedelta(days=28) / approved)
    rows = []
    for i in range(approved + pending):
        fields = _fields(ctx.rng, i, companies)
        fields["title"] = f"{fields['title']} #{i + 1}"
        if i < approved:
            published = now - step * i
            state = {
                "status": Status.APPROVED,
                "submitted_at": published - timedelta(hours=20),
                "first_submitted_at": published - timedelta(hours=20),
                "first_reviewed_at": published,
                "published_at": published,
                "expires_at": published + timedelta(days=settings.JOBS_EXPIRY_DAYS),
            }
        else:
            submitted = now - timedelta(minutes=(i - approved) * 13)
            state = {
                "status": Status.REVIEW,
                "submitted_at": submitted,
                "first_submitted_at": submitted,
            }
        rows.append(JobPost(poster=poster, **fields, **state))
    created = JobPost.objects.bulk_create(rows, batch_size=1000)
    JobTransition.objects.bulk_create(
        [
            JobTransition(
                post=post,
                from_status=Status.DRAFT,
                to_status=Status.REVIEW,
                by=poster,
                at=post.first_submitted_at,
            )
            for post in created
        ],
        batch_size=2000,
    )
    # Fresh statistics, so the planner picks the search index right away.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE jobs_jobpost")
    ctx.log(f"jobs: --scale added {approved} approved and {pending} pending posts")
