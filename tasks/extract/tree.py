"""Build the page's BeautifulSoup tree with the lxml parser, minus work an HTML page never needs.

BeautifulSoup's lxml builder treats every tag as possibly namespaced XML: it copies the
attributes twice and looks the tag's and each attribute's name up for a namespace. Then
``BeautifulSoup.handle_starttag`` builds each ``Tag`` through a general constructor that asks
the builder, tag by tag, the same questions (empty element? multi-valued attributes? which
string class?), and every string goes through three generic calls. Together that is most of
the time a page takes to parse.

In an HTML page (no namespace declarations in play) the builder below does the same work
inline: it keeps BeautifulSoup's own parse state (tag stack, open-tag counts, whitespace and
string-container stacks, the last element) exactly as ``handle_starttag``, ``handle_endtag``
and ``endData`` would, answers the per-tag questions once per tag name, and sets the new
``Tag``'s attributes directly. Anything unusual (namespaces, comments, doctypes, processing
instructions) goes to BeautifulSoup's own code, which sees the same state. The tree is the one
``BeautifulSoup(text, "lxml")`` builds, links and attribute types included
(tests/tasks/extract/test_tree.py compares them).
"""

from __future__ import annotations

from typing import Any
from warnings import catch_warnings, simplefilter

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, XMLParsedAsHTMLWarning
from bs4.builder._lxml import LXMLTreeBuilder
from bs4.element import NavigableString, Tag, nonwhitespace_re

_ASCII_SPACES = BeautifulSoup.ASCII_SPACES  # what a string of only spaces is made of
_WORDS = nonwhitespace_re  # how BeautifulSoup splits a multi-valued attribute (class="a b")
_new_tag = Tag.__new__
_new_str = str.__new__
_MAIN_CONTENT_STRING_TYPES = Tag.MAIN_CONTENT_STRING_TYPES


# Per tag name: (multi-valued attributes, can be an empty element, string class or None),
# the builder's answers; every builder here has BeautifulSoup's HTML defaults.
_per_name: dict[str, tuple[frozenset[str], bool, Any]] = {}


class _HTMLBuilder(LXMLTreeBuilder):
    def __init__(self) -> None:
        super().__init__()
        # Per tag name: multi-valued attributes, string class, and the new Tag's __dict__ with
        # every field that does not depend on where the tag is (copied: cheaper than building
        # it field by field); per builder, as one field is the builder's namespace prefixes.
        self._fields: dict[str, tuple[frozenset[str], Any, dict[str, Any]]] = {}
        self.made: list[Any] = []  # the tags and strings built here, for ``release``

    def _about(self, name: str) -> tuple[frozenset[str], Any, dict[str, Any]]:
        about = _per_name.get(name)
        if about is None:
            lists = self.cdata_list_attributes or {}
            multi = frozenset(lists.get("*", set()) | lists.get(name.lower(), set()))
            empty = self.can_be_empty_element(name)
            about = _per_name[name] = (multi, empty, self.string_containers.get(name))
        multi, empty, container = about
        assert self.soup is not None
        fields = {
            "parser_class": self.soup.__class__,
            "name": name,
            "namespace": None,
            "_namespaces": self.active_namespace_prefixes[-1] or {},
            "prefix": None,
            "sourceline": None,
            "sourcepos": None,
            "attribute_value_list_class": self.attribute_value_list_class,
            "attrs": None,
            "known_xml": self.is_xml,
            "contents": None,
            "parent": None,
            "previous_element": None,
            "next_element": None,
            "next_sibling": None,
            "previous_sibling": None,
            "hidden": False,
            "can_be_empty_element": empty,
            "cdata_list_attributes": self.cdata_list_attributes,
            "preserve_whitespace_tags": self.preserve_whitespace_tags,
            "interesting_string_types": _MAIN_CONTENT_STRING_TYPES,
        }
        self._fields[name] = (multi, container, fields)
        return self._fields[name]

    def start(self, tag: Any, attrib: Any, nsmap: Any = None) -> None:
        # Names in {namespace}name form only come with namespaces in play (XML): those,
        # and anything else unusual, go to BeautifulSoup's own handling.
        if nsmap or len(self.nsmaps) != 1 or not isinstance(tag, str) or tag.startswith("{"):
            super().start(tag, attrib, nsmap or {})
            return
        # lxml hands a tag without attributes an immutable mapping that dict() copies slowly
        attrs = self.attribute_dict_class(attrib) if attrib else self.attribute_dict_class()
        multi, container, template = self._fields.get(tag) or self._about(tag)
        for key in attrs:
            if key.startswith("{"):
                super().start(tag, attrib, nsmap or {})
                return
            if key in multi:
                value = attrs[key]
                if isinstance(value, str):
                    words = self.attribute_value_list_class(_WORDS.findall(value))
                    dict.__setitem__(attrs, key, words)
        soup = self.soup
        assert soup is not None
        if soup.current_data:
            _end_data(soup, self.string_containers, self.made)
        # What Tag.__init__ (with this builder), BeautifulSoup.handle_starttag and pushTag do
        parent = soup.currentTag
        previous = soup._most_recent_element
        siblings = parent.contents if parent is not None else None
        before = siblings[-1] if siblings else None
        node = _new_tag(Tag)
        fields = template.copy()
        fields["attrs"] = attrs
        fields["contents"] = []
        fields["parent"] = parent
        fields["previous_element"] = previous
        fields["previous_sibling"] = before
        if container is not None:
            fields["interesting_string_types"] = {container}
        node.__dict__ = fields
        self.made.append(node)
        if previous is not None:
            previous.next_element = node
        if before is not None:
            before.next_sibling = node
        if tag == "meta":
            self.set_up_substitutions(node)
        soup._most_recent_element = node
        if siblings is not None:
            siblings.append(node)
        soup.tagStack.append(node)
        soup.currentTag = node
        soup.open_tag_counter[tag] += 1
        if tag in self.preserve_whitespace_tags:
            soup.preserve_whitespace_tag_stack.append(node)
        if container is not None:
            soup.string_container_stack.append(node)

    def end(self, tag: Any) -> None:
        if len(self.nsmaps) != 1 or not isinstance(tag, str) or tag.startswith("{"):
            super().end(tag)
            return
        soup = self.soup
        assert soup is not None
        if soup.current_data:
            _end_data(soup, self.string_containers, self.made)
        stack = soup.tagStack
        top = stack[-1]
        if top.name == tag and top.prefix is None and len(stack) > 1:
            # The usual case of BeautifulSoup._popToTag: the tag closed is the open one.
            soup.popTag()
        else:
            soup._popToTag(tag, None)

    def data(self, content: Any) -> None:
        assert self.soup is not None
        self.soup.current_data.append(content)


