# The API image for docker-compose.yml. The explorer's front-end libraries are
# installed from npm at build time, as `./dev` does locally.
FROM node:20-bookworm-slim AS frontend
WORKDIR /app/graphsvc/static
COPY graphsvc/static/ ./
RUN if [ -f package.json ]; then npm ci --no-audit --no-fund; fi

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY graphsvc ./graphsvc
COPY cypher ./cypher
COPY seed ./seed
COPY --from=frontend /app/graphsvc/static /app/graphsvc/static
# Editable, so the package finds cypher/, seed/ and static/ beside it in /app;
# the source texts are mounted at /shared/sources (= /app/../shared/sources).
RUN pip install --no-cache-dir -e .
EXPOSE 8000
CMD ["graphsvc", "serve", "--host", "0.0.0.0", "--port", "8000"]
