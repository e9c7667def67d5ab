"""Seed the document catalogue from domain.md (A2-A13, B2-B9, 2C, 2D), with sources and confidence.

Written out here on purpose: a migration must not change when the app code does. Requirements are in
force from the Charter of 2011 (the steps and their documents predate the 2022 form set; the codes are
those of 12-HD/BTCTW, 2022). Administrators relax a requirement by closing it (``effective_to``) and
adopt a re-issued form set by adding kinds and requirements, without a code change.
"""

import datetime

import django.db.models.deletion
from django.db import migrations, models

FROM = datetime.date(2011, 1, 19)
FORMS_2022 = "12-HD/BTCTW (2022)"
SRC_FORMS = "http://tnu.edu.vn/ket-nap-dang-va-chuyen-dang-chinh-thuc-dn129.html"
SRC_A12 = ("https://tranphudn.edu.vn/news/view/quy-dinh-ho-so-ket-nap-dang-vien-va-chuyen-dang-vien-du-bi-sang-"
           "dang-vien-chinh-thuc.html")
SRC_A6 = "https://tintuc.thuvienphapluat.com/ho-tro-phap-luat/tu-van-phap-luat/63136/tham-tra-ly-lich-cua-nguoi-vao-dang-nhu-the-nao"
SRC_A4 = "https://lsx.vn/mau-giay-chung-nhan-cam-tinh-dang-co-thoi-han-bao-lau/"
SRC_2D = "https://vndoc.com/cap-nhat-huong-dan-01-hd-tw-ve-thi-hanh-dieu-le-dang-245772"
SRC_B = "https://stdt.danguykhoibinhthuan.vn/sotay/to-chuc/cong-tac-phat-trien-dang-vien/cong-nhan-dang-vien-chinh-thuc"

# code, name (as printed), validity rule, confidence, source
KINDS = [
    ("BB-CB", "Nghị quyết / biên bản chi bộ", "", "M", SRC_FORMS),
    ("CN-NTVĐ", "Giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng", "certificate.awareness_validity_months", "M", SRC_A4),
    ("1-KNĐ", "Đơn xin vào Đảng", "", "H", SRC_FORMS),
    ("2-KNĐ", "Lý lịch của người xin vào Đảng", "", "H", SRC_FORMS),
    ("TT-LL", "Kết luận thẩm tra lý lịch", "verification.validity_months", "M", SRC_A6),
    ("3-KNĐ", "Giấy giới thiệu người vào Đảng", "file.documents_validity_months", "H", SRC_FORMS),
    ("3A-KNĐ", "Giấy giới thiệu người vào Đảng (hai đảng viên cùng ký)", "file.documents_validity_months", "L", SRC_FORMS),
    ("4-KNĐ", "Nghị quyết giới thiệu đoàn viên ưu tú vào Đảng", "file.documents_validity_months", "H", SRC_FORMS),
    ("4_1-KNĐ", "Nghị quyết của chi đoàn đề nghị (bộ mẫu cũ)", "file.documents_validity_months", "L", SRC_FORMS),
    ("4A-KNĐ", "Nghị quyết giới thiệu đoàn viên công đoàn ưu tú vào Đảng", "file.documents_validity_months", "H", SRC_FORMS),
    ("5-KNĐ", "Tổng hợp ý kiến nhận xét", "file.documents_validity_months", "H", SRC_FORMS),
    ("5B-KNĐ", "Phiếu nhận xét nơi cư trú (bộ mẫu cũ)", "file.documents_validity_months", "L", SRC_FORMS),
    ("5C-KNĐ", "Phiếu nhận xét của đoàn thể (bộ mẫu cũ)", "file.documents_validity_months", "L", SRC_FORMS),
    ("6-KNĐ", "Nghị quyết đề nghị kết nạp đảng viên (chi bộ)", "", "H", SRC_FORMS),
    ("7-KNĐ", "Báo cáo thẩm định của đảng ủy bộ phận", "", "H", SRC_FORMS),
    ("8-KNĐ", "Nghị quyết đề nghị kết nạp đảng viên (đảng ủy cơ sở)", "", "H", SRC_FORMS),
    ("VB-ĐY", "Văn bản đồng ý của ban thường vụ tỉnh ủy", "", "H", SRC_2D),
    ("9-KNĐ", "Quyết định kết nạp đảng viên", "", "H", SRC_FORMS),
    ("BB-LKN", "Biên bản lễ kết nạp", "", "M", SRC_FORMS),
    ("CN-ĐVM", "Giấy chứng nhận học lớp bồi dưỡng đảng viên mới", "", "H", SRC_B),
    ("10-KNĐ", "Bản tự kiểm điểm của đảng viên dự bị", "", "H", SRC_FORMS),
    ("11-KNĐ", "Bản nhận xét đảng viên dự bị của đảng viên được phân công giúp đỡ", "", "H", SRC_FORMS),
    ("12-KNĐ", "Tổng hợp ý kiến nhận xét đảng viên dự bị", "", "H", SRC_FORMS),
    ("13-KNĐ", "Nghị quyết đề nghị công nhận đảng viên chính thức (chi bộ)", "", "H", SRC_FORMS),
    ("14-KNĐ", "Báo cáo của đảng ủy bộ phận về công nhận đảng viên chính thức", "", "L", SRC_FORMS),
    ("15-KNĐ", "Nghị quyết đề nghị công nhận đảng viên chính thức (đảng ủy cơ sở)", "", "H", SRC_FORMS),
    ("16-KNĐ", "Quyết định công nhận đảng viên chính thức", "", "L", SRC_FORMS),
    ("QĐ-XT", "Quyết định xóa tên trong danh sách đảng viên dự bị", "", "H", SRC_B),
    ("QĐ-HB", "Quyết định hủy bỏ quyết định kết nạp", "", "M", SRC_B),
    ("KHAC", "Tài liệu khác", "", "M", ""),
]

