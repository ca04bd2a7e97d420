"""What every domain may use: clock, submitted text, forms, pages, pagination, URLs, reasons.

Nothing here imports a domain: the kernel is the bottom of the one-way graph.
"""
