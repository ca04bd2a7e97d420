"""Where to find help at once: what the site tells someone whose words read like a crisis.

Shown to the author of such a post (the moderator may take hours, the help lines do not)
and to a member who reports that someone seems in danger.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

CRISIS_HELP = _l(
    "Ce que vous écrivez nous inquiète. Si vous pensez au suicide ou à vous faire du mal, "
    "parlez-en maintenant : appelez le 3114 (prévention du suicide, gratuit, jour et nuit), "
    "le 15 (SAMU) ou le 112 (urgences). Vous n’êtes pas seul·e."
)
