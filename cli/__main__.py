"""`python -m cli …` runs the `symbios` command."""

from . import main

main()
