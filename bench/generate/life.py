"""The history of one dossier, written as the services would have written it.

:class:`Life` walks a dossier through its case's internal process with the same transitions as
``motcua/dossiers/services`` — submit, receive (Form 01), request completion or refuse at
reception, forward and assign (closing the actor's control-slip row, opening the next stage's
rows, one per agency of a parallel stage, ``waiting_for`` the others), request a supplement
(restart mode: every open row closed, the clock and the process start again when it arrives),
financial obligations and stops (the clock paused: due instants move by the working time
waited), withdraw (stop notice), apologise (Form 04), finish, return the result, rate — and
records, for each, the rows the service writes: the event with its payload, the control-slip
rows with their budgets, due instants, timeliness and working time over budget, the pauses, the
extensions, the notices.

Instants are integers, each carried with its working time ``W`` (``timeline.Clock``): a row's
due instant is ``at(W(start) + budget)``, its working time over budget ``W(end) − W(due)``. The
statutory due instant of a reception or a restart is ``deadlines.statutory_due`` itself.

How long each step takes is drawn so that the dossier ends early, on time or late as decided up
front (``mix.LATE``): durations are shares of each step's budget, squeezed into the working time
left before the due instant for a dossier that is not late; for a late one, one step (the
culprit) runs past the end of the due day. Nothing happens after the end of the period: the first
action that would is not taken, and the dossier stays in the state it had reached.
"""

from __future__ import annotations

import datetime as dt
import random

from . import mix
from . import payloads as P
from .arrivals import COMPLETION_REFUSED, REFUSED, Arrival
from .payloads import (
    ACTION,
    AGENCY,
    AGENCY_CODE,
    DUE,
    DUE_DB,
    FINISHED,
    FINISHED_DB,
    ID,
    NOTE,
    OVERRUN,
    POOL,
    ROLE,
    SEQ,
    TIMELINESS,
    W_DUE,
    W_STARTED,
    H,
)
from .timeline import DAY, VN_OFFSET, from_datetime, to_datetime

LEADERS = ("department_head", "signing_leader")
NAMED_RECEIVER = mix.NAMED_RECEIVER
_NOBODY: dict = {}
FINISHERS = ("signing_leader", "clerk")
HANDLERS = ("specialist", "department_head", "signing_leader", "clerk")
SUPPLEMENT_ITEMS = (
    ["Bản sao giấy tờ tùy thân còn hiệu lực"],
    ["Văn bản ủy quyền có chứng thực"],
    ["Bản vẽ, sơ đồ vị trí", "Giấy tờ chứng minh quyền sử dụng đất"],
    ["Tờ khai (ghi đầy đủ thông tin)"],
)
REASONS = {
    "completion": "Hồ sơ chưa đầy đủ thành phần theo quy định",
    "refuse": "Thủ tục không thuộc thẩm quyền giải quyết hoặc hồ sơ không hợp lệ",
    "supplement": "Cần bổ sung giấy tờ để thẩm định hồ sơ",
    "payment": "Thông báo nộp nghĩa vụ tài chính",
    "stop": "Tạm dừng để xác minh, lấy ý kiến cơ quan liên quan",
    "withdraw": "Người nộp hồ sơ đề nghị rút hồ sơ",
    "apology": "Hồ sơ cần thêm thời gian xác minh; xin lỗi và hẹn lại ngày trả kết quả",
    "ineligible": "Hồ sơ không đủ điều kiện giải quyết theo quy định",
}


class Cut(Exception):
    """The next action would happen after the end of the period."""


_CUT = Cut()


class Route:
    """A case received at a unit for a competent agency through a channel, as the simulation
    reads it: per step its process step, stage, name, role, agency (``step_agency``), budget
    (``budget_seconds``) and the officers who can hold it."""

    __slots__ = ("budgets", "event_stages", "header", "stages", "steps")

    def __init__(self, world, spec, unit: int, competent: int, channel: str) -> None:
        agencies = world.routes[(spec.index, unit, competent)]
        budgets = spec.channels[channel].budgets
        self.stages = spec.stages
        self.budgets = tuple(tuple(budgets[i] for i in st) for st in spec.stages)
        self.steps = [
            (s.id, s.stage, s.name, s.role, agency, P.text(world.agencies[agency][0]), budget,
             world.officers[(agency, s.role)])
            for s, agency, budget in zip(spec.steps, agencies, budgets, strict=True)
        ]  # fmt: skip
        # Where a pause, a supplement or a withdrawal happens: a single-row stage after the
        # counter's; the tax office's for financial obligations, else the specialist's.
        single = [k for k, st in enumerate(spec.stages) if len(st) == 1 and k > 0]
        specialist = [k for k in single if self.steps[spec.stages[k][0]][3] == "specialist"]
        tax = [k for k in single if world.agencies[self.steps[spec.stages[k][0]][4]][0] == "H99.31"]
        first = (specialist or single or [None])[0]
        agency_of = world.agencies
        self.header = P.Header.fixed(
            agency_of[unit], agency_of[competent], spec.procedure_code, spec.version_name,
            spec.case_name,
        )  # fmt: skip
        self.event_stages = {
            "payment": (tax or specialist or single or [None])[0],
            "supplement": first,
            "stop": first,
            "withdraw": single,
        }


