"""One walk of the parsed page, and the look-ups the field readers make on it.

BeautifulSoup's ``find_all`` builds a matcher and walks the whole tree on every call, and
the readers of title, authors and dates ask a dozen such questions of every page. The index
lists the page's tags and strings once, in document order, and answers each question with a
plain loop under ``find_all``'s own matching rules: an attribute with several values (class,
rel) matches when one of its values does, or all of them joined by spaces.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from itertools import islice

from bs4 import BeautifulSoup
from bs4.element import NavigableString, Tag

from tasks.extract.text import Caseless

# What an attribute is tested against: a value equal to it, a pattern found in it, or
# (True) any value at all.
Pattern = re.Pattern[str] | Caseless
AttrTest = str | Pattern | bool
StringTest = Pattern | Callable[[str], bool]


def _value_matches(value: str, test: str | Pattern) -> bool:
    if isinstance(test, str):
        return value == test
    return test.search(value) is not None


def attr_matches(tag: Tag, attr: str, test: AttrTest) -> bool:
    """``tag.find_all(**{attr: test})``'s rule for one tag."""
    value = tag.attrs.get(attr)
    if value is None or test is False:
        return False
    if test is True:
        return True
    if isinstance(value, list):
        if any(_value_matches(item, test) for item in value):
            return True
        return len(value) != 1 and _value_matches(" ".join(value), test)
    return _value_matches(str(value), test)


class PageIndex:
    """The tags and the non-empty strings of a parsed page, each in document order."""

    def __init__(self, soup: BeautifulSoup) -> None:
        self.tags: list[Tag] = []
        self.strings: list[NavigableString] = []
        self._by_name: dict[str, list[Tag]] = {}
        self._by_attr: dict[str, list[Tag]] = {}  # tags carrying the attribute
        self._strings_before: dict[int, int] = {}  # id(tag) -> strings ahead of it
        for element in soup.descendants:
            if isinstance(element, Tag):
                self.tags.append(element)
                self._by_name.setdefault(element.name, []).append(element)
                for attr in element.attrs:
                    self._by_attr.setdefault(attr, []).append(element)
                self._strings_before[id(element)] = len(self.strings)
            elif element:  # find_all skips empty strings
                self.strings.append(element)  # type: ignore[arg-type]

    def named(self, *names: str) -> list[Tag]:
        """Tags with one of ``names``, in document order."""
        if len(names) == 1:
            return list(self._by_name.get(names[0], ()))
        wanted = set(names)
        return [tag for tag in self.tags if tag.name in wanted]

    def first(self, name: str) -> Tag | None:
        found = self._by_name.get(name)
        return found[0] if found else None

    def with_attrs(
        self, limit: int | None = None, names: Iterable[str] | None = None, **tests: AttrTest
    ) -> list[Tag]:
        """Tags (of ``names``, if given) whose attributes pass every test; ``class_`` stands
        for ``class``."""
        wanted = set(names) if names is not None else None
        rules = [(key.rstrip("_"), test) for key, test in tests.items()]
        if not rules or any(test is False for _, test in rules):
            raise ValueError("with_attrs needs attributes that are present")
        # Only tags that carry every tested attribute can match: walk the shortest such list.
        carriers = min((self._by_attr.get(attr, []) for attr, _ in rules), key=len)
        found: list[Tag] = []
        for tag in carriers:
            if wanted is not None and tag.name not in wanted:
                continue
            if all(attr_matches(tag, attr, test) for attr, test in rules):
                found.append(tag)
                if limit is not None and len(found) >= limit:
                    break
        return found

    def strings_matching(self, test: StringTest, limit: int | None = None) -> list[NavigableString]:
        """Strings a pattern is found in, or a function accepts, in document order."""
        if isinstance(test, re.Pattern | Caseless):
            search = test.search
            matching = (s for s in self.strings if search(s) is not None)
        else:
            matching = (s for s in self.strings if test(s))
        return list(islice(matching, limit))

    def strings_after(self, tag: Tag, limit: int) -> list[NavigableString]:
        """``tag.find_all_next(string=True, limit=limit)``: its own strings, then later ones."""
        start = self._strings_before[id(tag)]
        return self.strings[start : start + limit]

    def strings_before(self, tag: Tag, limit: int) -> list[NavigableString]:
        """``tag.find_all_previous(string=True, limit=limit)``: earlier strings, nearest first."""
        end = self._strings_before[id(tag)]
        return self.strings[max(0, end - limit) : end][::-1]
