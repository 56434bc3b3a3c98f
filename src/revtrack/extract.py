"""Turn a source's raw bytes into article text, checked and normalised."""

from __future__ import annotations

import codecs
import re
from typing import TYPE_CHECKING, Any

from revtrack.errors import ExtractionError, InputError, UsageError
from revtrack.lazy import compiled
from revtrack.models import Snapshot
from revtrack.sources import RawSource
from revtrack.text import count_words, normalize

if TYPE_CHECKING:
    from revtrack.fetch import Page

DEFAULT_ENCODING = "utf-8"
#: A web page whose extracted text has fewer words holds no article (a menu, an error page).
MIN_ARTICLE_WORDS = 8


def check_encoding(name: str) -> str:
    """Return the canonical name of an encoding, or raise :class:`UsageError`."""
    try:
        # Refuses codecs that are not text encodings (base64, rot13, ...).
        b"a".decode(name, "ignore")
        return codecs.lookup(name).name
    except LookupError:
        raise UsageError(f"unknown text encoding {name!r}") from None
    except (UnicodeError, ValueError) as exc:
        raise UsageError(f"encoding {name!r} cannot be used for text: {exc}") from None


def decode(raw: RawSource, encoding: str = DEFAULT_ENCODING) -> str:
    """Decode bytes as ``encoding``, refusing binary data with a message that says why."""
    encoding = check_encoding(encoding)
    if "\x00".encode(encoding, errors="ignore") == b"\x00" and b"\x00" in raw.data:
        raise InputError(
            f"{raw.name} looks like a binary file: NUL byte at offset {raw.data.index(0)} "
            "(for UTF-16 text use --encoding utf-16)"
        )
    # A UTF-8 byte order mark is not part of the text.
    skip = (
        len(codecs.BOM_UTF8) if encoding == "utf-8" and raw.data.startswith(codecs.BOM_UTF8) else 0
    )
    try:
        text = raw.data[skip:].decode(encoding)
    except UnicodeDecodeError as exc:
        offset = exc.start + skip
        raise InputError(
            f"{raw.name} is not valid {encoding}: byte 0x{raw.data[offset]:02x} at offset "
            f"{offset} (choose the encoding with --encoding, e.g. --encoding latin-1)"
        ) from None
    except UnicodeError as exc:  # a codec that says what is wrong but not where (punycode)
        raise InputError(f"{raw.name} is not valid {encoding}: {exc}") from None
    if "\x00" in text:
        raise InputError(f"{raw.name} looks like a binary file: it contains NUL characters")
    return text


def extract(raw: RawSource, *, encoding: str = DEFAULT_ENCODING) -> Snapshot:
    """The article text of a source: decoded, normalised, and not empty."""
    text = normalize(decode(raw, encoding))
    if not text:
        raise InputError(f"{raw.name} is empty: there is no text to store")
    return Snapshot(text=text, source=raw.kind)


# --- pages that are no article ----------------------------------------------------------

