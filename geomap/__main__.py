"""``python -m geomap`` runs the command line."""

import sys

from geomap.cli import main

sys.exit(main())
