"""Rules for the Youth Union path of introduction (A7) and for votes and exits (A9, 2A, B7, 2B, A13).

Each has a version for every text from the 2011 Charter on (see 0004): where domain.md gives the value for
a text the version says so (H/M); where it does not, the value is carried back with confidence L and
"Uncertain" at the start of the description.

- ``introducer.youth_union_path_required`` (Charter Art.4, A7 (b)): an applicant of Youth Union age where a
  grassroots Youth Union exists is introduced by its resolution plus one party member.
- ``introducer.youth_union_age_below_months``: "of Youth Union age" = under 31 (the Youth Union's 16 to 30);
  domain.md gives no figure: PartyCell's reading [L].
- ``vote.admission_revotes_before_report``: how many times the cell may vote again on admission itself
  before reporting a failed vote upward. 01-HD/TW: a failed vote is reported upward (A9, 2A): 0.
- ``recognition.removal_ratio_against``: the share of official members voting against recognition that
  makes the cell's vote a proposal to remove (B7, 2B).
- ``removal.requires_cell_resolution``: the competent committee removes a probationary member on the
  cell's resolution proposing it (Charter Art.5(2), 2B).
- ``ceremony.late_without_approval_working_days``: how many working days after its deadline a ceremony
  may be held with only a recorded reason; later needs the direct superior committee's approval (A13: 0).

Written out here on purpose: a migration must not change when the app code does.
"""

import datetime

from django.db import migrations

D = datetime.date

CHARTER = [("Điều lệ Đảng", D(2011, 1, 19), None)]
REGULATION = [
    ("45-QĐ/TW (2011)", D(2011, 1, 19), D(2016, 7, 24)),
    ("29-QĐ/TW", D(2016, 7, 25), D(2021, 7, 29)),
    ("24-QĐ/TW", D(2021, 7, 30), D(2025, 1, 19)),
    ("232-QĐ/TW", D(2025, 1, 20), D(2025, 6, 30)),
    ("294-QĐ/TW", D(2025, 7, 1), None),
]
GUIDANCE = [
    ("01-HD/TW (2012)", D(2011, 1, 19), D(2016, 9, 19)),
    ("01-HD/TW (2016)", D(2016, 9, 20), D(2021, 9, 27)),
    ("01-HD/TW (2021)", D(2021, 9, 28), D(2025, 6, 30)),
    ("06-HD/TW", D(2025, 7, 1), None),
]
STARTS_AT_CHARTER = {
    "45-QĐ/TW (2011)": "domain.md gives the year only; applied from the Charter of 19/01/2011",
    "01-HD/TW (2012)": "dated 05/01/2012; applied from the Charter of 19/01/2011",
}

SRC_CHARTER_ART4 = "https://luatlvn.com/2023/05/26/thu-tuc-de-nghi-ket-nap-dang-vien-moi-nam-2023/"
SRC_VOTE_FAILED = (
    "https://lawnet.vn/thong-tin-phap-luat/en/hanh-chinh/some-issues-related-to-the-admission-of-party-members-"
    "and-the-recognition-of-official-party-members-in-vietnam-119478.html"
)
SRC_B7 = (
    "https://lawnet.vn/ngan-hang-phap-luat/en/tu-van-phap-luat/bo-may-hanh-chinh/deadline-for-organizing-party-"
    "member-admission-ceremonies-considering-official-party-membership-reco-1008778"
)
SRC_2B = (
    "https://thuvienphapluat.vn/hoi-dap-phap-luat/839FCB9-hd-dang-vien-du-bi-bi-xu-ly-ky-luat-co-duoc-ket-nap-"
    "dang-khong.html"
)
SRC_A13 = (
    "http://118.69.201.250:801/phap-luat/cap-uy-ket-nap-dang-vien-trong-thoi-han-bao-lau-ai-co-tham-quyen-quyet-"
    "dinh-ket-nap-dang-vien-chinh-699568-213056.html?rel=goi-y-cung-tag"
)