#: A page with at most this many words that speaks of an error, a login or a paywall is that
#: page, not an article (an article that quotes such words is longer).
ERROR_PAGE_WORDS = 200
_PAGE_NOT_FOUND = (
    r"page\s+not\s+found|404\s+not\s+found|(?:error|fehler|erreur|errore|erro)\s+404|404\s+error"
    r"|the\s+page\s+you\s+(?:were|are)\s+looking\s+for|this\s+page\s+(?:does\s+not|doesn['’]t)"
    r"\s+exist|(?:can['’]t|cannot|could\s+not)\s+(?:be\s+)?f(?:i|ou)nd\s+(?:th(?:at|is|e)\s+)?page"
    r"|page\s+(?:cannot|can['’]t|could\s+not)\s+be\s+found|seite\s+(?:wurde\s+)?nicht\s+gefunden"
    r"|seite\s+existiert\s+nicht|page\s+(?:introuvable|non\s+trouvée)|cette\s+page\s+n['’]existe"
    r"|página\s+no\s+encontrada|esta\s+página\s+no\s+existe|pagina\s+non\s+trovata"
    r"|página\s+não\s+encontrada|pagina\s+niet\s+gevonden|deze\s+pagina\s+bestaat\s+niet"
    r"|sidan\s+(?:kunde\s+inte\s+hittas|hittades\s+inte)|siden\s+(?:blev\s+ikke\s+fundet"
    r"|finnes\s+ikke|findes\s+ikke|ble\s+ikke\s+funnet)|nie\s+znaleziono\s+strony"
    r"|ページが見つかりません|页面不存在|找不到(?:该|此)?页面|頁面不存在|페이지를\s*찾을\s*수\s*없습니다"
)
_ACCESS_DENIED = (
    r"access\s+(?:denied|to\s+this\s+page\s+has\s+been\s+denied)|403\s+forbidden"
    r"|you\s+don['’]t\s+have\s+permission\s+to\s+access|zugriff\s+verweigert"
    r"|accès\s+(?:refusé|interdit)|acceso\s+denegado|accesso\s+negato|acesso\s+negado"
    r"|toegang\s+geweigerd|are\s+you\s+a\s+robot|verify\s+(?:that\s+)?you\s+are\s+(?:a\s+)?human"
    r"|checking\s+your\s+browser|please\s+enable\s+(?:javascript|cookies)"
    r"|enable\s+javascript\s+(?:and\s+cookies\s+)?to\s+continue"
)
_PAYWALL = (
    r"subscribe\s+(?:now\s+)?to\s+(?:continue|read|keep\s+reading|unlock)|already\s+a\s+subscriber"
    r"|(?:available|reserved)\s+(?:only\s+)?(?:to|for)\s+(?:our\s+)?subscribers|subscribers\s+only"
    r"|you['’]ve\s+reached\s+your\s+(?:limit|free\s+article)|you\s+have\s+reached\s+your\s+(?:free\s+)?"
    r"article\s+limit|create\s+a\s+free\s+account\s+to\s+continue|jetzt\s+abonnieren"
    r"|nur\s+für\s+abonnenten|bereits\s+abonnent|abonnez-vous|réservé\s+aux\s+abonnés|déjà\s+abonné"
    r"|suscríbete|exclusivo\s+para\s+(?:suscriptores|assinantes)|ya\s+eres\s+suscriptor"
    r"|riservato\s+agli\s+abbonati|sei\s+già\s+abbonato|já\s+é\s+assinante|word\s+abonnee"
    r"|alleen\s+voor\s+abonnees|bli\s+prenumerant"
)
_SIGN_IN = (
    r"(?:sign|log)\s*in\s+to\s+(?:continue|read|view|keep\s+reading)|please\s+(?:sign|log)\s*in"
    r"|you\s+must\s+be\s+(?:signed|logged)\s+in|bitte\s+(?:melden\s+sie\s+sich\s+an|anmelden"
    r"|einloggen)|connectez-vous\s+pour|veuillez\s+vous\s+connecter|inicia\s+sesión\s+para"
    r"|accedi\s+per\s+(?:continuare|leggere)|faça\s+login\s+para|log\s+in\s+om\s+verder"
)
_BROKEN = (
    r"something\s+went\s+wrong|an\s+error\s+(?:has\s+)?occurred|service\s+(?:temporarily\s+)?"
    r"unavailable|internal\s+server\s+error|ein\s+fehler\s+ist\s+aufgetreten"
    r"|une\s+erreur\s+(?:s['’]est\s+produite|est\s+survenue)|(?:se\s+ha\s+producido|ha\s+ocurrido)"
    r"\s+un\s+error|si\s+è\s+verificato\s+un\s+errore|ocorreu\s+um\s+erro|er\s+is\s+iets\s+misgegaan"
)
_NO_ARTICLE = compiled(
    "|".join(
        f"(?:{part})" for part in (_PAGE_NOT_FOUND, _ACCESS_DENIED, _PAYWALL, _SIGN_IN, _BROKEN)
    ),
    re.IGNORECASE,
)


def refuse_error_page(snapshot: Snapshot, source: str) -> None:
    """Refuse the first snapshot of a page that says, in few words, that it is an error page,
    a login or a paywall (a server may send any of them with status 200)."""
    if count_words(snapshot.text) > ERROR_PAGE_WORDS:
        return
    for where in (snapshot.title or "", snapshot.text):
        found = _NO_ARTICLE.search(where)
        if found is not None:
            raise ExtractionError(
                f"{source}: the page looks like an error, login or subscription page, not an "
                f"article (it says “{' '.join(found.group().split())}”): not stored; store "
                "it anyway with --force"
            )


