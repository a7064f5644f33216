"""Run ``python -m graphbuild``."""

from graphbuild.cli.main import main

raise SystemExit(main())
