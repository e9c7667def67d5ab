"""Building organisation trees from real administrative units (the ``vietnam-provinces`` package)."""

from typing import Any

from vietnam_provinces import Province, Ward

from partycell.organisations.models import Unit, UnitKind


def province_by_name(name: str) -> Province:
    return next(p for p in Province.iter_all() if p.name.endswith(name))


def wards_of(province: Province) -> list[Ward]:
    return list(Ward.iter_by_province(province.code))


def province_committee_name(province: Province) -> str:
    return f"Thành ủy {province.name.removeprefix('Thành phố ')}" if province.name.startswith("Thành phố") else (
        f"Tỉnh ủy {province.name}"
    )


def commune_committee_name(ward: Ward) -> str:
    """"Phường Phan Đình Phùng" -> "Đảng ủy phường Phan Đình Phùng"."""
    return f"Đảng ủy {ward.name[0].lower()}{ward.name[1:]}"


def get_or_add_unit(*, code: str, name: str, kind_code: str, parent: Unit | None, **fields: Any) -> Unit:
    """Idempotent: the unit with ``code`` if it exists, else a new one under ``parent``."""
    existing = Unit.objects.filter(code=code).first()
    if existing:
        return existing
    unit = Unit(code=code, name=name, kind=UnitKind.objects.get(code=kind_code), **fields)
    if parent is None:
        return Unit.objects.add_root(instance=unit)
    parent.refresh_from_db()
    return Unit.objects.add_child(parent, instance=unit)