# rule id, layer, value type, value, unit, {regulation: confidence} (missing = carried back, L), the text
# whose value is carried back, description, source
RULES = [
    ("introducer.youth_union_path_required", CHARTER, "boolean", "true", "flag", {"Điều lệ Đảng": "M"}, "",
     "Người vào Đảng trong độ tuổi thanh niên, nơi có tổ chức Đoàn cơ sở, phải là đoàn viên và được ban chấp hành "
     "Đoàn cơ sở giới thiệu cùng một đảng viên chính thức. An applicant of Youth Union age where a grassroots Youth "
     "Union exists is introduced by its executive committee's resolution plus one official member.",
     SRC_CHARTER_ART4),
    ("introducer.youth_union_age_below_months", CHARTER, "integer", "372", "months", {"Điều lệ Đảng": "L"}, "",
     "Độ tuổi thanh niên (Đoàn): dưới 31 tuổi, tức đến hết 30 tuổi (Điều lệ Đoàn: 16 đến 30). domain.md không ghi "
     "con số: đây là cách hiểu của PartyCell, cần xác nhận. Youth Union age: under 31 (16 to 30 inclusive); "
     "domain.md gives no figure: PartyCell's reading, to confirm.", SRC_CHARTER_ART4),
    ("vote.admission_revotes_before_report", GUIDANCE, "integer", "0", "count",
     {"01-HD/TW (2016)": "M", "01-HD/TW (2021)": "H", "06-HD/TW": "M"}, "01-HD/TW (2016)",
     "Số lần chi bộ được tự biểu quyết lại việc đề nghị kết nạp trước khi báo cáo lên. 0: không đạt 2/3 thì báo "
     "cáo đầy đủ kết quả lên cấp ủy cấp trên quyết định (loại, tạm dừng hoặc cho biểu quyết lại). How many times "
     "the cell may vote again on admission before reporting a failed vote upward; 0: a failed vote is reported "
     "upward at once and the superior committee decides to drop, pause or re-vote.", SRC_VOTE_FAILED),
    ("recognition.removal_ratio_against", REGULATION, "fraction", "2/3", "ratio",
     {"29-QĐ/TW": "M", "24-QĐ/TW": "H", "232-QĐ/TW": "H", "294-QĐ/TW": "M"}, "29-QĐ/TW",
     "Từ 2/3 đảng viên chính thức trở lên không tán thành công nhận: nghị quyết của chi bộ đề nghị xóa tên. "
     "Two thirds or more of the official members against recognition: the cell's resolution proposes removal.",
     SRC_B7),
    ("removal.requires_cell_resolution", CHARTER, "boolean", "true", "flag", {"Điều lệ Đảng": "H"}, "",
     "Cấp ủy có thẩm quyền quyết định xóa tên đảng viên dự bị trên cơ sở nghị quyết của chi bộ (Điều lệ, Điều 5). "
     "The competent committee removes a probationary member on the cell's resolution proposing it.", SRC_2B),
    ("ceremony.late_without_approval_working_days", REGULATION, "integer", "0", "working_days",
     {"29-QĐ/TW": "M", "24-QĐ/TW": "M", "232-QĐ/TW": "H", "294-QĐ/TW": "M"}, "29-QĐ/TW",
     "Số ngày làm việc quá hạn tổ chức lễ kết nạp được phép chỉ với lý do ghi lại; muộn hơn phải được cấp ủy cấp trên "
     "trực tiếp đồng ý. 0: mọi lễ quá hạn phải báo cáo và được cấp trên đồng ý. Working days past the ceremony "
     "deadline allowed with only a recorded reason; later needs the direct superior committee's approval. 0: every "
     "late ceremony needs that approval.", SRC_A13),
]


def _uncertain(carried_from: str, regulation: str) -> str:
    note = STARTS_AT_CHARTER.get(regulation)
    return (
        f"Chưa chắc chắn / Uncertain: the value of {carried_from or 'the later text'} carried back. "
        + (f"[{note}] " if note else "")
    )


def seed(apps, schema_editor):
    Rule = apps.get_model("rulebook", "Rule")
    for rule_id, versions, value_type, value, unit, known, carried_from, description, source in RULES:
        for regulation, start, end in versions:
            if Rule.objects.filter(rule_id=rule_id, effective_from=start).exists():
                continue
            confidence = known.get(regulation, "L")
            prefix = "" if regulation in known else _uncertain(carried_from, regulation)
            Rule.objects.create(
                rule_id=rule_id, regulation=regulation, effective_from=start, effective_to=end,
                value_type=value_type, value=value, unit=unit, confidence=confidence,
                description=prefix + description, source=source,
            )  # fmt: skip


def unseed(apps, schema_editor):
    apps.get_model("rulebook", "Rule").objects.filter(rule_id__in=[rule[0] for rule in RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("rulebook", "0004_rules_back_to_2011")]

    operations = [migrations.RunPython(seed, unseed)]
