"""Background work: the periodic timer sweep and outbox dispatch, run in-process or (later) by Celery."""
