"""Reception in a simulated life (``life.Life``): submit, receive with Form 01, ask to complete
(Form 02) or refuse (Form 03), as ``motcua/dossiers/services/reception.py`` does."""

from __future__ import annotations

from . import payloads as P
from .timeline import from_datetime, to_datetime
from .wording import REASONS, SUPPLEMENT_ITEMS


class Reception:
    """The reception transitions of :class:`~bench.generate.life.Life` (state on the instance)."""

    __slots__ = ()

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
