"""The rulebook back to 2011: versions of every rule under the earlier texts of domain.md section 0.

The rules seeded by 0002 start with 24-QĐ/TW (30/07/2021), 01-HD/TW 2021 (28/09/2021) and
12-HD/BTCTW 2022 (18/01/2022), so a case decided before 2022 could not be judged. This migration adds,
for every rule that starts then, the versions of the texts they replaced:

- Implementing regulation: 45-QĐ/TW (2011) from 19/01/2011 to 24/07/2016, 29-QĐ/TW from 25/07/2016
  to 29/07/2021.
- Secretariat guidance: 01-HD/TW (2012) from 19/01/2011 to 19/09/2016, 01-HD/TW (2016) from
  20/09/2016 to 27/09/2021.
- Central Organization Commission guide: 12-HD/BTCTW (2012) from 19/01/2011 to 04/06/2017,
  09-HD/BTCTW from 05/06/2017 to 17/01/2022.

domain.md gives only the year of 45-QĐ/TW and dates 01-HD/TW (2012) 05/01/2012 and 12-HD/BTCTW (2012)
17/05/2012: their versions start at the Charter of 19/01/2011 so that every case from 2011 on finds a
version, and their note says so.

Values domain.md gives for the earlier texts (section 1C): education "lower secondary or equivalent"
before 24-QĐ/TW (``education.equivalent_accepted``); introducers by work or study only, residence
counting from 24-QĐ/TW (``introducer.residence_counts``); over 60 counted by year under 01-HD/TW (2012),
by month from 29-QĐ/TW (``age.max_counted_by``). These three rules are new, so they get their whole
history up to today. Where domain.md gives no value for a text, the next known value is carried back,
with confidence L and "Uncertain" at the start of the description.

Written out here on purpose: a migration must not change when the app code does.
"""

import datetime

from django.db import migrations

D = datetime.date

REGULATION_45 = ("45-QĐ/TW (2011)", D(2011, 1, 19), D(2016, 7, 24))
REGULATION_29 = ("29-QĐ/TW", D(2016, 7, 25), D(2021, 7, 29))
GUIDANCE_2012 = ("01-HD/TW (2012)", D(2011, 1, 19), D(2016, 9, 19))
GUIDANCE_2016 = ("01-HD/TW (2016)", D(2016, 9, 20), D(2021, 9, 27))
BTCTW_2012 = ("12-HD/BTCTW (2012)", D(2011, 1, 19), D(2017, 6, 4))
BTCTW_2017 = ("09-HD/BTCTW", D(2017, 6, 5), D(2022, 1, 17))
# The versions 0002 seeded, for the three new rules that need their whole history.
REGULATION_24 = ("24-QĐ/TW", D(2021, 7, 30), D(2025, 1, 19))
REGULATION_232 = ("232-QĐ/TW", D(2025, 1, 20), D(2025, 6, 30))
REGULATION_294 = ("294-QĐ/TW", D(2025, 7, 1), None)

SRC_29 = "https://thuvienphapluat.vn/van-ban/Bo-may-hanh-chinh/Quy-dinh-29-QD-TW-thi-hanh-Dieu-le-Dang-2016-319797.aspx"
SRC_29_DEADLINES = (
    "https://thuvienphapluat.vn/hoi-dap-phap-luat/35A5C-hd-thoi-han-tham-quyen-quyet-dinh-ket-nap-dang-vien-"
    "xet-cong-nhan-dang-vien-chinh-thuc.html"
)
SRC_EDUCATION = (
    "http://luatvietnam.vn/can-bo-cong-chuc/diem-moi-cua-quy-dinh-24-qd-tw-566-32222-article.html ; "
    "https://cocc.edu.vn/en/general-secretary-to-lam-issues-new-regulations-for-implementing-the-party-statutes"
)
SRC_INTRODUCER = "https://moj.gov.vn:443/qt/tintuc/Pages/van-ban-chinh-sach-moi.aspx?ItemID=3488"
SRC_AGE_2012 = (
    "https://luatminhkhue.vn/huong-dan-01-hd-tw-thi-hanh-dieu-le-dang-do-ban-chap-hanh-trung-uong-ban-hanh.aspx ; "
    + SRC_29
)
SRC_GUIDANCE_2016 = "https://luattoanquoc.com/huong-dan-01-hdtw-huong-dan-mot-van-de-cu-thi-hanh-dieu-le-dang"
SRC_BTCTW_2017 = "https://dautri.mobi/huong-dan-so-09-btctw-ngay-5-6-2017/"
SRC_BTCTW_2012 = (
    "http://dangbokhoidoanhnghiephatinh.org.vn/vi/van-ban-dang-uy/Huong-dan/CAC-MAU-TAI-LIEU-VE-CONG-TAC-DANG-VIEN-"
    "Kem-theo-Huong-dan-so-12-HD-BTCTW-ngay-17-5-2012-80/"
)

