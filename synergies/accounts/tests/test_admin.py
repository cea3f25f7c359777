"""The technical administration of accounts: open to the platform admin only, and usable with the custom User."""

from __future__ import annotations

import pytest

from synergies.accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    ["/admin/accounts/user/", "/admin/accounts/user/add/", "/admin/accounts/invitation/", "/admin/?q=x"],
)
def test_the_platform_admin_opens_the_account_admin_pages(admin_client_, url):
    assert admin_client_.get(url).status_code == 200


def test_the_platform_admin_opens_a_user_s_change_page(admin_client_, secretary):
    response = admin_client_.get(f"/admin/accounts/user/{secretary.pk}/change/")

    assert response.status_code == 200
    assert "secretariat@example.org" in response.content.decode()


def test_the_platform_admin_searches_users(admin_client_, secretary, outsider):
    response = admin_client_.get("/admin/accounts/user/?q=secr")

    assert list(response.context["cl"].result_list) == [secretary]


def test_the_platform_admin_adds_a_user_whose_email_is_lowered(admin_client_):
    response = admin_client_.post(
        "/admin/accounts/user/add/",
        {
            "email": "Nouvelle@Example.ORG",
            "full_name": "Nina Nouvelle",
            "usable_password": "true",
            "password1": "Sept-chevaux-bleus-1987",
            "password2": "Sept-chevaux-bleus-1987",
            "role_assignments-TOTAL_FORMS": "0",
            "role_assignments-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    user = User.objects.get(full_name="Nina Nouvelle")
    assert user.email == "nouvelle@example.org"
    assert user.check_password("Sept-chevaux-bleus-1987")


@pytest.mark.parametrize("client_name", ["secretary_client", "outsider_client", "client"])
def test_others_are_sent_to_the_admin_login(request, client_name):
    response = request.getfixturevalue(client_name).get("/admin/accounts/user/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
