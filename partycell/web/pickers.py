"""The unit and mentor pickers of the candidate list: a text field and a short list of choices,
loaded on demand (htmx) instead of a drop-down of every unit or member in scope.

Each choice is a plain link to the list with that choice applied, and "units below" a plain link to
the list with the picker opened one level down, so the picker works without JavaScript: type a name,
press Filter, follow a link. With htmx the same choices arrive as the user types
(``partycell.web.views.pickers``). What is offered comes from ``partycell.web.selectors``
(``units_to_pick``, ``mentors_to_pick``), scoped to the user; this module only builds links.
"""

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.forms import BoundField
from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext as _

from partycell.accounts.http import AuthenticatedHttpRequest
from partycell.organisations.models import Unit
from partycell.selectors import units_visible_to
from partycell.web.selectors import PICK_LIMIT, members_to_pick, mentor_candidates, mentors_to_pick, units_to_pick
from workflows.models import Candidacy

UNIT, MENTOR = "unit", "mentor"
PICKERS = (UNIT, MENTOR)
# The parameters a picker adds to the list's address: the text typed, and the unit browsed below.
TEXT, BELOW = "_q", "_below"


@dataclass(frozen=True)
class Choice:
    label: str
    detail: str
    href: str  # the list with this choice applied
    below_href: str = ""  # the list with the unit picker opened below this unit
    below_hx: str = ""  # the same choices, for htmx


@dataclass(frozen=True)
class Picker:
    name: str
    label: str
    placeholder: str
    text: str
    choices: list[Choice]
    more: bool
    searched: bool
    url: str = ""  # where htmx asks for the choices
    chosen: str = ""
    clear_href: str = ""
    hidden: BoundField | None = None  # the chosen id
    errors: list[str] = field(default_factory=list)


def _list_href(params: QueryDict, **changes: Any) -> str:
    """The candidate list with ``params`` changed: None removes a parameter; empty ones are left out."""
    query = QueryDict(mutable=True)
    for key, values in params.lists():
        if key not in ("page", f"{UNIT}{TEXT}", f"{UNIT}{BELOW}", f"{MENTOR}{TEXT}"):
            query.setlist(key, [value for value in values if value])
    for key, value in changes.items():
        query.pop(key, None)
        if value is not None:
            query[key] = str(value)
    encoded = query.urlencode()
    return reverse("candidacy-list") + (f"?{encoded}" if encoded else "")


def _visible_unit(request: AuthenticatedHttpRequest, parameter: str) -> Unit | None:
    """The unit whose id the parameter holds, if the user may see it (one query when it is an id)."""
    raw = request.GET.get(parameter, "")
    if not raw.isascii() or not raw.isdigit() or len(raw) > 18:
        return None
    return units_visible_to(request.user).filter(pk=int(raw)).first()


def _below(request: AuthenticatedHttpRequest) -> Unit | None:
    return _visible_unit(request, f"{UNIT}{BELOW}")


def chosen_unit(request: AuthenticatedHttpRequest) -> Unit | None:
    """The unit the list is filtered by, for the htmx picker (the list page has it from its form)."""
    return _visible_unit(request, UNIT)


def unit_choices(request: AuthenticatedHttpRequest, *, chosen: Unit | None = None) -> tuple[list[Choice], bool, bool]:
    """The unit picker's choices for this request: (choices, more match, a search was made)."""
    text = request.GET.get(f"{UNIT}{TEXT}", "")
    parent = _below(request)
    if parent is None and not text.strip() and chosen is not None and chosen.numchild:
        parent = chosen  # a unit is chosen: offer the level below it
    picked = units_to_pick(request.user, text=text, parent=parent)
    params = request.GET
    choices = [
        Choice(
            label=unit.name,
            detail=unit.kind.name,
            href=_list_href(params, **{UNIT: unit.pk}),
            below_href=_list_href(params, **{f"{UNIT}{BELOW}": unit.pk}) if unit.numchild else "",
            below_hx=f"{reverse('picker', args=[UNIT])}?{UNIT}{BELOW}={unit.pk}" if unit.numchild else "",
        )
        for unit in picked.choices
    ]
    return choices, picked.more, bool(text.strip()) and parent is None


