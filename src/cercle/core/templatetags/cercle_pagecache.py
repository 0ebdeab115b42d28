"""`{% slot "name" key %}what a visitor sees{% endslot %}`: a personal part of a cached fragment,
filled for each viewer by `cercle.core.pagecache.fill`."""

from django import template

from cercle.core import pagecache

register = template.Library()


class SlotNode(template.Node):
    def __init__(self, name, key, nodelist):
        self.name, self.key, self.nodelist = name, key, nodelist

    def render(self, context):
        key = self.key.resolve(context) if self.key is not None else ""
        return pagecache.slot(self.name.resolve(context), key, self.nodelist.render(context))


@register.tag
def slot(parser, token):
    bits = token.split_contents()
    if len(bits) not in (2, 3):
        raise template.TemplateSyntaxError("{% slot name [key] %} ... {% endslot %}")
    nodelist = parser.parse(("endslot",))
    parser.delete_first_token()
    key = parser.compile_filter(bits[2]) if len(bits) == 3 else None
    return SlotNode(parser.compile_filter(bits[1]), key, nodelist)
