"""Fictional applicants and officers: Vietnamese names, citizen ID numbers, phones, addresses.

Everything is drawn from short lists with the generator's random stream, so the same seed gives
the same people. Names follow the usual family, middle and given name order; ID numbers have the
12-digit shape of a citizen identity card (province code 099, which no province uses).
"""

from __future__ import annotations

import random
import unicodedata

FAMILY = (
    ("Nguyễn", 30),
    ("Trần", 11),
    ("Lê", 9),
    ("Phạm", 7),
    ("Hoàng", 5),
    ("Vũ", 4),
    ("Phan", 4),
    ("Đặng", 3),
    ("Bùi", 3),
    ("Đỗ", 3),
    ("Hồ", 2),
    ("Ngô", 2),
    ("Dương", 2),
    ("Lý", 1),
    ("Hà", 2),
    ("Lò", 1),
    ("Lương", 1),
    ("Đinh", 2),
    ("Triệu", 1),
    ("Nông", 1),
)
MIDDLE_M = ("Văn", "Văn", "Đức", "Minh", "Quang", "Hữu", "Công", "Thanh", "Xuân", "Đình", "Tiến")
MIDDLE_F = ("Thị", "Thị", "Thị", "Thu", "Ngọc", "Thanh", "Minh", "Phương", "Hồng", "Bích")
GIVEN_M = (
    "An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hiếu", "Hùng", "Huy", "Khánh", "Long",
    "Mạnh", "Nam", "Phong", "Phúc", "Quân", "Sơn", "Tài", "Thắng", "Thành", "Trung", "Tuấn",
    "Việt", "Vinh", "Hoàng", "Kiên", "Lâm", "Nghĩa", "Tùng", "Duy",
)  # fmt: skip
GIVEN_F = (
    "Anh", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hoa", "Hương", "Huyền", "Lan",
    "Linh", "Loan", "Mai", "My", "Nga", "Ngân", "Nhung", "Oanh", "Phương", "Quỳnh", "Tâm",
    "Thảo", "Thủy", "Trang", "Uyên", "Vân", "Yến", "Hiền", "Ly",
)  # fmt: skip
VILLAGES = (
    "Thôn Đông", "Thôn Tây", "Thôn Trung", "Thôn Thượng", "Thôn Hạ", "Tổ dân phố 1",
    "Tổ dân phố 2", "Tổ dân phố 3", "Tổ dân phố 5", "Bản Mới", "Bản Nà", "Xóm Chùa",
    "Xóm Đồng", "Khu phố 4", "Khu phố 7",
)  # fmt: skip
STREETS = (
    "Lê Lợi", "Trần Hưng Đạo", "Nguyễn Trãi", "Hùng Vương", "Lý Thường Kiệt", "Quang Trung",
    "Bà Triệu", "Trường Chinh", "Võ Thị Sáu", "Nguyễn Du",
)  # fmt: skip
BUSINESS = (
    "Công ty TNHH", "Công ty cổ phần", "Hợp tác xã", "Doanh nghiệp tư nhân",
)  # fmt: skip
TRADES = (
    "Thương mại Sơn Hà", "Xây dựng Đông Thành", "Dịch vụ Hà Châu", "Dược phẩm Ngọc Tuyền",
    "Vận tải Quang Minh", "Nông sản Tân Lập", "Xăng dầu Yên Phú", "Giáo dục Minh Quang",
    "Du lịch Nà Phìn", "Kỹ thuật Hưng Đạo",
)  # fmt: skip

_FAMILY_NAMES = [name for name, weight in FAMILY for _ in range(weight)]


def ascii_slug(text: str) -> str:
    text = text.replace("Đ", "D").replace("đ", "d")
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in plain.lower() if c.isalnum())


class People:
    def __init__(self, rng: random.Random) -> None:
        self.r = rng.random

    def _pick(self, seq):
        return seq[int(self.r() * len(seq))]

    def _int(self, lo: int, hi: int) -> int:
        return lo + int(self.r() * (hi - lo))

    def name(self) -> tuple[str, bool]:
        """(full name, is a woman)."""
        pick = self._pick
        family = pick(_FAMILY_NAMES)
        if self.r() < 0.5:
            return f"{family} {pick(MIDDLE_F)} {pick(GIVEN_F)}", True
        return f"{family} {pick(MIDDLE_M)} {pick(GIVEN_M)}", False

    def citizen_id(self, female: bool) -> str:
        born = self._int(1945, 2008)
        century = (0 if born < 2000 else 2) + (1 if female else 0)
        return f"099{century}{born % 100:02d}{self._int(0, 1_000_000):06d}"

    def phone(self) -> str:
        return f"0{self._pick('389')}{self._int(10_000_000, 99_999_999)}"

    def address(self, locality: str) -> str:
        if self.r() < 0.4:
            street = self._pick(STREETS)
            return f"Số {self._int(1, 300)} đường {street}, {locality}, tỉnh Sơn Hà"
        return f"{self._pick(VILLAGES)}, {locality}, tỉnh Sơn Hà"

    def email(self, name: str) -> str:
        given = name.rsplit(" ", 1)[-1]
        return f"{ascii_slug(given)}{self._int(100, 9999)}@example.vn"

    def organisation(self) -> str:
        return f"{self._pick(BUSINESS)} {self._pick(TRADES)}"

    def tax_code(self) -> str:
        return f"57{self._int(10_000_000, 99_999_999)}"
