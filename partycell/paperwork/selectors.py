"""Reads of paperwork: which forms a case's page offers, and the forms generated for it."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from partycell.organisations.authority import NoCompetentCommittee
from partycell.paperwork.models import GeneratedForm
from partycell.paperwork.specs import SPECS, FormSpec, Issuer
from partycell.web.actions import action_label
from workflows.enums import FormCode
from workflows.models import Candidacy

_SLUGS = {code: code.replace("Đ", "D") for code in SPECS}
_CODES = {slug: code for code, slug in _SLUGS.items()}


def form_slug(code: str) -> str:
    """``6-KNĐ`` → ``6-KND``: the form's code in URLs and file names."""
    return _SLUGS[code]


def form_code_for(slug: str) -> str | None:
    return _CODES.get(slug)


@dataclass(frozen=True)
class OfferedForm:
    spec: FormSpec
    step_label: str
    is_next: bool  # needed by (or filed with) one of the case's next steps

    @property
    def code(self) -> str:
        return self.spec.code

    @property
    def slug(self) -> str:
        return form_slug(self.spec.code)

    @property
    def label(self) -> str:
        return str(FormCode(self.spec.code).label)


def _on_path(candidacy: Candidacy, spec: FormSpec) -> bool:
    """Whether the body that issues the form sits on this case's review path."""
    if spec.issuer not in (Issuer.PARTIAL, Issuer.GRASSROOTS):
        return True
    try:
        path = candidacy.review_path(on=timezone.localdate())
    except NoCompetentCommittee:
        return False
    if spec.issuer == Issuer.PARTIAL:
        return path.partial_committee is not None
    return path.grassroots_committee is not None and not path.grassroots_decides


def forms_offered(
    candidacy: Candidacy, *, next_codes: set[str], taken: set[str] | None = None, on_file: set[str] | None = None
) -> list[OfferedForm]:
    """The forms of the steps this case has taken and of its next steps (``next_codes``: the checklist's
    codes), in the order of the procedure; forms of bodies not on its review path are left out.
    ``taken`` (the actions of every entry of its history) and ``on_file`` (the codes of its documents)
    are read here unless the caller has them already."""
    if taken is None:
        taken = set(candidacy.transitions.values_list("action", flat=True))
    if on_file is None:
        on_file = set(candidacy.documents.values_list("form_code", flat=True))
    offered = []
    for code, spec in SPECS.items():
        is_next = code in next_codes
        if not (is_next or code in on_file or spec.action in taken) or not _on_path(candidacy, spec):
            continue
        offered.append(OfferedForm(spec, action_label(spec.action), is_next))
    return sorted(offered, key=lambda form: not form.is_next)


def generated_forms(candidacy: Candidacy) -> QuerySet[GeneratedForm]:
    """The forms generated for ``candidacy``, newest first, without their bytes."""
    return candidacy.generated_forms.defer("content").order_by("-generated_at", "-id")
