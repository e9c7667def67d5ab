"""Seed the rules in force, with their earlier versions, from the domain specification (docs/rulebook.md).

The data is written out here on purpose (a migration must not change when the app code does).
Version periods used below, all inclusive:

- Charter (Điều lệ Đảng 2011): from 19/01/2011, still in force.
- Implementing regulation: 24-QĐ/TW 30/07/2021-19/01/2025, 232-QĐ/TW 20/01/2025-30/06/2025,
  294-QĐ/TW from 01/07/2025.
- Secretariat guidance: 01-HD/TW (2021) 28/09/2021-30/06/2025, 06-HD/TW from 01/07/2025 (it guides
  294-QĐ/TW; dated 09/06/2025).
- Central Organization Commission guidance 12-HD/BTCTW: from 18/01/2022, still in force.
"""

import datetime

from django.db import migrations

D = datetime.date

CHARTER = [("Điều lệ Đảng", D(2011, 1, 19), None)]
REGULATION = [
    ("24-QĐ/TW", D(2021, 7, 30), D(2025, 1, 19)),
    ("232-QĐ/TW", D(2025, 1, 20), D(2025, 6, 30)),
    ("294-QĐ/TW", D(2025, 7, 1), None),
]
GUIDANCE = [
    ("01-HD/TW (2021)", D(2021, 9, 28), D(2025, 6, 30)),
    ("06-HD/TW", D(2025, 7, 1), None),
]
BTCTW = [("12-HD/BTCTW", D(2022, 1, 18), None)]

SRC_CHARTER_ART4 = "https://luatlvn.com/2023/05/26/thu-tuc-de-nghi-ket-nap-dang-vien-moi-nam-2023/"
SRC_CHARTER_ART5 = (
    "https://lawnet.vn/en/laws/nguoi-duoc-ket-nap-vao-dang-phai-trai-qua-thoi-ky-du-bi-trong-thoi-gian-bao-lau"
    "-moi-duoc-cong-nhan--124058-111200.html"
)
SRC_VOTE = "https://luatvietnam.vn/can-bo-cong-chuc/ty-le-bieu-quyet-ket-nap-dang-vien-566-95035-article.html"
SRC_AGE = (
    "https://truongchinhtrithainguyen.gov.vn/vi/gioi-thieu-van-ban-moi/gioi-thieu-van-ban-moi/"
    "quy-dinh-so-232-qd-tw-ngay-20-01-2025-cua-ban-chap-hanh-trung-uong-ve-thi-hanh-dieu-le-dang-182.html"
)
SRC_INTRODUCER = (
    "https://lawnet.vn/ngan-hang-phap-luat/en/tu-van-phap-luat/bo-may-hanh-chinh/introduction-and-admission-of-"
    "individuals-into-the-communist-party-regulations-and-procedures-1008777"
)
SRC_ADMISSION_DEADLINE = (
    "https://thuvienphapluat.vn/hoi-dap-phap-luat/35A5C-hd-thoi-han-tham-quyen-quyet-dinh-ket-nap-dang-vien-"
    "xet-cong-nhan-dang-vien-chinh-thuc.html"
)
SRC_RECOGNITION = (
    "https://lawnet.vn/ngan-hang-phap-luat/en/tu-van-phap-luat/bo-may-hanh-chinh/deadline-for-organizing-party-"
    "member-admission-ceremonies-considering-official-party-membership-reco-1008778"
)
SRC_READMISSION = (
    "https://thuvienphapluat.vn/hoi-dap-phap-luat/iframe/839B7AA-hd-truong-hop-nao-dang-vien-xin-ra-khoi-dang-"
    "duoc-ket-nap-lai-thu-tuc-ket-nap-lai-dang-vien-duoc-thuc-.html"
)
SRC_OVER60 = "https://vndoc.com/cap-nhat-huong-dan-01-hd-tw-ve-thi-hanh-dieu-le-dang-245772"
SRC_EDUCATION = (
    "https://lawnet.vn/thong-tin-phap-luat/en/thong-bao-van-ban-moi/subjects-for-communist-party-awareness-"
    "training-program-in-vietnam-103059.html ; https://boxhoidap.com/huong-dan-01-hdtw-nam-2022-ve-thi-hanh-"
    "dieu-le-dang/amp"
)
SRC_VALIDITY = (
    "https://lsx.vn/mau-giay-chung-nhan-cam-tinh-dang-co-thoi-han-bao-lau/ ; https://tranphudn.edu.vn/news/view/"
    "quy-dinh-ho-so-ket-nap-dang-vien-va-chuyen-dang-vien-du-bi-sang-dang-vien-chinh-thuc.html"
)

