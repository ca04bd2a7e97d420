"""Seed the cluster rehearsal's database through the services, as an operator's script would.

Usage (with the hosts' COMMUNITY_* environment, after `flask db upgrade`):
    python bench/cluster_seed.py --members 50 --moderators 2 --spaces 2 --threads 10

One association; public spaces, each with published threads to answer; members who
joined every space; moderators of every space. Writes what the load needs to --out as one
JSON object: the log-ins, the spaces' slugs, the threads' ids, the password (standard
output carries the app's logs).
"""

from __future__ import annotations

import argparse
import json
import sys

PASSWORD = "repetition-generale-2026"  # noqa: S105 (the rehearsal's throw-away accounts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=50)
    parser.add_argument("--moderators", type=int, default=2)
    parser.add_argument("--spaces", type=int, default=2)
    parser.add_argument("--threads", type=int, default=10, help="published threads per space")
    parser.add_argument("--out", required=True, help="the JSON file to write")
    args = parser.parse_args()

    from community import create_app
    from community.accounts.services import create_member
    from community.extensions import db
    from community.forums import services as forums
    from community.forums.models import SpaceRoleKind

    app = create_app()
    with app.app_context():
        session = db.session()
        association = forums.create_association(
            session, name="Association de la répétition", slug="repetition"
        )
        spaces = [
            forums.create_space(
                session,
                association=association,
                name=f"Espace {number + 1}",
                slug=f"espace-{number + 1}",
                description="Un espace de la répétition générale.",
            )
            for number in range(args.spaces)
        ]

        def member(pseudonym: str):  # type: ignore[no-untyped-def]
            return create_member(
                session,
                pseudonym=pseudonym,
                email=f"{pseudonym}@repetition.test",
                password=PASSWORD,
            )

        moderators = [member(f"moderatrice{n + 1}") for n in range(args.moderators)]
        members = [member(f"membre{n + 1}") for n in range(args.members)]
        for space in spaces:
            for moderator in moderators:
                forums.grant_space_role(
                    session, space=space, member=moderator, kind=SpaceRoleKind.MODERATOR
                )
            for someone in members:
                forums.join_space(session, member=someone, space=space)
        threads = []
        for space in spaces:
            for number in range(args.threads):
                author = members[number % len(members)]
                thread, post = forums.start_thread(
                    session,
                    author=author,
                    space=space,
                    title=f"Discussion {number + 1} de {space.name}",
                    body="Comment vivez-vous votre traitement au quotidien ?",
                )
                forums.publish_post(session, post=post)
                threads.append(thread)
        session.commit()
        seeded = {
            "password": PASSWORD,
            "members": [m.pseudonym for m in members],
            "moderators": [m.pseudonym for m in moderators],
            "spaces": [s.slug for s in spaces],
            "threads": [t.id for t in threads],
        }
    with open(args.out, "w", encoding="utf-8") as out:
        json.dump(seeded, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
