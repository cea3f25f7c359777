"""`{{ text|markdown }}`: user Markdown rendered and sanitised (synergies.lib.markdown)."""

from django import template
from django.utils.safestring import SafeString

from synergies.lib import markdown as md

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str) -> SafeString:
    return md.render(text or "")
