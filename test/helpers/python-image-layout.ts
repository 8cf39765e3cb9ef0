/** The environment every Python-runtime image carries (the image layout of issue 22), asserted by its recipe and image tests. */
export const PYTHON_IMAGE_ENV = [
  'PYTHONPATH=/app',
  'CRANEML_PROJECT=/model',
  'HOST=0.0.0.0',
  'PORT=8080',
  'CRANEML_DRAIN_MS=8000',
  'PYTHONDONTWRITEBYTECODE=1',
  'PYTHONUNBUFFERED=1',
] as const;