# action, code, need, condition, confidence, source
REQUIREMENTS = [
    ("sympathiser_add", "BB-CB", "filed", "always", "M", SRC_FORMS),
    ("awareness_class_record", "CN-NTVĐ", "filed", "always", "H", SRC_A4),
    ("file_open", "1-KNĐ", "filed", "always", "H", SRC_FORMS),
    ("file_open", "2-KNĐ", "filed", "always", "H", SRC_FORMS),
    ("history_verify", "TT-LL", "filed", "always", "M", SRC_A6),
    ("introduction_record", "3-KNĐ", "filed", "always", "H", SRC_FORMS),
    ("introduction_record", "4-KNĐ", "filed", "youth_union", "H", SRC_FORMS),
    ("introduction_record", "4A-KNĐ", "filed", "trade_union", "H", SRC_FORMS),
    ("introduction_record", "5-KNĐ", "filed", "always", "H", SRC_FORMS),
    # The cell votes on a complete, fresh file (A9, A12).
    ("cell_vote", "CN-NTVĐ", "before", "always", "M", SRC_A12),
    ("cell_vote", "1-KNĐ", "before", "always", "H", SRC_FORMS),
    ("cell_vote", "2-KNĐ", "before", "always", "H", SRC_FORMS),
    ("cell_vote", "TT-LL", "before", "always", "M", SRC_A6),
    ("cell_vote", "3-KNĐ", "before", "always", "H", SRC_FORMS),
    ("cell_vote", "4-KNĐ", "before", "youth_union", "H", SRC_FORMS),
    ("cell_vote", "4A-KNĐ", "before", "trade_union", "H", SRC_FORMS),
    ("cell_vote", "5-KNĐ", "before", "always", "H", SRC_FORMS),
    ("cell_vote", "6-KNĐ", "filed", "always", "H", SRC_FORMS),
    ("partial_appraise", "7-KNĐ", "filed", "partial_committee", "H", SRC_FORMS),
    ("grassroots_vote", "8-KNĐ", "filed", "grassroots_review", "H", SRC_FORMS),
    # Over 60, literate only, readmission: the provincial consent before the decision (2C, 2D).
    ("admission_decide", "VB-ĐY", "before", "provincial_consent", "H", SRC_2D),
    ("admission_decide", "9-KNĐ", "filed", "always", "H", SRC_FORMS),
    ("ceremony_hold", "BB-LKN", "filed", "always", "M", SRC_FORMS),
    # The recognition file (B2-B6).
    ("recognition_vote", "CN-ĐVM", "before", "always", "H", SRC_B),
    ("recognition_vote", "10-KNĐ", "before", "always", "H", SRC_FORMS),
    ("recognition_vote", "11-KNĐ", "before", "always", "H", SRC_FORMS),
    ("recognition_vote", "12-KNĐ", "before", "always", "H", SRC_FORMS),
    ("recognition_vote", "13-KNĐ", "filed", "always", "H", SRC_FORMS),
    ("recognition_review", "15-KNĐ", "filed", "grassroots_review", "H", SRC_FORMS),
    ("recognition_decide", "16-KNĐ", "filed", "always", "L", SRC_FORMS),
    ("probation_remove", "QĐ-XT", "filed", "always", "H", SRC_B),
    ("admission_annul", "QĐ-HB", "filed", "always", "M", SRC_B),
]


