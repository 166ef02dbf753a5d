"""Joining finished PDFs into one, keeping what WeasyPrint made accessible in each:
pages, bookmarks and links (pypdf's `append`), and the tags that screen readers
follow (the structure tree), the language and the title of the first.

The structure tree is joined by hand because pypdf copies pages, not tags: every
document's top element goes under the first document's tree, and the keys that tie a
page's marked content and its links to their elements (`/StructParents`,
`/StructParent`, the tree's `/ParentTree`) are shifted past the keys already used.
Links inside a document (a pack's contents) name their target (`#section-goals`), and
every pack has the same names, so they are turned into links to the page itself
before joining: each pack's contents lead to its own sections.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, PdfObject

_CATALOGUE_KEYS = ("/Lang", "/MarkInfo", "/ViewerPreferences")


def merge_pdfs(parts: Sequence[Path], target: Path) -> None:
    """Write the pages of `parts`, in order, to `target` as one tagged PDF."""
    writer = PdfWriter()
    tree: DictionaryObject | None = None
    next_key = 0
    for index, part in enumerate(parts):
        reader = PdfReader(part)
        _explicit_links(reader)
        first_page = len(writer.pages)
        writer.append(reader)
        source = reader.root_object
        if index == 0:
            writer.pdf_header = reader.pdf_header
            writer.add_metadata(dict(reader.metadata or {}))
            for key in _CATALOGUE_KEYS:
                if key in source:
                    writer.root_object[NameObject(key)] = source[key].clone(writer)
        if "/StructTreeRoot" not in source:
            continue
        source_tree = source["/StructTreeRoot"].get_object()
        keys = dict(_numbers(source_tree["/ParentTree"]))
        if tree is None:
            tree = _first_tree(writer, source_tree)
        else:
            _add_tree(writer, tree, source_tree, keys, next_key)
            for page in writer.pages[first_page:]:
                for annotation in page.get("/Annots", ()):
                    _shift(annotation.get_object(), "/StructParent", next_key)
        for page, source_page in zip(writer.pages[first_page:], reader.pages, strict=True):
            if "/StructParents" in source_page:  # pypdf leaves it out
                key = int(source_page["/StructParents"]) + next_key
                page[NameObject("/StructParents")] = NumberObject(key)
        next_key += max(keys, default=-1) + 1
    with target.open("wb") as out:
        writer.write(out)


def _first_tree(writer: PdfWriter, source_tree: DictionaryObject) -> DictionaryObject:
    """The first document's tree becomes the whole file's, with a flat number tree."""
    cloned = source_tree.clone(writer)
    assert cloned.indirect_reference is not None
    writer.root_object[NameObject("/StructTreeRoot")] = cloned.indirect_reference
    parent_tree = DictionaryObject()
    parent_tree[NameObject("/Nums")] = ArrayObject(
        item
        for key, value in _numbers(cloned["/ParentTree"])
        for item in (NumberObject(key), value)
    )
    cloned[NameObject("/ParentTree")] = parent_tree
    if not isinstance(cloned["/K"], ArrayObject):
        cloned[NameObject("/K")] = ArrayObject([cloned["/K"]])
    return cloned


def _add_tree(
    writer: PdfWriter,
    tree: DictionaryObject,
    source_tree: DictionaryObject,
    keys: dict[int, PdfObject],
    offset: int,
) -> None:
    """Hang a later document's top elements under `tree`, its keys moved by `offset`."""
    tops = source_tree["/K"]
    tops = tops if isinstance(tops, ArrayObject) else ArrayObject([tops])
    for top in tops:
        element = top.get_object()
        del element["/P"]  # its own tree, which is not copied (the reader is thrown away)
        cloned = element.clone(writer)
        cloned[NameObject("/P")] = tree.indirect_reference
        tree["/K"].append(cloned.indirect_reference or cloned)
    nums = tree["/ParentTree"]["/Nums"]
    for key, value in keys.items():
        nums.extend([NumberObject(key + offset), value.clone(writer)])
    for name, value in source_tree.items():
        if name not in ("/Type", "/K", "/ParentTree") and isinstance(tree.get(name), ArrayObject):
            tree[name].extend(value.get_object().clone(writer))


def _explicit_links(reader: PdfReader) -> None:
    """Point the document's links at their pages instead of at names (in the reader's
    copy in memory), and forget the names."""
    names = reader.root_object.get("/Names")
    if names is None or "/Dests" not in names:
        return
    targets = {str(name): dest for name, dest in _leaves(names["/Dests"], "/Names")}
    for page in reader.pages:
        for annotation in page.get("/Annots", ()):
            link = annotation.get_object()
            for holder, key in ((link, "/Dest"), (link.get("/A"), "/D")):
                if holder is not None and isinstance(holder.get(key), str):
                    target = targets.get(str(holder[key]))
                    if target is not None:
                        target = target.get_object()
                        holder[NameObject(key)] = (
                            target.get("/D", target)
                            if isinstance(target, DictionaryObject)
                            else target
                        )
    del names["/Dests"]


def _numbers(node: PdfObject) -> Iterator[tuple[int, PdfObject]]:
    """The (key, value) pairs of a number tree, leaves in order."""
    for key, value in _leaves(node, "/Nums"):
        yield int(key), value


def _leaves(node: PdfObject, kind: str) -> Iterator[tuple[PdfObject, PdfObject]]:
    """The (key, value) pairs of a number tree (`/Nums`) or name tree (`/Names`)."""
    node = node.get_object()
    pairs = node.get(kind, ())
    for position in range(0, len(pairs), 2):
        yield pairs[position], pairs[position + 1]
    for kid in node.get("/Kids", ()):
        yield from _leaves(kid, kind)


def _shift(holder: DictionaryObject, key: str, offset: int) -> None:
    if key in holder:
        holder[NameObject(key)] = NumberObject(int(holder[key]) + offset)
