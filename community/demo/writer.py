"""How the demo writes: plausible posts from a topic's fragments, and when they were written."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from community.demo.texts import GENERIC, Topic


class Writer:
    """Makes plausible posts from a topic's fragments with one seeded random generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def _list(self, topic: Topic) -> str:
        items = self.rng.sample(topic.tips, self.rng.randint(2, 4))
        intro = self.rng.choice(GENERIC.list_intros)
        return intro + "\n\n" + "\n".join(f"- {item}" for item in items)

    def title(self, topic: Topic, used: set[str]) -> str:
        # The space's own subjects first, then everyday ones any space has.
        left = [t for t in topic.titles if t not in used]
        left = left or [t for t in GENERIC.titles if t not in used]
        pick = self.rng.choice(left)
        used.add(pick)
        return pick

    def opening(self, topic: Topic) -> str:
        rng = self.rng
        parts = []
        opener = rng.choice(GENERIC.openers)
        story = " ".join(rng.sample(topic.lines, rng.randint(2, 4)))
        parts.append(f"{opener}\n\n{story}" if opener else story)
        if rng.random() < 0.3:
            parts.append(self._list(topic))
        parts.append(rng.choice(GENERIC.questions))
        closer = rng.choice(GENERIC.closers)
        if closer:
            parts.append(closer)
        return "\n\n".join(parts)

    def reply(self, topic: Topic, thread_author: str) -> str:
        rng = self.rng
        first = rng.choice(GENERIC.empathy)
        if rng.random() < 0.25:
            first = f"{thread_author}, {first[0].lower()}{first[1:]}"
        shape = rng.random()
        if shape < 0.35:
            return first
        parts = [" ".join([first, *rng.sample(topic.lines, rng.randint(1, 2))])]
        if shape > 0.8:
            parts.append(self._list(topic) if rng.random() < 0.6 else rng.choice(GENERIC.bold))
        if rng.random() < 0.3:
            parts.append(rng.choice(GENERIC.suggestions))
        closer = rng.choice(GENERIC.closers)
        if closer and rng.random() < 0.5:
            parts.append(closer)
        return "\n\n".join(parts)

    def thanks(self) -> str:
        return self.rng.choice(GENERIC.thanks)

    def moderator_note(self) -> str:
        return self.rng.choice(GENERIC.moderator_notes)


def share(total: int, weights: list[float]) -> list[int]:
    """Split `total` in proportion to `weights`, in whole numbers that add up exactly."""
    raw = [total * w / sum(weights) for w in weights]
    counts = [int(x) for x in raw]
    by_remainder = sorted(range(len(raw)), key=lambda i: counts[i] - raw[i])
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def spaced_times(rng: random.Random, start: datetime, count: int, end: datetime) -> list[datetime]:
    """`count` increasing times after `start`, hours to days apart, all before `end`."""
    offsets, hours = [], 0.0
    for _ in range(count):
        hours += min(rng.expovariate(1 / 9), 96) + 0.2
        offsets.append(hours)
    if offsets and start + timedelta(hours=offsets[-1]) > end:
        squeeze = (end - start) / timedelta(hours=offsets[-1])
        offsets = [h * squeeze for h in offsets]
    return sorted(daytime(start + timedelta(hours=h), end) for h in offsets)


def daytime(when: datetime, end: datetime) -> datetime:
    """Move a night-time moment (UTC) to the morning: few people post at 3 a.m."""
    if when.hour < 6:
        when += timedelta(hours=7)
    return min(when, end).replace(microsecond=0)
