"""Routes of /explorer (being built)."""

from fastapi import APIRouter

router = APIRouter()
