#!/usr/bin/env python3
"""Writes the WARC fixtures read by tests/test_warc.cc (Python 3 standard library only).

    python3 tests/data/warc/make_fixtures.py      # rewrites the files next to this script

Outputs, all deterministic (fixed record ids and dates, gzip mtime 0):

  crawl.warc      13 records: warcinfo; request + response pairs; a chunked 200 HTML response
                  (chunk extension and trailer); a gzip-encoded 200 response; a windows-1251
                  page declared in the HTTP header; a Latin-1 page declared only by a meta tag
                  (with windows-1252 smart quotes under its "iso-8859-1" label); a 301 redirect;
                  an image/jpeg response; a metadata record; a revisit record; a text/html
                  resource record. 5 pages, 8 skipped, 0 bad.
  crawl.warc.gz   the same records, one gzip member per record (as Heritrix and Common Crawl
                  write them).
  broken.warc     damage between good records: a Content-Length that overshoots into the next
                  record, garbage between records, an invalid Content-Length, a chunked body cut
                  short, and a truncated final record. 8 records: 4 pages, 1 skipped, 3 bad.
  expected/*      the payloads as the reader must return them (de-chunked, decompressed), and
                  the UTF-8 text of the legacy pages.

The articles are invented for these tests.
"""

import gzip
import os
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))

# --- Invented pages ---------------------------------------------------------------------------

HARBOUR = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Harbour Board Approves Night Ferry Trial</title></head>
<body><article>
<h1>Harbour Board Approves Night Ferry Trial</h1>
<p class="byline">By Mara Quill \u2014 14 March 2024</p>
<p>The harbour board voted on Wednesday to run a six-month trial of a night ferry between the
east quay and the island, after a petition signed by more than two thousand residents.</p>
<p>\u201cPeople who work late have had no way home,\u201d said the board\u2019s chair, Tomas Reed.
The first crossing is planned for the end of April.</p>
</article></body></html>
"""

LIBRARY = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Library Extends Weekend Hours After Petition</title></head>
<body><article>
<h1>Library Extends Weekend Hours After Petition</h1>
<p>The central library will stay open until eight on Saturdays and Sundays from next month,
the city\u2019s culture office announced. Students had collected signatures for weeks.</p>
<p>The extra hours will be staffed by volunteers and two new part-time librarians.</p>
</article></body></html>
"""

RUSSIAN_TEXT = (
    "Вчера вечером городской совет утвердил новый план развития набережной. "
    "По словам председателя комиссии, работы начнутся весной и продлятся около двух лет. "
    "Жители района уже несколько раз обсуждали проект на открытых слушаниях, и большинство "
    "из них поддержало идею пешеходной зоны вдоль реки. Противники плана опасаются, что "
    "строительство затронет старые деревья и помешает движению транспорта в центре города."
)
RIVERSIDE_1251 = (
    "<!DOCTYPE html>\n<html lang=\"ru\"><head>\n"
    "<title>Совет утвердил план набережной</title></head>\n"
    "<body><article>\n<h1>Совет утвердил план набережной</h1>\n"
    "<p>" + RUSSIAN_TEXT + "</p>\n</article></body></html>\n"
)

FRENCH_TEXT = (
    "Le café de la gare, fermé depuis l\u2019hiver, rouvrira en mai. Une idée naïve ? "
    "Pas pour les habitants de Zürich-Nord, venus nombreux à la réunion où le projet a été "
    "présenté : \u201cnous voulons un lieu où se retrouver\u201d, a déclaré la présidente du "
    "quartier."
)
CAFE_LATIN1 = (
    "<!DOCTYPE html>\n<html lang=\"fr\"><head>\n"
    "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\">\n"
    "<title>Le café de la gare rouvrira</title></head>\n"
    "<body><article>\n<h1>Le café de la gare rouvrira</h1>\n"
    "<p>" + FRENCH_TEXT + "</p>\n</article></body></html>\n"
)

