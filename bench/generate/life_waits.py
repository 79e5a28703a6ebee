"""Waiting in a simulated life (``life.Life``): supplements (pause or restart mode), financial
obligations and stops (the clock paused), withdrawal and apologies with a new appointment, as
``motcua/dossiers/services/pauses.py`` and ``handling.py`` do."""

from __future__ import annotations

from . import mix
from . import payloads as P
from .payloads import AGENCY, AGENCY_CODE, DUE, DUE_DB, ID, SEQ, W_DUE, W_STARTED
from .timeline import DAY
from .wording import HANDLERS, REASONS, SUPPLEMENT_ITEMS


class Waits:
    """The pause, withdrawal and apology transitions of :class:`~bench.generate.life.Life`."""

    __slots__ = ()

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
