"""Routes of /entities (being built)."""

from fastapi import APIRouter

router = APIRouter()