GARDEN = """<html><head><title>Community Garden Opens on Mill Street</title></head>
<body><h1>Community Garden Opens on Mill Street</h1>
<p>Forty raised beds were handed over to neighbours on Saturday on the site of the old
bus depot. A waiting list has already been opened for next season.</p></body></html>
"""

BRIDGE = """<html><head><title>Footbridge Reopens After Repairs</title></head>
<body><h1>Footbridge Reopens After Repairs</h1>
<p>The footbridge over the canal reopened on Monday after three months of repairs to its
deck and railings. Cyclists are asked to dismount.</p></body></html>
"""

MARKET = """<html><head><title>Market Square Gets New Benches</title></head>
<body><h1>Market Square Gets New Benches</h1>
<p>Twelve oak benches were installed in the market square this week, paid for by the
traders' association.</p></body></html>
"""

SCHOOL = """<html><head><title>School Choir Wins Regional Prize</title></head>
<body><h1>School Choir Wins Regional Prize</h1>
<p>The choir of the Hill Road primary school won first prize at the regional festival on
Sunday, singing three songs written by its own pupils. The prize money will buy a piano.</p>
</body></html>
"""

# --- WARC writing -----------------------------------------------------------------------------

_next_id = [0]


def record_id():
    _next_id[0] += 1
    return "<urn:uuid:%s>" % uuid.UUID(int=0x6B726F6E696B61 * (1 << 64) + _next_id[0])


def warc_record(warc_type, block, fields=(), content_type=None, length=None, version="1.0"):
    """One record: version line, fields, blank line, block, CRLF CRLF."""
    lines = ["WARC/" + version, "WARC-Type: " + warc_type, "WARC-Record-ID: " + record_id()]
    lines += ["%s: %s" % f for f in fields]
    if content_type:
        lines.append("Content-Type: " + content_type)
    lines.append("Content-Length: %s" % (len(block) if length is None else length))
    return ("\r\n".join(lines) + "\r\n\r\n").encode("ascii") + block + b"\r\n\r\n"


def http_response(status, headers, body):
    head = "HTTP/1.1 %s\r\n" % status + "".join("%s: %s\r\n" % h for h in headers) + "\r\n"
    return head.encode("latin-1") + body


def http_request(uri):
    path = "/" + uri.split("/", 3)[3]
    host = uri.split("/")[2]
    return ("GET %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: kronika-fixture/1.0\r\n"
            "Accept: text/html\r\n\r\n" % (path, host)).encode("ascii")


def chunked(body, sizes, extension_on=1):
    """Chunked transfer coding with the given chunk sizes (the last takes the rest), a chunk
    extension on chunk `extension_on`, and a trailer field."""
    out, i = b"", 0
    for n, size in enumerate(sizes + [len(body)]):
        piece = body[i:i + size]
        if not piece:
            break
        ext = ";kronika-ext=\"1\"" if n == extension_on else ""
        out += b"%x%s\r\n" % (len(piece), ext.encode()) + piece + b"\r\n"
        i += len(piece)
    return out + b"0\r\nX-Fixture-Trailer: done\r\n\r\n"


def response(uri, date, http_block):
    return warc_record("response", http_block,
                       [("WARC-Target-URI", uri), ("WARC-Date", date),
                        ("WARC-IP-Address", "192.0.2.10")],
                       "application/http; msgtype=response")


def request(uri, date):
    return warc_record("request", http_request(uri),
                       [("WARC-Target-URI", uri), ("WARC-Date", date)],
                       "application/http; msgtype=request")


