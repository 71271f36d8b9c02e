"""``python -m geonews`` runs the command-line interface."""

from .cli import main

main()