def mentor_choices(request: AuthenticatedHttpRequest) -> tuple[list[Choice], bool, bool]:
    text = request.GET.get(f"{MENTOR}{TEXT}", "")
    picked = mentors_to_pick(request.user, text=text)
    choices = [
        Choice(label=person.full_name, detail=person.unit.name, href=_list_href(request.GET, **{MENTOR: person.pk}))
        for person in picked.choices
    ]
    return choices, picked.more, bool(text.strip())


def pickers_for(request: AuthenticatedHttpRequest, form: Any) -> dict[str, Picker]:
    """The two pickers of the candidate list's filter form (already validated by the list)."""
    cleaned = getattr(form, "cleaned_data", {}) or {}
    unit, mentor = cleaned.get(UNIT), cleaned.get(MENTOR)
    units, more_units, searched_units = unit_choices(request, chosen=unit)
    mentors, more_mentors, searched_mentors = mentor_choices(request)
    return {
        UNIT: Picker(
            name=UNIT, label=form.fields[UNIT].label, placeholder=_("Type part of a name"),
            text=request.GET.get(f"{UNIT}{TEXT}", ""), choices=units, more=more_units, searched=searched_units,
            url=reverse("picker", args=[UNIT]),
            chosen=unit.name if unit else "", clear_href=_list_href(request.GET, **{UNIT: None}),
            hidden=form[UNIT], errors=list(form.errors.get(UNIT, [])),
        ),
        MENTOR: Picker(
            name=MENTOR, label=form.fields[MENTOR].label, placeholder=_("Type part of a name or a CCCD"),
            text=request.GET.get(f"{MENTOR}{TEXT}", ""), choices=mentors, more=more_mentors,
            searched=searched_mentors, url=reverse("picker", args=[MENTOR]), chosen=mentor.full_name if mentor else "",
            clear_href=_list_href(request.GET, **{MENTOR: None}), hidden=form[MENTOR],
            errors=list(form.errors.get(MENTOR, [])),
        ),
    }  # fmt: skip


# --- The party member of the mentor-assign page --------------------------------------------------------


def members_need_a_search(request: AuthenticatedHttpRequest, candidacy: Candidacy) -> bool:
    """Whether the members on offer are too many for a drop-down (a commune's staff: thousands)."""
    offered = mentor_candidates(request.user, candidacy).values_list("pk", flat=True)[: PICK_LIMIT * 2 + 1]
    return len(offered) > PICK_LIMIT * 2


def member_choices(request: AuthenticatedHttpRequest, candidacy: Candidacy) -> tuple[list[Choice], bool, bool]:
    text = request.GET.get(f"{MENTOR}{TEXT}", "")
    picked = members_to_pick(request.user, candidacy, text=text)
    page = reverse("mentor-add", args=[candidacy.pk])
    kind = request.GET.get("kind", "")
    choices = []
    for person in picked.choices:
        query = QueryDict(mutable=True)
        if kind:
            query["kind"] = kind
        query[MENTOR] = str(person.pk)
        choices.append(Choice(label=person.full_name, detail=person.unit.name, href=f"{page}?{query.urlencode()}"))
    return choices, picked.more, bool(text.strip())


def member_picker(request: AuthenticatedHttpRequest, candidacy: Candidacy, form: Any) -> Picker:
    """The search that replaces the mentor form's drop-down; the form keeps the chosen id, hidden."""
    choices, more, searched = member_choices(request, candidacy)
    bound = form[MENTOR]
    value = bound.value()
    field = form.fields[MENTOR]
    chosen = ""
    if value not in (None, ""):
        try:
            chosen = field.to_python(value).full_name  # within the scoped queryset, one query
        except ValidationError:  # a foreign or malformed id: the form's own error says so
            chosen = ""
    return Picker(
        name=MENTOR, label=field.label, placeholder=_("Type part of a name or a CCCD"),
        text=request.GET.get(f"{MENTOR}{TEXT}", ""), choices=choices, more=more, searched=searched,
        url=reverse("mentor-pick", args=[candidacy.pk]), chosen=chosen,
        errors=list(form.errors.get(MENTOR, [])),
    )  # fmt: skip
