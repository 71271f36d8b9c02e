"""Test-session set-up shared by the test suite and the package's doctests.

User data (imported regions, the online-geocoding cache) goes to a temporary
GEONEWS_HOME, so that tests neither see nor change the developer's own.
"""

import os
import tempfile

os.environ["GEONEWS_HOME"] = tempfile.mkdtemp(prefix="geonews-test-home-")
