"""Invented but realistic Vietnamese names for demo and synthetic data."""

import random

FAMILY_NAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ",
                "Ngô", "Dương", "Lý", "Đinh", "Lương", "Ma", "Nông"]  # fmt: skip
MALE_MIDDLE = ["Văn", "Minh", "Đức", "Hữu", "Quang", "Thanh", "Xuân", "Công", "Quốc", "Tiến"]
FEMALE_MIDDLE = ["Thị", "Thu", "Ngọc", "Minh", "Thanh", "Hồng", "Diệu", "Phương", "Bích", "Kim"]
MALE_GIVEN = ["An", "Bình", "Cường", "Dũng", "Đạt", "Giang", "Hải", "Hiếu", "Hòa", "Hùng", "Khánh", "Long", "Nam",
              "Phong", "Quân", "Sơn", "Tâm", "Thắng", "Trung", "Tuấn", "Việt", "Vinh"]  # fmt: skip
FEMALE_GIVEN = ["Anh", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hương", "Lan", "Linh", "Mai", "Nga", "Ngân",
                "Nhung", "Oanh", "Phương", "Quỳnh", "Thảo", "Trang", "Vân", "Yến", "Ánh"]  # fmt: skip


def random_name(rng: random.Random, *, female: bool) -> str:
    family = rng.choice(FAMILY_NAMES)
    middle = rng.choice(FEMALE_MIDDLE if female else MALE_MIDDLE)
    given = rng.choice(FEMALE_GIVEN if female else MALE_GIVEN)
    return f"{family} {middle} {given}"
