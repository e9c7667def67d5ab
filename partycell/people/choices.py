"""Official code lists used on a person's record."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# The 54 ethnic groups of Vietnam, with the General Statistics Office codes (Decision 121-TCTK/PPCĐ).
# Names are proper nouns and stay in Vietnamese in both languages.
ETHNIC_GROUPS: list[tuple[str, str]] = [
    ("01", "Kinh"), ("02", "Tày"), ("03", "Thái"), ("04", "Hoa"), ("05", "Khơ-me"), ("06", "Mường"),
    ("07", "Nùng"), ("08", "Mông"), ("09", "Dao"), ("10", "Gia-rai"), ("11", "Ngái"), ("12", "Ê-đê"),
    ("13", "Ba-na"), ("14", "Xơ-đăng"), ("15", "Sán Chay"), ("16", "Cơ-ho"), ("17", "Chăm"),
    ("18", "Sán Dìu"), ("19", "Hrê"), ("20", "Mnông"), ("21", "Ra-glai"), ("22", "Xtiêng"),
    ("23", "Bru-Vân Kiều"), ("24", "Thổ"), ("25", "Giáy"), ("26", "Cơ-tu"), ("27", "Gié-Triêng"),
    ("28", "Mạ"), ("29", "Khơ-mú"), ("30", "Co"), ("31", "Tà-ôi"), ("32", "Chơ-ro"), ("33", "Kháng"),
    ("34", "Xinh-mun"), ("35", "Hà Nhì"), ("36", "Chu-ru"), ("37", "Lào"), ("38", "La Chí"),
    ("39", "La Ha"), ("40", "Phù Lá"), ("41", "La Hủ"), ("42", "Lự"), ("43", "Lô Lô"), ("44", "Chứt"),
    ("45", "Mảng"), ("46", "Pà Thẻn"), ("47", "Cờ Lao"), ("48", "Cống"), ("49", "Bố Y"), ("50", "Si La"),
    ("51", "Pu Péo"), ("52", "Brâu"), ("53", "Ơ Đu"), ("54", "Rơ-măm"),
]  # fmt: skip
KINH = "01"


class Sex(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class Religion(models.TextChoices):
    NONE = "none", _("None")
    BUDDHISM = "buddhism", _("Buddhism")
    CATHOLICISM = "catholicism", _("Catholicism")
    PROTESTANTISM = "protestantism", _("Protestantism")
    CAO_DAI = "cao_dai", _("Cao Đài")
    HOA_HAO = "hoa_hao", _("Hòa Hảo Buddhism")
    ISLAM = "islam", _("Islam")
    BAHAI = "bahai", _("Baháʼí Faith")
    BRAHMANISM = "brahmanism", _("Brahmanism")
    OTHER = "other", _("Other religion")


class EducationLevel(models.TextChoices):
    """General education completed. Order matters: the admission guard compares ranks."""

    LITERATE_ONLY = "literate_only", _("Able to read and write Vietnamese only")
    PRIMARY = "primary", _("Primary school")
    LOWER_SECONDARY = "lower_secondary", _("Lower secondary (THCS)")
    UPPER_SECONDARY = "upper_secondary", _("Upper secondary (THPT)")


EDUCATION_RANK = {level: rank for rank, level in enumerate(EducationLevel.values)}


class Qualification(models.TextChoices):
    NONE = "none", _("None")
    VOCATIONAL = "vocational", _("Vocational")
    COLLEGE = "college", _("College")
    UNIVERSITY = "university", _("University")
    POSTGRADUATE = "postgraduate", _("Postgraduate")


class Occupation(models.TextChoices):
    STUDENT = "student", _("Student (school or university)")
    WORKER = "worker", _("Worker")
    FARMER = "farmer", _("Farmer")
    CIVIL_SERVANT = "civil_servant", _("Cadre, civil or public servant")
    TEACHER = "teacher", _("Teacher")
    HEALTH_WORKER = "health_worker", _("Health worker")
    ARMED_FORCES = "armed_forces", _("Armed forces")
    ENTREPRENEUR = "entrepreneur", _("Private-enterprise owner")
    SELF_EMPLOYED = "self_employed", _("Self-employed")
    RETIRED = "retired", _("Retired")
    OTHER = "other", _("Other")


class Sector(models.TextChoices):
    STATE = "state", _("State agency or public unit")
    STATE_ENTERPRISE = "state_enterprise", _("State enterprise")
    PRIVATE_ENTERPRISE = "private_enterprise", _("Private enterprise")
    FDI_ENTERPRISE = "fdi_enterprise", _("Foreign-invested (FDI) enterprise")
    COOPERATIVE = "cooperative", _("Cooperative")
    EDUCATION = "education", _("School or university")
    AGRICULTURE = "agriculture", _("Agriculture, household business")
    OTHER = "other", _("Other")


PRIVATE_OR_FDI_SECTORS = frozenset({Sector.PRIVATE_ENTERPRISE, Sector.FDI_ENTERPRISE})
