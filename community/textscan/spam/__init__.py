"""Links, and the spam that comes with them: sales, promo codes, recruitment, miracle cures.

Sales (sales.py), promo codes and affiliate links (promo_codes.py), recruitment
(recruitment.py), invitations to write in private for a product (private_contact.py) and
miracle cures (miracle_cures.py) each have their module; this one finds the links
(links.py) and the links repeated, and runs the others on the post read once (marks.py):
its links, and its sentence ends and prices when a rule asks for them.

Most posts sell nothing, and are scanned fast: a costly pattern runs only when one of the
key words that each of its matches holds is in the post (KEYED lists them, for the tests),
and a pattern that opens on an alternation of groups states that it begins a word with a
look-behind, which turns away the middle of words at once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from community.textscan.normalize import FoldedText, Hit
from community.textscan.spam import links, marks, miracle_cures, promo_codes, recruitment
from community.textscan.spam.links import domain_of
from community.textscan.spam.marks import Post
from community.textscan.spam.miracle_cures import find_miracle_cures
from community.textscan.spam.private_contact import find_private_contact
from community.textscan.spam.promo_codes import find_promo_codes
from community.textscan.spam.recruitment import find_recruitment
from community.textscan.spam.sales import find_sales

# Each pattern runs only if one of its key words is in the post (the tests may check them).
KEYED = (
    *links.KEYED,
    *marks.KEYED,
    *promo_codes.KEYED,
    *recruitment.KEYED,
    *miracle_cures.KEYED,
)


def find_spam(text: FoldedText) -> Iterator[Hit]:
    """Links (one hit per link) and the spam around them: repeated links, sales, promo codes
    and affiliate links, recruitment, invitations to write in private for a product, and
    miracle cures sold or promised."""
    post = Post(text)
    for hit, _url in post.links:
        yield hit
    # The same site three times or more, or the same address twice.
    per_site = Counter(hit.detail for hit, _url in post.links)
    per_address = Counter(url for _hit, url in post.links)
    repeated = {
        hit.detail for hit, url in post.links if per_site[hit.detail] >= 3 or per_address[url] > 1
    }
    for hit, _url in post.links:
        if hit.detail in repeated:
            yield Hit("repeated_links", hit.start, hit.end, hit.detail)
    selling = [
        *find_sales(post),
        *find_promo_codes(post),
        *find_recruitment(post),
        *find_private_contact(post),
    ]
    yield from selling
    # A cure is spam when it is sold: a price, an order, a code, a private message.
    yield from find_miracle_cures(post, bool(selling or post.prices))


__all__ = ["KEYED", "domain_of", "find_spam"]
