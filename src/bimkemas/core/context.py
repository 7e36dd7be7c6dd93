from django.conf import settings


def navigation(request):
    return {"DEMO_MODE": settings.DEMO_MODE}
