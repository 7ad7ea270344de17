"""Links from a printed workbook to the live help: a QR code and a short address per how-to.

The address is the how-to's page where the site is published (``help_url`` in
platform.yaml, or ``handouts --help-url``) joined with the page's path in the built site
(:func:`builder.layout.help_page_path`), so the code opens the page ``helpwright build``
wrote. The QR code is an SVG drawn here and inlined in the print HTML: nothing is fetched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from builder.layout import help_page_path

#: the SVG's own size attributes: the print CSS sizes the code instead
_SIZE = re.compile(r'\s(?:width|height)="[^"]*"')


@dataclass(frozen=True)
class HelpLink:
    url: str
    #: the address as a reader types it: no scheme
    short: str
    #: the QR code, an ``<svg>`` element (made here from the URL only, never from content markup)
    svg: str


def help_link(help_url: str, lang: str, scenario_id: str) -> HelpLink:
    """The link of one how-to; ``help_url`` ends with ``/`` (the model adds it)."""
    url = help_url + help_page_path(lang, scenario_id)
    return HelpLink(url=url, short=url.split("://", 1)[1], svg=qr_svg(url))


def qr_svg(data: str) -> str:
    """``data`` as a QR code in SVG: medium error correction, the standard four-module quiet zone."""
    import qrcode
    import qrcode.image.svg

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4,
                         image_factory=qrcode.image.svg.SvgPathImage)
    code.add_data(data)
    code.make(fit=True)
    svg = code.make_image().to_string(encoding="unicode")
    svg = svg[svg.index("<svg"):]
    # sized by the print CSS; crisp edges so no seam appears between modules when printed or rasterised
    return _SIZE.sub("", svg, count=2).replace("<svg", '<svg class="qr" aria-hidden="true" '
                                                        'shape-rendering="crispEdges"', 1)
