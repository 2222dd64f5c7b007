import sys

from qda.cli import main

sys.exit(main())