def seed(apps, schema_editor):
    DocumentKind = apps.get_model("workflows", "DocumentKind")
    DocumentRequirement = apps.get_model("workflows", "DocumentRequirement")
    kinds = {}
    for position, (code, name, validity_rule, confidence, source) in enumerate(KINDS):
        kinds[code] = DocumentKind.objects.create(
            code=code, name=name, validity_rule=validity_rule, position=position, regulation=FORMS_2022,
            confidence=confidence, source=source,
        )
    DocumentRequirement.objects.bulk_create(
        DocumentRequirement(action=action, kind=kinds[code], need=need, condition=condition, effective_from=FROM,
                            regulation=FORMS_2022, confidence=confidence, source=source)
        for action, code, need, condition, confidence, source in REQUIREMENTS
    )


def seed_rule(apps, schema_editor):
    """The recognition file's probation-helper requirement, as a rule administrators can relax (B2)."""
    apps.get_model("rulebook", "Rule").objects.create(
        rule_id="recognition.requires_probation_helper", regulation="Điều lệ Đảng", effective_from=FROM,
        value_type="boolean", value="true", unit="flag", confidence="H",
        description="Chi bộ phân công đảng viên chính thức giúp đỡ đảng viên dự bị trước khi xét công nhận. "
        "The cell assigns an official member to help the probationary member before recognition.",
        source=SRC_B,
    )


def unseed_rule(apps, schema_editor):
    apps.get_model("rulebook", "Rule").objects.filter(rule_id="recognition.requires_probation_helper").delete()


