FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
RUN apt-get update && apt-get install -y --no-install-recommends \
      fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 gettext \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml ./
COPY . .
RUN pip install --no-cache-dir . \
    && DJANGO_SECRET_KEY=build-only python manage.py collectstatic --noinput
EXPOSE 8000
# gunicorn sync workers, one per core (WEB_CONCURRENCY; bench/wage_arrears.md measured 1 per core best
# on 2 cores, threads worse); put a buffering proxy (nginx) in front, as gunicorn's docs advise.
ENV WEB_CONCURRENCY=2
CMD ["gunicorn", "xingtai_jobs.wsgi:application", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]
