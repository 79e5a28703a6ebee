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
from .life_reception import Reception
from .life_waits import Waits
from .payloads import (
    ACTION,
    AGENCY,
    AGENCY_CODE,
    DUE,
    FINISHED,
    FINISHED_DB,
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
from .timeline import DAY, VN_OFFSET
from .wording import (
    _NOBODY,
    FINISHERS,
    LEADERS,
    NAMED_RECEIVER,
    REASONS,
)


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


class Life(Reception, Waits):
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
