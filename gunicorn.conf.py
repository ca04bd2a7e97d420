"""gunicorn's settings for the web processes: `gunicorn -c gunicorn.conf.py`.

Every value may be overridden from the environment (the names below), so that the same
file serves one small server and several hosts behind a load balancer.
"""

import os

wsgi_app = "community:create_app()"
# nginx in front (deploy/nginx/community.conf) talks to this address.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: a page is a few milliseconds of Python and SQL. Two per core is plenty;
# each holds its own database connections and its own copy of the app.
workers = int(os.environ.get("WEB_CONCURRENCY", str(2 * (os.cpu_count() or 1))))
worker_class = "sync"
# A request that takes longer is stuck (a page is milliseconds, a search well under one
# second): the worker is replaced rather than left to hold a connection.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Restarted now and then, so that no process grows for ever; jitter keeps them apart.
max_requests = 5000
max_requests_jitter = 500
# The request line (the address with its query) is not cut short here: gunicorn's own
# limit (4 KB, 8 KB at most) answers a long search with a bare English 414. The app
# answers an address past its MAX_URL_LENGTH (16 KB) with a page in the reader's
# language; nginx in front bounds what reaches this far (large_client_header_buffers,
# docs/deploy.md), and this address is only bound on the host's private side.
limit_request_line = int(os.environ.get("GUNICORN_LIMIT_REQUEST_LINE", "0"))
# Logs on standard output, as the app's own (COMMUNITY_LOG_FORMAT=json for both).
accesslog = "-"
errorlog = "-"
# The app is built once per worker after the fork: the database engine and the search
# index's handles are never shared between processes.
preload_app = False
