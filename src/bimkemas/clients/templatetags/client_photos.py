"""`{% person_avatar name=… url=… shown=… size=… %}`: the client's photo as a small round thumbnail, or
the initials in a circle when there is no photo or it may not be shown (the caller decides: pass `url` only
when the photo may be shown, `shown=False` when the name is masked)."""

from django import template

register = template.Library()


def initials(name: str) -> str:
    letters = [w[0] for w in name.replace(".", " ").split() if w[:1].isalpha()]
    return "".join(letters[:2]).upper()


@register.inclusion_tag("clients/_avatar.html")
def person_avatar(*, name: str = "", url: str = "", shown: bool = True, size: int = 40) -> dict:
    return {
        "name": name if shown else "",
        "url": url if shown else "",
        "initials": initials(name) if shown else "",
        "size": size,
        "font": max(size * 2 // 5, 10),
    }
