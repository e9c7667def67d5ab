"""Rules of the background-verification tracker (domain.md A6).

- ``deadline.verification_working_days``: how long the grassroots organisation has, from the opening
  of the file (the personal history, 2-KNĐ), to conclude the verification. The sources name no such
  period: 30 working days is PartyCell's default [L], for an administrator to confirm or change.
- ``verification.child_min_age_months``: a child is verified when they have full civil capacity,
  i.e. are adults (18 years, the Civil Code's age of majority) [M].

The data is written out here on purpose (a migration must not change when the app code does).
"""

import datetime

from django.db import migrations

D = datetime.date

SRC_A6 = (
    "https://tintuc.thuvienphapluat.com/ho-tro-phap-luat/tu-van-phap-luat/63136/"
    "tham-tra-ly-lich-cua-nguoi-vao-dang-nhu-the-nao"
)

# (rule_id, regulation, from, value, unit, confidence, description, source)
RULES = [
    ("deadline.verification_working_days", "Mặc định PartyCell (chưa có quy định)", D(2011, 1, 19), "30",
     "working_days", "L",
     "Thời hạn thẩm tra lý lịch, tính theo ngày làm việc kể từ ngày lập hồ sơ (lý lịch 2-KNĐ). Văn bản không quy "
     "định; 30 ngày làm việc là giá trị mặc định, cần chuyên gia xác nhận. Working days the grassroots "
     "organisation has to conclude the background verification after the file is opened: no source sets it; "
     "a default to confirm.", f"domain.md A6 (no period found); {SRC_A6}"),
    ("verification.child_min_age_months", "Bộ luật Dân sự (người thành niên)", D(2011, 1, 19), "216", "months", "M",
     "Con đẻ được thẩm tra khi đã đủ năng lực hành vi dân sự (người thành niên: đủ 18 tuổi). "
     "Biological children are verified once adults (full civil capacity: 18 years).", SRC_A6),
]


def seed(apps, schema_editor):
    Rule = apps.get_model("rulebook", "Rule")
    for rule_id, regulation, start, value, unit, confidence, description, source in RULES:
        Rule.objects.get_or_create(
            rule_id=rule_id,
            effective_from=start,
            defaults={
                "regulation": regulation, "effective_to": None, "value_type": "integer", "value": value,
                "unit": unit, "confidence": confidence, "description": description, "source": source,
            },
        )  # fmt: skip


def unseed(apps, schema_editor):
    Rule = apps.get_model("rulebook", "Rule")
    for rule_id, _regulation, start, *_rest in RULES:
        Rule.objects.filter(rule_id=rule_id, effective_from=start).delete()


class Migration(migrations.Migration):
    dependencies = [("rulebook", "0002_seed_rules")]

    operations = [migrations.RunPython(seed, unseed)]