STARTS_AT_CHARTER = {
    "45-QĐ/TW (2011)": "domain.md chỉ ghi năm ban hành; áp dụng từ Điều lệ 19/01/2011 (the year only is known; "
    "applied from the Charter of 19/01/2011)",
    "01-HD/TW (2012)": "ban hành 05/01/2012; áp dụng từ Điều lệ 19/01/2011 (dated 05/01/2012; applied from the "
    "Charter of 19/01/2011)",
    "12-HD/BTCTW (2012)": "ban hành 17/05/2012; áp dụng từ Điều lệ 19/01/2011 (dated 17/05/2012; applied from the "
    "Charter of 19/01/2011)",
}

UNCERTAIN = "Chưa chắc chắn / Uncertain: "


def carried(source_text: str) -> str:
    return (
        f"{UNCERTAIN}văn bản này không có giá trị trong domain.md; lấy giá trị của {source_text} "
        f"(no value known for this text; the value of {source_text} carried back). "
    )


# rule_id: value_type, unit, [(version, value, confidence, prefix of the description, source)]
# The description of a carried-back version starts with ``carried(...)``; the rest of the description
# and the source are copied from the next version (read from the database at migration time).
REGULATION_RULES = [
    # rule id, value, confidence under 29-QĐ/TW (H where domain.md cites 29-QĐ/TW for it), its source
    ("age.min_months", "216", "H", SRC_29),
    ("age.max_months", "720", "H", SRC_29),
    ("education.min_level", "lower_secondary", "H", SRC_EDUCATION),
    ("introducer.min_months_together", "12", "H", SRC_INTRODUCER),
    ("vote.max_failed_attempts", "3", "M", ""),
    ("deadline.admission_decision_working_days", "60", "H", SRC_29_DEADLINES),
    ("deadline.admission_decision_extension_working_days", "30", "H", SRC_29_DEADLINES),
    ("deadline.ceremony_working_days", "30", "M", ""),
    ("deadline.recognition_vote_working_days", "30", "M", ""),
    ("deadline.recognition_decision_working_days", "30", "H", SRC_29_DEADLINES),
    ("deadline.recognition_decision_extension_working_days", "30", "H", SRC_29_DEADLINES),
    ("readmission.min_months_since_leaving", "36", "M", ""),
    ("readmission.min_months_after_record_cleared", "60", "M", ""),
    ("readmission.max_times", "1", "M", ""),
    ("readmission.requires_provincial_consent", "true", "M", ""),
]
GUIDANCE_RULES = [
    ("over60.requires_provincial_consent", "true", "H", SRC_GUIDANCE_2016),
    ("education.exception_min_level", "primary", "M", ""),
    ("education.literate_only_requires_provincial_consent", "true", "M", ""),
]
BTCTW_RULES = [
    ("certificate.awareness_validity_months", "60", "M", ""),
    ("file.documents_validity_months", "12", "M", ""),
    ("verification.validity_months", "12", "M", ""),
]

# The three rules new in this migration, each with its whole history.
NEW_RULES = [
    (
        "education.equivalent_accepted", "boolean", "flag",
        "Trình độ học vấn “tương đương” trung học cơ sở được chấp nhận (29-QĐ/TW: tốt nghiệp THCS hoặc tương "
        "đương; 24-QĐ/TW bỏ “tương đương”). Whether an education equivalent to lower secondary is accepted "
        "(29-QĐ/TW: 'or equivalent'; dropped by 24-QĐ/TW in 2021).",
        SRC_EDUCATION,
        [
            (REGULATION_45, "true", "L", carried("29-QĐ/TW")),
            (REGULATION_29, "true", "H", ""),
            (REGULATION_24, "false", "H", ""),
            (REGULATION_232, "false", "H", ""),
            (REGULATION_294, "false", "H", ""),
        ],
    ),
    (
        "introducer.residence_counts", "boolean", "flag",
        "Thời gian cùng cư trú được tính vào 12 tháng của người giới thiệu (từ 24-QĐ/TW, 2021; trước đó chỉ cùng "
        "công tác, lao động, học tập). Whether living in the same place counts toward the introducer's months "
        "together (from 24-QĐ/TW, 2021; before, only working or studying together counted).",
        SRC_INTRODUCER,
        [
            (REGULATION_45, "false", "L", carried("29-QĐ/TW")),
            (REGULATION_29, "false", "H", ""),
            (REGULATION_24, "true", "H", ""),
            (REGULATION_232, "true", "H", ""),
            (REGULATION_294, "true", "H", ""),
        ],
    ),
    (
        "age.max_counted_by", "text", "level",
        "Cách tính tuổi tối đa (60) tại ngày chi bộ xét: “years” = theo năm (năm xét trừ năm sinh, 01-HD/TW 2012), "
        "“months” = theo tháng (từ 29-QĐ/TW, 2016). How the maximum age (60) is counted at the cell meeting: "
        "'years' = by calendar year (year of the meeting minus year of birth, 01-HD/TW 2012), 'months' = by "
        "month (from 29-QĐ/TW, 2016).",
        SRC_AGE_2012,
        [
            (("01-HD/TW (2012)", D(2011, 1, 19), D(2016, 7, 24)), "years", "M", ""),
            (REGULATION_29, "months", "H", ""),
            (REGULATION_24, "months", "H", ""),
            (REGULATION_232, "months", "H", ""),
            (REGULATION_294, "months", "H", ""),
        ],
    ),
]


