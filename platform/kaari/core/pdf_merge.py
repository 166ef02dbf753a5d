"""Joining finished PDFs into one file with memory for one of them at a time, keeping
what WeasyPrint made accessible in each: pages, bookmarks, links, and the tags that
screen readers follow (the structure tree), with the first one's language and title.

pypdf reads each document; its objects are written straight to the output with new
numbers (the document's own number plus an offset), so nothing of a document stays in
memory once it is written. (pypdf's own `PdfWriter.append` keeps every document's
objects, and its readers, until the end: about 90 MiB for twenty 20-page packs, and
it leaves the tags out.) The few objects that tie the documents together are made
anew at the end: the catalogue, one page tree, one structure tree whose `/ParentTree`
keys (`/StructParents` of pages, `/StructParent` of links) are shifted past those of
the documents before, one outline whose top items are chained from one document to
the next, and the document information.

Links inside a document (a pack's contents) name their target (`#section-goals`), and
every pack uses the same names, so they are pointed at their page instead: each
pack's contents lead to its own sections.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    PdfObject,
    TextStringObject,
)

# Numbers of the objects made anew; the documents' objects come after them.
CATALOGUE, PAGES, STRUCTURE, OUTLINES, INFO = 1, 2, 3, 4, 5
_CATALOGUE_KEYS = ("/Lang", "/MarkInfo", "/ViewerPreferences")
_KEY_NAMES = ("/StructParents", "/StructParent")


def _ref(number: int) -> IndirectObject:
    return IndirectObject(number, 0, None)


def _get(holder: PdfObject | None, key: str, default=None):
    """`holder[key]` resolved, or `default` (a dictionary's `get` would not resolve)."""
    if not isinstance(holder, DictionaryObject) or key not in holder:
        return default
    return holder[key]


@dataclass
class _Output:
    """The file being written, and what the joining objects collect on the way."""

    out: BinaryIO
    positions: dict[int, int] = field(default_factory=dict)
    size: int = INFO + 1  # the next free object number
    next_key: int = 0  # the next free /ParentTree key
    pages: ArrayObject = field(default_factory=ArrayObject)
    tops: ArrayObject = field(default_factory=ArrayObject)  # each document's top tags
    keys: ArrayObject = field(default_factory=ArrayObject)  # the joined /ParentTree
    namespaces: ArrayObject = field(default_factory=ArrayObject)
    catalogue: DictionaryObject = field(default_factory=DictionaryObject)
    info: DictionaryObject = field(default_factory=DictionaryObject)
    first_bookmark: int | None = None
    bookmarks: int = 0
    # The latest document's last top bookmark waits for the next one's first (/Next).
    last_bookmark: tuple[int, DictionaryObject] | None = None

    def write(self, number: int, value: PdfObject) -> None:
        self.positions[number] = self.out.tell()
        self.out.write(f"{number} 0 obj\n".encode())
        value.write_to_stream(self.out)
        self.out.write(b"\nendobj\n")


def merge_pdfs(parts: Sequence[Path], target: Path) -> None:
    """Write the pages of `parts`, in order, to `target` as one tagged PDF."""
    with target.open("wb") as out:
        output = _Output(out)
        out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        for part in parts:
            _copy_document(PdfReader(part), output)
        _finish(output)


def _copy_document(reader: PdfReader, output: _Output) -> None:
    """Write one document's objects with new numbers (its own plus an offset)."""
    _explicit_links(reader)
    catalogue = reader.root_object
    if not output.pages:  # the first document gives the language and the title
        for key in _CATALOGUE_KEYS:
            if key in catalogue:
                output.catalogue[NameObject(key)] = catalogue[key]
        if reader.metadata is not None and reader.metadata.title:
            output.info[NameObject("/Title")] = TextStringObject(reader.metadata.title)
    joined = {reader.trailer.raw_get("/Root").idnum: CATALOGUE}
    joined |= dict.fromkeys(_page_tree_nodes(catalogue.raw_get("/Pages")), PAGES)
    for name, number in (("/StructTreeRoot", STRUCTURE), ("/Outlines", OUTLINES)):
        if isinstance(catalogue.raw_get(name), IndirectObject):
            joined[catalogue.raw_get(name).idnum] = number
    copier = _Copier(output.size, joined, output.next_key)
    output.pages.extend(copier.value(page.indirect_reference) for page in reader.pages)
    keys = -1
    if "/StructTreeRoot" in catalogue:
        tree = catalogue["/StructTreeRoot"]
        tops = tree.raw_get("/K")
        output.tops.extend(
            copier.value(tops) if isinstance(tops, ArrayObject) else [copier.value(tops)]
        )
        for key, value in _leaves(tree["/ParentTree"], "/Nums"):
            output.keys.extend([NumberObject(int(key) + output.next_key), copier.value(value)])
            keys = max(keys, int(key))
        output.namespaces.extend(copier.value(item) for item in _get(tree, "/Namespaces", ()))
    outline = _get(catalogue, "/Outlines")
    if _get(outline, "/First") is not None:
        _chain_bookmarks(outline, copier, output)
    copier.write_all(reader, output)
    output.next_key += keys + 1
    output.size += int(reader.trailer["/Size"])


def _chain_bookmarks(outline: DictionaryObject, copier: _Copier, output: _Output) -> None:
    """This document's top bookmarks follow the previous document's."""
    first = copier.number(outline.raw_get("/First"))
    copier.last_bookmark = copier.number(outline.raw_get("/Last"))
    output.bookmarks += abs(int(_get(outline, "/Count", 0)))
    if output.last_bookmark is None:
        output.first_bookmark = first
    else:
        number, previous = output.last_bookmark
        previous[NameObject("/Next")] = _ref(first)
        output.write(number, previous)
        copier.extra[first] = {"/Prev": _ref(number)}


class _Copier:
    """Copies objects with their references renumbered, and queues the objects they
    refer to for writing (each once)."""

    def __init__(self, offset: int, joined: dict[int, int], key_offset: int):
        self.offset, self.joined, self.key_offset = offset, joined, key_offset
        self.queued: set[int] = set()
        self.waiting: list[int] = []
        self.extra: dict[int, dict[str, PdfObject]] = {}  # keys to set (new numbers)
        self.last_bookmark: int | None = None  # held back, see _chain_bookmarks

    def number(self, reference: IndirectObject) -> int:
        if reference.idnum in self.joined:
            return self.joined[reference.idnum]
        if reference.idnum not in self.queued:
            self.queued.add(reference.idnum)
            self.waiting.append(reference.idnum)
        return self.offset + reference.idnum

    def value(self, value: PdfObject) -> PdfObject:
        if isinstance(value, IndirectObject):
            return _ref(self.number(value))
        if isinstance(value, DictionaryObject):  # streams too: their data is kept as is
            copied = copy.copy(value)
            for name, item in value.items():
                if name in _KEY_NAMES:
                    copied[name] = NumberObject(int(item) + self.key_offset)
                else:
                    copied[name] = self.value(item)
            return copied
        if isinstance(value, ArrayObject):
            return ArrayObject(self.value(item) for item in value)
        return value

    def write_all(self, reader: PdfReader, output: _Output) -> None:
        while self.waiting:
            number = self.waiting.pop()
            copied = self.value(reader.get_object(number))
            for name, item in self.extra.get(self.offset + number, {}).items():
                copied[NameObject(name)] = item
            if self.offset + number == self.last_bookmark:
                output.last_bookmark = (self.offset + number, copied)
            else:
                output.write(self.offset + number, copied)


def _finish(output: _Output) -> None:
    """The joining objects, the cross-reference table and the trailer."""
    catalogue = output.catalogue
    catalogue[NameObject("/Type")] = NameObject("/Catalog")
    catalogue[NameObject("/Pages")] = _ref(PAGES)
    if output.tops:
        catalogue[NameObject("/StructTreeRoot")] = _ref(STRUCTURE)
        tree = _dictionary(
            Type=NameObject("/StructTreeRoot"),
            K=output.tops,
            ParentTree=_dictionary(Nums=output.keys),
        )
        if output.namespaces:
            tree[NameObject("/Namespaces")] = output.namespaces
        output.write(STRUCTURE, tree)
    if output.last_bookmark is not None:
        assert output.first_bookmark is not None
        number, last = output.last_bookmark
        output.write(number, last)
        catalogue[NameObject("/Outlines")] = _ref(OUTLINES)
        outlines = _dictionary(
            Type=NameObject("/Outlines"),
            First=_ref(output.first_bookmark),
            Last=_ref(number),
            Count=NumberObject(output.bookmarks),
        )
        output.write(OUTLINES, outlines)
    output.write(CATALOGUE, catalogue)
    pages = _dictionary(
        Type=NameObject("/Pages"), Kids=output.pages, Count=NumberObject(len(output.pages))
    )
    output.write(PAGES, pages)
    output.info[NameObject("/Producer")] = TextStringObject("Kaari (WeasyPrint, pypdf)")
    output.write(INFO, output.info)
    start = output.out.tell()
    rows = [b"0000000000 65535 f \n"]
    for number in range(1, output.size):
        position = output.positions.get(number)
        rows.append(
            b"0000000000 00000 f \n" if position is None else b"%010d 00000 n \n" % position
        )
    output.out.write(b"xref\n0 %d\n" % output.size + b"".join(rows))
    output.out.write(
        b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
        % (output.size, CATALOGUE, INFO, start)
    )


def _dictionary(**items: PdfObject) -> DictionaryObject:
    return DictionaryObject({NameObject("/" + name): value for name, value in items.items()})


def _page_tree_nodes(node: PdfObject) -> Iterator[int]:
    """The numbers of a page tree's inner nodes (the pages' /Parent)."""
    assert isinstance(node, IndirectObject)
    yield node.idnum
    for kid in _get(node.get_object(), "/Kids", ()):
        if _get(kid.get_object(), "/Type") == "/Pages":
            yield from _page_tree_nodes(kid)


def _explicit_links(reader: PdfReader) -> None:
    """Point the document's links at their pages instead of at names (in the reader's
    copy in memory); the names themselves are not copied."""
    names = _get(reader.root_object, "/Names")
    if _get(names, "/Dests") is None:
        return
    targets = {str(name): dest for name, dest in _leaves(names["/Dests"], "/Names")}
    for page in reader.pages:
        for annotation in _get(page, "/Annots", ()):
            link = annotation.get_object()
            for holder, key in ((link, "/Dest"), (_get(link, "/A"), "/D")):
                if isinstance(_get(holder, key), str):
                    target = targets.get(str(holder[key]))
                    if target is not None:
                        target = target.get_object()
                        if isinstance(target, DictionaryObject):
                            target = target["/D"]
                        holder[NameObject(key)] = target


def _leaves(node: PdfObject, kind: str) -> Iterator[tuple[PdfObject, PdfObject]]:
    """The (key, value) pairs of a number tree (`/Nums`) or name tree (`/Names`)."""
    node = node.get_object()
    pairs = _get(node, kind, ())
    for position in range(0, len(pairs), 2):
        yield pairs[position], pairs[position + 1]
    for kid in _get(node, "/Kids", ()):
        yield from _leaves(kid, kind)
