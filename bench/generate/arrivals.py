"""What arrives when: dossiers per day, and each one's case, units, channel and the instants of
its life up to the counter's decision.

Every dossier is *anchored* at the counter's decision: the reception (``R``) or the refusal. The
anchor lies in working time on a working day; everything before it is derived backwards (the
online submission, a request to complete the dossier). So all the dossiers received on a day are
planned together, and their codes can be numbered in the order of reception. Days are planned
from their own random stream (seed, day): the same seed gives the same database whatever the
chunk size.

The days after the end of the period (``tail``) are planned too, but only the online dossiers
submitted before its end are kept: they are the ones still waiting for the counter (national
status 1) or for the applicant to complete them (5) when the database is looked at.
"""

from __future__ import annotations

import datetime as dt
import random
from bisect import bisect
from dataclasses import dataclass
from itertools import accumulate

from . import mix
from .timeline import DAY, day_number, instant, vn_day

NORMAL, COMPLETION, REFUSED, COMPLETION_REFUSED = range(4)
TAIL_DAYS = 14


@dataclass(slots=True)
class Arrival:
    spec: object  # world.CaseSpec
    unit: int
    competent: int
    channel: str
    disposition: int
    anchor: int  # reception (or refusal) instant
    submitted: int
    completion: int | None  # request to complete (Form 02 at reception)
    level: str  # "commune" or "province": the late rate
    id: int = 0
    code: str | None = None


