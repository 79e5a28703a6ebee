"""Checks of a generated database, read back through the ORM and the product's own code.

* ``check_dossier(d)`` — for one dossier: ``replay.differences(d) == []`` (the stored clock is
  what the event log gives), events numbered 1…``event_count`` with each ``from_state`` the
  previous ``to_state`` and the last ``to_state`` the dossier's state, control-slip rows
  numbered 1…``step_count``, ``current_step`` the first open row (its agency and holder on the
  dossier), the national status of the state, the fields each state must (and must not) have,
  one open pause exactly when the state is paused, and the notices' snapshots equal to what
  ``forms`` computes for the dossier.
* ``check_codes()`` — every code is ``{receiving unit}-{YYMMDD of reception}-{NNNN}``, each
  unit-day sequence is 1…n in the order of reception, and ``DailyCounter`` holds exactly those n.
"""

from __future__ import annotations

import itertools
import random
from collections import defaultdict


def check_dossier(d) -> list[str]:
    from motcua.dossiers import forms
    from motcua.dossiers.models import Notice
    from motcua.dossiers.replay import differences
    from motcua.dossiers.states import NATIONAL_STATUS, OPEN_STATES, PAUSED_STATES

    out = [f"replay: {x}" for x in differences(d)]
    events = list(d.events.order_by("sequence"))
    if [e.sequence for e in events] != list(range(1, d.event_count + 1)):
        out.append("events not numbered 1…event_count")
    previous = ""
    for e in events:
        if e.from_state != previous:
            out.append(f"event {e.sequence} {e.action}: from {e.from_state!r}, was {previous!r}")
        previous = e.to_state
    if events and (previous != d.state or events[-1].at != d.last_event_at):
        out.append("last event does not match the dossier's state or last_event_at")
    if any(a.at > b.at for a, b in itertools.pairwise(events)):
        out.append("events out of order in time")
    steps = list(d.steps.order_by("sequence"))
    if [s.sequence for s in steps] != list(range(1, d.step_count + 1)):
        out.append("control-slip rows not numbered 1…step_count")
    open_rows = [s for s in steps if s.finished_at is None]
    first = open_rows[0] if open_rows else None
    if (d.current_step_id, d.current_holder_id) != (
        (first.pk, first.holder_id) if first else (None, None)
    ):
        out.append("current step/holder is not the first open row")
    if first is not None and d.current_agency_id != first.agency_id:
        out.append("current agency is not the open row's")
    if d.national_status != NATIONAL_STATUS[d.state]:
        out.append(f"national status {d.national_status} for {d.state}")
    received = d.state not in ("submitted", "reception_supplement", "refused")
    if received != (d.code is not None and d.received_at is not None):
        out.append("code / received_at inconsistent with the state")
    if received and d.due_at is None and not d.case.no_appointment:
        out.append("received without a due instant")
    if d.state in OPEN_STATES - PAUSED_STATES and not open_rows:
        out.append("open dossier without an open row")
    if d.state in ("returned", "withdrawn", "refused", "submitted") and open_rows:
        out.append(f"{d.state} dossier with open rows")
    if (d.finished_at is not None) != (d.state in ("finished", "returned", "withdrawn")):
        out.append("finished_at inconsistent with the state")
    if (d.returned_at is not None) != (d.state == "returned"):
        out.append("returned_at inconsistent with the state")
    if d.state in ("finished", "returned") and d.result_kind not in ("result", "ineligible"):
        out.append("finished without a result")
    open_pauses = list(d.pauses.filter(resumed_at=None))
    wanted = {"supplement": "supplement", "payment": "payment", "stopped": "stop"}.get(d.state)
    if [p.kind for p in open_pauses] != ([wanted] if wanted else []):
        out.append(f"open pauses {[p.kind for p in open_pauses]} in state {d.state}")
    notices = list(d.notices.order_by("issued_at", "id"))
    receipts = [n for n in notices if n.form == Notice.Form.RECEIPT]
    if received != (len(receipts) == 1 and receipts[0].number == d.code):
        out.append("receipt (Form 01) missing or not numbered with the code")
    if d.state == "withdrawn" and not any(n.form == Notice.Form.STOP_NOTICE for n in notices):
        out.append("withdrawn without a stop notice")
    if d.state == "refused" and not any(n.form == Notice.Form.REFUSAL for n in notices):
        out.append("refused without Form 03")
    for n in notices:
        header = forms._header(d, n.form)
        # A notice keeps the form set of when it was issued (a Form 02 at reception before
        # 1 July 2025 is a 2018 form, the receipt after it a 2025 one).
        header["form_set"] = n.form_set
        header["form_number"] = forms.form_number(n.form_set, n.form)
        if d.received_at is None or n.issued_at < d.received_at:
            header["code"] = None  # issued before reception (Form 02 or 03 at the counter)
        stored = {k: n.data.get(k) for k in header}
        if stored != header:
            diff = [k for k in header if stored.get(k) != header[k]]
            out.append(f"{n.form} snapshot differs from forms._header in {diff}")
    if receipts:
        # Form 01 as issued: the appointment was the due instant computed at reception.
        expected = forms.receipt(d)
        receive = next((e for e in events if e.action == "receive"), None)
        expected["appointment_at"] = receive.payload["due_at"] if receive else None
        if receipts[0].data != expected:
            diff = [k for k in expected if receipts[0].data.get(k) != expected[k]]
            out.append(f"Form 01 snapshot differs from forms.receipt in {diff}")
    return out


