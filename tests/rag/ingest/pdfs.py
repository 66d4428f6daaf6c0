"""PDF files built by the tests, byte by byte (no binaries are committed)."""

import zlib


def build_pdf(objects: list[bytes]) -> bytes:
    """A PDF of ``objects`` (numbered from 1, the first the catalog) with a valid xref table."""
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return out


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def make_pdf(lines: list[str]) -> bytes:
    """A minimal, valid one-page PDF that shows ``lines`` in Helvetica."""
    return paged_pdf([lines])


def paged_pdf(pages: list[list[str]]) -> bytes:
    """A valid PDF with one page per item of ``pages``, each showing its lines in Helvetica (an
    empty list makes a page without text, as a scanned page is)."""
    count = len(pages)
    kids = b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
        _FONT,
    ]
    for number, lines in enumerate(pages):
        text = "BT /F1 12 Tf 72 720 Td 14 TL " + " ".join(f"({line}) '" for line in lines) + " ET"
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
            b"/Resources << /Font << /F1 3 0 R >> >> >>" % (5 + 2 * number)
        )
        objects.append(_stream(text.encode() if lines else b""))
    return build_pdf(objects)


def trial_pdf(study: str, share: str) -> bytes:
    """A two-page trial report: the study on page 1, its response rate ``share`` on page 2."""
    return paged_pdf(
        [
            ["Zorvanib in refractory myelofibrosis", f"The {study} study enrolled 60 patients."],
            [f"In {study}, {share} of patients treated with zorvanib achieved a spleen volume",
             "reduction of at least 35% at week 24."],
        ]
    )  # fmt: skip


def flate_bomb_pdf(megabytes: int = 100, *, in_form: bool = False) -> bytes:
    """A one-page PDF of about 100 KB whose second content stream inflates to ``megabytes`` MB
    of spaces, past pypdf's decompression limit (75 MB); ``in_form`` puts the bomb in a form
    XObject the page draws instead."""
    packer = zlib.compressobj(9)
    bomb = b"".join(packer.compress(b" " * 1_000_000) for _ in range(megabytes)) + packer.flush()
    text = b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET"
    if in_form:
        return build_pdf(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
                b"/Resources << /Font << /F1 6 0 R >> /XObject << /X1 5 0 R >> >> >>",
                _stream(text + b" /X1 Do"),
                _stream(bomb, b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] "
                              b"/Filter /FlateDecode "),
                _FONT,
            ]
        )  # fmt: skip
    return build_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents [4 0 R 5 0 R] "
            b"/Resources << /Font << /F1 6 0 R >> >> >>",
            _stream(text),
            _stream(bomb, b"/Filter /FlateDecode "),
            _FONT,
        ]
    )


def many_pages_pdf(declared: int, actual: int) -> bytes:
    """A PDF whose page tree declares ``declared`` pages and holds ``actual`` (each one line)."""
    pages = [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R "
             b"/Resources << /Font << /F1 4 0 R >> >> >>"] * actual  # fmt: skip
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(actual))
    return build_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, declared),
            _stream(b"BT /F1 12 Tf 72 720 Td (A page of text.) Tj ET"),
            _FONT,
            *pages,
        ]
    )
