import io

from django.core.management import call_command

from partycell.accounts.models import RoleAssignment, User
from partycell.organisations.models import Unit
from partycell.people.models import Membership, Person
from partycell.targets.models import Period, Target, TargetChange
from workflows.models import Candidacy, TransitionLog


def _counts():
    return (
        Unit.objects.count(),
        Person.objects.count(),
        Membership.objects.count(),
        User.objects.count(),
        RoleAssignment.objects.count(),
        Candidacy.objects.count(),
        TransitionLog.objects.count(),
        Period.objects.count(),
        Target.objects.count(),
        TargetChange.objects.count(),
    )


def test_seed_demo_twice_creates_nothing_new(db, capsys):
    call_command("seed_demo")
    first = _counts()

    call_command("seed_demo")

    assert _counts() == first
    assert first[1] > 50
    assert "bithu" in capsys.readouterr().out


def test_seed_demo_uses_real_commune_names(db):
    call_command("seed_demo")

    names = set(Unit.objects.values_list("name", flat=True))
    assert "Tỉnh ủy Thái Nguyên" in names
    assert "Đảng ủy phường Phan Đình Phùng" in names


def test_seed_demo_scale_builds_valid_province_tree(db):
    call_command("seed_demo", scale=300, cells_per_commune=4, province="Cao Bằng")

    assert Unit.objects.find_problems() == ([], [], [], [], [])
    assert Candidacy.objects.count() == 300
    root = Unit.objects.get(name="Tỉnh ủy Cao Bằng")
    # 56 real communes, each with 2 grassroots committees holding 1 cell each and 2 village cells.
    assert Unit.objects.get_descendant_count(root) == 56 * 7
    assert Candidacy.objects.filter(cell__path__startswith=root.path).count() == 300


def test_seed_demo_scale_is_deterministic_from_its_seed(db):
    call_command("seed_demo", scale=50, cells_per_commune=3, province="Lai Châu", seed=7)
    first = list(Person.objects.order_by("citizen_id").values_list("full_name", "date_of_birth"))

    call_command("seed_demo", scale=50, cells_per_commune=3, province="Lai Châu", seed=7)
    second = list(Person.objects.order_by("citizen_id").values_list("full_name", "date_of_birth"))[50:]

    assert first == second


def test_seed_demo_send_reminders_prints_the_logins_last(db):
    out = io.StringIO()

    call_command("seed_demo", send_reminders=True, stdout=out)

    lines = out.getvalue().splitlines()
    assert "new notices" in lines[0]
    assert lines[-7].startswith("Demo data ready. Log in at http://127.0.0.1:8000/")
    assert [line.split()[0] for line in lines[-6:]] == ["admin", "bithu", "chiuy", "canbo_xa", "thuongtruc_xa",
                                                        "kiemtra_tinh"]  # fmt: skip


def test_seed_demo_national_scale_builds_34_provinces_candidacies_and_a_roll_whose_dashboards_open(db, client):
    from django.urls import reverse

    from tests.factories import Role, UserFactory, assign_role

    out = io.StringIO()
    call_command("seed_demo", scale=200, national=True, communes_per_province=1, cells_per_commune=3, stdout=out)

    assert Unit.objects.find_problems() == ([], [], [], [], [])
    root = Unit.objects.get(name="Ban Chấp hành Trung ương Đảng")
    provinces = Unit.objects.get_children(root)
    assert provinces.count() == 34 and all(unit.kind.is_provincial for unit in provinces)
    assert Candidacy.objects.filter(cell__path__startswith=root.path).count() == 200
    # The roll: about 5.5 members per candidacy, probationary ones from the cases on probation.
    assert Membership.objects.filter(cell__path__startswith=root.path).count() == 1100
    from workflows.enums import PROBATION

    on_probation = Candidacy.objects.filter(stage__in=PROBATION).count()  # admitted: on the roll as probationary
    assert Membership.objects.filter(status="probationary").count() == on_probation > 0
    assert "1100 members on the roll" in out.getvalue()

    auditor = UserFactory(username="kiemtra_tw")
    assign_role(auditor, Role.BOARD_STAFF, root)
    client.force_login(auditor)
    province = provinces.first()
    for unit in (root, province):
        assert client.get(reverse("targets:unit", args=[unit.pk])).status_code == 200
        assert client.get(reverse("targets:compliance", args=[unit.pk])).status_code == 200