# --- HTML ----------------------------------------------------------------------------------

_HTML_START = re.compile(
    rb"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)
_HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
#: Where a rescued note may not come from: readers' comments, menus, footers of the page.
_NOT_THE_ARTICLE = compiled(r"comment|discuss|reply|related|newsletter|promo|share|social", re.I)
_NOTE_BLOCKS = (
    "p",
    "div",
    "aside",
    "section",
    "footer",
    "blockquote",
    "li",
    "span",
    "em",
    "i",
    "small",
    "strong",
    "b",
)


def looks_like_html(raw: RawSource) -> bool:
    """A doctype or ``<html>`` at the start, or a file named ``.html``: HTML, else text."""
    if raw.name.lower().endswith(_HTML_SUFFIXES):
        return True
    head = raw.data[:4096].removeprefix(codecs.BOM_UTF8)
    return bool(_HTML_START.match(head))


def decode_html(data: bytes, declared: str | None = None) -> str:
    """A page's text: by its byte order mark, then the charset the server declared, the one a
    ``<meta>`` tag declares, UTF-8, or what detection finds. A page that declares another
    charset but is UTF-8 is read as UTF-8. See :func:`read_html`."""
    text, _warning = read_html(data, declared)
    if text is None:
        raise InputError("the page's bytes are text in no charset revtrack knows")
    return text


def read_html(data: bytes, declared: str | None = None) -> tuple[str | None, str | None]:
    """A page's text (``None`` when no charset reads it), and a warning when its declared
    charset was wrong. Valid UTF-8 with characters beyond ASCII is taken for the UTF-8 it
    almost always is, whatever the label (a text in another charset is next to never valid
    UTF-8); a Latin-1 label is no warning, since servers put it on pages they know nothing
    of."""
    for bom, name in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(name, errors="replace").removeprefix("\ufeff"), None
    meta = _META_CHARSET.search(data[:4096])
    labels = [declared, meta.group(1).decode("ascii", "ignore") if meta else None]
    utf8 = _is_utf8(data)
    wrong: str | None = None  # the first label the bytes belie
    for label in labels:
        encoding = _known_encoding(label)
        if encoding is None:
            continue
        if encoding != "utf-8" and utf8 and not data.isascii():
            return data.decode("utf-8"), _mislabelled(label, encoding, "UTF-8")
        try:
            return data.decode(encoding), None
        except UnicodeDecodeError:
            wrong = wrong or label  # a wrong declaration: look further
    if utf8:
        return data.decode("utf-8"), _mislabelled(wrong, None, "UTF-8")
    return _detected(data, wrong)


def _mislabelled(label: str | None, encoding: str | None, read_as: str) -> str | None:
    if label is None or encoding == "cp1252":
        return None
    return f"the page says its charset is {label} but it is {read_as}: read as {read_as}"


def _detected(data: bytes, wrong: str | None) -> tuple[str | None, str | None]:
    """The text of a page in no charset it declares, by detection."""
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        return None, None
    found = best
    # Where several charsets read the bytes equally well (cp1250 and cp1252 often do), the
    # web's default for a page that declares none, windows-1252, is the likely one.
    for match in matches:
        if (
            "cp1252" in match.could_be_from_charset
            and match.percent_chaos <= best.percent_chaos
            and match.percent_coherence >= best.percent_coherence
        ):
            found = match
            break
    return str(found), _mislabelled(wrong, None, found.encoding)


#: What browsers read a page labelled with these as (the WHATWG encoding standard): the
#: Latin-1 labels mean windows-1252, whose quotes and dashes pages in "Latin-1" are full of;
#: a UTF-16 label on a page that the server sent as bytes of ASCII is a mistake.
_AS_BROWSERS_READ = {
    "latin-1": "cp1252",
    "iso8859-1": "cp1252",
    "ascii": "cp1252",
    "utf-16": "utf-8",
    "utf-16-le": "utf-8",
    "utf-16-be": "utf-8",
}


def _known_encoding(name: str | None) -> str | None:
    """The text encoding a page's label names, as browsers read it; ``None`` for what is not
    a text encoding (``base64``, ``zlib``) or not an encoding at all."""
    if not name:
        return None
    try:
        info = codecs.lookup(name.strip())
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True):
        return None
    return _AS_BROWSERS_READ.get(info.name, info.name)


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def extract_html(
    raw: RawSource,
    *,
    url: str | None = None,
    charset: str | None = None,
    selector: str | None = None,
) -> Snapshot:
    """The article in a web page: its main text (paragraphs kept; menus, ads, related links
    and comments left out), title, byline and dates. Editorial notes that the page keeps in
    boxes outside the main text (a correction in an ``<aside>``) are kept too, in place. With
    a CSS ``selector`` (a site's, from the configuration), the text is that of the elements
    it selects instead."""
    import trafilatura
    from trafilatura.settings import set_date_params

    html, warning = read_html(raw.data, charset)
    if html is None:
        error = ExtractionError if raw.kind == "url" else InputError
        raise error(f"{raw.name}: the page's bytes are text in no charset revtrack knows")
    document = trafilatura.bare_extraction(
        html,
        url=url,
        include_comments=False,
        include_tables=True,
        favor_recall=True,
        deduplicate=False,
        with_metadata=True,
        # Dates from the page's markup and its usual date formats: the extensive search
        # hands what it cannot read (an impossible "Feb. 30") to a parser that tries every
        # locale in turn, for seconds.
        date_extraction_params=set_date_params(extensive=False),
    )
    found = document if isinstance(document, dict) else document.as_dict() if document else {}
    if selector is not None:
        found["text"] = "\n".join(selected_paragraphs(html, selector, raw.name))
    body = found.get("text") or trafilatura.html2txt(_whole(html))  # short: all its text
    paragraphs = [line.strip() for line in (body or "").splitlines() if line.strip()]
    title = found.get("title") or None
    lead = 1 if paragraphs and title and paragraphs[0] == title.strip() else 0
    paragraphs = paragraphs[:lead] + _with_rescued_notes(html, paragraphs[lead:], paragraphs[:lead])
    text = normalize("\n\n".join(paragraphs))
    if count_words(text) < MIN_ARTICLE_WORDS:
        raise ExtractionError(f"{raw.name}: the page holds no article text")
    metadata = {
        key: str(found[field])
        for key, field in (
            ("author", "author"),
            ("published", "date"),
            ("site", "sitename"),
            ("url", "url"),
            ("description", "description"),
        )
        if found.get(field)
    }
    modified = _modified_date(html)
    if modified:
        metadata["modified"] = modified
    warnings = (f"{raw.name}: {warning}",) if warning else ()
    return Snapshot(text, raw.kind, title, metadata, warnings)


