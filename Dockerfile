# The image every service of deploy/compose.yaml runs: web, worker and the release step.
# docker build -t community .
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 OMP_WAIT_POLICY=PASSIVE
WORKDIR /srv/community
RUN useradd --system --create-home --home-dir /home/community community

# The CPU build of PyTorch first, from PyTorch's own index: PyPI's default is a CUDA
# build of several GB. The version is the one pyproject.toml pins.
RUN pip install --no-cache-dir --index-url https://download.pytorch.org/whl/cpu torch==2.13.0
COPY pyproject.toml README.md babel.cfg ./
COPY community ./community
COPY templates ./templates
COPY static ./static
COPY migrations ./migrations
COPY gunicorn.conf.py ./
RUN pip install --no-cache-dir '.[postgresql,redis]' \
    && pybabel compile -d community/translations \
    && mkdir -p instance && chown community:community instance

USER community
EXPOSE 8000
ENV GUNICORN_BIND=0.0.0.0:8000
CMD ["gunicorn", "-c", "gunicorn.conf.py"]
