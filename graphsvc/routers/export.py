"""Routes of /export (being built)."""

from fastapi import APIRouter

router = APIRouter()
