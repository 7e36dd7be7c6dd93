"""The JSON API under /api/v1/ (django-ninja): one schema for the PWA, partners and integrations."""