# (rule_id, versions, value_type, value, unit, confidence, confidence of the newest version, description, source)
RULES = [
    ("age.min_months", REGULATION, "integer", "216", "months", "H", "H",
     "Tuổi tối thiểu của người vào Đảng tại ngày chi bộ xét, tính theo tháng (18 tuổi). "
     "Minimum age at the date of the cell meeting, counted in months.", SRC_AGE),
    ("age.max_months", REGULATION, "integer", "720", "months", "H", "H",
     "Tuổi tối đa tại ngày chi bộ xét, tính theo tháng (60 tuổi); trên 60 tuổi là trường hợp đặc biệt. "
     "Maximum age at the date of the cell meeting, in months; over 60 is a special case.", SRC_AGE),
    ("over60.requires_provincial_consent", GUIDANCE, "boolean", "true", "flag", "H", "M",
     "Kết nạp người trên 60 tuổi cần ý kiến đồng ý bằng văn bản của ban thường vụ tỉnh ủy trước khi quyết định. "
     "Admitting a person over 60 needs the provincial standing committee's prior written consent.", SRC_OVER60),
    ("education.min_level", REGULATION, "text", "lower_secondary", "level", "H", "H",
     "Trình độ học vấn tối thiểu: tốt nghiệp trung học cơ sở trở lên. "
     "Minimum education: lower-secondary diploma or higher.", SRC_AGE),
    ("education.exception_min_level", GUIDANCE, "text", "primary", "level", "H", "M",
     "Vùng dân tộc thiểu số, miền núi, biên giới, hải đảo, vùng đặc biệt khó khăn, ngư dân: tối thiểu hoàn thành "
     "tiểu học. Minimum education in the exception areas: completed primary school.", SRC_EDUCATION),
    ("education.literate_only_requires_provincial_consent", GUIDANCE, "boolean", "true", "flag", "H", "M",
     "Già làng, trưởng bản, người có uy tín chỉ biết đọc, biết viết chữ quốc ngữ: cần ban thường vụ tỉnh ủy đồng ý "
     "bằng văn bản. A literate-only applicant needs the provincial standing committee's written consent.",
     SRC_EDUCATION),
    ("certificate.awareness_validity_months", BTCTW, "integer", "60", "months", "M", "M",
     "Giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng có giá trị 60 tháng kể từ ngày cấp. "
     "The party-awareness class certificate is valid for 60 months from issue.", SRC_VALIDITY),
    ("file.documents_validity_months", BTCTW, "integer", "12", "months", "M", "M",
     "Quá 12 tháng kể từ khi lập hồ sơ mà chi bộ chưa xét thì phải làm lại giấy giới thiệu, nghị quyết giới thiệu "
     "và tổng hợp nhận xét. Introduction letters, introduction resolutions and the summary of comments must be "
     "redone after 12 months without a cell decision.", SRC_VALIDITY),
    ("verification.validity_months", BTCTW, "integer", "12", "months", "M", "M",
     "Kết quả thẩm tra lý lịch quá 12 tháng phải thẩm tra bổ sung. "
     "The personal-history verification needs a supplementary check after 12 months.", SRC_VALIDITY),
    ("introducer.min_months_together", REGULATION, "integer", "12", "months", "H", "H",
     "Người giới thiệu là đảng viên chính thức, cùng công tác, lao động, học tập hoặc cư trú với người vào Đảng "
     "ít nhất 12 tháng. The introducer has worked, studied or lived with the applicant for at least 12 months.",
     SRC_INTRODUCER),
    ("introducer.count_without_organisation", CHARTER, "integer", "2", "count", "H", "H",
     "Số đảng viên chính thức giới thiệu khi không có Đoàn/Công đoàn giới thiệu. "
     "Number of official members who introduce an applicant without a Youth Union/trade-union introduction.",
     SRC_CHARTER_ART4),
    ("introducer.count_with_organisation", CHARTER, "integer", "1", "count", "H", "H",
     "Số đảng viên chính thức giới thiệu cùng ban chấp hành Đoàn cơ sở hoặc Công đoàn cơ sở. "
     "Number of official members who introduce together with the Youth Union or trade-union committee.",
     SRC_CHARTER_ART4),
    ("vote.cell_approval_ratio", CHARTER, "fraction", "2/3", "ratio", "H", "H",
     "Tỷ lệ tối thiểu đảng viên chính thức của chi bộ tán thành. "
     "Minimum share of the cell's official members who approve.", SRC_VOTE),
    ("vote.committee_approval_ratio", CHARTER, "fraction", "2/3", "ratio", "H", "H",
     "Tỷ lệ tối thiểu cấp ủy viên đảng ủy cơ sở tán thành. Minimum share of committee members who approve.",
     SRC_VOTE),
    ("vote.decision_body_approval_ratio", CHARTER, "fraction", "2/3", "ratio", "L", "L",
     "Tỷ lệ tán thành của ban thường vụ cấp ủy có thẩm quyền (theo hướng dẫn địa phương, chưa kiểm chứng). "
     "Approval share in the deciding standing committee: a local guide's figure, unverified.", SRC_VOTE),
    ("vote.max_failed_attempts", REGULATION, "integer", "3", "count", "H", "H",
     "Sau ba lần biểu quyết không đạt 2/3, tổ chức đảng báo cáo cấp ủy cấp trên quyết định. "
     "After three votes without the required share, the case goes to the superior committee.", SRC_RECOGNITION),
    ("vote.probationary_members_vote", CHARTER, "boolean", "false", "flag", "M", "M",
     "Đảng viên dự bị không có quyền biểu quyết. Probationary members do not vote.", SRC_CHARTER_ART5),
    ("deadline.admission_decision_working_days", REGULATION, "integer", "60", "working_days", "H", "M",
     "Cấp ủy có thẩm quyền quyết định kết nạp trong 60 ngày làm việc kể từ ngày chi bộ có nghị quyết. "
     "The competent committee decides within 60 working days of the cell resolution.", SRC_ADMISSION_DEADLINE),
    ("deadline.admission_decision_extension_working_days", REGULATION, "integer", "30", "working_days", "H", "M",
     "Trường hợp đặc biệt được kéo dài thêm tối đa 30 ngày làm việc. "
     "Extension allowed in special cases, at most 30 working days.", SRC_ADMISSION_DEADLINE),
    ("deadline.ceremony_working_days", REGULATION, "integer", "30", "working_days", "H", "H",
     "Tổ chức lễ kết nạp trong 30 ngày làm việc kể từ ngày nhận quyết định. "
     "The ceremony is held within 30 working days of receiving the decision.", SRC_ADMISSION_DEADLINE),
    ("probation.months", CHARTER, "integer", "12", "months", "H", "H",
     "Thời kỳ dự bị 12 tháng, tính từ ngày lễ kết nạp. Probation lasts 12 months from the ceremony.",
     SRC_CHARTER_ART5),
    ("deadline.recognition_vote_working_days", REGULATION, "integer", "30", "working_days", "H", "H",
     "Chi bộ xét công nhận chính thức trong 30 ngày làm việc sau khi hết 12 tháng dự bị. "
     "The cell votes on recognition within 30 working days after probation ends.", SRC_RECOGNITION),
    ("deadline.recognition_decision_working_days", REGULATION, "integer", "30", "working_days", "H", "H",
     "Cấp ủy có thẩm quyền quyết định công nhận trong 30 ngày làm việc kể từ ngày chi bộ có nghị quyết. "
     "The competent committee decides recognition within 30 working days of the cell resolution.",
     SRC_ADMISSION_DEADLINE),
    ("deadline.recognition_decision_extension_working_days", REGULATION, "integer", "30", "working_days", "H", "H",
     "Trường hợp đặc biệt được kéo dài thêm tối đa 30 ngày làm việc. "
     "Extension allowed in special cases, at most 30 working days.", SRC_ADMISSION_DEADLINE),
    ("readmission.min_months_since_leaving", REGULATION, "integer", "36", "months", "H", "M",
     "Kết nạp lại: ít nhất 36 tháng kể từ khi ra khỏi Đảng. Readmission: at least 36 months since leaving.",
     SRC_READMISSION),
    ("readmission.min_months_after_record_cleared", REGULATION, "integer", "60", "months", "H", "M",
     "Người bị kết án về tội ít nghiêm trọng: ít nhất 60 tháng sau khi được xóa án tích. "
     "Less serious crime: at least 60 months after the criminal record is cleared.", SRC_READMISSION),
    ("readmission.max_times", REGULATION, "integer", "1", "count", "H", "M",
     "Chỉ kết nạp lại một lần. Readmission is allowed only once.", SRC_READMISSION),
]


def seed(apps, schema_editor):
    Rule = apps.get_model("rulebook", "Rule")
    rows = []
    for rule_id, versions, value_type, value, unit, confidence, newest_confidence, description, source in RULES:
        for index, (regulation, start, end) in enumerate(versions):
            is_newest = index == len(versions) - 1
            rows.append(
                Rule(
                    rule_id=rule_id,
                    regulation=regulation,
                    effective_from=start,
                    effective_to=end,
                    value_type=value_type,
                    value=value,
                    unit=unit,
                    confidence=newest_confidence if is_newest else confidence,
                    description=description,
                    source=source,
                )
            )
    Rule.objects.bulk_create(rows)


def unseed(apps, schema_editor):
    Rule = apps.get_model("rulebook", "Rule")
    for rule_id, versions, *_ in RULES:
        for _regulation, start, _end in versions:
            Rule.objects.filter(rule_id=rule_id, effective_from=start).delete()


class Migration(migrations.Migration):
    dependencies = [("rulebook", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
