import sys

from casummit_rdf.cli import main

sys.exit(main())
