"""The committee's monthly review of the sympathiser lists (domain.md A2): ``sympathiser_list.monthly_review``.

domain.md A2 [M]: the cell puts people on the sympathiser list by resolution at its meetings; "under
09-HD/BTCTW the district/grassroots committee reviewed cell proposals monthly to update the list". Where the
rule is in force and true, the reminder scan reminds each grassroots committee (and each commune committee
for its grassroots cells) once a month (``partycell.notifications.reminders``).

- 09-HD/BTCTW (05/06/2017 to 17/01/2022): true, M (the text domain.md names).
- 12-HD/BTCTW (2012) (from the Charter of 19/01/2011 to 04/06/2017): true carried back, L, "Uncertain".
- 12-HD/BTCTW (from 18/01/2022): domain.md does not say whether the current guide keeps the monthly review;
  true carried forward, L, "Uncertain". An administrator sets it to false, or closes it, where it no longer
  applies: the reminders stop from that date.

Written out here on purpose: a migration must not change when the app code does.
"""

import datetime

from django.db import migrations

D = datetime.date

RULE_ID = "sympathiser_list.monthly_review"
SOURCES = (
    "https://lawnet.vn/thong-tin-phap-luat/en/officials-and-civil-servants/hanoi-procedures-for-admission-into-the-"
    "communist-party-of-vietnam-158790.html ; "
    "https://text.123docz.net/document/5450321-tai-lieu-boi-duong-nghiep-vu-cong-tac-to-chuc-xay-dung-dang.htm"
)
DESCRIPTION = (
    "Hằng tháng, đảng ủy cơ sở (cấp ủy cấp trên với chi bộ cơ sở) xem xét đề nghị của các chi bộ để cập nhật danh "
    "sách cảm tình Đảng (quần chúng ưu tú). Every month the grassroots committee (the committee above, for a "
    "grassroots cell) reviews its cells' proposals and updates the sympathiser lists (domain.md A2)."
)
UNCERTAIN = "Chưa chắc chắn / Uncertain: "
VERSIONS = [
    ("12-HD/BTCTW (2012)", D(2011, 1, 19), D(2017, 6, 4), "L",
     UNCERTAIN + "domain.md không ghi giá trị cho văn bản này; lấy giá trị của 09-HD/BTCTW (no value for this text "
     "in domain.md: the value of 09-HD/BTCTW carried back). [ban hành 17/05/2012; áp dụng từ Điều lệ 19/01/2011 "
     "(dated 17/05/2012; applied from the Charter of 19/01/2011)] "),
    ("09-HD/BTCTW", D(2017, 6, 5), D(2022, 1, 17), "M", ""),
    ("12-HD/BTCTW", D(2022, 1, 18), None, "L",
     UNCERTAIN + "domain.md chỉ nêu việc xem xét hằng tháng theo 09-HD/BTCTW; giữ giá trị đó, quản trị viên có thể "
     "đặt false (domain.md names the monthly review under 09-HD/BTCTW only: that value carried forward; an "
     "administrator may set it to false from a date). "),
]  # fmt: skip


def seed(apps, schema_editor):
    Rule = apps.get_model("rulebook", "Rule")
    for regulation, start, end, confidence, prefix in VERSIONS:
        if Rule.objects.filter(rule_id=RULE_ID, effective_from=start).exists():
            continue
        Rule.objects.create(
            rule_id=RULE_ID, regulation=regulation, effective_from=start, effective_to=end, value_type="boolean",
            value="true", unit="flag", confidence=confidence, description=prefix + DESCRIPTION, source=SOURCES,
        )  # fmt: skip


def unseed(apps, schema_editor):
    apps.get_model("rulebook", "Rule").objects.filter(rule_id=RULE_ID).delete()


class Migration(migrations.Migration):
    dependencies = [("rulebook", "0005_introducer_vote_exit_rules")]

    operations = [migrations.RunPython(seed, unseed)]
