from django.db import migrations

from community.markup import render_markdown


def render_stored_html(apps, schema_editor):
    """Render every post's stored HTML again: the Markdown parser is now cmark-gfm.

    Saving a post renders its HTML (community.markup.MarkdownHTMLField); rows written
    by the earlier parser would otherwise keep its output until their next edit.
    """
    JobPost = apps.get_model("jobs", "JobPost")
    batch = []
    posts = JobPost.objects.only("description", "requirements").order_by("pk")
    for post in posts.iterator(chunk_size=1000):
        post.description_html = str(render_markdown(post.description))
        post.requirements_html = str(render_markdown(post.requirements))
        batch.append(post)
        if len(batch) == 1000:
            JobPost.objects.bulk_update(batch, ["description_html", "requirements_html"])
            batch = []
    JobPost.objects.bulk_update(batch, ["description_html", "requirements_html"])


class Migration(migrations.Migration):
    dependencies = [("jobs", "0007_markdown_length_limits")]

    operations = [migrations.RunPython(render_stored_html, migrations.RunPython.noop)]