def _whole(html: str) -> str:
    """A fragment (``<p>...</p>``) made a document, for extractors that want one."""
    return (
        html
        if re.search(r"<(?:html|body)\b", html, re.IGNORECASE)
        else f"<html><body>{html}</body></html>"
    )


#: How much of a page its last-modified date is looked for in: its head and the top of its
#: body, where pages give it (the whole of a huge page would be read through several times).
DATE_REACH = 500_000


def _modified_date(html: str) -> str | None:
    from htmldate import find_date

    try:
        return find_date(html[:DATE_REACH], original_date=False, extensive_search=False) or None
    except (ValueError, TypeError):
        return None


def _with_rescued_notes(html: str, paragraphs: list[str], title: list[str]) -> list[str]:
    """``paragraphs`` with the page's editorial notes that extraction left out, put before
    the text when the page has them above the article's first paragraph, else after it; a
    note in the ``title`` (a wire tag, ``UPDATE 1-``) is not left out."""
    from lxml import etree
    from lxml import html as lxml_html

    from revtrack.notes import find_notes

    try:
        root = lxml_html.fromstring(html)
    except (ValueError, SyntaxError, etree.LxmlError):  # an empty or broken document
        return paragraphs
    whole = [" ".join(p.split()) for p in [*title, *paragraphs]]
    kept, kept_blocks = " ".join(whole), set(whole)
    first = " ".join(paragraphs[0].split())[:40] if paragraphs else ""
    before: list[str] = []
    after: list[str] = []
    seen_first = False
    inside_kept: set[Any] = set()  # the elements of kept paragraphs: their notes are kept
    for element in root.iter(*_NOTE_BLOCKS):
        if len(before) + len(after) >= MAX_RESCUED_NOTES:
            break
        if element.getparent() in inside_kept:
            inside_kept.add(element)
            continue
        block = " ".join(element.text_content().split())
        if first and first in block and len(block) < 4 * len(first) + 200:
            seen_first = True
        if block in kept_blocks:
            inside_kept.add(element)
            continue
        if not block or len(block) > 2000 or _outside_article(element):
            continue
        for note in find_notes(block):
            text = " ".join(note.text.split())
            if text in kept or any(text in n for n in before + after):
                continue
            (after if seen_first else before).append(text)
    return [*before, *paragraphs, *after] if before or after else paragraphs


