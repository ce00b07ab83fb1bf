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


def _value_test(test: str | Pattern) -> Callable[[str], bool]:
    """Whether one value matches ``test``: equal to it, or the pattern found in it."""
    if isinstance(test, str):
        return lambda value: value == test
    if isinstance(test, Caseless):
        plain, folded = test.plain_search, test.folded_search
        return lambda value: (
            (plain(value.lower()) if value.isascii() else folded(value)) is not None
        )
    search = test.search
    return lambda value: search(value) is not None


def _tag_test(attr: str, test: AttrTest) -> Callable[[Tag], bool]:
    """``tag.find_all(**{attr: test})``'s rule for one tag, as one function per rule (a page
    tests hundreds of tags against each)."""
    if test is False:
        return lambda tag: False
    if test is True:
        return lambda tag: tag.attrs.get(attr) is not None
    matches = _value_test(test)

    def tag_matches(tag: Tag) -> bool:
        value = tag.attrs.get(attr)
        if value is None:
            return False
        if isinstance(value, list):
            for item in value:
                if matches(item):
                    return True
            return len(value) != 1 and matches(" ".join(value))
        return matches(str(value))

    return tag_matches


def attr_matches(tag: Tag, attr: str, test: AttrTest) -> bool:
    """``tag.find_all(**{attr: test})``'s rule for one tag."""
    return _tag_test(attr, test)(tag)


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
        checks = [_tag_test(attr, test) for attr, test in rules]
        for tag in carriers:
            if wanted is not None and tag.name not in wanted:
                continue
            if all(check(tag) for check in checks):
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
