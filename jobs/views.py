import mimetypes

from allauth.account.decorators import verified_email_required
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import OuterRef, Subquery
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from community.http import cached_public_page
from community.jsonld import json_ld
from community.pagination import page_of
from community.workflow import ActionRefused
from jobs import services
from jobs.forms import JobFilterForm, JobPostForm, PosterCommentForm
from jobs.models import Company, JobPost, JobTransition

PAGE_SIZE = 20


# --- public board -------------------------------------------------------------------


@cached_public_page("jobs")
def index(request):
    form, posts = JobFilterForm.board(request.GET)
    page = page_of(request, posts.select_related("company"), PAGE_SIZE)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "jobs/index.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@cached_public_page("jobs")
def job_detail(request, pk):
    post = get_object_or_404(JobPost.objects.select_related("company"), pk=pk)
    if post.is_public:
        return render(
            request, "jobs/detail.html", {"post": post, "json_ld": json_ld(post.json_ld())}
        )
    if post.is_gone:
        return render(request, "jobs/gone.html", {"post": post}, status=410)
    raise Http404("No such job post.")


@cached_public_page("jobs")
def company_detail(request, slug):
    company = get_object_or_404(Company.objects.public(), slug=slug)
    posts = JobPost.objects.public().filter(company=company).newest_first()
    page = page_of(request, posts.select_related("company"), PAGE_SIZE)
    return render(request, "jobs/company_detail.html", {"company": company, "page": page})


# Re-encoded by community.uploads: nothing else is ever stored as a logo.
LOGO_TYPES = {"image/png", "image/webp", "image/jpeg", "image/gif"}


@require_GET
def company_logo(request, slug):
    """A company's logo for whoever may see it before the company is public: its posters
    and the reviewers. Previews show the logo from here, so the storage's own address
    (public on a bucket) never reaches anyone before a reviewer approves a post."""
    companies = Company.objects.with_logo_visible_to(request.user).exclude(logo="")
    company = get_object_or_404(companies, slug=slug)
    content_type, _ = mimetypes.guess_type(company.logo.name)
    if content_type not in LOGO_TYPES:
        raise Http404("No such logo.")
    response = FileResponse(company.logo.open("rb"), content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# --- posting (the poster's own posts) ---------------------------------------------------


def get_post_for_poster(request, pk) -> JobPost:
    """The signed-in user's own post, or 404: nobody sees or edits another poster's post."""
    return get_object_or_404(
        JobPost.objects.select_related("company", "poster"), pk=pk, poster=request.user
    )


@login_required
def mine(request):
    # The note of the decision that gave the post its current status: once a post that
    # had changes requested is published, the old request is history, not its status.
    latest_note = (
        JobTransition.objects.with_poster_note()
        .filter(post=OuterRef("pk"), to_status=OuterRef("status"), by__isnull=False)
        .exclude(by=request.user)
        .exclude(poster_note="")
        .order_by("-at", "-pk")
        .values("poster_note")[:1]
    )
    posts = (
        JobPost.objects.owned_by(request.user)
        .annotate(reviewer_note=Subquery(latest_note))
        .order_by("-pk")
    )
    page = page_of(request, posts, PAGE_SIZE)
    return render(request, "jobs/mine.html", {"page": page})


@login_required
def mine_detail(request, pk):
    post = get_post_for_poster(request, pk)
    context = {
        "post": post,
        "transitions": post.transitions.with_poster_note().select_related("by"),
        "comments": post.comments.filter(is_internal=False).select_related("author"),
        "comment_form": PosterCommentForm(),
    }
    return render(request, "jobs/mine_detail.html", context)


@verified_email_required
def job_create(request):
    if request.method == "POST":
        form = JobPostForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                post = services.post_create(
                    poster=request.user,
                    data=form.post_data(),
                    logo=form.cleaned_data["company_logo"],
                )
            except ActionRefused as exc:
                form.refuse(str(exc))
            else:
                messages.success(
                    request, "Draft saved. This is how your post will look; submit it when ready."
                )
                return redirect("jobs:mine-detail", pk=post.pk)
    else:
        form = JobPostForm(initial={"contact_email": request.user.email})
    return render(request, "jobs/post_form.html", {"form": form, "post": None})


@verified_email_required
def job_edit(request, pk):
    post = get_post_for_poster(request, pk)
    if not post.is_editable:
        messages.error(request, f"A post that is “{post.get_status_display()}” cannot be edited.")
        return redirect("jobs:mine-detail", pk=post.pk)
    if request.method == "POST":
        form = JobPostForm(request.POST, request.FILES, instance=post)
        if form.is_valid():
            was_public = post.status == JobPost.Status.APPROVED
            try:
                services.post_update(
                    post=post,
                    by=request.user,
                    data=form.post_data(),
                    logo=form.cleaned_data["company_logo"],
                )
            except ActionRefused as exc:
                form.refuse(str(exc))
            else:
                messages.success(
                    request,
                    "Saved. The post is back in the review queue and hidden until approved."
                    if was_public
                    else "Saved. This is how your post will look.",
                )
                return redirect("jobs:mine-detail", pk=post.pk)
    else:
        form = JobPostForm(instance=post)
    return render(request, "jobs/post_form.html", {"form": form, "post": post})


def _poster_action(request, pk, action, success):
    post = get_post_for_poster(request, pk)
    try:
        action(post=post, by=request.user)
    except ActionRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, success)
    return redirect("jobs:mine-detail", pk=post.pk)


@require_POST
@verified_email_required
def job_submit(request, pk):
    return _poster_action(
        request, pk, services.post_submit, "Submitted. A volunteer reviewer will look at it soon."
    )


@require_POST
@login_required
def job_withdraw(request, pk):
    return _poster_action(request, pk, services.post_withdraw, "The post was withdrawn.")


@require_POST
@login_required
def job_fill(request, pk):
    return _poster_action(
        request,
        pk,
        services.post_mark_filled,
        "Marked as filled and taken off the board. Congrats!",
    )


@require_POST
@login_required
def job_comment(request, pk):
    post = get_post_for_poster(request, pk)
    form = PosterCommentForm(request.POST)
    if form.is_valid():
        try:
            services.post_comment_add(
                post=post, author=request.user, body=form.cleaned_data["body"]
            )
        except ActionRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "Your reply was added for the reviewers.")
    else:
        messages.error(request, "Write a reply before sending it.")
    return redirect("jobs:mine-detail", pk=post.pk)
