"""Title rules: separators between a headline and the site name, host-name shapes."""

from __future__ import annotations

import re

# A separator needs spaces on both sides so hyphenated words and times (10:30) survive.
SEPARATOR = re.compile(r"\s+(?:[|\-–—·•»«/]|::|:)\s+")
# "Golem.de", "www.siegessaeule.de", "NCSC.GOV.UK": a part that is a host name names the site.
DOMAIN = re.compile(r"(?:[a-z\d][\w-]*\.)+[a-z]{2,6}", re.IGNORECASE)
SUFFIX_START = re.compile(r"\s*[^\w\s'\"’”)\]!?.]")
TRAIL = re.compile(r"\s+[»›>]\s+")
# A whole name that is a host name ("site.com"): a site, not a person.
SITE_DOMAIN = re.compile(r"^[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}$", re.IGNORECASE)
