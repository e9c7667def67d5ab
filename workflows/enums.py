"""Stages of a candidacy and named groups of them. No other module repeats a list of stages."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    # Admission (domain.md 1A)
    SOURCE = "source", _("Source (outstanding non-member)")
    SYMPATHISER = "sympathiser", _("On the sympathiser list")
    CLASS_DONE = "class_done", _("Awareness class completed")
    FILE_OPEN = "file_open", _("Application file opened")
    VERIFIED = "verified", _("Personal history verified")
    INTRODUCED = "introduced", _("Introduced, comments collected")
    CELL_APPROVED = "cell_approved", _("Proposed by the cell")
    PARTIAL_APPRAISED = "partial_appraised", _("Appraised by the partial committee")
    GRASSROOTS_APPROVED = "grassroots_approved", _("Proposed by the grassroots committee")
    ADMISSION_DECIDED = "admission_decided", _("Admission decided")
    # Probation and recognition (domain.md 1B)
    PROBATIONARY = "probationary", _("Probationary member")
    RECOGNITION_PROPOSED = "recognition_proposed", _("Recognition proposed by the cell")
    RECOGNITION_REVIEWED = "recognition_reviewed", _("Recognition reviewed by the grassroots committee")
    # Two thirds of the cell against recognition: its resolution proposes removal (domain.md B7, 2B).
    REMOVAL_PROPOSED = "removal_proposed", _("Removal proposed by the cell")
    OFFICIAL = "official", _("Official member")
    # Escalation after three votes without two thirds (domain.md B12 and 2A)
    ESCALATED = "escalated", _("Referred to the superior committee")
    # Exits (domain.md 2A, 2B)
    WITHDRAWN = "withdrawn", _("Withdrawn")
    REJECTED = "rejected", _("Not admitted")
    REMOVED = "removed", _("Removed from the probationary roll")
    ANNULLED = "annulled", _("Admission decision annulled")


# Before the admission decision.
PRE_ADMISSION = frozenset(
    {
        Stage.SOURCE, Stage.SYMPATHISER, Stage.CLASS_DONE, Stage.FILE_OPEN, Stage.VERIFIED, Stage.INTRODUCED,
        Stage.CELL_APPROVED, Stage.PARTIAL_APPRAISED, Stage.GRASSROOTS_APPROVED,
    }
)  # fmt: skip
# Waiting for a committee above the cell (the 60-working-day window runs).
AWAITING_ADMISSION_DECISION = frozenset({Stage.CELL_APPROVED, Stage.PARTIAL_APPRAISED, Stage.GRASSROOTS_APPROVED})
# The person is a party member (probationary) while in these stages.
PROBATION = frozenset(
    {Stage.ADMISSION_DECIDED, Stage.PROBATIONARY, Stage.RECOGNITION_PROPOSED, Stage.RECOGNITION_REVIEWED,
     Stage.REMOVAL_PROPOSED}
)  # fmt: skip
AWAITING_RECOGNITION_DECISION = frozenset(
    {Stage.RECOGNITION_PROPOSED, Stage.RECOGNITION_REVIEWED, Stage.REMOVAL_PROPOSED}
)
# Serving the 12 months of probation (after the ceremony), until the recognition decision.
SERVING_PROBATION = frozenset({Stage.PROBATIONARY}) | AWAITING_RECOGNITION_DECISION
EXITS = frozenset({Stage.WITHDRAWN, Stage.REJECTED, Stage.REMOVED, Stage.ANNULLED})
CLOSED = EXITS | {Stage.OFFICIAL}
OPEN = frozenset(Stage.values) - CLOSED

# The order of the happy path, for funnels and timelines.
FUNNEL_ORDER = [
    Stage.SOURCE, Stage.SYMPATHISER, Stage.CLASS_DONE, Stage.FILE_OPEN, Stage.VERIFIED, Stage.INTRODUCED,
    Stage.CELL_APPROVED, Stage.PARTIAL_APPRAISED, Stage.GRASSROOTS_APPROVED, Stage.ADMISSION_DECIDED,
    Stage.PROBATIONARY, Stage.RECOGNITION_PROPOSED, Stage.RECOGNITION_REVIEWED, Stage.OFFICIAL,
]  # fmt: skip


class Action(models.TextChoices):
    """Everything a user can do to a candidacy, by name; ``workflows.actions`` declares each one once.

    The first twenty-three move the stage (each is a transition of ``Candidacy.stage``); the others keep it.
    """

    SYMPATHISER_ADD = "sympathiser_add", _("Add to the sympathiser list")
    AWARENESS_CLASS_RECORD = "awareness_class_record", _("Record the party-awareness class certificate")
    FILE_OPEN = "file_open", _("Open the file: application and personal history")
    HISTORY_VERIFY = "history_verify", _("Record the background verification")
    INTRODUCTION_RECORD = "introduction_record", _("Record the introduction and the comments")
    CELL_VOTE = "cell_vote", _("Record the cell's vote on admission")
    PARTIAL_APPRAISE = "partial_appraise", _("Record the partial committee's appraisal")
    GRASSROOTS_VOTE = "grassroots_vote", _("Record the grassroots committee's vote on admission")
    ADMISSION_DECIDE = "admission_decide", _("Record the admission decision")
    COMPETENT_REJECT = "competent_reject", _("Refuse admission (competent committee)")
    GRASSROOTS_REJECT = "grassroots_reject", _("Refuse to propose admission (grassroots committee)")
    CELL_REJECT = "cell_reject", _("Drop from the list (cell resolution)")
    WITHDRAW = "withdraw", _("Withdraw at the applicant's request")
    CEREMONY_HOLD = "ceremony_hold", _("Record the admission ceremony")
    RECOGNITION_VOTE = "recognition_vote", _("Record the cell's vote on recognition")
    RECOGNITION_REVIEW = "recognition_review", _("Record the grassroots committee's vote on recognition")
    RECOGNITION_DECIDE = "recognition_decide", _("Record the recognition decision")
    PROBATION_REMOVE = "probation_remove", _("Remove from the probationary roll")
    ADMISSION_ANNUL = "admission_annul", _("Annul the admission decision")
    # After a failed vote reported upward (domain.md A9, 2A): the superior committee's decision.
    ESCALATION_REVOTE = "escalation_revote", _("Let the cell vote again (superior committee)")
    ESCALATION_PAUSE = "escalation_pause", _("Pause the admission until a date (superior committee)")
    # A grassroots committee delegated to decide records its own vote first (domain.md A10b, 3.3).
    DELEGATED_ADMISSION_VOTE = "delegated_admission_vote", _("Record the delegated committee's vote on admission")
    DELEGATED_RECOGNITION_VOTE = "delegated_recognition_vote", _(
        "Record the delegated committee's vote on recognition"
    )
    # Actions that keep the stage.
    CANDIDACY_CREATE = "candidacy_create", _("Registered as a candidate")
    MENTOR_ASSIGN = "mentor_assign", _("Assign a party member")
    MENTOR_END = "mentor_end", _("End an assignment")
    DOCUMENT_ADD = "document_add", _("Add a document")
    EDUCATION_EXCEPTION_SET = "education_exception_set", _("Record the education exception")
    CANDIDACY_TRANSFER = "candidacy_transfer", _("Transfer to another cell")
    DEADLINE_EXTEND = "deadline_extend", _("Extend the decision deadline")
    # Background verification (domain.md A6): whom to verify, the letters, their replies.
    VERIFICATION_SUBJECT_ADD = "verification_subject_add", _("Add a person to verify")
    VERIFICATION_REQUEST_SEND = "verification_request_send", _("Record a verification letter sent")
    VERIFICATION_REPLY_RECORD = "verification_reply_record", _("Record the reply to a verification letter")
    # Amendments of a recorded step (workflows.amendments): a correction keeps the stage; a reversal
    # moves the case back to the stage before the step, as its own entry.
    STEP_CORRECT = "step_correct", _("Correct a recorded step")
    STEP_REVERSE = "step_reverse", _("Reverse a step recorded by mistake")
    # The party card, issued by its own decision after recognition (domain.md B13): a roll record of the member.
    PARTY_CARD_ISSUE = "party_card_issue", _("Record the party card issued")
    # A case or a member brought in from an existing register (workflows.imports); never offered as a step.
    IMPORT = "import", _("Imported from an existing register")


class Phase(models.TextChoices):
    ADMISSION = "admission", _("Admission")
    RECOGNITION = "recognition", _("Recognition")


class FormCode(models.TextChoices):
    """Documents of the procedure: the KNĐ forms of 12-HD/BTCTW (2022) plus certificates and decisions."""

    APPLICATION = "1-KNĐ", _("1-KNĐ Application to join the Party")
    PERSONAL_HISTORY = "2-KNĐ", _("2-KNĐ Applicant's personal history")
    INTRODUCTION = "3-KNĐ", _("3-KNĐ Introduction by a party member")
    YOUTH_UNION_RESOLUTION = "4-KNĐ", _("4-KNĐ Youth Union resolution introducing a member")
    TRADE_UNION_RESOLUTION = "4A-KNĐ", _("4A-KNĐ Trade-union resolution introducing a member")
    COMMENTS_SUMMARY = "5-KNĐ", _("5-KNĐ Summary of comments")
    CELL_RESOLUTION = "6-KNĐ", _("6-KNĐ Cell resolution proposing admission")
    PARTIAL_REPORT = "7-KNĐ", _("7-KNĐ Partial committee appraisal report")
    GRASSROOTS_RESOLUTION = "8-KNĐ", _("8-KNĐ Grassroots committee resolution proposing admission")
    ADMISSION_DECISION = "9-KNĐ", _("9-KNĐ Admission decision")
    SELF_REVIEW = "10-KNĐ", _("10-KNĐ Probationary member's self-review")
    HELPER_ASSESSMENT = "11-KNĐ", _("11-KNĐ Helper's assessment of the probationary member")
    RECOGNITION_COMMENTS = "12-KNĐ", _("12-KNĐ Summary of comments on the probationary member")
    CELL_RECOGNITION_RESOLUTION = "13-KNĐ", _("13-KNĐ Cell resolution proposing recognition")
    PARTIAL_RECOGNITION_REPORT = "14-KNĐ", _("14-KNĐ Partial committee report on recognition")
    GRASSROOTS_RECOGNITION_RESOLUTION = "15-KNĐ", _("15-KNĐ Grassroots committee resolution on recognition")
    RECOGNITION_DECISION = "16-KNĐ", _("16-KNĐ Recognition decision")
    AWARENESS_CERTIFICATE = "CN-NTVĐ", _("Party-awareness class certificate")
    NEW_MEMBER_CERTIFICATE = "CN-ĐVM", _("New-member political class certificate")
    VERIFICATION = "TT-LL", _("Background verification conclusion")
    PROVINCIAL_CONSENT = "VB-ĐY", _("Written consent of the provincial standing committee")
    CELL_MINUTES = "BB-CB", _("Cell resolution or minutes")
    CEREMONY_RECORD = "BB-LKN", _("Admission ceremony record")
    SUPERIOR_APPROVAL = "VB-CT", _("Written approval of the direct superior committee")
    REMOVAL_DECISION = "QĐ-XT", _("Decision removing a name from the probationary roll")
    ANNULMENT_DECISION = "QĐ-HB", _("Decision annulling the admission")
    OTHER = "KHAC", _("Other document")


# Documents that go stale 12 months after issue if the cell has not decided (domain.md A12).
EXPIRING_FILE_DOCUMENTS = frozenset(
    {
        FormCode.INTRODUCTION, FormCode.YOUTH_UNION_RESOLUTION, FormCode.TRADE_UNION_RESOLUTION,
        FormCode.COMMENTS_SUMMARY,
    }
)  # fmt: skip
# Documents the file must hold before the cell votes on admission.
REQUIRED_BEFORE_CELL_VOTE = (
    FormCode.APPLICATION, FormCode.PERSONAL_HISTORY, FormCode.VERIFICATION, FormCode.INTRODUCTION,
    FormCode.COMMENTS_SUMMARY,
)  # fmt: skip


class VoteBody(models.TextChoices):
    CELL = "cell", _("Party cell")
    PARTIAL = "partial", _("Partial party committee")
    GRASSROOTS = "grassroots", _("Grassroots party committee")
    COMPETENT = "competent", _("Competent committee")


class VoteMethod(models.TextChoices):
    SECRET_BALLOT = "secret_ballot", _("Secret ballot")
    PARTY_CARDS = "party_cards", _("Raising party cards")


class MentorKind(models.TextChoices):
    HELPER = "helper", _("Helper (before admission)")
    INTRODUCER = "introducer", _("Introducer")
    PROBATION_HELPER = "probation_helper", _("Helper during probation")


class ProposingOrganisation(models.TextChoices):
    """The mass organisation that proposed the person to the cell (domain.md A1)."""

    NONE = "", _("Not recorded")
    YOUTH_UNION = "youth_union", _("Ho Chi Minh Communist Youth Union")
    TRADE_UNION = "trade_union", _("Trade union")
    WOMENS_UNION = "womens_union", _("Women's Union")
    FARMERS_UNION = "farmers_union", _("Farmers' Union")
    VETERANS_ASSOCIATION = "veterans_association", _("Veterans' Association")
    OTHER = "other", _("Other organisation")


class OrganisationIntroduction(models.TextChoices):
    NONE = "", _("None: introduced by party members only")
    YOUTH_UNION = "youth_union", _("With the Youth Union's resolution (4-KNĐ)")
    TRADE_UNION = "trade_union", _("With the trade union's resolution (4A-KNĐ)")


ORGANISATION_RESOLUTION_FORM = {
    OrganisationIntroduction.YOUTH_UNION: FormCode.YOUTH_UNION_RESOLUTION,
    OrganisationIntroduction.TRADE_UNION: FormCode.TRADE_UNION_RESOLUTION,
}


class EducationException(models.TextChoices):
    NONE = "", _("None")
    DIFFICULT_AREA = "difficult_area", _("Primary school in a difficult area (minority, remote, border, island)")
    LITERATE_ONLY = "literate_only", _("Literate only: village elder, head or reputable person (needs consent)")
    # "Lower secondary or equivalent" (29-QĐ/TW and earlier); the rule education.equivalent_accepted says when.
    EQUIVALENT = "equivalent", _("Equivalent of lower secondary (accepted where the rulebook says so)")


class TogetherBy(models.TextChoices):
    """How the introducer knows the applicant (A7): residence counts only where the rulebook says so."""

    WORK = "work", _("Worked, laboured or studied together")
    RESIDENCE = "residence", _("Lived in the same place of residence")
