"""Home page and the register of people."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partycell.accounts.http import AuthenticatedHttpRequest
from partycell.people.models import Membership, Person, PersonQuerySet
from partycell.privacy.access import log_access
from partycell.selectors import people_visible_to, role_assignments_of, user_edits_anything, user_may_edit_unit
from partycell.web.actions import adapt_for_web
from partycell.web.exports import PEOPLE_COLUMNS, for_user, xlsx_response
from partycell.web.selectors import PERSON_ROW_FIELDS, person_corrections, todo_list
from workflows import gate
from workflows.card_services import member_case, party_card_issue
from workflows.enums import Action
from workflows.evidence import PartyCardIssueForm
from workflows.exceptions import ActionNotAllowed, EvidenceInvalid

PAGE_SIZE = 25


HOME_ITEMS = 10


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The user's work: what waits for them, most urgent first; an auditor's is the targets dashboard."""
    if not user_edits_anything(request.user):
        if role_assignments_of(request.user):
            return redirect("targets:home")
        return render(request, "web/home.html", {"assignments": [], "items": [], "count": 0})
    candidacies, waiting = todo_list(request.user)
    items = [(candidacy, waiting.steps_for(candidacy)) for candidacy in candidacies[:HOME_ITEMS]]
    context = {
        "assignments": role_assignments_of(request.user),
        "items": items,
        "count": candidacies.count(),
        "today": timezone.localdate(),
    }
    return render(request, "web/home.html", context)


def _people(request: AuthenticatedHttpRequest) -> tuple[str, PersonQuerySet]:
    query = request.GET.get("q", "")
    return query, people_visible_to(request.user).search(query).select_related("unit").in_vietnamese_order()


@login_required
def person_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    query, people = _people(request)
    page = Paginator(people.only(*PERSON_ROW_FIELDS), PAGE_SIZE).get_page(request.GET.get("page"))
    log_access(user=request.user, person_ids=[], what="people list", request=request)
    return render(request, "web/person_list.html", {"page": page, "query": query})


@login_required
def person_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    _query, people = _people(request)
    log_access(user=request.user, person_ids=people.values_list("pk", flat=True), what="people export", request=request)
    return xlsx_response(people, for_user(PEOPLE_COLUMNS, request.user), name="danh-sach-nguoi")


def _membership(person: Person) -> Membership | None:
    try:
        return person.membership
    except Membership.DoesNotExist:
        return None


def _card_form(request: AuthenticatedHttpRequest, membership: Membership | None) -> PartyCardIssueForm | None:
    """The party-card form, only for whom the gate gives the step (the competent committee, an official member)."""
    if membership is None or gate.refusals(
        user=request.user, candidacy=member_case(membership), action=Action.PARTY_CARD_ISSUE, on=timezone.localdate()
    ):
        return None
    return adapt_for_web(PartyCardIssueForm(request.POST if request.method == "POST" else None, auto_id="card_%s"))


def _person_page(
    request: AuthenticatedHttpRequest, person: Person, card_form: PartyCardIssueForm | None, *, status: int = 200
) -> HttpResponse:
    context = {
        "person": person,
        "membership": _membership(person),
        "card_form": card_form,
        "may_edit": user_may_edit_unit(request.user, person.unit),
        "corrections": person_corrections(person),
    }
    return render(request, "web/person_detail.html", context, status=status)


@login_required
def person_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(people_visible_to(request.user).select_related("unit", "membership__cell"), pk=pk)
    log_access(user=request.user, person_ids=[person.pk], what="person page", request=request)
    return _person_page(request, person, _card_form(request, _membership(person)))


@login_required
@require_POST
def party_card_record(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Record the party card issued (B13): the form on the person's page posts here."""
    person = get_object_or_404(people_visible_to(request.user).select_related("unit", "membership__cell"), pk=pk)
    membership = _membership(person)
    form = _card_form(request, membership)
    if form is None or membership is None:
        raise PermissionDenied(_("You may not record this member's party card."))
    if form.is_valid():
        try:
            party_card_issue(actor=request.user, membership=membership, number=form.cleaned_data["card_number"],
                             issued_on=form.cleaned_data["issued_on"],
                             decision_number=form.cleaned_data["decision_number"],
                             decision_date=form.cleaned_data["decision_date"])  # fmt: skip
        except ActionNotAllowed as error:
            for reason in error.reasons:
                form.add_error(None, reason)
        except EvidenceInvalid as error:
            for name, messages_ in error.errors.items():
                form.add_error(name if name in form.fields else None, messages_)
        else:
            messages.success(request, _("The party card of %(name)s is recorded.") % {"name": person.full_name})
            return redirect("person-detail", pk=person.pk)
    person.refresh_from_db()
    log_access(user=request.user, person_ids=[person.pk], what="person page", request=request)
    return _person_page(request, person, form, status=422)
