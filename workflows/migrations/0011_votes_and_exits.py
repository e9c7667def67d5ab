"""Votes and exits (domain.md A9, 2A, B7, 2B, A10b, A13): the stage "removal proposed by the cell", the pause
an escalated admission can be given, the new actions in the document catalogue's choices, and the catalogue
rows they need: the superior committee's written approval (VB-CT, a late ceremony) and the resolutions a
delegated grassroots committee files with its own vote (8-KNĐ and 15-KNĐ, the forms "of a grassroots
committee with the power to decide" in 12-HD/BTCTW 2022). Written out here on purpose.
"""

import datetime

import django_fsm
from django.db import migrations, models

FROM = datetime.date(2011, 1, 19)
FORMS_2022 = "12-HD/BTCTW (2022)"
SRC_A13 = (
    "http://118.69.201.250:801/phap-luat/cap-uy-ket-nap-dang-vien-trong-thoi-han-bao-lau-ai-co-tham-quyen-quyet-"
    "dinh-ket-nap-dang-vien-chinh-699568-213056.html?rel=goi-y-cung-tag"
)
SRC_8KND = (
    "https://beta.thuvienphapluat.vn/phap-luat/nghi-quyet-de-nghi-ket-nap-dang-vien-mau-8-knd-cua-dang-uy-co-so-"
    "dang-uy-co-so-co-quyen-quyet-dinh--57507-182302.html"
)
REQUIREMENTS = [
    ("delegated_admission_vote", "8-KNĐ", "H", SRC_8KND),
    ("delegated_recognition_vote", "15-KNĐ", "M", SRC_8KND),
]


def seed(apps, schema_editor):
    DocumentKind = apps.get_model("workflows", "DocumentKind")
    DocumentRequirement = apps.get_model("workflows", "DocumentRequirement")
    removal = DocumentKind.objects.filter(code="QĐ-XT").first()
    DocumentKind.objects.get_or_create(code="VB-CT", defaults={
        "name": "Văn bản đồng ý của cấp ủy cấp trên trực tiếp", "validity_rule": "",
        "position": removal.position if removal else 0, "regulation": FORMS_2022, "confidence": "H", "source": SRC_A13,
    })  # fmt: skip
    for action, code, confidence, source in REQUIREMENTS:
        kind = DocumentKind.objects.filter(code=code).first()
        if kind is None:
            continue
        DocumentRequirement.objects.get_or_create(
            action=action, kind=kind, condition="always", effective_from=FROM,
            defaults={"need": "filed", "regulation": FORMS_2022, "confidence": confidence, "source": source},
        )  # fmt: skip


def unseed(apps, schema_editor):
    apps.get_model("workflows", "DocumentRequirement").objects.filter(
        action__in=[action for action, *_rest in REQUIREMENTS]
    ).delete()
    apps.get_model("workflows", "DocumentKind").objects.filter(code="VB-CT").delete()