def check_codes() -> dict:
    """Every unit-day sequence, against the codes and the daily counters."""
    from motcua.dossiers.models import DailyCounter, Dossier
    from motcua.dossiers.policies import centralised_system_digits, code_format
    from motcua.dossiers.timeliness import vn_date

    agencies = dict(
        Dossier.objects.values_list("receiving_unit_id", "receiving_unit__code").distinct()
    )
    digits = centralised_system_digits() if code_format() == "centralised" else ""
    sequences: dict[tuple[int, object], list[tuple]] = defaultdict(list)
    problems: list[str] = []
    n = 0
    rows = (
        Dossier.objects.exclude(received_at=None)
        .values_list("code", "receiving_unit_id", "received_at", "id")
        .order_by("receiving_unit_id", "received_at", "id")
    )
    for code, unit, received_at, pk in rows.iterator(chunk_size=20_000):
        n += 1
        day = vn_date(received_at)
        prefix = f"{agencies[unit]}-{day:%y%m%d}-{digits}"
        if not code or not code.startswith(prefix) or not code[len(prefix) :].isdigit():
            problems.append(f"dossier {pk}: code {code!r} does not start with {prefix}")
            continue
        sequences[(unit, day)].append(int(code[len(prefix) :]))
    for (unit, day), numbers in sequences.items():
        if numbers != list(range(1, len(numbers) + 1)):
            problems.append(f"{agencies[unit]} {day}: not 1…n in the order of reception")
    counters = {(c.agency_id, c.day): c.last for c in DailyCounter.objects.filter(scope="dossier")}
    expected = {key: len(numbers) for key, numbers in sequences.items()}
    if counters != expected:
        wrong = [k for k in set(counters) | set(expected) if counters.get(k) != expected.get(k)]
        problems.append(f"{len(wrong)} daily counters differ from the codes, e.g. {wrong[:3]}")
    return {"codes": n, "unit_days": len(sequences), "problems": problems[:20]}


def verify(sample: int, seed: int) -> dict:
    """``check_dossier`` on ``sample`` random dossiers, and ``check_codes``."""
    from motcua.dossiers.models import Dossier

    ids = list(Dossier.objects.values_list("id", flat=True).order_by("id"))
    rng = random.Random(seed)
    chosen = sorted(rng.sample(ids, min(sample, len(ids))))
    problems: list[str] = []
    by_state: dict[str, int] = defaultdict(int)
    agreeing = 0
    for pk in chosen:
        d = Dossier.objects.select_related(
            "receiving_unit", "competent_agency", "procedure_version__procedure", "case"
        ).get(pk=pk)
        found = check_dossier(d)
        by_state[d.state] += 1
        if found:
            problems += [f"{d.code or d.pk} ({d.state}): {x}" for x in found]
        else:
            agreeing += 1
    codes = check_codes()
    return {
        "sampled": len(chosen),
        "consistent": agreeing,
        "sampled_states": dict(sorted(by_state.items())),
        "problems": problems[:30],
        "codes": codes,
        "ok": not problems and not codes["problems"],
    }
