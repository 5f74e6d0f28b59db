"""Routes of /paths (being built)."""

from fastapi import APIRouter

router = APIRouter()
