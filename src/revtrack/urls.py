"""Article URLs: the normal form that identifies an article, and a short name for people."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote, unquote, unquote_plus, urlsplit, urlunsplit

from revtrack.errors import UsageError
from revtrack.lazy import compiled

#: Query parameters that track the reader, not the article: left out of the normal form.
TRACKING_PARAMETERS = frozenset(
    """fbclid gclid dclid gbraid wbraid msclkid yclid twclid ttclid li_fat_id igshid mc_cid mc_eid
    _ga _gl _hsenc _hsmi mkt_tok vero_id vero_conv oly_anon_id oly_enc_id rb_clickid s_cid
    cmpid ncid ocid sr_share smid partner ref_src ref_url cxrecs_s taid
    at_medium at_campaign at_emailtype at_send_date at_link at_creation at_recipient_id
    at_recipient_list at_format at_type at_variant
    """.split()
)
_TRACKING_PREFIXES = ("utm_", "pk_", "mtm_")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def is_url(text: str) -> bool:
    """Whether an argument is a web address (``http://`` or ``https://``)."""
    return bool(re.match(r"https?://", text, re.IGNORECASE))


def normalize_url(url: str) -> str:
    """The form of a URL that identifies its article.

    Scheme and host in lower case (IDNA for non-ASCII hosts), no default port, no fragment,
    no tracking parameters (``utm_*``, ``fbclid``, ...), the other parameters kept in order,
    and an empty path written ``/``. Raises :class:`UsageError` for what is not an HTTP URL.
    """
    text = url.strip()
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:
        raise UsageError(f"invalid URL {url!r}: {exc}") from None
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    if scheme not in _DEFAULT_PORTS or not host or any(c.isspace() for c in text):
        raise UsageError(f"invalid URL {url!r}: use an http:// or https:// address")
    try:
        host = host.encode("idna").decode("ascii") if not host.isascii() else host.lower()
    except UnicodeError:
        raise UsageError(f"invalid URL {url!r}: the host name is not valid") from None
    if ":" in host:  # an IPv6 address
        host = f"[{host}]"
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    if parts.username or parts.password:
        raise UsageError(f"invalid URL {url!r}: leave user names and passwords out of it")
    # The path and the parameters kept stay as written (an escaped "/" or "%" is not the
    # character itself); only what may not stand in a URL is escaped, escapes in capitals.
    path = _PERCENT.sub(lambda m: m.group().upper(), quote(parts.path, safe=_SAFE)) or "/"
    query = "&".join(
        _PERCENT.sub(lambda m: m.group().upper(), quote(item, safe=_SAFE + "?"))
        for item in parts.query.split("&")
        if item and not _tracking(unquote_plus(item.split("=", 1)[0]).lower())
    )
    return urlunsplit((scheme, netloc, path, query, ""))


_SAFE = "/:@!$&'()*+,;=~-._%"
_PERCENT = compiled(r"%[0-9a-fA-F]{2}")


def _tracking(name: str) -> bool:
    return name in TRACKING_PARAMETERS or name.startswith(_TRACKING_PREFIXES)


def short_name(url: str) -> str:
    """A short, readable name for a URL's article: the last meaningful part of its path
    (``council-approves-budget``), or its host for a home page."""
    parts = urlsplit(url)
    segments = [unquote(s) for s in parts.path.split("/") if s]
    for segment in reversed(segments):
        stem = re.sub(r"\.(?:s?html?|php|aspx?|jsp|cms)$", "", segment, flags=re.IGNORECASE)
        slug = _slug(stem)
        if re.search(r"[^\W\d_]{3}", slug) and slug not in ("index", "amp", "default"):
            return slug[:80].strip("-")
    return _slug(parts.hostname or "article").removeprefix("www-") or "article"


def _slug(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    return re.sub(r"[^\w]+", "-", text).strip("-_")