def _end_data(soup: BeautifulSoup, containers: dict[str, Any], made: list[Any]) -> None:
    """``BeautifulSoup.endData()`` for plain text: the same string, class and links."""
    pieces = soup.current_data
    text = pieces[0] if len(pieces) == 1 else "".join(pieces)
    if not soup.preserve_whitespace_tag_stack and not text.strip(_ASCII_SPACES):
        text = "\n" if "\n" in text else " "
    soup.current_data = []
    kind = NavigableString
    if soup.string_container_stack:
        kind = containers.get(soup.string_container_stack[-1].name, NavigableString)
    string = _new_str(kind, text)
    # BeautifulSoup.object_was_parsed
    parent = soup.currentTag
    assert parent is not None
    fix = parent.next_element is not None
    previous = soup._most_recent_element
    siblings = parent.contents
    before = siblings[-1] if siblings else None
    string.__dict__ = {
        "hidden": False,
        "parent": parent,
        "previous_element": previous,
        "next_element": None,
        "next_sibling": None,
        "previous_sibling": before,
    }
    made.append(string)
    if previous is not None:
        previous.next_element = string
    if before is not None:
        before.next_sibling = string
    soup._most_recent_element = string
    siblings.append(string)
    if fix:
        soup._linkage_fixer(parent)


def parse_page(text: str) -> BeautifulSoup:
    """The page's tree; markup that looks like XML or a file name is parsed as HTML all the same."""
    with catch_warnings():
        simplefilter("ignore", XMLParsedAsHTMLWarning)
        simplefilter("ignore", MarkupResemblesLocatorWarning)
        return BeautifulSoup(text, builder=_HTMLBuilder())


def release(soup: BeautifulSoup) -> None:
    """Unlink the tree ``parse_page`` built, once nothing will read it again: its nodes point
    at each other (parent, children, siblings), so only the cyclic collector could free them,
    by walking every one; unlinked, each is freed as its last reference goes. Nodes
    BeautifulSoup built itself (namespaced tags, comments) are left to the collector."""
    builder = soup.builder
    made = builder.made if isinstance(builder, _HTMLBuilder) else []
    for node in made:
        node.__dict__.clear()
    made.clear()
    soup.__dict__.clear()
