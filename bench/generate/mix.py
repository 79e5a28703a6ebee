"""The proportions of the generated database, in one place (docs/benchmarks.md, "Generated
database", explains where they come from).

Weights are relative; they need not add up to anything. ``where`` says who receives the case:
``commune`` — the one-stop centre of a commune or ward, for the agency of that commune (or, for
a procedure independent of administrative boundaries, sometimes of another one); ``province`` —
the provincial Public Administration Service Centre (H99.20), or now and then a commune centre
when the procedure does not depend on boundaries.
"""

from __future__ import annotations

import datetime as dt

# (procedure code, case code, where) -> weight (≈ per cent of all dossiers)
PROCEDURES: dict[tuple[str, str, str], float] = {
    # Civil status and residence at the communes dominate.
    ("1.001193", "01", "commune"): 8.0,  # khai sinh
    ("1.009922.H99", "01", "commune"): 3.5,  # NĐ 63/2024 group: khai sinh + thường trú + BHYT
    ("1.009922.H99", "02", "commune"): 0.6,
    ("1.009901.H99", "01", "commune"): 3.0,  # kết hôn
    ("1.009901.H99", "02", "commune"): 0.2,
    ("1.009902.H99", "01", "commune"): 2.5,  # khai tử
    ("1.009903.H99", "01", "commune"): 6.0,  # trích lục hộ tịch
    ("1.009903.H99", "01", "province"): 0.5,
    ("1.009904.H99", "01", "commune"): 5.0,  # xác nhận tình trạng hôn nhân
    ("1.009905.H99", "01", "commune"): 3.6,  # chứng thực bản sao (counter only)
    ("1.009905.H99", "02", "commune"): 0.3,
    ("1.009906.H99", "01", "commune"): 1.2,  # chứng thực chữ ký (counter only)
    ("1.009907.H99", "01", "commune"): 0.5,  # chứng thực hợp đồng (counter only)
    ("1.009908.H99", "01", "commune"): 11.0,  # thường trú (commune police)
    ("1.009909.H99", "01", "commune"): 9.0,  # tạm trú
    ("1.009910.H99", "01", "commune"): 2.0,  # hộ kinh doanh
    ("1.009911.H99", "01", "commune"): 1.5,
    ("1.009912.H99", "01", "commune"): 2.0,  # giấy phép xây dựng nhà ở
    ("1.009913.H99", "01", "commune"): 0.5,
    ("1.009913.H99", "01", "province"): 0.1,
    ("1.009913.H99", "02", "province"): 0.1,
    ("1.009914.H99", "01", "commune"): 1.5,  # đăng ký đất đai lần đầu (with Thuế)
    ("1.009915.H99", "01", "commune"): 0.3,  # môi trường: no appointment
    ("1.009916.H99", "01", "commune"): 0.3,
    ("1.009917.H99", "01", "commune"): 0.3,
    ("1.009918.H99", "01", "commune"): 0.05,
    ("1.009919.H99", "01", "commune"): 0.1,  # karaoke (two versions)
    ("1.009919.H99", "01", "province"): 0.05,
    ("1.009920.H99", "01", "commune"): 0.1,
    ("1.009921.H99", "01", "commune"): 0.3,
    # Province level.
    ("2.009931.H99", "01", "province"): 6.0,  # lý lịch tư pháp
    ("2.009931.H99", "02", "province"): 1.0,
    ("2.009932.H99", "01", "province"): 1.5,  # thẻ BHYT
    ("2.009933.H99", "01", "province"): 0.3,  # GPXD công trình: police + NN&MT in parallel
    ("2.009934.H99", "01", "province"): 6.0,  # biến động đất đai (with Thuế)
    ("2.009935.H99", "01", "province"): 1.0,
    ("2.009936.H99", "01", "province"): 0.2,
    ("2.009937.H99", "01", "province"): 0.5,
    ("2.009938.H99", "01", "province"): 0.1,
    ("2.009939.H99", "01", "province"): 0.02,
    ("2.009940.H99", "01", "province"): 0.3,  # Bằng khen: police, tax, BHXH in parallel
    ("2.009941.H99", "01", "province"): 0.05,
}

