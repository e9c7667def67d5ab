"""tests/factories.py holds one factory per model of the project apps, and each saves a valid row."""

import inspect

import pytest
from django.apps import apps
from factory.django import DjangoModelFactory

from tests import factories


def _project_models() -> list:
    """Concrete models of PartyCell's own apps (partycell.* and workflows), not Django's or packages'."""
    return [
        model
        for model in apps.get_models()
        if model.__module__.startswith(("partycell.", "workflows."))
        and not model._meta.abstract
        and not model._meta.proxy
    ]


def _factories() -> list[type[DjangoModelFactory]]:
    return [
        value
        for value in vars(factories).values()
        if inspect.isclass(value) and issubclass(value, DjangoModelFactory) and value is not DjangoModelFactory
    ]


FACTORIES = sorted(_factories(), key=lambda factory_class: factory_class.__name__)


def test_factories_cover_each_project_model_exactly_once():
    made = sorted(factory_class._meta.model._meta.label for factory_class in FACTORIES)

    assert made == sorted(model._meta.label for model in _project_models())


def test_factories_module_defines_each_factory_once():
    # A second ``class XFactory`` further down silently replaces the first: count the definitions.
    source = inspect.getsource(factories)
    names = [line.split("(")[0].removeprefix("class ") for line in source.splitlines() if line.startswith("class ")]

    assert sorted(names) == sorted({*names})


@pytest.mark.parametrize("factory_class", FACTORIES, ids=lambda factory_class: factory_class.__name__)
def test_factory_without_arguments_saves_a_valid_row(db, factory_class):
    row = factory_class()

    # A protected FSM field (Candidacy.stage) refuses the assignment full_clean makes; its choices hold.
    row.full_clean(exclude=[field.name for field in row._meta.fields if getattr(field, "protected", False)])
    assert factory_class._meta.model.objects.filter(pk=row.pk).exists()