class Ctx:
    """What every life of a run shares: the world, the formats of instants, the next ids (set
    per chunk), the routes and legal regimes met so far, the installation's settings."""

    def __init__(self, world, formats, as_of: int, *, code_prefix: str = "",
                 apology_moves_due: bool = False, default_scale=1) -> None:  # fmt: skip
        self.world, self.clock, self.f, self.as_of = world, world.clock, formats, as_of
        self.ids = None
        self.regimes: dict[int, tuple] = {}  # day number -> (name, form set, supplement mode)
        self.code_prefix = code_prefix  # TT 04/2025 centralised codes: the system's two digits
        self.apology_moves_due = apology_moves_due
        self.default_scale = default_scale  # Dossier.budget_scale before reception, as written
        self.routes: dict[tuple, Route] = {}
        self._components: dict[tuple, tuple] = {}
        from motcua.dossiers.forms import form_number

        self.form_number = {
            (fs, form): form_number(fs, form)
            for fs in ("2018", "2025")
            for form in ("receipt", "supplement_request", "refusal", "apology", "stop_notice")
        }

    def components(self, spec, key: tuple[bool, ...]):
        """The components received (those of ``key``), and their JSON in Form 01."""
        cached = self._components.get((spec.index, key))
        if cached is None:
            chosen = [
                (cid, name, o, c)
                for (cid, name, o, c, _m), k in zip(spec.components, key, strict=True)
                if k
            ]
            items = ", ".join(
                f'{{"name": {P.text(name)}, "originals": {o}, "copies": {c}}}'
                for _cid, name, o, c in chosen
            )
            cached = self._components[(spec.index, key)] = (chosen, f"[{items}]")
        return cached

    def route(self, a: Arrival) -> Route:
        key = (a.spec.index, a.unit, a.competent, a.channel)
        route = self.routes.get(key)
        if route is None:
            route = self.routes[key] = Route(self.world, a.spec, a.unit, a.competent, a.channel)
        return route

    def regime(self, ts: int):
        day = (ts + VN_OFFSET) // DAY
        regime = self.regimes.get(day)
        if regime is None:
            from motcua.dossiers.policies import regime_on

            r = regime_on(dt.date.fromordinal(719163 + day))
            regime = self.regimes[day] = (r.name, r.form_set, r.supplement_mode)
        return regime