# Procedures whose owner is an organisation (tax code) rather than a person.
ORGANISATION_OWNERS = frozenset(
    {"1.009918.H99", "2.009933.H99", "2.009936.H99", "2.009938.H99", "2.009939.H99", "2.009941.H99"}
)
# Procedures with financial obligations (land): the tax office's step asks for payment.
PAYMENT_PROCEDURES = frozenset({"1.009914.H99", "2.009934.H99"})

# Receiving units: relative population served by each commune or ward centre.
COMMUNE_WEIGHTS = {
    "H99.51.01": 2.4, "H99.52.01": 2.0, "H99.53.01": 1.8, "H99.54.01": 1.6, "H99.55.01": 1.5,
    "H99.56.01": 1.0, "H99.57.01": 1.2, "H99.58.01": 1.0, "H99.59.01": 0.9, "H99.60.01": 0.9,
    "H99.61.01": 1.1, "H99.62.01": 0.8, "H99.63.01": 0.7, "H99.64.01": 0.8, "H99.65.01": 0.4,
    "H99.66.01": 0.4, "H99.67.01": 0.6, "H99.68.01": 0.7, "H99.69.01": 0.6, "H99.70.01": 0.5,
}  # fmt: skip
PROVINCE_CENTRE = "H99.20"
# Boundary-independent procedures: share received elsewhere than at home.
COMMUNE_ELSEWHERE = 0.08  # at another commune's centre (for the applicant's home commune)
PROVINCE_AT_COMMUNE = 0.15  # a province procedure received at a commune centre

# Channels, province-wide (domain.md §3.1; the seeds: ~90 % online). Counter-only cases are
# received at the counter; the others are shifted so that the totals come out right.
CHANNELS = {"online": 0.90, "counter": 0.08, "postal": 0.02}
# How the applicant asks to get the result, by channel.
RETURN_METHODS = {
    "online": (("online", 0.45), ("counter", 0.40), ("post", 0.15)),
    "counter": (("counter", 0.85), ("post", 0.15)),
    "postal": (("post", 0.8), ("counter", 0.2)),
}

# Reception of online dossiers (the counter's decision after submission).
COMPLETION = 0.025  # Form 02 at reception, then received after the applicant completes it
COMPLETION_REFUSED = 0.08  # … of which refused in the end
REFUSED = 0.007  # Form 03 straight away

# During handling (shares of received dossiers).
LATE = {"province": 0.010, "commune": 0.025}  # the seeds: ~99 % on time, lower at communes
SUPPLEMENT = 0.03  # Form 02 during handling (once)
SUPPLEMENT_ABANDONED = 0.12  # … never supplemented
PAYMENT = 0.7  # of the procedures with financial obligations
PAYMENT_NEVER = 0.02
STOP = 0.006
STOP_NEVER_RESUMED = 0.25
WITHDRAW = 0.005
INELIGIBLE = 0.02  # finished with a notice of ineligibility instead of a result
APOLOGY = 0.4  # of the late dossiers: an apology with a new appointment before the due instant
STEP_OVERRUN = 0.05  # an on-time dossier with one row over its own budget
NAMED_RECEIVER = 0.6  # a hand-over names the next officer (else the unit's inbox)
SUBMITTER = 0.15  # a submitter besides the owner
EMAIL = 0.35
RATED = 0.25  # rated after the result was returned
RATINGS = (("very_satisfied", 0.78), ("satisfied", 0.19), ("not_satisfied", 0.03))
NEVER_COLLECTED = {"counter": 0.015, "post": 0.003, "online": 0.0}

# Volume over time: weekday factors and a gentle growth over the period.
WEEKDAY = (1.15, 1.05, 1.0, 1.0, 0.9, 0.6, 0.5)  # Monday … Sunday (make-up Saturdays)
MONTH = (0.85, 0.8, 1.05, 1.0, 1.0, 1.05, 1.1, 1.05, 1.0, 1.0, 1.0, 1.1)
GROWTH_PER_YEAR = 0.10

DEFAULT_SINCE = dt.date(2024, 7, 1)
DEFAULT_UNTIL = dt.date(2026, 6, 30)
REFORM = dt.date(2025, 7, 1)  # the demo's agencies and procedure versions start here
