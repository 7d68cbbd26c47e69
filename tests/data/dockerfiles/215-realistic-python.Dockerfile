FROM python:3.12-slim AS base
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1
RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /srv
COPY pyproject.toml .
RUN pip install --no-cache-dir .
COPY src/ src/
USER 10001
ENTRYPOINT ["python", "-m", "srv"]
