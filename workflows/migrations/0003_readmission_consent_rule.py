"""Add the rule the readmission guard reads: readmission needs the provincial standing committee's
written consent before the competent committee decides (24-QĐ/TW §3.5, 232-QĐ/TW, 294-QĐ/TW; domain.md 2C).
"""

import datetime

from django.db import migrations

D = datetime.date
RULE_ID = "readmission.requires_provincial_consent"
SOURCE = (
    "https://thuvienphapluat.vn/hoi-dap-phap-luat/iframe/839B7AA-hd-truong-hop-nao-dang-vien-xin-ra-khoi-dang-"
    "duoc-ket-nap-lai-thu-tuc-ket-nap-lai-dang-vien-duoc-thuc-.html"
)
VERSIONS = [
    ("24-QĐ/TW", D(2021, 7, 30), D(2025, 1, 19), "H"),
    ("232-QĐ/TW", D(2025, 1, 20), D(2025, 6, 30), "H"),
    ("294-QĐ/TW", D(2025, 7, 1), None, "M"),
]


def seed(apps, schema_editor):
    Rule = apps.get_model("rulebook", "Rule")
    for regulation, start, end, confidence in VERSIONS:
        Rule.objects.get_or_create(
            rule_id=RULE_ID,
            effective_from=start,
            defaults={
                "regulation": regulation,
                "effective_to": end,
                "value_type": "boolean",
                "value": "true",
                "unit": "flag",
                "confidence": confidence,
                "description": (
                    "Kết nạp lại cần ý kiến đồng ý bằng văn bản của ban thường vụ tỉnh ủy trước khi quyết định. "
                    "Readmission needs the provincial standing committee's prior written consent."
                ),
                "source": SOURCE,
            },
        )


def unseed(apps, schema_editor):
    apps.get_model("rulebook", "Rule").objects.filter(rule_id=RULE_ID).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("workflows", "0002_evidence"),
        ("rulebook", "0002_seed_rules"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
