"""Faster font subsetting for WeasyPrint documents that use a large CJK font.

WeasyPrint 70 subsets each embedded font with HarfBuzz in two passes: the first keeps the
used glyphs with their ids (RETAIN_GIDS), the second "drops empty glyphs after the last one
used" and strips hinting. With RETAIN_GIDS the first pass already ends at the last used
glyph, so the second pass only re-serialises the same font; with Noto Sans CJK (65,535
glyphs) it costs about 20 ms a document, a fifth of a supervision card's render time.

`install()` replaces that method with one pass carrying the same flags (the hinting flag
moved into it). The output is byte-for-byte the same size; the card tests read the text
back, including rare characters outside GB2312. It is applied only to the WeasyPrint
version it was checked against and only when HarfBuzz-subset is available; otherwise
WeasyPrint's own method stays.

`install()` also has pydyf (WeasyPrint's PDF writer) compress its streams at zlib level 1 instead
of 9: on a supervision card (a CJK font subset and one page) level 9 took 10 ms of 36 ms spent
writing the PDF, for files only 2 % smaller.
"""

import logging
import zlib

import pydyf
import weasyprint
from weasyprint.pdf import fonts as pdf_fonts
from weasyprint.text.ffi import ffi, harfbuzz, harfbuzz_subset
from weasyprint.text.fonts import get_hb_object_data

logger = logging.getLogger(__name__)

CHECKED_VERSIONS = ("70.",)
# WeasyPrint's list, plus the vertical-writing tables (VORG, vhea, vmtx): nothing is set vertically, and
# with the glyph ids retained a Noto CJK subset still carries a metrics entry for every glyph up to the
# last one used (a rare character such as 㛃 sits near 63,000), a third of the subset's bytes (0.79 →
# 0.54 MB a card) to write and compress. Sorted by tag, as HarfBuzz's sorted-array call requires.
DROPPED_TABLES = (
    b"BASE", b"DSIG", b"EBDT", b"EBLC", b"EBSC", b"GPOS", b"GSUB", b"JSTF", b"LTSH", b"PCLT", b"SVG ", b"VORG",
    b"vhea", b"vmtx",
)  # fmt: skip

_original = pdf_fonts.Font._harfbuzz_subset
CHECKED_PYDYF = ("0.13.",)
COMPRESSION_LEVEL = 1


class _FastZlib:
    """zlib as pydyf sees it: every compression at COMPRESSION_LEVEL, whatever level pydyf asks for."""

    def __getattr__(self, name):
        return getattr(zlib, name)

    @staticmethod
    def compressobj(level=-1, *args, **kwargs):
        return zlib.compressobj(COMPRESSION_LEVEL, *args, **kwargs)

    @staticmethod
    def compress(data, level=-1, **kwargs):
        return zlib.compress(data, COMPRESSION_LEVEL, **kwargs)


def _single_pass_subset(self, to_unicode, hinting):
    subset_input = ffi.gc(harfbuzz_subset.hb_subset_input_create_or_fail(), harfbuzz_subset.hb_subset_input_destroy)
    glyphs = harfbuzz_subset.hb_subset_input_glyph_set(subset_input)
    glyph_ids = ffi.new(f"hb_codepoint_t[{len(to_unicode)}]", sorted(to_unicode))
    harfbuzz.hb_set_add_sorted_array(glyphs, glyph_ids, len(to_unicode))

    flags = (
        harfbuzz_subset.HB_SUBSET_FLAGS_RETAIN_GIDS
        | harfbuzz_subset.HB_SUBSET_FLAGS_PASSTHROUGH_UNRECOGNIZED
        | harfbuzz_subset.HB_SUBSET_FLAGS_DESUBROUTINIZE
    )
    if not hinting:
        flags |= harfbuzz_subset.HB_SUBSET_FLAGS_NO_HINTING
    if self.missing:
        flags |= harfbuzz_subset.HB_SUBSET_FLAGS_NOTDEF_OUTLINE
    harfbuzz_subset.hb_subset_input_set_flags(subset_input, flags)

    dropped = harfbuzz_subset.hb_subset_input_set(subset_input, harfbuzz_subset.HB_SUBSET_SETS_DROP_TABLE_TAG)
    tags = tuple(harfbuzz.hb_tag_from_string(name, -1) for name in DROPPED_TABLES)
    harfbuzz.hb_set_add_sorted_array(dropped, ffi.new(f"hb_codepoint_t[{len(tags)}]", tags), len(tags))

    face = ffi.gc(harfbuzz_subset.hb_subset_or_fail(self.hb_face, subset_input), harfbuzz.hb_face_destroy)
    if face:
        content = get_hb_object_data(face)
        if content:
            self.file_content = content
            return
    # Leave anything unusual to WeasyPrint's own code path.
    _original(self, to_unicode, hinting)


def install() -> bool:
    """Use single-pass subsetting if this WeasyPrint is one it was checked against (and fast compression
    if this pydyf is)."""
    if pydyf.__version__.startswith(CHECKED_PYDYF):
        pydyf.zlib = _FastZlib()
    if pdf_fonts.Font._harfbuzz_subset is _single_pass_subset:
        return True
    if not harfbuzz_subset or not weasyprint.__version__.startswith(CHECKED_VERSIONS):
        logger.info("WeasyPrint %s: keeping its own font subsetting", weasyprint.__version__)
        return False
    pdf_fonts.Font._harfbuzz_subset = _single_pass_subset
    return True


def uninstall() -> None:
    pdf_fonts.Font._harfbuzz_subset = _original
    pydyf.zlib = zlib