def _versions_for(layer: str) -> tuple[tuple, tuple, str]:
    """(earliest text, next text, name of the text whose value is carried back to the earliest)."""
    return {
        "regulation": (REGULATION_45, REGULATION_29, "29-QĐ/TW"),
        "guidance": (GUIDANCE_2012, GUIDANCE_2016, "01-HD/TW (2016)"),
        "btctw": (BTCTW_2012, BTCTW_2017, "09-HD/BTCTW"),
    }[layer]


def _rows(Rule):
    """Every version to add, as unsaved ``Rule`` rows."""
    rows = []
    layers = [("regulation", REGULATION_RULES), ("guidance", GUIDANCE_RULES), ("btctw", BTCTW_RULES)]
    for layer, rules in layers:
        earliest, middle, middle_name = _versions_for(layer)
        for rule_id, value, middle_confidence, middle_source in rules:
            current = Rule.objects.filter(rule_id=rule_id).order_by("effective_from").first()
            if current is None:  # a rule an administrator deleted: nothing to carry back
                continue
            base = {"rule_id": rule_id, "value_type": current.value_type, "unit": current.unit}
            source = middle_source or current.source
            middle_note = "" if middle_source else carried_from_next(current.regulation)
            rows.append(Rule(**base, regulation=middle[0], effective_from=middle[1], effective_to=middle[2],
                             value=value, confidence=middle_confidence,
                             description=middle_note + current.description, source=source))  # fmt: skip
            note = carried(middle_name) + _starts_at_charter(earliest[0])
            rows.append(Rule(**base, regulation=earliest[0], effective_from=earliest[1], effective_to=earliest[2],
                             value=value, confidence="L", description=note + current.description,
                             source=source))  # fmt: skip
    for rule_id, value_type, unit, description, source, versions in NEW_RULES:
        for (regulation, start, end), value, confidence, prefix in versions:
            rows.append(Rule(rule_id=rule_id, regulation=regulation, effective_from=start, effective_to=end,
                             value_type=value_type, value=value, unit=unit, confidence=confidence,
                             description=prefix + _starts_at_charter(regulation) + description,
                             source=source))  # fmt: skip
    return rows


def carried_from_next(next_regulation: str) -> str:
    """A version whose value domain.md does not give for this text but says the later text kept (M)."""
    return (
        f"Giá trị của {next_regulation}, coi là không đổi (the value of {next_regulation}, assumed unchanged; "
        "domain.md does not give this text's own value). "
    )


def _starts_at_charter(regulation: str) -> str:
    note = STARTS_AT_CHARTER.get(regulation)
    return f"[{note}] " if note else ""


def seed(apps, schema_editor):
    Rule = apps.get_model("rulebook", "Rule")
    for row in _rows(Rule):
        if not Rule.objects.filter(rule_id=row.rule_id, effective_from=row.effective_from).exists():
            row.save()


def unseed(apps, schema_editor):
    Rule = apps.get_model("rulebook", "Rule")
    for rule_id, *_rest in REGULATION_RULES + GUIDANCE_RULES + BTCTW_RULES:
        Rule.objects.filter(rule_id=rule_id, effective_to__lt=D(2022, 1, 18)).delete()
    Rule.objects.filter(rule_id__in=[rule[0] for rule in NEW_RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("rulebook", "0003_verification_rules"),
        # The readmission consent rule is seeded there; its earlier versions are added here.
        ("workflows", "0003_readmission_consent_rule"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