class Life:
    __slots__ = (
        "a",
        "appointment",
        "ch",
        "clock",
        "code",
        "components_",
        "counter",
        "current",
        "current_agency",
        "current_holder",
        "cutoff_db",
        "db",
        "due",
        "events",
        "extensions",
        "finished",
        "form_set",
        "header",
        "iso",
        "last",
        "limit_db",
        "notices",
        "open",
        "parties",
        "pauses",
        "r",
        "rating",
        "received",
        "regime",
        "result",
        "return_method",
        "returned",
        "returned_to",
        "rng",
        "route",
        "scale_db",
        "spec",
        "state",
        "steps",
        "subject",
        "supplement_asked",
        "supplement_mode",
        "time_unit",
        "x",
    )  # fmt: skip

    def __init__(self, ctx: Ctx, a: Arrival, rng: random.Random, people_cls) -> None:
        self.x, self.a, self.rng, self.r = ctx, a, rng, rng.random
        self.clock, self.iso, self.db = ctx.clock, ctx.f.iso, ctx.f.db
        self.spec = a.spec
        self.ch = a.spec.channels[a.channel]
        self.route = ctx.route(a)
        self.state = ""
        self.events: list[tuple] = []
        self.steps: list[list] = []
        self.open: list[list] = []
        self.pauses: list[list] = []
        self.extensions: list[tuple] = []
        self.notices: list[tuple] = []
        self.current = self.current_agency = self.current_holder = None
        self.due = self.appointment = self.received = self.finished = self.returned = None
        self.last = a.submitted
        self.code = None
        self.regime = self.form_set = self.supplement_mode = self.time_unit = ""
        self.limit_db = self.cutoff_db = self.scale_db = None
        self.result = ("", "", "", None, "")
        self.returned_to = ""
        self.rating = ("", None)
        self.supplement_asked = False
        self.counter = self.pick(ctx.world.officers[(a.unit, "counter_officer")])
        self._make_parties(people_cls(rng))
        rnd = self.r
        key = tuple(mandatory or rnd() < 0.3 for *_c, mandatory in self.spec.components)
        self.components_ = ctx.components(self.spec, key)

    # ------------------------------------------------------------------ people

    def _make_parties(self, p) -> None:
        a, rnd, world = self.a, self.r, self.x.world
        locality = (
            world.locality.get(a.unit) or world.localities[int(rnd() * len(world.localities))]
        )
        if self.spec.procedure_code in mix.ORGANISATION_OWNERS:
            owner = (p.organisation(), "tax_code", p.tax_code(), p.address(locality), p.phone())
        else:
            name, female = p.name()
            owner = (name, "cccd", p.citizen_id(female), p.address(locality), p.phone())
        email = p.email(owner[0]) if rnd() < mix.EMAIL else ""
        parties = [("owner", (*owner, email))]
        if rnd() < mix.SUBMITTER:
            name, female = p.name()
            person = (name, "cccd", p.citizen_id(female), p.address(locality), p.phone(), "")
            parties.append(("submitter", person))
        self.parties = parties
        self.subject = f"{self.spec.version_name} — {owner[0]}"[:500]
        y = rnd()
        methods = mix.RETURN_METHODS[a.channel]
        self.return_method = methods[-1][0]
        for method, share in methods:
            if y < share:
                self.return_method = method
                break
            y -= share
        self.header = P.Header(
            self.route.header, subject=self.subject, parties=parties, channel=a.channel
        )

    def pick(self, pool) -> tuple[int, str]:
        return pool[int(self.r() * len(pool))]

    def components(self):
        """(required id, name, originals, copies) of the components received."""
        return self.components_[0]

    # ------------------------------------------------------------------ bookkeeping

    def at(self, ts: int) -> None:
        if ts > self.x.as_of:
            raise _CUT
        if ts < self.last:
            raise AssertionError(f"event before the previous one in dossier {self.a.id}")
        self.last = ts

    def event(self, ts, actor, action, from_state, to_state, payload) -> None:
        x = self.x
        ids = x.ids
        n = ids.event
        ids.event = n + 1
        events = self.events
        if actor is None:
            actor_id, label = None, x.world.applicant_label
        else:
            actor_id, label = actor
        events.append(
            (n, self.a.id, len(events) + 1, x.f.db(ts), actor_id, label, action, from_state,
             to_state, payload)
        )  # fmt: skip

    def notice(self, form, ts, actor, number, data) -> None:
        x = self.x
        ids = x.ids
        n = ids.notice
        ids.notice = n + 1
        self.notices.append(
            (n, self.a.id, form, self.form_set, x.form_number[(self.form_set, form)], number,
             x.f.db(ts), actor[0] if actor else None, data)
        )  # fmt: skip

    def open_rows(self, indexes, ts, w_ts, holders, giver, giver_agency) -> list[list]:
        ids, at, steps, route, db = self.x.ids, self.clock.at, self.steps, self.route.steps, self.db
        started = db(ts)
        did = self.a.id
        opened = []
        for i in indexes:
            step_id, stage, name, role, agency, agency_json, budget, pool = route[i]
            n = ids.step
            ids.step = n + 1
            w_due = w_ts + budget
            due = at(w_due) if budget > 0 else self.clock.next_working(ts)
            row = [n, did, len(steps) + 1, step_id, stage, name, role, agency, holders.get(i),
                   giver, giver_agency, started, budget, db(due), None, "", "", "", 0,
                   agency_json, w_ts, w_due, pool, ts, due, None]  # fmt: skip
            steps.append(row)
            opened.append(row)
        self.open = opened
        first = opened[0]
        self.current, self.current_agency, self.current_holder = first, first[AGENCY], first[H]
        return opened

    def close(self, row, ts, w_ts, action, by, note="") -> None:
        row[FINISHED] = ts
        row[FINISHED_DB] = self.db(ts)
        row[ACTION] = action
        row[NOTE] = note
        due_day, day = (row[DUE] + VN_OFFSET) // DAY, (ts + VN_OFFSET) // DAY
        row[TIMELINESS] = "early" if day < due_day else ("on_time" if day == due_day else "late")
        over = w_ts - row[W_DUE]
        row[OVERRUN] = over if over > 0 else 0
        if row[H] is None and by is not None:
            row[H] = by[0]
        open_ = self.open
        if len(open_) == 1:
            self.open = []
        else:
            self.open = [r for r in open_ if r is not row]

    # ------------------------------------------------------------------ the life

    def run(self) -> None:
        a = self.a
        try:
            if a.channel == "online":
                self.submit(a.submitted)
                if a.completion is not None:
                    self.request_completion(a.completion)
                if a.disposition in (REFUSED, COMPLETION_REFUSED):
                    self.refuse(a.anchor)
                    return
            self.receive(a.anchor)
            self.handle()
        except Cut:
            pass

    def submit(self, ts) -> None:
        self.at(ts)
        self.regime, self.form_set, default = self.x.regime(ts)
        self.supplement_mode = self.spec.supplement_mode or default
        self.state = "submitted"
        self.event(
            ts, None, "submit", "", "submitted",
            f'{{"submitted_at": "{self.iso(ts)}", "channel": "online"}}',
        )  # fmt: skip

    def request_completion(self, ts) -> None:
        self.at(ts)
        items = SUPPLEMENT_ITEMS[int(self.r() * len(SUPPLEMENT_ITEMS))]
        reason = REASONS["completion"]
        number = self.x.form_number[(self.form_set, "supplement_request")]
        data = P.supplement_request(self.header, self.form_set, number, None, reason, items)
        self.notice("supplement_request", ts, self.counter, "", data)
        self.supplement_asked = True
        self.event(
            ts, self.counter, "request_completion", self.state, "reception_supplement",
            f'{{"reason": {P.text(reason)}, "items": {P.items(items)}}}',
        )  # fmt: skip
        self.state = "reception_supplement"

    def refuse(self, ts) -> None:
        self.at(ts)
        reason = REASONS["refuse"]
        number = self.x.form_number[(self.form_set, "refusal")]
        data = P.refusal(self.header, self.form_set, number, None, reason)
        self.notice("refusal", ts, self.counter, "", data)
        self.event(
            ts, self.counter, "refuse", self.state, "refused", f'{{"reason": {P.text(reason)}}}'
        )
        self.state = "refused"

    def statutory_due(self, ts) -> int | None:
        """``deadlines.statutory_due`` of the dossier's limit from ``ts``."""
        ch = self.ch
        rule = ch.due_rule
        if rule is not None:
            return self.clock.due(ts, rule[0], rule[1], self.spec.cutoff_sod)
        if ch.time_limit is None and ch.time_unit != "same_day":
            return None
        from motcua.dossiers.deadlines import statutory_due

        due = statutory_due(
            self.x.world.calendar,
            to_datetime(ts),
            time_limit=ch.time_limit,
            time_unit=ch.time_unit,
            cutoff=self.spec.cutoff,
        )
        return None if due is None else from_datetime(due)

    def receive(self, ts) -> None:
        self.at(ts)
        x, spec, ch, iso = self.x, self.spec, self.ch, self.iso
        from_state = self.state
        self.regime, self.form_set, default = x.regime(ts)
        self.supplement_mode = spec.supplement_mode or default
        self.limit_db, self.time_unit, self.scale_db = ch.time_limit_db, ch.time_unit, ch.scale_db
        self.cutoff_db = spec.cutoff_db
        self.received = ts
        self.due = self.appointment = self.statutory_due(ts)
        self.code = self.a.code
        first = self.open_rows((0,), ts, self.clock.w(ts), {0: self.counter[0]}, None, None)[0]
        received_iso = iso(ts)
        due_iso = iso(self.due) if self.due is not None else None
        number = x.form_number[(self.form_set, "receipt")]
        data = P.receipt(
            self.header, self.form_set, number, self.code, self.components_[1], 1,
            ch.time_limit_text, ch.time_unit, received_iso, due_iso, self.return_method,
        )  # fmt: skip
        self.notice("receipt", ts, self.counter, self.code, data)
        self.state = "received"
        payload = (
            f'{{"code": {P.text(self.code)}, "received_at": "{received_iso}", '
            f'"regime": "{self.regime}", "supplement_mode": "{self.supplement_mode}", '
            f'"time_limit": {P.text(ch.time_limit_text)}, "time_unit": "{ch.time_unit}", '
            f'"cutoff": {P.text(spec.cutoff_text)}, "budget_scale": "{ch.scale_text}", '
            f'"due_at": {P.text(due_iso)}, "opened": {P.opened_row(first, iso, received_iso)}}}'
        )
        self.event(ts, self.counter, "receive", from_state, "received", payload)

    # ------------------------------------------------------------------ handling

    def handle(self) -> None:
        a, rnd, spec = self.a, self.r, self.spec
        late = self.due is not None and rnd() < mix.LATE[a.level]
        supplement = not self.supplement_asked and rnd() < mix.SUPPLEMENT
        event = None
        if spec.procedure_code in mix.PAYMENT_PROCEDURES and rnd() < mix.PAYMENT:
            event = "payment"
        elif rnd() < mix.STOP:
            event = "stop"
        elif rnd() < mix.WITHDRAW:
            event = "withdraw"
        start = self.received, self.clock.w(self.received)
        if supplement:
            start = self.stages(start, late=False, event="supplement")
            if start is None:
                return
        if self.stages(start, late=late, event=event) is None:
            return
        if self.state == "finished":
            self.give_back()

    def _durations(self, w0: int, late: bool, event: str | None):
        """Working seconds each open row of each stage takes, and the culprit (stage, row) of a
        late dossier."""
        rnd, stages, steps = self.r, self.route.stages, self.route.steps
        durations = [
            [int(b * (0.04 + 0.96 * rnd() ** 1.7)) + 30 for b in st] for st in self.route.budgets
        ]
        durations[0] = [d // 2 for d in durations[0]]
        culprit = None
        several = len(stages) > 1
        if self.due is None or event == "supplement":
            if self.due is None and several and rnd() < mix.STEP_OVERRUN:
                k = 1 + int(rnd() * (len(stages) - 1))
                durations[k][0] = int(steps[stages[k][0]][6] * (1.1 + 0.9 * rnd()))
            return durations, culprit
        clock = self.clock
        allowance = clock.w(self.due) - w0
        total = sum(map(max, durations))
        if total > allowance:
            squeeze = max(0, allowance) * (0.45 + 0.52 * rnd()) / total
            durations = [[max(1, int(d * squeeze)) for d in ds] for ds in durations]
            total = sum(map(max, durations))
        if late and several:
            k = 1 + int(rnd() * (len(stages) - 1))
            r = int(rnd() * len(stages[k]))
            culprit = (k, r)
            others = total - max(durations[k])
            day = (self.due + VN_OFFSET) // DAY
            need = clock.day_end_w(day) - w0 - others + 1
            extra = int(rnd() * (clock.per_day // 2))
            if event in ("payment", "stop") or rnd() < 0.35:
                extra += clock.per_day  # a pause shifts both ends: stay a day late
            if rnd() < 0.15:
                extra += clock.per_day * (1 + int(rnd() * 4))
            durations[k][r] = max(durations[k][r], need + extra)
        elif not late and several and rnd() < mix.STEP_OVERRUN:
            k = 1 + int(rnd() * (len(stages) - 1))
            r = int(rnd() * len(stages[k]))
            longer = int(steps[stages[k][r]][6] * (1.1 + 0.9 * rnd()))
            if total - max(durations[k]) + longer <= allowance:
                durations[k][r] = max(durations[k][r], longer)
        return durations, culprit

    def stages(self, start, *, late: bool, event: str | None):
        """Run the handling stages from the open first stage (opened at ``start`` = (instant,
        W)) to ``finish``. Returns where processing restarted after a supplement, the finish,
        or None when the dossier stops here (withdrawn, abandoned, never resumed)."""
        clock, rnd, route = self.clock, self.r, self.route
        stages = route.stages
        w0 = start[1]
        durations, culprit = self._durations(w0, late, event)
        event_stage = None
        if event == "withdraw":
            candidates = route.event_stages["withdraw"]
            event_stage = candidates[int(rnd() * len(candidates))] if candidates else None
        elif event:
            event_stage = route.event_stages[event]
        last = len(stages) - 1
        planned_end = w0 + sum(map(max, durations))
        plain = culprit is None and event_stage is None
        at = clock.at
        for k in range(len(stages)):
            ds = durations[k]
            if plain and len(ds) == 1:
                row = self.open[0]
                w_end = row[W_STARTED] + ds[0]
                if k == last:
                    self.finish(row, at(w_end), w_end)
                else:
                    self.forward(row, at(w_end), w_end, k + 1)
                continue
            if k == event_stage:
                row, d = self.open[0], ds[0]
                w_p = row[W_STARTED] + max(1, int(d * (0.2 + 0.7 * rnd())))
                p = clock.at(w_p)
                if event == "supplement":
                    return self.supplement(row, p, w_p)
                if event == "withdraw":
                    self.withdraw(p, w_p)
                    return None
                resumed = self.pause(event, row, p)
                if resumed is None:
                    return None
                w_end = resumed[1] + max(1, d - (w_p - row[W_STARTED]))
                ends = [(w_end, row)]
            elif len(ds) == 1:
                row = self.open[0]
                ends = [(row[W_STARTED] + ds[0], row)]
            else:
                ends = sorted(
                    ((row[W_STARTED] + d, row) for row, d in zip(self.open, ds, strict=True)),
                    key=lambda e: (e[0], e[1][SEQ]),
                )
            apology = None
            if culprit is not None and culprit[0] == k and k != event_stage:
                culprit_row = self.steps[-len(ds) + culprit[1]]
                apology = self._apology_instant(culprit_row, ds[culprit[1]], planned_end)
            n_last = len(ends) - 1
            for n, (w_end, row) in enumerate(ends):
                end = clock.at(w_end)
                if apology is not None and apology[0] <= end:
                    self.apologise(culprit_row, *apology)
                    apology = None
                if n < n_last:
                    self.forward(row, end, w_end, None)
                elif k == last:
                    self.finish(row, end, w_end)
                else:
                    self.forward(row, end, w_end, k + 1)
        return self.finished

    def _actor(self, row, roles=None) -> tuple[int, str]:
        """Who acts on ``row``: its holder, else an officer of its role at its agency."""
        holder = row[H]
        if roles is None or row[ROLE] in roles:
            if holder is not None:
                return holder, self.x.world.labels[holder]
            return self.pick(row[POOL])
        officers = self.x.world.officers
        role = next(r for r in roles if (row[AGENCY], r) in officers)
        return self.pick(officers[(row[AGENCY], role)])

    def forward(self, row, ts, w_ts, next_stage: int | None) -> None:
        """``forward``/``assign``: close ``row``; open the next stage unless others of this
        stage are still open (``next_stage`` None: the dossier then waits for them). The hot
        path of the generator: ``at``, ``close``, ``open_rows`` and ``event`` inlined."""
        x = self.x
        if ts > x.as_of:
            raise _CUT
        if ts < self.last:
            raise AssertionError(f"event before the previous one in dossier {self.a.id}")
        self.last = ts
        rnd, route, db, iso = self.r, self.route, self.db, self.iso
        ts_iso, ts_db = iso(ts), db(ts)
        action = "forward"
        receiver = None
        if next_stage is not None:
            targets = route.stages[next_stage]
            if len(targets) == 1:
                target = route.steps[targets[0]]
                if target[3] == "specialist" and row[ROLE] in LEADERS:
                    action = "assign"
                if action == "assign" or rnd() < NAMED_RECEIVER:
                    pool = target[7]
                    receiver = pool[int(rnd() * len(pool))][0]
        holder = row[H]
        if holder is None:
            pool = row[POOL]
            actor = pool[int(rnd() * len(pool))]
            row[H] = actor[0]
        else:
            actor = (holder, x.world.labels[holder])
        # Close the row (``close``).
        row[FINISHED] = ts
        row[FINISHED_DB] = ts_db
        row[ACTION] = action
        due_day, day = (row[DUE] + VN_OFFSET) // DAY, (ts + VN_OFFSET) // DAY
        timeliness = "early" if day < due_day else ("on_time" if day == due_day else "late")
        row[TIMELINESS] = timeliness
        over = w_ts - row[W_DUE]
        if over > 0:
            row[OVERRUN] = over
        closed = (
            f'{{"sequence": {row[SEQ]}, "finished_at": "{ts_iso}", "timeliness": "{timeliness}"}}'
        )
        open_ = self.open
        if next_stage is None:
            open_ = self.open = [r for r in open_ if r is not row]
            first = open_[0]
            self.current, self.current_agency, self.current_holder = first, first[AGENCY], first[H]
            waiting = ", ".join(str(r[SEQ]) for r in open_)
            payload = f'{{"closed": {closed}, "note": "", "waiting_for": [{waiting}]}}'
        elif len(targets) == 1:
            # Open the next row (``open_rows``).
            step_id, stage, name, role, agency, agency_json, budget, pool = target
            ids, steps = x.ids, self.steps
            n = ids.step
            ids.step = n + 1
            w_due = w_ts + budget
            due = self.clock.at(w_due)
            sequence = len(steps) + 1
            new = [n, self.a.id, sequence, step_id, stage, name, role, agency, receiver,
                   actor[0], row[AGENCY], ts_db, budget, db(due), None, "", "", "", 0,
                   agency_json, w_ts, w_due, pool, ts, due, None]  # fmt: skip
            steps.append(new)
            self.open = [new]
            self.current, self.current_agency, self.current_holder = new, agency, receiver
            payload = (
                f'{{"closed": {closed}, "note": "", "opened": {{"sequence": {sequence}, '
                f'"stage": {stage}, "agency": {agency_json}, '
                f'"holder": {"null" if receiver is None else receiver}, '
                f'"started_at": "{ts_iso}", "budget_seconds": {budget}, '
                f'"due_at": "{iso(due)}"}}}}'
            )
        else:
            self.open = []
            opened = self.open_rows(targets, ts, w_ts, _NOBODY, actor[0], row[AGENCY])
            payload = f'{{"closed": {closed}, "note": "", {P.opened(opened, iso, ts_iso)}}}'
        from_state = self.state
        self.state = "processing"
        # Record the event (``event``).
        ids = x.ids
        n = ids.event
        ids.event = n + 1
        events = self.events
        events.append(
            (n, self.a.id, len(events) + 1, ts_db, actor[0], actor[1], action, from_state,
             "processing", payload)
        )  # fmt: skip

    def finish(self, row, ts, w_ts) -> None:
        """``finish``: close the last handling row, the result exists; open the counter's row
        to return it (``open_rows`` and ``event`` inlined, as in ``forward``)."""
        self.at(ts)
        spec, iso, x = self.spec, self.iso, self.x
        actor = self._actor(row, FINISHERS)
        from_state = self.state
        self.close(row, ts, w_ts, "finish", actor)
        self.finished = ts
        ts_iso, ts_db = iso(ts), self.db(ts)
        if self.r() < mix.INELIGIBLE:
            self.result = ("ineligible", "", "", ts, REASONS["ineligible"])
            kind, number = "ineligible", '""'
        else:
            signer = actor[1]
            for r in reversed(self.steps):
                if r[ROLE] == "signing_leader" and r[H] is not None:
                    signer = x.world.labels[r[H]]
                    break
            result_number = f"{self.a.id % 9000 + 100}/{x.f.date(ts)[:4]}"
            self.result = ("result", result_number, signer, ts, "")
            kind, number = "result", f'"{result_number}"'
        payload = (
            f'{{"closed": {{"sequence": {row[SEQ]}, "finished_at": "{ts_iso}", '
            f'"timeliness": "{row[TIMELINESS]}"}}, "finished_at": "{ts_iso}", '
            f'"result_kind": "{kind}", "result_number": {number}'
        )
        if self.due is not None and (ts + VN_OFFSET) // DAY > (self.due + VN_OFFSET) // DAY:
            late = ", ".join(
                f'{{"sequence": {r[SEQ]}, "agency": {r[AGENCY_CODE]}, '
                f'"overrun_seconds": {r[OVERRUN]}}}'
                for r in self.steps
                if r[OVERRUN] > 0
            )
            payload += f', "late_steps": [{late}]'
        if spec.return_step is not None:
            step_id, stage, name, role, agency, agency_json, budget, pool = self.route.steps[
                spec.return_step
            ]
            ids, steps = x.ids, self.steps
            n = ids.step
            ids.step = n + 1
            w_due = w_ts + budget
            due = self.clock.at(w_due)
            sequence = len(steps) + 1
            new = [n, self.a.id, sequence, step_id, stage, name, role, agency, None, actor[0],
                   row[AGENCY], ts_db, budget, self.db(due), None, "", "", "", 0, agency_json,
                   w_ts, w_due, pool, ts, due, None]  # fmt: skip
            steps.append(new)
            self.open = [new]
            self.current, self.current_agency, self.current_holder = new, agency, None
            payload += (
                f', "opened": {{"sequence": {sequence}, "stage": {stage}, "agency": {agency_json}, '
                f'"holder": null, "started_at": "{ts_iso}", "budget_seconds": {budget}, '
                f'"due_at": "{iso(due)}"}}}}'
            )
        else:
            self.current, self.current_holder = None, None
            self.current_agency = self.a.unit
            payload += "}"
        self.state = "finished"
        ids = x.ids
        n = ids.event
        ids.event = n + 1
        events = self.events
        events.append(
            (n, self.a.id, len(events) + 1, ts_db, actor[0], actor[1], "finish", from_state,
             "finished", payload)
        )  # fmt: skip

    # ------------------------------------------------------------------ pauses

    def _pause_row(self, kind, mode, row, ts, actor, reason, items) -> list:
        ids = self.x.ids
        n = ids.pause
        ids.pause = n + 1
        deadline = ts + 15 * DAY if kind == "supplement" else None  # the applicant's deadline
        pause = [n, kind, mode, row[ID] if row else None, ts, actor[0] if actor else None, reason,
                 items, deadline, self.due, None, None, None]  # fmt: skip
        self.pauses.append(pause)
        return pause

    def _pause_payload(self, kind, mode, ts, reason) -> str:
        due = P.text(self.iso(self.due) if self.due is not None else None)
        return (
            f'"pause": {{"kind": "{kind}", "mode": "{mode}", "requested_at": "{self.iso(ts)}", '
            f'"due_before": {due}}}, "reason": {P.text(reason)}'
        )

    def supplement(self, row, ts, w_ts):
        """Form 02 during handling, then (unless abandoned) the supplement received: in restart
        mode, processing starts again from the first stage with a new due instant."""
        self.at(ts)
        rnd, iso = self.r, self.iso
        actor = self._actor(row)
        items = SUPPLEMENT_ITEMS[int(rnd() * len(SUPPLEMENT_ITEMS))]
        reason = REASONS["supplement"]
        mode = self.supplement_mode
        from_state = self.state
        pause = self._pause_row("supplement", mode, row, ts, actor, reason, items)
        payload = self._pause_payload("supplement", mode, ts, reason)
        if mode == "restart":
            closed = list(self.open)
            for r in closed:
                self.close(r, ts, w_ts, "request_supplement", actor, reason)
            payload += ", " + P.closed(closed, iso(ts))
            self.current, self.current_holder, self.current_agency = None, None, self.a.unit
        payload += f', "items": {P.items(items)}'
        number = self.x.form_number[(self.form_set, "supplement_request")]
        data = P.supplement_request(self.header, self.form_set, number, self.code, reason, items)
        self.notice("supplement_request", ts, actor, "", data)
        self.supplement_asked = True
        self.state = "supplement"
        self.event(ts, actor, "request_supplement", from_state, "supplement", "{" + payload + "}")
        if rnd() < mix.SUPPLEMENT_ABANDONED or mode != "restart":
            # Never supplemented; (the pause mode, not the default, is not generated further).
            return None
        clock = self.clock
        back = clock.next_working(ts + DAY + int(rnd() * 11 * DAY) + int(rnd() * DAY))
        by_applicant = rnd() < 0.3
        actor = None if by_applicant else self.counter
        self.at(back)
        resume = self._resume(pause, back, actor)
        first = self.route.stages[0]
        w_back = clock.w(back)
        holders = {} if by_applicant else {first[0]: actor[0]}
        opened = self.open_rows(first, back, w_back, holders, None, None)
        payload = f'{{"resume": {resume}, ' + P.opened(opened, iso, iso(back)) + "}"
        self.state = "processing"
        self.event(back, actor, "receive_supplement", "supplement", "processing", payload)
        return back, w_back

    def _resume(self, pause, ts, actor) -> str:
        """End ``pause`` at ``ts``: the due instant restarts or moves (``pauses._end_pause``);
        returns the event's ``resume`` object."""
        clock = self.clock
        kind, mode, since = pause[1], pause[2], pause[4]
        if mode == "restart":
            self.due = self.appointment = self.statutory_due(ts)
        else:
            waited = clock.between(since, ts)
            if waited > 0:
                if self.due is not None:
                    self.due = clock.add(self.due, waited)
                if self.appointment is not None:
                    self.appointment = clock.add(self.appointment, waited)
                for row in self.open:
                    row[W_DUE] += waited
                    row[DUE] = clock.at(row[W_DUE])
                    row[DUE_DB] = self.db(row[DUE])
        pause[10], pause[11], pause[12] = ts, actor[0] if actor else None, self.due
        due = P.text(self.iso(self.due) if self.due is not None else None)
        return (
            f'{{"kind": "{kind}", "mode": "{mode}", "resumed_at": "{self.iso(ts)}", '
            f'"due_after": {due}}}'
        )

    def _moved_payload(self) -> str:
        moved = self.open
        if not moved:
            return ""
        out = f', "step_due_at": "{self.iso(moved[0][DUE])}"'
        if len(moved) > 1:
            times = ", ".join(f'"{r[SEQ]}": "{self.iso(r[DUE])}"' for r in moved)
            out += f', "steps_due_at": {{{times}}}'
        return out

    def pause(self, kind, row, ts):
        """Financial obligations or a stop in ``row``; returns (instant, W) when the clock
        resumed, None when it never does."""
        self.at(ts)
        rnd, clock = self.r, self.clock
        if kind == "payment":
            actor = self._actor(row, HANDLERS)
            action, state, back_action = "request_payment", "payment", "confirm_payment"
            never, gap = mix.PAYMENT_NEVER, DAY // 2 + int(rnd() * 9.5 * DAY)
        else:
            officers = self.x.world.officers[(row[AGENCY], "department_head")]
            actor = self.pick(officers)
            action, state, back_action = "stop", "stopped", "resume"
            never, gap = mix.STOP_NEVER_RESUMED, 2 * DAY + int(rnd() * 28 * DAY)
        reason = REASONS[kind]
        pause = self._pause_row(kind, "pause", row, ts, actor, reason, [])
        from_state = self.state
        self.state = state
        payload = "{" + self._pause_payload(kind, "pause", ts, reason) + "}"
        self.event(ts, actor, action, from_state, state, payload)
        if rnd() < never:
            return None
        back = clock.next_working(ts + gap)
        self.at(back)
        resumer = self.counter if kind == "payment" else actor
        resume = self._resume(pause, back, resumer)
        self.state = "processing"
        payload = f'{{"resume": {resume}{self._moved_payload()}}}'
        self.event(back, resumer, back_action, state, "processing", payload)
        return back, clock.w(back)

    def withdraw(self, ts, w_ts) -> None:
        self.at(ts)
        by_applicant = self.r() < 0.5
        actor = None if by_applicant else self.counter
        reason = REASONS["withdraw"]
        closed = list(self.open)
        for row in closed:
            self.close(row, ts, w_ts, "withdraw", actor, reason)
        from_state = self.state
        self.finished = ts
        self.current, self.current_holder = None, None
        number = self.x.form_number[(self.form_set, "stop_notice")]
        data = P.stop_notice(
            self.header, self.form_set, number, self.code, self.iso(ts), from_state, reason
        )
        self.notice("stop_notice", ts, actor, "", data)
        payload = f'"reason": {P.text(reason)}'
        if closed:
            payload += ", " + P.closed(closed, self.iso(ts))
        self.state = "withdrawn"
        self.event(ts, actor, "withdraw", from_state, "withdrawn", "{" + payload + "}")

    # ------------------------------------------------------------------ apology

    def _apology_instant(self, row, duration, planned_end):
        """(instant, new appointment) of an apology during the culprit ``row``, if one is
        made: before the appointment, while the row is open."""
        if self.r() >= mix.APOLOGY or self.appointment is None:
            return None
        clock = self.clock
        start = row[W_STARTED]
        room = min(clock.w(self.appointment) - start, duration) - 1
        if room < 60:
            return None
        ts = clock.at(start + 1 + int(self.r() * (room - 1)))
        if ts >= self.appointment:
            return None
        new = clock.at(
            max(
                clock.w(self.appointment) + clock.per_day,
                planned_end + 1 + int(self.r() * clock.per_day),
            )
        )
        return ts, new

    def apologise(self, row, ts, new) -> None:
        self.at(ts)
        x = self.x
        actor = self._actor(row, HANDLERS)
        reason = REASONS["apology"]
        previous = self.appointment
        ids = x.ids
        n = ids.extension
        ids.extension = n + 1
        self.extensions.append(
            (n, self.a.id, reason, x.f.db(previous), x.f.db(new), x.f.db(ts), actor[0],
             row[AGENCY], row[ID])
        )  # fmt: skip
        self.appointment = new
        if x.apology_moves_due:
            self.due = new
        number = f"{len(self.extensions)}/PXL"
        data = P.apology(
            self.header, self.form_set, x.form_number[(self.form_set, "apology")], self.code,
            self.iso(self.received), self.spec.field_name, self.iso(previous), self.iso(new),
            reason, x.world.agencies[row[AGENCY]][1],
        )  # fmt: skip
        self.notice("apology", ts, actor, number, data)
        payload = (
            f'{{"reason": {P.text(reason)}, "previous_appointment": "{self.iso(previous)}", '
            f'"new_appointment": "{self.iso(new)}", "cause_agency": {row[AGENCY_CODE]}, '
            f'"cause_step": {row[SEQ]}}}'
        )
        self.event(ts, actor, "apologise", self.state, self.state, payload)

    # ------------------------------------------------------------------ return

    def give_back(self) -> None:
        rnd, clock, method = self.r, self.clock, self.return_method
        if rnd() < mix.NEVER_COLLECTED[method]:
            return
        f = self.finished
        per_day = clock.per_day
        if method == "online":
            w_ts = clock.w(f) + 300 + int(rnd() * 4 * 3600)
            ts = clock.at(w_ts)
        elif method == "post":
            w_ts = clock.w(f) + (1 + int(rnd() * 3)) * per_day - int(rnd() * 3600)
            ts = clock.at(w_ts)
        else:
            y = rnd()
            if y < 0.5:
                w_ts = clock.w(f) + 600 + int(rnd() * per_day)
                ts = clock.at(w_ts)
            else:
                days = 1 + rnd() * 4 if y < 0.85 else 5 + rnd() * 15
                ts = clock.next_working(f + int(days * DAY))
                w_ts = clock.w(ts)
        self.at(ts)
        actor = self.counter
        received_by = self.parties[-1][1][0] if method == "counter" else ""
        closed = list(self.open)
        for row in closed:
            self.close(row, ts, w_ts, "return_result", actor)
        self.current, self.current_holder = None, None
        self.returned, self.returned_to = ts, received_by
        payload = (
            f'"method": "{method}", "received_by": {P.text(received_by)}, '
            f'"returned_at": "{self.iso(ts)}"'
        )
        if closed:
            payload += ", " + P.closed(closed, self.iso(ts))
        self.state = "returned"
        self.event(ts, actor, "return_result", "finished", "returned", "{" + payload + "}")
        if rnd() < mix.RATED:
            y = rnd()
            rating = mix.RATINGS[-1][0]
            for name, share in mix.RATINGS:
                if y < share:
                    rating = name
                    break
                y -= share
            at_counter = method == "counter" and rnd() < 0.5
            when = ts if at_counter else ts + 60 + int(rnd() * 3 * DAY)
            self.at(when)
            self.rating = (rating, when)
            self.event(
                when, actor if at_counter else None, "rate", "returned", "returned",
                f'{{"rating": "{rating}"}}',
            )  # fmt: skip