#: The most notes kept from outside a page's main text: a page with more has them in its
#: text, or is no article (and each would be looked for in the whole text).
MAX_RESCUED_NOTES = 50


def _outside_article(element: Any) -> bool:
    """Whether an element sits in a page's comments, menus or footer."""
    for node in (element, *element.iterancestors()):
        if node.tag in ("nav", "form", "script", "style", "noscript", "header"):
            return True
        if node.tag == "footer" and not any(
            a.tag in ("article", "main") for a in node.iterancestors()
        ):
            return True
        attributes = " ".join(str(node.get(name, "")) for name in ("class", "id", "role"))
        if _NOT_THE_ARTICLE.search(attributes):
            return True
    return False


def extract_page(page: Page, *, selector: str | None = None) -> Snapshot:
    """The article of a fetched page: extracted from HTML (with a CSS ``selector``, what it
    selects), or taken as it is from plain text."""
    raw = RawSource(data=page.data, kind="url", name=page.url)
    if page.content_type == "text/plain":
        return extract(raw, encoding=_known_encoding(page.charset) or "utf-8")
    return extract_html(raw, url=page.url, charset=page.charset, selector=selector)


# --- a site's own selector -----------------------------------------------------------------

#: The elements that end a paragraph of a selected article.
_BLOCKS = frozenset(
    "p div section article main header footer aside blockquote pre ul ol li dl dt dd table tr "
    "h1 h2 h3 h4 h5 h6 figure figcaption br hr address details summary".split()
)
#: What is never text of an article.
_NO_TEXT = frozenset("script style noscript template iframe svg button form nav".split())


def selected_paragraphs(html: str, selector: str, name: str) -> list[str]:
    """The text of the elements that the CSS ``selector`` selects in ``html``, in
    paragraphs (one per block element); :class:`ExtractionError` when it selects nothing,
    :class:`ConfigError` when it is no selector."""
    from cssselect import SelectorError
    from lxml import etree
    from lxml import html as lxml_html

    from revtrack.errors import ConfigError

    try:
        root = lxml_html.fromstring(html)
        chosen = root.cssselect(selector)
    except SelectorError as exc:
        raise ConfigError(f"the selector {selector!r} is no CSS selector: {exc}") from None
    except (ValueError, SyntaxError, etree.LxmlError):
        chosen = []
    if not chosen:
        raise ExtractionError(f"{name}: the selector {selector!r} selects nothing on the page")
    paragraphs: list[str] = []
    for element in chosen:
        current: list[str] = []
        _gather(element, current, paragraphs)
        _flush(current, paragraphs)
    return paragraphs


def _gather(element: Any, current: list[str], paragraphs: list[str]) -> None:
    """Add ``element``'s text to the paragraph being read, or to paragraphs of its own."""
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in _NO_TEXT:
        return
    block = tag in _BLOCKS
    if block:
        _flush(current, paragraphs)
    if element.text and tag:
        current.append(element.text)
    for child in element:
        _gather(child, current, paragraphs)
        if child.tail:
            current.append(child.tail)
    if block:
        _flush(current, paragraphs)


def _flush(current: list[str], paragraphs: list[str]) -> None:
    text = " ".join("".join(current).split())
    if text:
        paragraphs.append(text)
    current.clear()
