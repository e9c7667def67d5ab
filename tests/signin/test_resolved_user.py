"""The view gets the signed-in user itself, not Django's and django-otp's lazy wrappers around it
(partycell.signin.middleware.ResolvedUserMiddleware): the gate reads it thousands of times per page."""

import pytest
from django.urls import reverse
from django.utils.functional import LazyObject

from partycell.accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_view_gets_the_signed_in_user_itself_with_its_second_factor_state(client):
    user = UserFactory()
    client.force_login(user)

    response = client.get(reverse("todo"))

    seen = response.wsgi_request.user
    assert response.status_code == 200
    assert not isinstance(seen, LazyObject)
    assert type(seen) is User and seen.pk == user.pk
    assert seen.is_verified() is False  # django-otp's answer, kept on the user


def test_an_anonymous_visitor_is_still_sent_to_sign_in(client):
    response = client.get(reverse("todo"))

    assert response.status_code == 302
    assert not isinstance(response.wsgi_request.user, LazyObject)
    assert not response.wsgi_request.user.is_authenticated
