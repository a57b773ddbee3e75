"""Entry point of Celery workers and beat: `celery -A jobs.worker worker` / `celery -A jobs.worker beat`."""
from app import create_app

flask_app = create_app()
celery = flask_app.extensions["celery"]
