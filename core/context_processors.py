from .selectors import user_roles


def navigation(request):
    """Roles of the signed-in user, for the menu."""
    user = getattr(request, "user", None)
    roles = set()
    if user is not None and user.is_authenticated:
        for held in user_roles(user).values():
            roles |= held
    return {"nav_roles": roles}
