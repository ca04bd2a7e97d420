"""Pages that compose several domains: the thread page and the pages that write in it.

A page here may import every domain, and no domain imports it. Each domain keeps its
own pages in its `views`; what needs the forums, moderation and self data at once lives
here, so that none of them has to know the others.
"""
