"""A small simulated news site served by real HTTP servers on 127.0.0.1, for tests and benches."""

from tests.simsite.content import SimArticle
from tests.simsite.server import Reply, RequestLog, SimHost
from tests.simsite.site import FAULT_PATHS, SimSite

__all__ = ["FAULT_PATHS", "Reply", "RequestLog", "SimArticle", "SimHost", "SimSite"]
