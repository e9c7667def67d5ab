"""The benchmark's URLs: the product's own, plus two signed-in pages that do nothing of their own.

They measure the floor of a page (``benchmarks/pages.py``): what any signed-in request costs before
the page does its work: the middleware, the session, the user, the second-factor and lifetime checks,
and for HTML the layout every page extends (menu, bell, language switch); for the API, DRF's
authentication, permission and throttling. Not served by the product: only this benchmark routes here.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from partycell.urls import urlpatterns as product


@login_required
def empty_page(request: HttpRequest) -> HttpResponse:
    """The layout every page extends, with nothing in it."""
    return render(request, "base.html", {})


class EmptyApi(APIView):
    """An API endpoint with the project's authentication, permission and throttles, answering ``{}``."""

    def get(self, request: Request) -> Response:
        return Response({})


urlpatterns = [
    path("bench/floor/page/", empty_page, name="bench-floor-page"),
    path("api/v1/bench/floor/", EmptyApi.as_view(), name="bench-floor-api"),
    *product,
]