class Planner:
    def __init__(self, world, seed: int, since: dt.date, until: dt.date) -> None:
        self.world, self.seed = world, seed
        self.since, self.until = since, until
        self.start = instant(since)
        self.as_of = instant(until + dt.timedelta(days=1)) - 1
        keys = list(mix.PROCEDURES)
        self.keys = keys
        self.key_cum = list(accumulate(mix.PROCEDURES[k] for k in keys))
        units = sorted(world.commune_centres)
        self.units = units
        self.unit_cum = list(accumulate(world.commune_centres[u] for u in units))
        self.channel_p = _channel_probabilities(world)

    # ------------------------------------------------------------------ volume

    def day_weights(self, days: list[dt.date]) -> list[float]:
        clock = self.world.clock
        out = []
        for day in days:
            if not clock.is_working_day(day_number(day)):
                out.append(0.0)
                continue
            years = (day - self.since).days / 365.25
            out.append(
                mix.WEEKDAY[day.weekday()]
                * mix.MONTH[day.month - 1]
                * (1 + mix.GROWTH_PER_YEAR * years)
            )
        return out

    def volumes(self, count: int) -> tuple[list[tuple[dt.date, int]], list[tuple[dt.date, list]]]:
        """The number of dossiers anchored on each day of the period, and the dossiers of the
        tail (anchored after the period, submitted within it), so that they add up to
        ``count``."""
        days = [
            self.since + dt.timedelta(days=k) for k in range((self.until - self.since).days + 1)
        ]
        weights = self.day_weights(days)
        total = sum(weights)
        per_weight = count / total
        tail_days = [self.until + dt.timedelta(days=k) for k in range(1, TAIL_DAYS + 1)]
        tail = []
        room = max(0, count - 1)
        for day, weight in zip(tail_days, self.day_weights(tail_days), strict=True):
            n = round(weight * per_weight)
            kept = [a for a in self.plan_day(day, n) if a.submitted <= self.as_of][:room]
            room -= len(kept)
            if kept:
                tail.append((day, kept))
        remaining = count - sum(len(kept) for _day, kept in tail)
        # Largest remainders: exact total, deterministic.
        raw = [w * remaining / total for w in weights]
        counts = [int(x) for x in raw]
        short = remaining - sum(counts)
        order = sorted(range(len(raw)), key=lambda i: (counts[i] - raw[i], i))
        for i in order[:short]:
            counts[i] += 1
        return list(zip(days, counts, strict=True)), tail

    # ------------------------------------------------------------------ one day

    def plan_day(self, day: dt.date, n: int) -> list[Arrival]:
        rng = random.Random(self.seed * 1_000_003 + day_number(day))
        world, clock = self.world, self.world.clock
        i = day_number(day) - clock.n0
        w0, per_day = clock.cum[i], clock.per_day
        out: list[Arrival] = []
        while len(out) < n:
            key = self.keys[bisect(self.key_cum, rng.random() * self.key_cum[-1])]
            code, case_code, where = key
            spec = world.spec_on((code, case_code), day)
            if spec is None:
                continue
            unit, competent = self._units(rng, spec, where)
            channel = self._channel(rng, spec)
            # Receptions all through the working day, a little more in the morning.
            offset = rng.randrange(1, per_day)
            if rng.random() < 0.2:
                offset = min(offset, rng.randrange(1, per_day))
            anchor = clock.at(w0 + offset)
            disposition, submitted, completion = self._before(rng, channel, anchor)
            valid = world.spec_on(
                (code, case_code), dt.date.fromordinal(719163 + vn_day(submitted))
            )
            if valid is None:
                continue
            if valid is not spec:
                # A new version came into force between submission and reception: the dossier
                # was submitted (and stays) under the one in force when it was submitted.
                spec = valid
            out.append(
                Arrival(
                    spec=spec,
                    unit=unit,
                    competent=competent,
                    channel=channel,
                    disposition=disposition,
                    anchor=anchor,
                    submitted=submitted,
                    completion=completion,
                    level=where,
                )
            )
        return out

    def _units(self, rng, spec, where) -> tuple[int, int]:
        world = self.world
        if where == "province":
            unit = world.province_centre
            if spec.boundary_independent and rng.random() < mix.PROVINCE_AT_COMMUNE:
                unit = self._commune(rng)
        else:
            unit = self._commune(rng)
        competent = world.local_decider.get((spec.index, unit))
        if competent is None:
            unit = world.province_centre
            competent = world.local_decider[(spec.index, unit)]
        if (
            where == "commune"
            and spec.boundary_independent
            and rng.random() < mix.COMMUNE_ELSEWHERE
        ):
            other = rng.choice(spec.deciders)
            if (spec.index, unit, other) in world.routes:
                competent = other
        return unit, competent

    def _commune(self, rng) -> int:
        return self.units[bisect(self.unit_cum, rng.random() * self.unit_cum[-1])]

    def _channel(self, rng, spec) -> str:
        x = rng.random()
        for channel, p in self.channel_p[spec.index]:
            if x < p:
                return channel
            x -= p
        return self.channel_p[spec.index][-1][0]

    def _before(self, rng, channel, anchor) -> tuple[int, int, int | None]:
        """(disposition, submitted, completion requested) before the anchor."""
        if channel != "online":
            return NORMAL, anchor, None
        x = rng.random()
        if x < mix.REFUSED:
            disposition = REFUSED
        elif x < mix.REFUSED + mix.COMPLETION:
            disposition = (
                COMPLETION_REFUSED if rng.random() < mix.COMPLETION_REFUSED else COMPLETION
            )
        else:
            disposition = NORMAL
        completion = None
        first = anchor
        if disposition in (COMPLETION, COMPLETION_REFUSED):
            clock = self.world.clock
            gap = rng.randrange(3_600, 8 * clock.per_day)
            w = clock.w(anchor) - gap
            completion = clock.at(w) if w > clock.w(self.start) else None
            if completion is None or completion <= self.start:
                disposition, completion = (NORMAL if disposition == COMPLETION else REFUSED), None
            else:
                first = completion
        # Online submissions come at any hour; the counter decides in working time.
        y = rng.random()
        if y < 0.6:
            delay = rng.randrange(120, 4 * 3600)
        elif y < 0.9:
            delay = rng.randrange(4 * 3600, 18 * 3600)
        else:
            delay = rng.randrange(18 * 3600, 3 * DAY)
        submitted = max(first - delay, self.start, first - 3 * DAY)
        if submitted >= first:
            submitted = first - 1
        return disposition, submitted, completion


def _channel_probabilities(world) -> dict[int, list[tuple[str, float]]]:
    """Per case: the channels it accepts, with probabilities such that the province-wide shares
    come out near ``mix.CHANNELS`` although some cases are counter-only or not postal."""
    weight_of: dict[tuple[str, str], float] = {}
    for (code, case, _where), w in mix.PROCEDURES.items():
        weight_of[(code, case)] = weight_of.get((code, case), 0) + w
    total = sum(weight_of.values())
    online_capable = postal_capable = 0.0
    for key, w in weight_of.items():
        channels = world.versions[key][0].channels
        if "online" in channels:
            online_capable += w
            if "postal" in channels and "counter" in channels:
                postal_capable += w
    online = min(0.97, mix.CHANNELS["online"] * total / online_capable)
    postal = min(1.0, mix.CHANNELS["postal"] * total / ((1 - online) * postal_capable))
    out = {}
    for spec in world.specs:
        have = spec.channels
        p: list[tuple[str, float]] = []
        rest = 1.0
        if "online" in have:
            p.append(("online", online))
            rest -= online
        if "postal" in have and "counter" in have:
            p += [("postal", rest * postal), ("counter", rest * (1 - postal))]
        elif "counter" in have:
            p.append(("counter", rest))
        elif "postal" in have:
            p.append(("postal", rest))
        out[spec.index] = p
    return out