def unseed(apps, schema_editor):
    apps.get_model("workflows", "DocumentRequirement").objects.all().delete()
    apps.get_model("workflows", "DocumentKind").objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ('workflows', '0004_transition_due_on'),
        ('rulebook', '0002_seed_rules'),
    ]

    operations = [
        migrations.CreateModel(
            name='DocumentKind',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(help_text='As printed, e.g. "2-KNĐ".', max_length=16, unique=True, verbose_name='code')),
                ('name', models.CharField(max_length=200, verbose_name='name')),
                ('validity_rule', models.CharField(blank=True, help_text='Rulebook rule giving the months it stays valid after issue; empty: it does not go stale.', max_length=100, verbose_name='validity rule')),
                ('position', models.PositiveSmallIntegerField(default=0, verbose_name='position')),
                ('regulation', models.CharField(blank=True, max_length=100, verbose_name='form set')),
                ('confidence', models.CharField(choices=[('H', 'High: primary text or consistent sources'), ('M', 'Medium: one secondary source or an inference'), ('L', 'Low: unverified')], default='M', max_length=1, verbose_name='confidence')),
                ('source', models.TextField(blank=True, verbose_name='source')),
                ('is_active', models.BooleanField(default=True, verbose_name='in use')),
            ],
            options={
                'verbose_name': 'document kind',
                'verbose_name_plural': 'document catalogue',
                'ordering': ['position', 'code'],
            },
        ),
        migrations.AlterField(
            model_name='document',
            name='form_code',
            field=models.CharField(max_length=16, verbose_name='form'),
        ),
        migrations.CreateModel(
            name='DocumentRequirement',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('action', models.CharField(choices=[('sympathiser_add', 'Add to the sympathiser list'), ('awareness_class_record', 'Record the party-awareness class certificate'), ('file_open', 'Open the file: application and personal history'), ('history_verify', 'Record the background verification'), ('introduction_record', 'Record the introduction and the comments'), ('cell_vote', "Record the cell's vote on admission"), ('partial_appraise', "Record the partial committee's appraisal"), ('grassroots_vote', "Record the grassroots committee's vote on admission"), ('admission_decide', 'Record the admission decision'), ('competent_reject', 'Refuse admission (competent committee)'), ('grassroots_reject', 'Refuse to propose admission (grassroots committee)'), ('cell_reject', 'Drop from the list (cell resolution)'), ('withdraw', "Withdraw at the applicant's request"), ('ceremony_hold', 'Record the admission ceremony'), ('recognition_vote', "Record the cell's vote on recognition"), ('recognition_review', "Record the grassroots committee's vote on recognition"), ('recognition_decide', 'Record the recognition decision'), ('probation_remove', 'Remove from the probationary roll'), ('admission_annul', 'Annul the admission decision'), ('candidacy_create', 'Registered as a candidate'), ('mentor_assign', 'Assign a party member'), ('mentor_end', 'End an assignment'), ('document_add', 'Add a document'), ('education_exception_set', 'Record the education exception'), ('candidacy_transfer', 'Transfer to another cell'), ('deadline_extend', 'Extend the decision deadline')], max_length=64, verbose_name='step')),
                ('need', models.CharField(choices=[('before', 'Must be on file before the step'), ('filed', 'Filed with the step')], max_length=10, verbose_name='need')),
                ('condition', models.CharField(choices=[('always', 'Every case'), ('partial_committee', 'The cell is under a partial committee'), ('grassroots_review', 'A grassroots committee reviews before the decision'), ('provincial_consent', 'The provincial consent is needed (over 60, literate only, readmission)'), ('youth_union', 'Introduced together with the Youth Union'), ('trade_union', 'Introduced together with the trade union')], default='always', max_length=30, verbose_name='when')),
                ('effective_from', models.DateField(verbose_name='in force from')),
                ('effective_to', models.DateField(blank=True, help_text='Last day in force (inclusive); close it to relax the requirement.', null=True, verbose_name='in force until')),
                ('regulation', models.CharField(blank=True, max_length=100, verbose_name='regulation')),
                ('confidence', models.CharField(choices=[('H', 'High: primary text or consistent sources'), ('M', 'Medium: one secondary source or an inference'), ('L', 'Low: unverified')], default='M', max_length=1, verbose_name='confidence')),
                ('source', models.TextField(blank=True, verbose_name='source')),
                ('kind', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='requirements', to='workflows.documentkind', verbose_name='document')),
            ],
            options={
                'verbose_name': 'document requirement',
                'verbose_name_plural': 'document requirements',
                'ordering': ['action', 'kind__position', 'effective_from'],
                'constraints': [models.UniqueConstraint(fields=('action', 'kind', 'condition', 'effective_from'), name='document_requirement_unique_start'), models.CheckConstraint(condition=models.Q(('effective_to__isnull', True), ('effective_to__gte', models.F('effective_from')), _connector='OR'), name='document_requirement_ends_after_start')],
            },
        ),
        migrations.RunPython(seed, unseed),
        migrations.RunPython(seed_rule, unseed_rule),
    ]
