"""The events one domain announces and others act on, without the first knowing them.

Each signal is sent by the domain that owns the event and connected in `create_app`
(never as a side effect of importing a module), so that who listens to what is read in
one place. Receivers run in the sender's transaction: they flush, they never commit.

Blinker calls a signal's receivers in no set order, so no receiver may depend on
another having run.

- `member_erasure_begins` (accounts), sender: the `Erasure` of an account about to be
  deleted, with `session`, sent before `member_erasing`. A domain whose rows a
  moderator's decision also writes locks here those the erasure will write, in the order
  a decision takes them (forums: posts, then threads, then spaces, each by id), so that
  no receiver of `member_erasing` has written anything first and an erasure and a bulk
  approval never wait for each other in a circle.
- `member_erasing` (accounts), sender: the `Erasure` of an account being deleted, with
  `session`. Each domain forgets the member in its own receiver: forums withdraws the
  posts, leaves the spaces and forgets the reactions, moderation makes the audit log name
  a neutral pseudonym, notifications deletes the member's, search re-indexes their posts
  under the new name, selfdata deletes the vault and the cards.
- `visibility_changed` (forums), sender: a `forums.events.Change` (posts and threads whose
  visibility or published text changed), with `session`. Search writes its outbox rows.
  Notifications tells of a post just published its followers, the members it mentions
  and the author of the post it quotes, and forgets what told of a post taken down.
- `review_changed` (forums), sender: a `Post` whose review_requested_at the forums just
  set (an edit) or cleared (a withdrawal, a take-down), with `session`. Moderation copies
  it onto the post's queue item, from which the queue reads its order and counts. A new
  post sends nothing (it has no queue item yet), nor does a publication (moderation's
  own decision, which keeps the item itself).
- `post_decided` (moderation), sender: the `ModerationDecision` just taken, with
  `session`, `post` and `is_revision` (it decided an edit of a published post).
  Notifications tells the author (and, for a dismissal, the reporters: they may
  contest it). Sent once the decision is complete: a dismissal names its reports first.
  Moderation's notices record the outcome of the visitors' notices it closed and write
  each sender the decision.
- `post_escalated` (moderation), sender: the `ModerationDecision` that hands a post to
  another moderator, with `session`, `post` and `target` (the member it is handed to).
  Notifications tells the target.
- `appeal_submitted` (moderation), sender: the `Appeal` just made, with `session`.
  Notifications tells those who may decide it: the space's moderators and association
  admins (the site admins, for a suspension of the whole site), but the one whose
  decision it contests and the appellant.
- `appeal_decided` (moderation), sender: the `Appeal` just decided, with `session`,
  `post` (None for an appeal of a suspension) and `outcome` (the decision of the audit
  log that answers it). Notifications tells the appellant, and the post's author when
  the outcome took their post down, and marks read what told the deciders of it once
  none of that decision's appeals waits. Moderation's notices write the senders of the
  visitors' notices the first decision answered that it was reversed.
- `account_decided` (moderation), sender: the `ModerationDecision` about an account just
  taken (a suspension, or its lifting), with `session` and `member` (whose account it
  is). Notifications tells the member, with the statement of reasons of a suspension.
- `membership_requested` (forums), sender: the `MembershipRequest` a member just made
  to join a members-only space, with `session`. Notifications tells the space's
  moderators and association admins (the requester's words stay on their page).
- `membership_decided` (forums), sender: the `MembershipRequest` just answered (or
  taken back by its author), with
  `session` and `by_invitation` (the member followed an invitation link: nobody decided
  just now, and nobody need tell them). Notifications tells the member of the answer,
  and marks read what told the deciders of requests once none waits in the space.
- `post_extras` (pages that list posts), sender: the page's name ("thread", "queue"),
  with `session`, `posts` and `viewer`; each receiver returns a dict of what it adds to
  the page's template, each value keyed by post id. Self data answers with the data
  cards' slots (and logs each card seen; its after-request hook commits the log and
  marks the page private). A page lists what it may receive in its docstring.
"""

from __future__ import annotations

from typing import Any

from blinker import Namespace

_signals = Namespace()

member_erasure_begins = _signals.signal("member-erasure-begins")
member_erasing = _signals.signal("member-erasing")
visibility_changed = _signals.signal("visibility-changed")
review_changed = _signals.signal("review-changed")
post_decided = _signals.signal("post-decided")
post_escalated = _signals.signal("post-escalated")
appeal_submitted = _signals.signal("appeal-submitted")
appeal_decided = _signals.signal("appeal-decided")
account_decided = _signals.signal("account-decided")
membership_requested = _signals.signal("membership-requested")
membership_decided = _signals.signal("membership-decided")
post_extras = _signals.signal("post-extras")


def extras_for(page: str, **kwargs: Any) -> dict[str, Any]:
    """Every receiver's contribution to a page that lists posts, merged into one dict."""
    merged: dict[str, Any] = {}
    for _receiver, contribution in post_extras.send(page, **kwargs):
        if contribution:
            merged.update(contribution)
    return merged
