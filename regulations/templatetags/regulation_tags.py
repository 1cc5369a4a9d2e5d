from django import template

from regulations.text import split_paragraphs

register = template.Library()


@register.filter
def paragraphs(value):
    """A section body as ledd with their lettered items."""
    return split_paragraphs(value)
