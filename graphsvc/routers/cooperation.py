"""Routes of /cooperation (being built)."""

from fastapi import APIRouter

router = APIRouter()