class Migration(migrations.Migration):

    dependencies = [
        ('organisations', '0003_unit_grassroots_youth_union'),
        ('people', '0004_person_anonymised_at'),
        ('workflows', '0010_rules_of_earlier_years'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='candidacy',
            name='one_open_candidacy_per_person',
        ),
        migrations.AddField(
            model_name='candidacy',
            name='paused_until',
            field=models.DateField(blank=True, null=True, verbose_name='admission paused until'),
        ),
        migrations.AlterField(
            model_name='candidacy',
            name='exit_stage',
            field=models.CharField(blank=True, choices=[('source', 'Source (outstanding non-member)'), ('sympathiser', 'On the sympathiser list'), ('class_done', 'Awareness class completed'), ('file_open', 'Application file opened'), ('verified', 'Personal history verified'), ('introduced', 'Introduced, comments collected'), ('cell_approved', 'Proposed by the cell'), ('partial_appraised', 'Appraised by the partial committee'), ('grassroots_approved', 'Proposed by the grassroots committee'), ('admission_decided', 'Admission decided'), ('probationary', 'Probationary member'), ('recognition_proposed', 'Recognition proposed by the cell'), ('recognition_reviewed', 'Recognition reviewed by the grassroots committee'), ('removal_proposed', 'Removal proposed by the cell'), ('official', 'Official member'), ('escalated', 'Referred to the superior committee'), ('withdrawn', 'Withdrawn'), ('rejected', 'Not admitted'), ('removed', 'Removed from the probationary roll'), ('annulled', 'Admission decision annulled')], max_length=32, verbose_name='left at stage'),
        ),
        migrations.AlterField(
            model_name='candidacy',
            name='stage',
            field=django_fsm.FSMField(choices=[('source', 'Source (outstanding non-member)'), ('sympathiser', 'On the sympathiser list'), ('class_done', 'Awareness class completed'), ('file_open', 'Application file opened'), ('verified', 'Personal history verified'), ('introduced', 'Introduced, comments collected'), ('cell_approved', 'Proposed by the cell'), ('partial_appraised', 'Appraised by the partial committee'), ('grassroots_approved', 'Proposed by the grassroots committee'), ('admission_decided', 'Admission decided'), ('probationary', 'Probationary member'), ('recognition_proposed', 'Recognition proposed by the cell'), ('recognition_reviewed', 'Recognition reviewed by the grassroots committee'), ('removal_proposed', 'Removal proposed by the cell'), ('official', 'Official member'), ('escalated', 'Referred to the superior committee'), ('withdrawn', 'Withdrawn'), ('rejected', 'Not admitted'), ('removed', 'Removed from the probationary roll'), ('annulled', 'Admission decision annulled')], default='source', max_length=32, protected=True, verbose_name='stage'),
        ),
        migrations.AlterField(
            model_name='documentrequirement',
            name='action',
            field=models.CharField(choices=[('sympathiser_add', 'Add to the sympathiser list'), ('awareness_class_record', 'Record the party-awareness class certificate'), ('file_open', 'Open the file: application and personal history'), ('history_verify', 'Record the background verification'), ('introduction_record', 'Record the introduction and the comments'), ('cell_vote', "Record the cell's vote on admission"), ('partial_appraise', "Record the partial committee's appraisal"), ('grassroots_vote', "Record the grassroots committee's vote on admission"), ('admission_decide', 'Record the admission decision'), ('competent_reject', 'Refuse admission (competent committee)'), ('grassroots_reject', 'Refuse to propose admission (grassroots committee)'), ('cell_reject', 'Drop from the list (cell resolution)'), ('withdraw', "Withdraw at the applicant's request"), ('ceremony_hold', 'Record the admission ceremony'), ('recognition_vote', "Record the cell's vote on recognition"), ('recognition_review', "Record the grassroots committee's vote on recognition"), ('recognition_decide', 'Record the recognition decision'), ('probation_remove', 'Remove from the probationary roll'), ('admission_annul', 'Annul the admission decision'), ('escalation_revote', 'Let the cell vote again (superior committee)'), ('escalation_pause', 'Pause the admission until a date (superior committee)'), ('delegated_admission_vote', "Record the delegated committee's vote on admission"), ('delegated_recognition_vote', "Record the delegated committee's vote on recognition"), ('candidacy_create', 'Registered as a candidate'), ('mentor_assign', 'Assign a party member'), ('mentor_end', 'End an assignment'), ('document_add', 'Add a document'), ('education_exception_set', 'Record the education exception'), ('candidacy_transfer', 'Transfer to another cell'), ('deadline_extend', 'Extend the decision deadline'), ('verification_subject_add', 'Add a person to verify'), ('verification_request_send', 'Record a verification letter sent'), ('verification_reply_record', 'Record the reply to a verification letter'), ('step_correct', 'Correct a recorded step'), ('step_reverse', 'Reverse a step recorded by mistake')], max_length=64, verbose_name='step'),
        ),
        migrations.AlterField(
            model_name='transitionlog',
            name='from_stage',
            field=models.CharField(blank=True, choices=[('source', 'Source (outstanding non-member)'), ('sympathiser', 'On the sympathiser list'), ('class_done', 'Awareness class completed'), ('file_open', 'Application file opened'), ('verified', 'Personal history verified'), ('introduced', 'Introduced, comments collected'), ('cell_approved', 'Proposed by the cell'), ('partial_appraised', 'Appraised by the partial committee'), ('grassroots_approved', 'Proposed by the grassroots committee'), ('admission_decided', 'Admission decided'), ('probationary', 'Probationary member'), ('recognition_proposed', 'Recognition proposed by the cell'), ('recognition_reviewed', 'Recognition reviewed by the grassroots committee'), ('removal_proposed', 'Removal proposed by the cell'), ('official', 'Official member'), ('escalated', 'Referred to the superior committee'), ('withdrawn', 'Withdrawn'), ('rejected', 'Not admitted'), ('removed', 'Removed from the probationary roll'), ('annulled', 'Admission decision annulled')], max_length=32, verbose_name='from stage'),
        ),
        migrations.AlterField(
            model_name='transitionlog',
            name='to_stage',
            field=models.CharField(choices=[('source', 'Source (outstanding non-member)'), ('sympathiser', 'On the sympathiser list'), ('class_done', 'Awareness class completed'), ('file_open', 'Application file opened'), ('verified', 'Personal history verified'), ('introduced', 'Introduced, comments collected'), ('cell_approved', 'Proposed by the cell'), ('partial_appraised', 'Appraised by the partial committee'), ('grassroots_approved', 'Proposed by the grassroots committee'), ('admission_decided', 'Admission decided'), ('probationary', 'Probationary member'), ('recognition_proposed', 'Recognition proposed by the cell'), ('recognition_reviewed', 'Recognition reviewed by the grassroots committee'), ('removal_proposed', 'Removal proposed by the cell'), ('official', 'Official member'), ('escalated', 'Referred to the superior committee'), ('withdrawn', 'Withdrawn'), ('rejected', 'Not admitted'), ('removed', 'Removed from the probationary roll'), ('annulled', 'Admission decision annulled')], max_length=32, verbose_name='to stage'),
        ),
        migrations.AddConstraint(
            model_name='candidacy',
            constraint=models.UniqueConstraint(condition=models.Q(('stage__in', ['admission_decided', 'cell_approved', 'class_done', 'escalated', 'file_open', 'grassroots_approved', 'introduced', 'partial_appraised', 'probationary', 'recognition_proposed', 'recognition_reviewed', 'removal_proposed', 'source', 'sympathiser', 'verified'])), fields=('person',), name='one_open_candidacy_per_person', violation_error_message='This person already has an open candidacy.'),
        ),
        migrations.RunPython(seed, unseed),
    ]