def crawl_records():
    records = []
    info = (b"software: kronika make_fixtures.py\r\nformat: WARC File Format 1.0\r\n"
            b"description: invented pages for Kronika's tests\r\n")
    records.append(warc_record("warcinfo", info, [("WARC-Date", "2024-03-14T09:00:00Z"),
                                                  ("WARC-Filename", "crawl.warc.gz")],
                               "application/warc-fields"))

    uri = "https://news.example.org/2024/03/14/night-ferry"
    date = "2024-03-14T09:00:05Z"
    body = HARBOUR.encode("utf-8")
    records.append(request(uri, date))
    records.append(response(uri, date, http_response("200 OK", [
        ("Content-Type", "text/html; charset=utf-8"),
        ("Last-Modified", "Thu, 14 Mar 2024 08:30:00 GMT"),
        ("Transfer-Encoding", "chunked")], chunked(body, [100, 0x155, 7]))))

    uri = "https://news.example.org/2024/03/14/library-hours"
    date = "2024-03-14T09:00:07Z"
    body = gzip.compress(LIBRARY.encode("utf-8"), mtime=0)
    records.append(request(uri, date))
    records.append(response(uri, date, http_response("200 OK", [
        ("Content-Type", "text/html;charset=UTF-8"), ("Content-Encoding", "gzip"),
        ("Content-Length", str(len(body))), ("Vary", "Accept-Encoding")], body)))

    uri = "http://gorod.example.ru/news/naberezhnaya.html"
    date = "2024-03-14T09:00:09Z"
    body = RIVERSIDE_1251.encode("cp1251")
    records.append(request(uri, date))
    records.append(response(uri, date, http_response("200 OK", [
        ("Server", "nginx"), ("Content-Type", "text/html; charset=windows-1251"),
        ("Content-Length", str(len(body)))], body)))

    uri = "http://quartier.example.fr/actualites/cafe-de-la-gare"
    date = "2024-03-14T09:00:11Z"
    body = CAFE_LATIN1.encode("cp1252")  # é etc. as Latin-1 bytes, smart quotes as 0x93/0x94
    records.append(response(uri, date, http_response("200 OK", [
        ("Content-Type", "text/html"), ("Content-Length", str(len(body)))], body)))

    uri = "http://news.example.org/old-ferry-story"
    records.append(response(uri, "2024-03-14T09:00:12Z", http_response("301 Moved Permanently", [
        ("Location", "https://news.example.org/2024/03/14/night-ferry"),
        ("Content-Type", "text/html"), ("Content-Length", "0")], b"")))

    uri = "https://news.example.org/img/ferry.jpg"
    jpeg = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + bytes(
        range(256)) + b"\xff\xd9"
    records.append(response(uri, "2024-03-14T09:00:13Z", http_response("200 OK", [
        ("Content-Type", "image/jpeg"), ("Content-Length", str(len(jpeg)))], jpeg)))

    records.append(warc_record("metadata", b"via: https://news.example.org/\r\nhopsFromSeed: L\r\n",
                               [("WARC-Target-URI", "https://news.example.org/img/ferry.jpg"),
                                ("WARC-Date", "2024-03-14T09:00:13Z")],
                               "application/warc-fields"))

    records.append(warc_record("revisit", http_response("200 OK", [
        ("Content-Type", "text/html; charset=utf-8")], b""), [
        ("WARC-Target-URI", "https://news.example.org/2024/03/14/night-ferry"),
        ("WARC-Date", "2024-03-14T10:00:05Z"),
        ("WARC-Profile", "http://netpreserve.org/warc/1.0/revisit/identical-payload-digest"),
        ("WARC-Refers-To-Target-URI", "https://news.example.org/2024/03/14/night-ferry")],
        "application/http; msgtype=response"))

    records.append(warc_record("resource", GARDEN.encode("utf-8"), [
        ("WARC-Target-URI", "http://news.example.org/local/garden.html"),
        ("WARC-Date", "2024-03-14T09:00:20Z")], "text/html"))
    return records


