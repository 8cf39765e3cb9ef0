# The hand-written FastAPI server of the Python-runtime benchmark: a venv with its pinned packages on the
# same Python base as CraneML's image, the app and the pickle. Built with the host's network (and its CA
# bundle, empty when it has none) for pip only; it runs as user 1000 with PORT from the environment.
ARG BASE=craneml/local-base:python3.11
FROM ${BASE}
COPY host-ca.crt fastapi-sklearn.requirements.txt /tmp/setup/
RUN set -eu; \
    if [ -s /tmp/setup/host-ca.crt ]; then export PIP_CERT=/tmp/setup/host-ca.crt SSL_CERT_FILE=/tmp/setup/host-ca.crt; fi; \
    python3 -m venv /opt/venv; \
    /opt/venv/bin/pip install --only-binary=:all: --no-cache-dir --disable-pip-version-check --no-input --progress-bar off \
      -r /tmp/setup/fastapi-sklearn.requirements.txt; \
    rm -rf /tmp/setup
COPY fastapi-sklearn.py /app/app.py
COPY model.pkl /app/model.pkl
WORKDIR /app
USER 1000:1000
ENV PYTHONDONTWRITEBYTECODE=1 PORT=8000
CMD ["sh", "-c", "exec /opt/venv/bin/uvicorn app:app --host 127.0.0.1 --port \"$PORT\""]
