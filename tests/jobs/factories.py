from datetime import timedelta

import factory
from django.utils import timezone

from jobs.models import Company, JobPost, Status
from tests.factories import UserFactory


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Company {n}")
    slug = factory.LazyAttribute(lambda c: c.name.lower().replace(" ", "-"))
    website = factory.LazyAttribute(lambda c: f"https://{c.slug}.example.com")


class JobPostFactory(factory.django.DjangoModelFactory):
    """A draft; the subclasses put it straight into a state without history rows."""

    class Meta:
        model = JobPost

    poster = factory.SubFactory(UserFactory)
    company = factory.SubFactory(CompanyFactory)
    company_name = factory.LazyAttribute(lambda p: p.company.name)
    company_website = factory.LazyAttribute(lambda p: p.company.website)
    title = factory.Sequence(lambda n: f"Python Developer {n}")
    city = "Berlin"
    country = "DE"
    remote = JobPost.Remote.ONSITE
    job_types = factory.LazyFunction(lambda: [JobPost.JobType.FULL_TIME])
    category = JobPost.Category.WEB
    description = "We build **web apps** with Django."
    requirements = "- Python"
    apply_url = "https://example.com/apply"
    contact_email = factory.LazyAttribute(lambda p: p.poster.email)
    status = Status.DRAFT


class PendingJobPostFactory(JobPostFactory):
    status = Status.REVIEW
    submitted_at = factory.LazyFunction(timezone.now)
    first_submitted_at = factory.SelfAttribute("submitted_at")


class ApprovedJobPostFactory(JobPostFactory):
    status = Status.APPROVED
    submitted_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    first_submitted_at = factory.SelfAttribute("submitted_at")
    first_reviewed_at = factory.LazyFunction(timezone.now)
    published_at = factory.LazyFunction(timezone.now)
    expires_at = factory.LazyAttribute(lambda p: p.published_at + timedelta(days=30))