def broken_records():
    """Returns the pieces of broken.warc in order (records and garbage)."""
    pieces = []
    pieces.append(warc_record("warcinfo", b"software: kronika make_fixtures.py\r\n",
                              [("WARC-Date", "2024-03-15T09:00:00Z")], "application/warc-fields"))
    uri = "http://news.example.org/bridge"
    body = BRIDGE.encode("utf-8")
    pieces.append(response(uri, "2024-03-15T09:00:01Z", http_response("200 OK", [
        ("Content-Type", "text/html; charset=utf-8")], body)))

    # Content-Length 200 bytes too long: the block runs into the next record's header.
    body = MARKET.encode("utf-8")
    block = http_response("200 OK", [("Content-Type", "text/html")], body)
    pieces.append(warc_record("response", block, [
        ("WARC-Target-URI", "http://news.example.org/overlong"),
        ("WARC-Date", "2024-03-15T09:00:02Z")], "application/http; msgtype=response",
        length=len(block) + 200))
    pieces.append(response("http://news.example.org/market", "2024-03-15T09:00:03Z",
                           http_response("200 OK", [("Content-Type", "text/html")], body)))

    pieces.append(b"this line is not part of any record\r\n\x00\x01\x02 binary junk\r\n"
                  b"and neither is this one\r\n\r\n")

    block = http_response("200 OK", [("Content-Type", "text/html")], b"<p>lost</p>")
    pieces.append(warc_record("response", block, [
        ("WARC-Target-URI", "http://news.example.org/bad-length"),
        ("WARC-Date", "2024-03-15T09:00:04Z")], "application/http; msgtype=response",
        length="12x"))

    # A chunked body cut short: the last chunk announces more than is there and no "0" chunk.
    body = SCHOOL.encode("utf-8")
    cut = b"%x\r\n" % 120 + body[:120] + b"\r\n" + b"%x\r\n" % 0x400 + body[120:200]
    pieces.append(response("http://news.example.org/choir", "2024-03-15T09:00:05Z",
                           http_response("200 OK", [("Content-Type", "text/html"),
                                                    ("Transfer-Encoding", "chunked")], cut)))

    pieces.append(warc_record("resource", GARDEN.encode("utf-8"), [
        ("WARC-Target-URI", "http://news.example.org/local/garden.html"),
        ("WARC-Date", "2024-03-15T09:00:06Z")], "text/html; charset=utf-8", version="1.1"))

    # The final record is cut off in the middle of its block.
    whole = response("http://news.example.org/cut", "2024-03-15T09:00:07Z",
                     http_response("200 OK", [("Content-Type", "text/html")], HARBOUR.encode()))
    pieces.append(whole[:whole.index(b"<article>") + 40])
    return pieces


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


def line_of(data, piece):
    """1-based line at which `piece` starts in `data`."""
    return data[:data.index(piece)].count(b"\n") + 1


def main():
    records = crawl_records()
    write("crawl.warc", b"".join(records))
    write("crawl.warc.gz", b"".join(gzip.compress(r, mtime=0) for r in records))

    pieces = broken_records()
    data = b"".join(pieces)
    write("broken.warc", data)

    os.makedirs(os.path.join(HERE, "expected"), exist_ok=True)
    write("expected/night-ferry.html", HARBOUR.encode("utf-8"))
    write("expected/library-hours.html", LIBRARY.encode("utf-8"))
    write("expected/naberezhnaya.cp1251.html", RIVERSIDE_1251.encode("cp1251"))
    write("expected/naberezhnaya.utf8.html", RIVERSIDE_1251.encode("utf-8"))
    write("expected/cafe.latin1.html", CAFE_LATIN1.encode("cp1252"))
    write("expected/cafe.utf8.html", CAFE_LATIN1.encode("utf-8"))
    write("expected/garden.html", GARDEN.encode("utf-8"))
    write("expected/choir-cut.html", SCHOOL.encode("utf-8")[:200])

    # The lines tests/test_warc.cc expects in warnings about broken.warc.
    for i, piece in enumerate(pieces):
        print("broken.warc piece %d starts at line %d" % (i + 1, line_of(data, piece)))


if __name__ == "__main__":
    main()
