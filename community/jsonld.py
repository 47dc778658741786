"""schema.org JSON-LD for search engines, safe inside its ``<script>`` element."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import SafeString, mark_safe

# The escapes Django's json_script uses: with them no text in the data ("</script>",
# "<!--") can end or change the element, whoever wrote that text.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_ld(data: dict) -> SafeString:
    """``data`` as JSON for ``<script type="application/ld+json">{{ json_ld }}</script>``.

    Not ``json_script``: that filter writes its own element, typed application/json.
    """
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return mark_safe(text.translate(_SCRIPT_ESCAPES))
