"""A tiny site on 127.0.0.1 whose pages hold things the DOM has and a reader does not see.

Every page is in English, or in French with ``?lang=fr`` (``<html lang>`` follows):

- ``/sronly``: a screen-reader-only "Saved" (1 px, clipped), and nothing else saying it;
  ``/sronly-then-shown``: the same label, then a visible "Saved" further down;
- ``/rows``: a table row whose "Edit" action is parked at ``left: -9999em`` until the row
  is hovered (as a popular CMS does);
- ``/upload-one``: a file input parked at x = -1770 behind one "Select files…" button in the
  same widget; ``/upload-two``: the same widget with a second button, "Select folder…";
- ``/clipped``: a button inside a 40-px box that hides its overflow, under a first line;
- ``/modal``: a button under a full-page modal overlay;
- ``/veil``: a button under a white veil that lets clicks through (``pointer-events: none``);
  ``/saving``: a button in a form veiled by the form's own ``::after``, and a link with a small ``::after`` dot;
  ``/decor``: a button over a yellow block that lets clicks through, under a clear layer that does too;
  ``/veil-in-shadow``: a button under a component whose open shadow root holds such a veil; ``/veil-beside``: a
  button under a veil, both in one component's shadow root; ``/gradient-veil``: a button under a veil painted
  with a white gradient; ``/gradient-shine``: a button under a clear gradient that lets clicks through;
  ``/slotted-veil``: a "Veiled" button slotted into a card whose shadow root veils it; and "Shown" buttons
  under what lets clicks through and hides nothing: ``/shell``, a component's page background behind the page
  (``z-index: -1``) and its toast layer over it; ``/card-ring``, a card's background behind its slotted button
  and its clear ring over it; ``/underline``, a 3-px gradient line; ``/gradient-text``, gradient "New!" text;
- ``/far``: a button 2,000 px down the page; ``/smooth``: the same, on a page that scrolls smoothly;
- ``/shadow``: a button in a custom element's open shadow root, in view low on a long page; ``/effects``: a button under a clear canvas
  that lets clicks through; ``/filled``: a field whose placeholder "Search" is gone, its value "cats";
- ``/words-light``, ``/words-shadow``: words just above a "Target" button, in the page or in a component's
  shadow root (the same pixels);
- ``/faded-component``: a "Faded" button in the shadow root of a component at opacity 0;
- ``/glass``: an "Under glass" button under a page-wide white layer at opacity 0;
- ``/form``: a list "Colour" offering "Red" and "Green";
- ``/rev``: redirects to ``/revision?oldid=N``, N one more on each visit (the page looks the same);
- ``/fade``: a "Welcome" banner fading in by script over 0.9 s (not a CSS animation);
- ``/labels``: "Publish" and "Preview" (fr: "Publier", "Aperçu"); ``/switch``: a switch "Notify"; the pages of
  ``LAYOUT_PAGES``: what is laid out but not drawn, a button scrolled away in a box, words a mask may cover, a
  placeholder over a button's words, a page's thumbnail, a label in a frame, clear boxes over a button;
- ``/icons``: a "⚙" button named "Settings" by its aria-label; an icon button whose "Edit" is screen-reader
  only; a "Print" link written in two parts (``<b>Pri</b>nt``); a box whose "Archive" is not displayed; words
  hidden as designers hide them: "Clear" in a transparent colour, "Home" pushed away by ``text-indent``, "Close"
  at font size 0, "Secret" white on white, "Publish everything" cut short ("Publis…"), "Faint" white on white in
  oklch(), "Save" covered by the "Saving…" its button places over it; and "Contact", white on dark blue,
  "Modern", near-black in oklch() (as Tailwind 4 writes colours), "Send" beside its red count; "Apply" under a
  white cover that lets clicks through, "Undo" under a cover at opacity 0, "Open" under its button's clear
  ``::before`` (a state layer);
- ``/img-icon``, ``/img-icon-veiled``: a "Menu" button showing only a picture of three bars, the second under
  such a veil; ``/img-swatch``: one showing only a flat red square; ``/img-icon-foreign``,
  ``/img-icon-foreign-veiled``, ``/img-swatch-foreign``, ``/img-blank-foreign``: the same pictures from another
  origin (the same server, named localhost: no script may read their pixels), and a blank one; ``/font-icon``,
  ``/font-icon-veiled``, ``/bg-icon-veiled``: one whose icon is a ``::before``'s character (as icon fonts draw
  them), the second under such a veil, and one whose icon is its background picture, under it;
  ``/font-icon-inner``, ``/font-icon-inner-veiled``: a "Menu" link whose character is drawn by an ``<i>`` inside
  it, the second under such a veil; the pages of ``ICON_PAGES`` (icon-only buttons as platforms draw them, some
  under such a veil); ``/css-swatch``:
  one that is only a flat red box;
- ``/label-badge``: a "Language" item under such a veil, its red "New" badge beside it shown (``/badge-veiled``:
  the badge veiled, the words shown); ``/label-below``:
  a "Total due" line under such a veil (80% opaque), 1,500 px below a "Pay" button (``/label-below-crop``: both
  in a box ``#box`` 1,500 px down, the line 1,200 px below the button; ``/label-below-banner``: the line under a
  dark banner with words of its own, ``/label-below-component`` the same banner drawn by a component's open shadow
  root; ``/label-below-fixed``: the line clear, a panel with words fixed to the viewport's middle;
  ``/label-below-notice``: the line clear, a notice at the top that goes on the page's first scroll);
- ``/label-veiled``: a "Total due" line under a white veil in a closed shadow root, above a "Pay" button;
  ``/label-misted``: the same veil, light (opacity 0.3); ``/label-twice``: the heavy veil, and "Total due" again
  below the button;
- ``/menu``: a "Settings" button opening a menu with "Language" and "Password" (fr:
  "Paramètres", "Langue", "Mot de passe").
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.localserver import send_body, serving

#: a dark "menu" icon as a picture (three bars)
MENU_PICTURE = ("data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='16' height='16'%3E%3Cpath "
                "d='M2 4h12M2 8h12M2 12h12' stroke='%23333' stroke-width='1.5'/%3E%3C/svg%3E")
#: a dark band with light words, as a picture (``/please-wait.svg``)
PLEASE_WAIT = ("<svg xmlns='http://www.w3.org/2000/svg' width='1280' height='70'><rect width='1280' height='70' "
               "fill='#222'/>" + "".join(f"<text x='0' y='{y}' fill='#fff' font-size='16' font-family='sans-serif'>"
                                         + "Please wait. " * 20 + "</text>" for y in range(14, 70, 14)) + "</svg>")
#: a narrow dark strip as a picture (20 × 70)
STRIP_PICTURE = ("data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='20' height='70'%3E%3Crect "
                 "width='20' height='70' fill='%23222'/%3E%3C/svg%3E")
#: the pictures the server gives (from another origin, when asked through localhost)
PICTURES = {
    "/please-wait.svg": PLEASE_WAIT,
    "/menu.svg": ("<svg xmlns='http://www.w3.org/2000/svg' width='16' height='16'><path d='M2 4h12M2 8h12M2 12h12' "
                  "stroke='#333' stroke-width='1.5'/></svg>"),
    "/swatch.svg": "<svg xmlns='http://www.w3.org/2000/svg' width='24' height='24'><rect width='24' height='24' "
                   "fill='#c0392b'/></svg>",
    "/light.svg": ("<svg xmlns='http://www.w3.org/2000/svg' width='16' height='16'><path d='M2 4h12M2 8h12M2 12h12' "
                   "stroke='#c8c8c8' stroke-width='1.5'/></svg>"),
    "/blank.svg": "<svg xmlns='http://www.w3.org/2000/svg' width='24' height='24'></svg>",
    "/dot.svg": ("<svg xmlns='http://www.w3.org/2000/svg' width='32' height='32'><circle cx='28' cy='4' r='4' "
                 "fill='#c00'/></svg>"),
    "/opaque.svg": ("<svg xmlns='http://www.w3.org/2000/svg' width='120' height='60'><rect width='120' height='60' "
                    "fill='#1565c0'/>" + "".join(f"<text x='0' y='{y}' fill='#fff' font-size='14' "
                                                 "font-family='sans-serif'>Sale! Sale! Sale!</text>"
                                                 for y in range(12, 60, 12)) + "</svg>"),
}
#: a flat red square as a picture (a colour swatch)
SWATCH_PICTURE = ("data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='24' height='24'%3E%3Crect "
                  "width='24' height='24' fill='%23c0392b'/%3E%3C/svg%3E")


def closed_veil(opacity: str = ".95", place: str = "position:fixed;inset:0", paint: str = "background:#fff") -> str:
    """A white veil over the page (or, ``position:absolute``, over the box holding it) in a closed shadow root: no
    page script sees it, and it lets clicks through. Chromium's own hit test finds it over a step's target (see
    builder/capture/hittest.py) when it ``paint``s with a background; painted some other way (:data:`SHADOW_PAINT`),
    only the image's pixels tell."""
    return ("<x-busy></x-busy><script>customElements.define('x-busy', class extends HTMLElement { constructor() { "
            "super(); this.attachShadow({mode: 'closed'}).innerHTML = '<div style=\"" + place + ";"
            + paint + ";opacity:" + opacity + ";pointer-events:none\"></div>'; } });</script>")


#: icon-only "Menu" buttons as platforms draw them (see ICON_PAGES); the fa-bars character as an icon font draws it
FA_BARS = '<style>.fa-bars::before { content: "\\2630"; font-size: 18px }</style>'
#: a component whose button shows what is slotted into it
SLOT_BUTTON = ('<script>customElements.define("x-btn", class extends HTMLElement { constructor() { super(); '
               'this.attachShadow({mode: "open"}).innerHTML = `<button aria-label="Menu" style="border:0;'
               'background:#fff;padding:6px;color:#444"><slot></slot></button>`; } });</script>')
#: pictures from another origin (the same server, named localhost): each <img data-src> gets its source
FOREIGN_SOURCES = ("<script>for (const i of document.querySelectorAll('img[data-src]')) i.src = location.protocol "
                   "+ '//localhost:' + location.port + i.dataset.src;</script>")
#: buttons that draw their icon with an SVG in a component, an SVG picture, a picture input, CSS shapes alone (bars,
#: a chevron, a toggle's knob) or a canvas, or show words slotted into them; each also under a veil (ICON_PAGES)
ICON_TWINS = {
    "component-icon": ('<script>customElements.define("x-icon", class extends HTMLElement { constructor() { super(); '
                       'this.attachShadow({mode: "open"}).innerHTML = `<svg width="16" height="16"><path d="M2 4h12M2 '
                       '8h12M2 12h12" stroke="#333" stroke-width="1.5"/></svg>`; } });</script><button '
                       'aria-label="Menu" style="border:0;background:#fff;padding:6px"><x-icon></x-icon></button>'),
    "svg-picture": ('<button aria-label="Menu" style="border:0;background:#fff;padding:6px"><svg width="16" '
                    'height="16"><image href="/menu.svg" width="16" height="16"/></svg></button>'),
    "image-input": ('<input type="image" alt="Menu" src="/menu.svg" width="16" height="16" style="background:#fff;'
                    'padding:6px">'),
    # a component's button whose words are slotted into it: its words are read where they show
    "slot-words": ('<script>customElements.define("x-word-btn", class extends HTMLElement { constructor() { '
                          'super(); this.attachShadow({mode: "open"}).innerHTML = `<button aria-label="Menu" style="'
                          'border:0;background:#fff;padding:6px;color:#444"><slot></slot></button>`; } });</script>'
                          '<x-word-btn>Menu</x-word-btn>'),
    # icons drawn with CSS shapes alone: three bars, a hamburger of a bar and its ::before and ::after, a border
    # chevron, a toggle's knob (its ::after) on its coloured track
    "bars-icon": ('<button aria-label="Menu" style="border:0;background:#fff;padding:6px;display:inline-flex;'
                  'flex-direction:column;gap:3px">' + '<span style="display:block;width:16px;height:2px;'
                  'background:#333"></span>' * 3 + '</button>'),
    "bars-pseudo": ('<style>.hb, .hb::before, .hb::after { display: block; width: 16px; height: 2px; background: #333 }'
                    '.hb { position: relative } .hb::before, .hb::after { content: ""; position: absolute; left: 0 }'
                    '.hb::before { top: -5px } .hb::after { top: 5px }</style><button aria-label="Menu" style="'
                    'border:0;background:#fff;padding:12px 6px"><span class="hb"></span></button>'),
    "chevron-icon": ('<button aria-label="Menu" style="border:0;background:#fff;padding:10px"><span style="display:'
                     'block;width:8px;height:8px;border-right:2px solid #333;border-bottom:2px solid #333;transform:'
                     'rotate(45deg)"></span></button>'),
    "toggle-knob": ('<style>.tg { position: relative; width: 40px; height: 22px; border: 0; border-radius: 11px; '
                    'background: #2563eb } .tg::after { content: ""; position: absolute; top: 3px; left: 21px; '
                    'width: 16px; height: 16px; border-radius: 50%; background: #fff }</style><button class="tg" '
                    'aria-label="Menu"></button>'),
    "toggle-off": ('<style>.to { position: relative; width: 40px; height: 22px; border: 0; border-radius: 11px; '
                   'background: #d1d5db } .to::after { content: ""; position: absolute; top: 3px; left: 3px; width: 16px; '
                   'height: 16px; border-radius: 50%; background: #fff }</style><button class="to" aria-label="Menu">'
                   '</button>'),
    "toggle-moved": ('<style>.tg { position: relative; width: 40px; height: 22px; border: 0; border-radius: 11px; '
                     'background: #2563eb } .tg::after { content: ""; position: absolute; top: 3px; left: 3px; width: '
                     '16px; height: 16px; border-radius: 50%; background: #fff; transform: translateX(18px) }</style>'
                     '<button class="tg" aria-label="Menu"></button>'),
    # placed by margins (inset: 0; margin: auto), by the `translate` property; bars turned into a cross; a ring (its
    # border); white bars on a header painted by its ::before below its content; a character centred by margins
    "plus-centred": ('<style>.zp { position: relative; width: 32px; height: 32px; border: 0; background: #fff } .zp::before, '
                     '.zp::after { content: ""; position: absolute; inset: 0; margin: auto; background: #333 } .zp::before '
                     '{ width: 14px; height: 2px } .zp::after { width: 2px; height: 14px }</style><button class="zp" '
                     'aria-label="Menu"></button>'),
    "toggle-translate": ('<style>.tt { position: relative; width: 56px; height: 28px; border: 0; border-radius: 14px; '
                         'background: #2563eb } .tt::after { content: ""; position: absolute; top: 4px; left: 4px; width: '
                         '20px; height: 20px; border-radius: 50%; background: #fff; translate: 28px }</style><button '
                         'class="tt" aria-label="Menu"></button>'),
    # the same knob on a toggle scaled by its own transform (a smaller switch in a dense row)
    "toggle-scaled": ('<style>.tk { position: relative; width: 48px; height: 26px; border: 0; border-radius: 13px; '
                      'background: #2563eb; transform: scale(.75) } .tk::after { content: ""; position: absolute; top: 3px; '
                      'left: 25px; width: 20px; height: 20px; border-radius: 50%; background: #fff }</style><button '
                      'class="tk" aria-label="Menu"></button>'),
    "close-cross": ('<style>.cx { position: relative; width: 28px; height: 28px; border: 0; background: #fff } .cx span { '
                    'position: absolute; left: 6px; top: 13px; width: 16px; height: 2px; background: #333 } .cx '
                    'span:first-child { transform: rotate(45deg) } .cx span:last-child { transform: rotate(-45deg) }'
                    '</style><button class="cx" aria-label="Menu"><span></span><span></span></button>'),
    "ring-icon": ('<button aria-label="Menu" style="border:0;background:#fff;padding:6px;line-height:0"><span style="display:'
                  'inline-block;width:16px;height:16px;border-radius:50%;border:2px solid #6b7280;background:#fff"></span>'
                  '</button>'),
    "header-bars": ('<style>.hd { position: relative; z-index: 0; padding: 8px } .hd::before { content: ""; position: '
                    'absolute; inset: 0; background: #1f2937; z-index: -1 }</style><header class="hd"><button aria-label='
                    '"Menu" style="border:0;background:transparent;padding:6px;display:inline-flex;flex-direction:column;'
                    'gap:3px">' + '<span style="display:block;width:16px;height:2px;background:#fff"></span>' * 3
                    + '</button></header>'),
    "char-centred": ('<style>.pc { position: relative; width: 48px; height: 48px; border: 0; background: #2563eb } '
                     '.pc::before { content: "\\2630"; position: absolute; inset: 0; margin: auto; width: 18px; height: '
                     '18px; color: #fff; font-size: 18px; line-height: 18px }</style><button class="pc" aria-label="Menu">'
                     '</button>'),
    # a button whose backdrop (its ::before below its content) paints over its own white background: white bars on it
    "backdrop-button": ('<style>.bb { position: relative; z-index: 0; border: 0; background: #fff; padding: 8px; display: '
                        'inline-flex; flex-direction: column; gap: 3px } .bb::before { content: ""; position: absolute; '
                        'inset: 0; background: #1f2937; z-index: -1 }</style><button class="bb" aria-label="Menu">'
                        + '<span style="display:block;width:16px;height:2px;background:#fff"></span>' * 3 + '</button>'),
    # three bars a component draws in its closed shadow root (no page script reads them), its host a block or inline
    "closed-bars": ('<script>customElements.define("x-cbars", class extends HTMLElement { constructor() { super(); '
                    'this.attachShadow({mode: "closed"}).innerHTML = `<div style="display:flex;flex-direction:column;'
                    'gap:3px">` + `<div style="width:16px;height:2px;background:#333"></div>`.repeat(3) + `</div>`; } });'
                    '</script><button aria-label="Menu" style="border:0;background:#fff;padding:6px;line-height:0">'
                    '<x-cbars style="display:inline-block"></x-cbars></button>'),
    "closed-bars-inline": ('<script>customElements.define("x-cbars", class extends HTMLElement { constructor() { super(); '
                           'this.attachShadow({mode: "closed"}).innerHTML = `<div style="display:flex;flex-direction:'
                           'column;gap:3px">` + `<div style="width:16px;height:2px;background:#333"></div>`.repeat(3) + '
                           '`</div>`; } });</script><button aria-label="Menu" style="border:0;background:#fff;padding:6px;'
                           'line-height:0"><x-cbars></x-cbars></button>'),
    # the same with a backdrop that covers only part of the button: a dark pill behind the bars
    "pill-button": ('<style>.pb { position: relative; z-index: 0; border: 0; background: transparent; padding: 12px 14px; '
                    'display: inline-flex; flex-direction: column; gap: 3px } .pb::before { content: ""; position: '
                    'absolute; left: 8px; right: 8px; top: 7px; bottom: 7px; border-radius: 6px; background: #1f2937; '
                    'z-index: -1 }</style><button class="pb" aria-label="Menu">'
                    + '<span style="display:block;width:16px;height:2px;background:#fff"></span>' * 3 + '</button>'),
    # sizes in em on a 14 px font (fractions of a pixel): a toggle's knob, a backdrop; a tab's dark pill behind its words
    "toggle-em": ('<style>.sw{position:relative;border:0;border-radius:1em;background:#2563eb;font-size:14px;width:2.25em;'
                  'height:1.3em;padding:0}.sw::after{content:"";position:absolute;top:.15em;left:1.05em;width:1em;height:1em;'
                  'border-radius:50%;background:#fff}</style><div style=""><button class="sw" aria-label="Menu"></button>'
                  '</div>'),
    "backdrop-em": ('<style>.be{position:relative;z-index:0;border:0;background:#fff;font-size:14px;padding:0;width:2.25em;'
                    'height:1.95em;align-items:center;justify-content:center;display:inline-flex;flex-direction:column;'
                    'gap:.2em}.be::before{content:"";position:absolute;left:0;top:0;width:100%;height:100%;background:#1f2937;'
                    'z-index:-1}.be span{display:block;width:1.15em;height:.15em;background:#fff}</style><button class="be" '
                    'aria-label="Menu"><span></span><span></span><span></span></button>'),
    "pill-tab": ('<style>.tabs{display:inline-flex;gap:4px;padding:4px;background:#f1f5f9;border-radius:10px;isolation:isolate}.tab{position:relative;'
                 'border:0;background:transparent;color:#334155;padding:8px 14px;font:14px sans-serif}.tab.active{color:#fff}.tab.active::before{content:"";'
                 'position:absolute;inset:3px 4px;border-radius:8px;background:#0f172a;z-index:-1}</style><div class="tabs">'
                 '<button class="tab">Home</button><button class="tab active">Menu</button><button class="tab">About</button>'
                 '</div>'),
    # words drawn transparent and shown by their shadow, or by a gradient clipped to them further up (colours not known);
    # light bars on a page whose <meta name="color-scheme"> asks for the dark scheme alone
    "shadow-words": ('<button style="border:0;background:#fff;color:transparent;text-shadow:0 0 0 #222;font:16px sans-seri'
                     'f;padding:6px 12px">Menu</button>'),
    "gradient-above": ('<style>a{color:inherit;text-decoration:none}.g{font:700 32px sans-serif;background:linear-gradient(9'
                       '0deg,#db2777,#7c3aed);-webkit-background-clip:text;background-clip:text;color:transparent;display:in'
                       'line-block}</style><h1 class="g"><a href="#" role="button">Menu</a></h1>'),
    "dark-meta-bars": ('<meta name="color-scheme" content="dark"><style>.db{display:inline-flex;flex-direction:column;gap:4p'
                       'x;padding:10px;border:0;background:transparent}.bar{display:block;width:20px;height:3px;background:#'
                       'fff}</style><button class="db" aria-label="Menu"><span class="bar"></span><span class="bar"></span><'
                       'span class="bar"></span></button>'),
    # dark words on a white backdrop placed beside them (fixed, below), on a page asking for the dark scheme
    "backdrop-beside": ('<meta name="color-scheme" content="dark"><div style="position:fixed;inset:0;background:#fff;z-index:'
                        '-1"></div><button style="border:0;padding:8px 14px;font:700 24px sans-serif;background:none;color:#1'
                        '11">Menu</button>'),
    # light bars on a page that asks for the dark scheme alone: Chromium's dark canvas lies behind them
    "dark-scheme-bars": ('<style>:root { color-scheme: dark }</style><button aria-label="Menu" style="border:0;background:'
                         'transparent;padding:6px;display:inline-flex;flex-direction:column;gap:3px">' + '<span style="'
                         'display:block;width:16px;height:2px;background:#e5e7eb"></span>' * 3 + '</button>'),
    # a switch turned off: a white knob on a white track, shown by its shadow alone (iOS's), a faint one, one on a
    # track too pale to tell it by its colour, a knob that is an element of its own (a span)
    "knob-shadow": ('<style>.ks{position:relative;width:51px;height:31px;border-radius:16px;background:#fff;border:2px '
                    'solid #e5e5ea;padding:0}.ks::after{content:"";position:absolute;top:0;left:0;width:27px;height:27px;'
                    'border-radius:50%;background:#fff;box-shadow:0 3px 8px rgba(0,0,0,.15),0 1px 1px rgba(0,0,0,.16)}'
                    '</style><button class="ks" aria-label="Menu"></button>'),
    "knob-shadow-faint": ('<style>.kf{position:relative;width:44px;height:24px;border-radius:12px;padding:0;background:#fff;'
                          'border:1px solid #eee}.kf::after{content:"";position:absolute;border-radius:50%;top:2px;left:2p'
                          'x;width:20px;height:20px;background:#fff;box-shadow:0 1px 2px rgba(0,0,0,.1)}</style><button c'
                          'lass="kf" aria-label="Menu"></button>'),
    "knob-shadow-pale": ('<style>.kl{position:relative;width:44px;height:24px;border-radius:12px;border:0;padding:0;background:#'
                         'e5e7eb}.kl::after{content:"";position:absolute;top:2px;left:22px;width:20px;height:20px;border-radius'
                         ':50%;background:#fff;box-shadow:0 1px 3px rgba(0,0,0,.4)}</style><button class="kl" aria-label="Menu">'
                         '</button>'),
    "knob-shadow-span": ('<style>.kp{display:inline-flex;width:44px;height:24px;border-radius:12px;background:#fff;border:1'
                         'px solid #cbd5e0;padding:2px}.kp span{width:20px;height:20px;border-radius:50%;background:#fff;'
                         'box-shadow:0 1px 3px rgba(0,0,0,.4)}</style><button class="kp" aria-label="Menu"><span></span>'
                         '</button>'),
    # words faded as a disabled or secondary control's are: the button at half opacity, words in a 38% black
    "faded-words": ('<button style="font:500 14px sans-serif;padding:8px 12px;border-radius:6px;border:1px solid #d1d5db;'
                    'background:#fff;color:#111827;opacity:.5">Menu</button>'),
    "alpha-words": '<button style="font:500 14px sans-serif;padding:6px 8px;border:0;background:none;color:rgba(0,0,0,.38)">Menu</button>',
    "canvas-icon": ('<button aria-label="Menu" style="border:0;background:#fff;padding:6px"><canvas id="c" width="16" '
                    'height="16"></canvas></button><script>const g = document.getElementById("c").getContext("2d"); '
                    'g.fillStyle = "#333"; for (const y of [3, 7, 11]) g.fillRect(2, y, 12, 2);</script>'),
}
#: what is laid out but not drawn (a closed <details>, content-visibility: hidden), a button scrolled away in a box
#: that hides its overflow, words a mask may cover
LAYOUT_PAGES = {
    "details-closed": '<details><summary>More</summary><p>Total due</p></details><button>Pay</button>',
    "unrendered-menu": ('<nav style="content-visibility:hidden;contain-intrinsic-size:auto 40px"><a href="#">Settings</a>'
                        '</nav><button>Pay</button>'),
    "inner-scroll": ('<div style="height:100px;overflow:auto;border:1px solid #999"><div style="height:600px"></div>'
                     '<button>Pay</button><p>Total due</p></div>'),
    "masked": '<p id="due">Total due</p><p id="pay"><button>Pay</button></p><p><button>Back</button></p>',
    # a loading placeholder over a button's words (Bootstrap's: the words in the button's own colour, half opaque)
    "placeholder-words": ('<button style="padding:6px 12px;font:16px sans-serif;border:1px solid #0d6efd;border-radius:6px;'
                          'color:#fff;background:currentcolor;opacity:.5">Pay</button>'),
    # the page's thumbnail (drawn at an eighth of its size) before the page itself: both hold a "Pay" button
    "thumbnail": ('<div style="width:160px;height:100px;overflow:hidden;border:1px solid #ccc"><div style="transform:scale(.125);'
                  'transform-origin:0 0;width:1280px"><button style="font:15px sans-serif">Pay</button></div></div>'
                  '<p><button style="font:15px sans-serif">Pay</button></p>'),
    # a dialog's body that scrolls, holding a form taller than it (revealed, its top stays in view); a carousel's
    # second slide in a page that scrolls inside a box (a reader cannot scroll the carousel: not revealed)
    "tall-form": ('<div role="dialog" aria-label="Edit" style="position:fixed;top:40px;left:40px;width:400px;height:'
                  '300px;overflow:auto;border:1px solid #999;background:#fff"><form id="f" style="padding:12px">'
                  + "".join(f"<p><label>Field {n} <input></label></p>" for n in range(12)) + "</form></div>"),
    "carousel": ('<main style="height:400px;overflow:auto"><div style="width:300px;overflow:hidden;white-space:nowrap;'
                 'border:1px solid #ccc"><div style="display:inline-block;width:300px;height:100px">Slide 1 <button>Buy '
                 'one</button></div><div style="display:inline-block;width:300px;height:100px">Slide 2 <button>Buy two'
                 '</button></div></div></main>'),
    # a field whose value a mask hides; a one-character badge; a menu that opens growing from nothing (0.6 s)
    "masked-field": '<label for="u">Email</label> <input id="u" value="jane@example.com" style="width:220px">',
    "badge-one": ('<button style="padding:8px 14px">Inbox <span style="background:#dc2626;color:#fff;border-radius:9px;'
                  'font-size:10px;padding:1px 5px">1</span></button>'),
    "pop-menu": ('<style>@keyframes pop{from{transform:scale(0)}to{transform:scale(1)}}.m{display:none;transform-origin:top '
                 'left;animation:pop .6s ease-out both;border:1px solid #ccc;width:180px;background:#fff}.m.open{display:'
                 'block}.m button{display:block;width:100%;text-align:left;border:0;background:none;padding:6px 10px}'
                 '</style><button onclick="document.getElementById(\'m\').classList.add(\'open\')">More</button><div '
                 'class="m" id="m"><button>Rename</button><button>Delete</button></div>'),
    # a label before its value in the same words; a button whose words a status region holds (Bootstrap's spinner
    # button: no accessible name); a link with no box of its own
    "label-value": '<p>Total due: 5 €</p><button>Pay</button>',
    "status-words": ('<button><span aria-hidden="true" style="display:inline-block;width:10px;height:10px;border:2px solid;'
                     'border-radius:50%"></span> <span role="status">Send</span></button>'),
    "contents-link": '<a href="#" style="display:contents"><span style="padding:4px">Menu</span></a>',
    # a label in an embedded document (an <iframe>), shown, and under a white band the page lays over the frame's top
    "frame-label": ('<iframe style="width:400px;height:200px;border:1px solid #999" srcdoc="&lt;p&gt;Total due&lt;/p&gt;">'
                    '</iframe><button>Go</button>'),
    "frame-label-veiled": ('<div style="position:relative;display:inline-block"><iframe style="width:400px;height:200px;'
                           'border:1px solid #999" srcdoc="&lt;p&gt;Total due&lt;/p&gt;"></iframe><div style="position:'
                           'absolute;left:0;top:0;width:300px;height:60px;background:#fff;pointer-events:none"></div>'
                           '</div><button>Go</button>'),
    # clear boxes over a button that paint nothing: an open menu's click catcher, a card's stretched link
    "click-catcher": '<button>Pay</button><div style="position:fixed;inset:0;z-index:10"></div>',
    "stretched-card": ('<style>.stretched::after{position:absolute;inset:0;z-index:1;content:""}</style><div style="position:'
                       'relative;border:1px solid #ddd;padding:12px;width:260px"><a href="#" class="stretched" aria-hidden='
                       '"true" tabindex="-1"></a><button>Pay</button></div>'),
}
#: white bars on a blue plate, inside a white button
PLATE_BARS = ('<button aria-label="Menu" style="border:0;background:#fff;padding:4px;line-height:0"><span style="display:'
              'inline-flex;flex-direction:column;justify-content:center;align-items:center;gap:3px;width:28px;height:28px;'
              'border-radius:6px;background:#2563eb">' + '<span style="display:block;width:16px;height:2px;background:'
              '#fff"></span>' * 3 + '</span></button>')
#: white bars slotted into a component whose closed shadow root paints the dark face behind them (no page script reads
#: it: the page says white lies behind the bars)
FACE_BARS = ('<script>customElements.define("x-face", class extends HTMLElement { constructor() { super(); '
             'this.attachShadow({mode: "closed"}).innerHTML = `<div style="display:flex;flex-direction:column;gap:3px;'
             'padding:7px 6px;background:#1f2937;border-radius:4px"><slot></slot></div>`; } });</script><button '
             'aria-label="Menu" style="border:0;background:#fff;padding:4px;line-height:0"><x-face style="display:'
             'inline-block">' + '<span style="display:block;width:16px;height:2px;background:#fff"></span>' * 3
             + '</x-face></button>')
#: a blue button whose icon font's character its ::before places (absolute), in a box of its own
PLACED_ICON = ('<style>.pi { position: relative; width: 36px; height: 32px; border: 0; background: #2563eb } .pi::before '
               '{ content: "\\2630"; position: absolute; left: 9px; top: 4px; color: #fff; font-size: 18px }</style><div '
               'style="position:relative;display:inline-block"><button class="pi" aria-label="Menu"></button></div>')
#: icon-only buttons named "Menu", each as a platform may draw it; a name ending in "-veiled" is the same button
#: under a closed shadow root's veil painted with a shadow (the page's checks cannot see it, only the pixels tell)
ICON_PAGES = {
    "swatch-foreign-nopad": ('<button aria-label="Menu" style="border:0;padding:0;background:#fff;line-height:0">'
                             '<img data-src="/swatch.svg" width="32" height="32" alt=""></button>' + FOREIGN_SOURCES),
    "swatch-background": ('<button aria-label="Menu" style="border:0;width:32px;height:32px;'
                          'background:url(/swatch.svg)"></button>'),
    "swatch-caption-below": ('<style>.sw { position: relative; margin-bottom: 30px } .sw::after { content: '
                             'attr(aria-label); position: absolute; top: 100%; left: 0; font-size: 12px; color: #333 }'
                             '</style><button class="sw" aria-label="Menu" style="border:0;width:32px;height:32px;'
                             'background:#c0392b"></button>'),
    "swatch-tooltip": ('<style>.sw { position: relative } .sw::after { content: attr(aria-label); position: absolute; '
                       'left: 40px; top: 6px; color: #fff; background: #333; opacity: 0 } .sw:hover::after { '
                       'opacity: 1 }</style><button class="sw" aria-label="Menu" style="border:0;width:32px;'
                       'height:32px;background:#c0392b"></button>'),
    "swatch-zero-width": ('<style>.sw::before { content: "\\200b" }</style><button class="sw" aria-label="Menu" '
                          'style="border:0;width:32px;height:32px;background:#c0392b"></button>'),
    "slot-icon": FA_BARS + SLOT_BUTTON + '<x-btn><i class="fa-bars"></i></x-btn>',
    "slot-icon-veiled": FA_BARS + SLOT_BUTTON + '<x-btn><i class="fa-bars"></i></x-btn>',
    "pseudo-background-veiled": ('<style>.ic::before { content: ""; display: block; width: 16px; height: 16px; '
                                 'background: url(/menu.svg) }</style><button class="ic" aria-label="Menu" '
                                 'style="border:0;background:#fff;padding:6px"></button>'),
    "mask-icon-veiled": ('<button aria-label="Menu" style="border:0;background:#fff;padding:6px"><span style="display:'
                         'block;width:16px;height:16px;background:#333;mask:url(/menu.svg)"></span></button>'),
    "muted-icon-veiled": (FA_BARS + '<button aria-label="Menu" style="border:0;background:#fff;color:rgba(0,0,0,.54);'
                          'padding:6px"><i class="fa-bars"></i></button>'),
    **ICON_TWINS,
    **{f"{name}-veiled": html for name, html in ICON_TWINS.items()},
    # a spinner at rest (transparent) before the icon: the icon still shows the button
    "icon-after-spinner": ('<script>customElements.define("x-icon", class extends HTMLElement { constructor() { super(); '
                           'this.attachShadow({mode: "open"}).innerHTML = `<svg width="16" height="16"><path d="M2 4h12M2 '
                           '8h12M2 12h12" stroke="#333" stroke-width="1.5"/></svg>`; } });</script><button aria-label='
                           '"Menu" style="border:0;background:#fff;padding:6px;display:inline-flex;gap:4px"><svg '
                           'width="12" height="16"><circle cx="6" cy="8" r="5" stroke="transparent" fill="none"/></svg>'
                           '<x-icon></x-icon></button>'),
    # a light grey picture drawn by a ::before's content (not a character in the button's colour)
    "pseudo-picture-light": ('<style>.pl::before { content: url(/light.svg) }</style><button class="pl" aria-label="Menu" '
                             'style="border:0;background:#fff;color:#000;padding:6px;line-height:0"></button>'),
    # a busy layer slotted into the component's button, over its icon: it covers the button
    "slot-busy-layer": ('<script>customElements.define("x-busy-btn", class extends HTMLElement { constructor() { super(); '
                        'this.attachShadow({mode: "open"}).innerHTML = `<button aria-label="Menu" style="border:0;'
                        'background:#fff;padding:6px;position:relative;color:#444"><slot name="icon"></slot><slot '
                        'name="busy"></slot></button>`; } });</script><x-busy-btn><svg slot="icon" width="16" '
                        'height="16"><path d="M2 4h12M2 8h12M2 12h12" stroke="#333" stroke-width="1.5"/></svg><div '
                        'slot="busy" style="position:absolute;inset:0;background:#9ca3af"></div></x-busy-btn>'),
    # the same busy layer held by the button itself, a spinner drawn on it: it covers the icon; a face placed over
    # the button, holding its icon, is the button's own
    "busy-layer-inside": ('<button aria-label="Menu" style="border:0;background:#fff;padding:6px;position:relative">'
                          '<svg width="16" height="16"><path d="M2 4h12M2 8h12M2 12h12" stroke="#333" stroke-width="1.5"/>'
                          '</svg><span style="position:absolute;inset:0;background:#9ca3af;display:flex;align-items:'
                          'center;justify-content:center"><svg width="12" height="12"><circle cx="6" cy="6" r="4" '
                          'stroke="#fff" stroke-width="2" fill="none"/></svg></span></button>'),
    # the same layer with a character or words for its spinner, or drawn by a ::after (the button's own, or its icon's):
    # each covers the words or the icon beneath it
    "busy-char-inside": ('<button style="border:0;background:#fff;padding:6px 12px;position:relative;font:14px sans-serif">'
                         'Menu<span aria-hidden="true" style="position:absolute;inset:0;background:#9ca3af;color:#fff;'
                         'display:flex;align-items:center;justify-content:center">\u27f3</span></button>'),
    "busy-words-inside": ('<button style="border:0;background:#fff;padding:6px 12px;position:relative;font:14px sans-serif">'
                          'Menu<span aria-hidden="true" style="position:absolute;inset:0;background:#9ca3af;color:#fff;'
                          'display:flex;align-items:center;justify-content:center;font-size:10px">Wait\u2026</span>'
                          '</button>'),
    "busy-icon-char": ('<button aria-label="Menu" style="border:0;background:#fff;padding:6px;position:relative">'
                       '<svg width="16" height="16"><path d="M2 4h12M2 8h12M2 12h12" stroke="#333" stroke-width="1.5"/>'
                       '</svg><span aria-hidden="true" style="position:absolute;inset:0;background:#9ca3af;color:#fff;'
                       'display:flex;align-items:center;justify-content:center;font-size:12px">\u27f3</span></button>'),
    "busy-own-after": ('<style>.ba { position: relative; border: 0; background: #fff; padding: 6px 12px; font: 14px '
                       'sans-serif } .ba::after { content: "\\27f3"; position: absolute; inset: 0; background: #9ca3af; '
                       'color: #fff; display: flex; align-items: center; justify-content: center }</style><button '
                       'class="ba">Menu</button>'),
    "busy-child-after": ('<style>.bc { position: relative; border: 0; background: #fff; padding: 6px; line-height: 0 } '
                         '.bc i::after { content: ""; position: absolute; inset: 0; background: #9ca3af }</style><button '
                         'class="bc" aria-label="Menu"><i><svg width="16" height="16"><path d="M2 4h12M2 8h12M2 12h12" '
                         'stroke="#333" stroke-width="1.5"/></svg></i></button>'),
    # a spinner of dots over words ending in dots; a ::before in the button's colour over its words under a ring
    "busy-dots-inside": ('<button style="position:relative;border:0;background:#fff;color:#111;padding:6px 12px;font:14px '
                         'sans-serif">Menu…<span aria-hidden="true" style="position:absolute;inset:0;background:#9ca3af;color:#fff;'
                         'display:flex;align-items:center;justify-content:center">…</span></button>'),
    "busy-before-face": ('<style>.o{position:relative;background:#16a34a;color:#fff;border:0;padding:8px 16px;font:15px sans-serif;'
                         'border-radius:6px}.o.busy::before{content:"";position:absolute;inset:0;background:inherit;border-radius:inherit}.o.busy::after{content:"";'
                         'position:absolute;left:calc(50% - 8px);top:calc(50% - 8px);width:12px;height:12px;border:2px solid '
                         '#fff;border-top-color:transparent;border-radius:50%}</style><button class="o busy">Menu</button>'),
    # words drawn transparent while loading, a spinner in their place (Bulma's is-loading); the same words drawn
    # transparent over the icon a background picture draws in their place (an image replacement): it shows
    "clear-words-busy": ('<style>@keyframes s{to{transform:rotate(360deg)}}.button{position:relative;background:#485fc7;color:'
                         '#fff;border:1px solid transparent;padding:calc(.5em - 1px) 1em;font:16px/1.5 sans-serif;border-radiu'
                         's:.375em}.button.is-loading{color:transparent!important;}.button.is-loading::after{content:"";positi'
                         'on:absolute;left:calc(50% - .5em);top:calc(50% - .5em);width:1em;height:1em;border:2px solid #fff;bo'
                         'rder-radius:9999px;border-right-color:transparent;border-top-color:transparent;animation:s .5s linea'
                         'r infinite}</style><button class="button is-loading">Menu</button>'),
    "clear-words-icon": ('<button style="border:0;width:32px;height:32px;color:transparent;overflow:hidden;background:#fff '
                         'url(/menu.svg) no-repeat center;font:14px sans-serif">Menu</button>'),
    # a text swap's copy holding part of the words ("Menu" over "Menu ▾"); words drawn transparent over CSS bars, or
    # drawn by a gradient clipped to them further up: each shows
    "swap-caret": ('<style>.sc{position:relative;overflow:hidden;border:0;background:#111;color:#fff;padding:10px 18px;f'
                   'ont:14px sans-serif}.sc::after{content:attr(data-label);position:absolute;inset:0;display:flex;align'
                   '-items:center;justify-content:center;background:#111}</style><button class="sc" data-label="Menu">Me'
                   'nu ▾</button>'),
    "clear-css-bars": ('<style>.nt{display:inline-flex;flex-direction:column;gap:4px;justify-content:center;width:44px;heigh'
                       't:40px;padding:10px;border:0;background:#fff;color:transparent;font-size:0px;font:12px sans-serif;po'
                       'sition:relative}.nt .t{position:absolute;left:0;top:0}.bar{display:block;width:24px;height:3px;backg'
                       'round:#111;border-radius:2px}</style><button class="nt"><span class="t">Menu</span><span class="bar"'
                       '></span><span class="bar"></span><span class="bar"></span></button>'),
    "grad-parent": ('<style>a{color:inherit;text-decoration:none}.g{font:700 32px sans-serif;background:linear-gradient(9'
                    '0deg,#db2777,#7c3aed);-webkit-background-clip:text;background-clip:text;color:transparent;display:in'
                    'line-block}</style><h1 class="g"><a href="#" role="button">Menu</a></h1>'),
    # faces of the button over its words, its own: the other face hidden, or turned away; a face over words only a
    # screen reader has (clipped to nothing)
    "swap-visibility": ('<style>.cp{position:relative;width:96px;height:34px;border:0;padding:0;background:#111;border-radius:6px}.cp '
                        'span{position:absolute;inset:0;display:grid;place-items:center;font:14px sans-serif;color:#fff;background:#111;'
                        'border-radius:6px}.cp .b{background:#16a34a;visibility:hidden}</style><button class="cp"><span class="a">'
                        'Menu</span><span class="b" aria-hidden="true">Copied!</span></button>'),
    "flip-button": ('<style>.fl{position:relative;width:96px;height:34px;border:0;padding:0;background:none;perspective:400px}.fl '
                    'span{position:absolute;inset:0;display:grid;place-items:center;font:14px sans-serif;border-radius:6px;'
                    'backface-visibility:hidden}.fl .front{background:#2563eb;color:#fff}.fl .back{background:#f59e0b;'
                    'color:#111;transform:rotateX(180deg)}</style><button class="fl"><span class="front">Menu</span><span '
                    'class="back" aria-hidden="true">Open</span></button>'),
    "fab-face-char": ('<style>.sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);'
                      'white-space:nowrap;border:0}.fab{position:relative;display:inline-flex;align-items:center;justify-content:center;'
                      'width:48px;height:48px;border:0;border-radius:50%;background:#1d4ed8;padding:0}.face{position:absolute;'
                      'inset:0;border-radius:50%;background:#2563eb;color:#fff;display:grid;place-items:center;font:20px '
                      'sans-serif}</style><button class="fab"><span class="sr-only">Menu</span><span class="face" aria-hidden="true">'
                      '☰</span></button>'),
    # a text swap drawn by the button's ::after (a copy of its words, from an attribute): its own
    "text-swap-after": ('<style>.ts { position: relative; overflow: hidden; border: 1px solid #2563eb; background: #fff; '
                        'color: #2563eb; padding: 8px 16px; font: 14px sans-serif } .ts::after { content: attr(data-text); '
                        'position: absolute; inset: 0; display: flex; align-items: center; justify-content: center; '
                        'background: #2563eb; color: #fff }</style><button class="ts" data-text="Menu">Menu</button>'),
    "face-inside": ('<button aria-label="Menu" style="border:0;background:#fff;width:32px;height:32px;position:relative">'
                    '<span style="position:absolute;inset:2px;background:#e5e7eb;display:flex;align-items:center;'
                    'justify-content:center"><svg width="16" height="16"><path d="M2 4h12M2 8h12M2 12h12" stroke="#333" '
                    'stroke-width="1.5"/></svg></span></button>'),
    # layers a button holds over its own words or picture that are its own: a copy of its words (a text swap), a second
    # picture over the first, a half-dark scrim with a play icon over a picture, a marker blended over the words
    "text-swap": ('<button style="position:relative;overflow:hidden;border:1px solid #2563eb;background:#fff;color:#2563eb;'
                  'padding:8px 16px;font:14px sans-serif"><span>Menu</span><span aria-hidden="true" style="position:'
                  'absolute;inset:0;display:flex;align-items:center;justify-content:center;background:#2563eb;color:#fff">'
                  'Menu</span></button>'),
    "picture-stack": ('<button aria-label="Menu" style="position:relative;border:0;padding:0;line-height:0;background:none">'
                      '<img src="/menu.svg" width="32" height="32" alt=""><img src="/menu.svg" width="32" height="32" '
                      'alt="" style="position:absolute;left:0;top:0"></button>'),
    "picture-scrim": ('<button aria-label="Menu" style="position:relative;border:0;padding:0;line-height:0;background:none">'
                      '<img src="/opaque.svg" width="120" height="60" alt=""><span style="position:absolute;inset:0;display:'
                      'flex;align-items:center;justify-content:center;background:rgba(0,0,0,.5)"><svg width="24" height="24">'
                      '<path d="M8 5v14l11-7z" fill="#fff"/></svg></span></button>'),
    "words-marker": ('<button style="position:relative;border:0;background:#fff;padding:8px 12px;font:16px sans-serif">Menu'
                     '<span style="position:absolute;left:8px;right:8px;top:6px;bottom:6px;background:#fde047;'
                     'mix-blend-mode:multiply"></span></button>'),
    # a header whose dark backdrop is its ::before at z-index -1: it paints below the header's buttons
    "backdrop-header": ('<style>.hd { position: relative; z-index: 0; padding: 8px } .hd::before { content: ""; '
                        'position: absolute; inset: 0; background: #1f2937; z-index: -1 }</style><header class="hd">'
                        '<button style="border:0;background:#fff;padding:6px 10px;color:#111">Menu</button></header>'),
    # shapes that draw no icon: a swatch filling its button, a spacer in the button's colour, a knob placed where its
    # box is not known (turned): each passes unread
    "swatch-inner": ('<button aria-label="Menu" style="border:0;padding:0;background:#fff;line-height:0"><span style="'
                     'display:inline-block;width:32px;height:32px;background:#c0392b"></span></button>'),
    "shape-spacer": ('<button aria-label="Menu" style="border:0;background:#c0392b;padding:6px"><span style="display:'
                     'block;width:16px;height:16px;background:#c2392b"></span></button>'),
    # a radio's dot scaled to nothing (its ring shows), swatches close to their button's edge, or filling it inside a
    # border, or split in two colours of one grey: each passes; white bars on a blue plate, the plate covered in its blue
    "radio-empty": ('<style>.rd { position: relative; width: 24px; height: 24px; padding: 0; border: 2px solid #6b7280; '
                    'border-radius: 50%; background: #fff } .rd::after { content: ""; position: absolute; left: 6px; top: '
                    '6px; width: 8px; height: 8px; border-radius: 50%; background: #2563eb; scale: 0 }</style><button '
                    'class="rd" aria-label="Menu"></button>'),
    "swatch-near-edge": ('<button aria-label="Menu" style="border:1px solid #ccc;border-radius:4px;background:#fff;padding:'
                         '2px;line-height:0"><span style="display:inline-block;width:24px;height:24px;background:#c0392b">'
                         '</span></button>'),
    "swatch-in-border": ('<button aria-label="Menu" style="border:2px solid #1e40af;padding:0;background:#fff;line-height:0">'
                         '<span style="display:inline-block;width:32px;height:32px;background:#2563eb"></span></button>'),
    "swatch-split": ('<button aria-label="Menu" style="border:1px solid #ccc;padding:2px;background:#fff;line-height:0;'
                     'display:inline-flex"><span style="width:12px;height:24px;background:#c0392b"></span><span style="'
                     'width:12px;height:24px;background:#2980b9"></span></button>'),
    "plate-bars": PLATE_BARS,
    "plate-bars-covered": ('<div style="position:relative;display:inline-block;line-height:0">' + PLATE_BARS
                           + closed_veil("1", "position:absolute;left:4px;top:4px;width:28px;height:28px",
                                         "box-shadow:inset 0 0 0 4000px #2563eb") + '</div>'),
    "toggle-turned": ('<style>.tg { position: relative; width: 40px; height: 22px; border: 0; border-radius: 11px; '
                      'background: #2563eb } .tg::after { content: ""; position: absolute; top: 3px; left: 21px; '
                      'width: 16px; height: 16px; background: #fff; transform: rotate(45deg) }</style><button '
                      'class="tg" aria-label="Menu"></button>'),
    # an icon font's character placed (absolute) on a blue button; the second covered, the button only, in its blue:
    # the box still stands out from the page around it, but no icon shows
    "face-bars": FACE_BARS,
    "face-bars-covered": ('<div style="position:relative;display:inline-block;line-height:0">' + FACE_BARS
                          + closed_veil("1", "position:absolute;inset:0", "box-shadow:inset 0 0 0 4000px #1f2937")
                          + '</div>'),
    "placed-icon": PLACED_ICON,
    "placed-icon-covered": PLACED_ICON.replace("</div>", closed_veil(".97", "position:absolute;inset:0",
                                                                       "box-shadow:inset 0 0 0 4000px #2563eb") + "</div>"),
    "icon-after-hidden-veiled": (FA_BARS + '<button aria-label="Menu" style="border:0;background:#fff;padding:6px;'
                                 'color:#444">' + '<span hidden></span>' * 45 + '<i class="fa-bars"></i></button>'),
}


#: a veil's white painted by an inset shadow: what lies over a target paints, for a hit test, only with a background
SHADOW_PAINT = "box-shadow:inset 0 0 0 4000px #fff"


SR_ONLY = ("position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;"
           "clip:rect(0,0,0,0);white-space:nowrap;border:0")

WORDS = {
    "en": {"publish": "Publish", "preview": "Preview", "settings": "Settings", "language": "Language",
           "password": "Password"},
    "fr": {"publish": "Publier", "preview": "Aperçu", "settings": "Paramètres", "language": "Langue",
           "password": "Mot de passe"},
}


def _body(path: str, lang: str) -> str:  # noqa: C901 - one branch per trap page, read top to bottom
    w = WORDS[lang]
    if path == "/sronly":
        return f'<p>Your changes.</p><span style="{SR_ONLY}">Saved</span>'
    if path == "/sronly-then-shown":
        return (f'<span style="{SR_ONLY}">Saved</span><p>Your changes.</p>'
                '<p id="shown" style="margin-top:200px">Saved</p>')
    if path == "/rows":
        return """<style>.row-actions { position: absolute; left: -9999em } tr:hover .row-actions { left: 0 }
td { position: relative; padding: 8px 8px 28px; border: 1px solid #ccc; width: 300px }</style>
<table><tr id="row"><td>Annual report<div class="row-actions"><a href="/rows?edit=1">Edit</a></div></td></tr>
</table>"""
    if path == "/revision":
        return "<p>The same page, whatever its revision id.</p>"
    if path == "/fade":
        colour = "rgb({}, {}, {})".format(*FADED_RGB)
        return f"""<div id="banner" style="opacity:0;background:{colour};color:#fff;padding:20px;width:400px">
Welcome</div>""" + """<script>
const start = performance.now();
function step(now) {
  const t = Math.min(1, (now - start) / 900);
  document.getElementById('banner').style.opacity = String(t);
  if (t < 1) requestAnimationFrame(step);
}
requestAnimationFrame(step);
</script>"""
    if path == "/upload-none":
        return """<p>Drop files here.</p><div style="position:absolute;left:-1770px;top:100px">
<input type="file" id="f"></div>"""
    if path in ("/upload-one", "/upload-two"):
        second = '<button type="button" class="btn">Select folder…</button>' if path == "/upload-two" else ""
        return f"""<div class="uploader"><p>Drop files here or</p>
<button type="button" class="btn" onclick="document.getElementById('f').click()">Select files…</button>{second}
<div style="position:absolute;left:-1770px;top:100px;width:100px;height:30px;overflow:hidden">
<input type="file" id="f" onchange="document.getElementById('chosen').textContent = this.files[0].name"></div>
<p id="chosen">No file chosen</p></div>"""
    if path == "/clipped":
        return """<div style="overflow:hidden;width:300px;height:40px;border:1px solid #999">
<p style="margin:0;height:40px">A first line that fills the box.</p><button>Hidden away</button></div>"""
    if path == "/modal":
        return """<button>Behind</button>
<div id="backdrop" style="position:fixed;inset:0;background:rgba(0,0,0,.5);display:flex;align-items:center;
justify-content:center"><div style="background:#fff;padding:30px">Please accept the terms first.</div></div>"""
    if path == "/veil":  # a loading veil that lets clicks through, left over the page
        return """<button>Veiled</button><div id="veil" style="position:fixed;inset:0;background:#fff;
pointer-events:none"><p style="margin:200px auto;width:200px">Loading…</p></div>"""
    if path in ("/veil-in-shadow", "/veil-beside"):  # the veil in a component's shadow root
        veil = ('<div id="veil" style="position:fixed;inset:0;background:#fff;pointer-events:none">'
                '<p style="margin:200px auto;width:200px">Loading…</p></div>')
        inside, outside = (f"<button>Veiled</button>{veil}", "") if path == "/veil-beside" else (veil, "<button>Veiled</button>")
        return f"""{outside}<x-busy></x-busy><script>customElements.define('x-busy', class extends HTMLElement {{
  constructor() {{ super(); this.attachShadow({{mode: 'open'}}).innerHTML = '{inside}'; }} }});</script>"""
    if path in ("/icon", "/icon-veiled", "/img-icon", "/img-icon-veiled", "/img-swatch"):  # a button that shows only
        # an icon, an SVG drawn in the button's colour or a picture (<img>), under a closed shadow root's veil; or a
        # flat red square (a colour swatch), which promises no contrast of its own
        veil = closed_veil(paint=SHADOW_PAINT) if path.endswith("-veiled") else ""
        picture = SWATCH_PICTURE if path == "/img-swatch" else MENU_PICTURE
        icon = ('<svg width="16" height="16" viewBox="0 0 16 16"><path d="M2 4h12M2 8h12M2 12h12" fill="none" '
                'stroke="currentColor" stroke-width="1.5"/></svg>') if path.startswith("/icon") else \
            f'<img src="{picture}" width="24" height="24" alt="">'
        return f"""<button aria-label="Menu" style="color:#333;background:#fff;border:0;padding:6px">{icon}</button>{veil}"""
    if path.removeprefix("/") in ICON_PAGES:
        name = path.removeprefix("/")
        return ICON_PAGES[name] + (closed_veil(paint=SHADOW_PAINT) if name.endswith("-veiled") else "")
    if path.removeprefix("/") in LAYOUT_PAGES:
        return LAYOUT_PAGES[path.removeprefix("/")]
    if path == "/css-swatch":  # no words, SVG, picture nor ::before: a flat red box (a colour swatch)
        return '<button aria-label="Menu" style="border:0;width:24px;height:24px;background:#c0392b"></button>'
    if path in ("/font-icon-inner", "/font-icon-inner-veiled"):  # the icon font's character in an <i> inside it
        veil = closed_veil(paint=SHADOW_PAINT) if path.endswith("-veiled") else ""
        return f"""<style>.ic::before {{ content: "\\2261"; font-size: 22px; color: #333 }}</style><a href="#"
aria-label="Menu" style="display:inline-block;padding:4px 8px;background:#fff"><i class="ic"></i></a>{veil}"""
    if path in ("/font-icon", "/font-icon-veiled", "/bg-icon-veiled"):  # no words, SVG nor picture in the DOM: an
        # icon font's character in a ::before, or a background picture
        veil = closed_veil(paint=SHADOW_PAINT) if path.endswith("-veiled") else ""
        look = (f"background:#fff url(&quot;{MENU_PICTURE}&quot;) center/16px no-repeat;width:36px;height:32px"
                if path.startswith("/bg") else "background:#fff")
        return f"""<style>.ic::before {{ content: "\\2261"; font-size: 22px; color: #333 }}</style><button
aria-label="Menu" class="{'' if path.startswith('/bg') else 'ic'}" style="border:0;padding:4px 8px;{look}"></button>{veil}"""
    if path in ("/img-icon-foreign", "/img-icon-foreign-veiled", "/img-swatch-foreign", "/img-blank-foreign"):
        # the same picture buttons, their picture from another origin (the same server, named localhost): no page
        # script may read its pixels; a blank picture draws nothing at all
        veil = closed_veil(paint=SHADOW_PAINT) if path.endswith("-veiled") else ""
        name = "swatch" if "swatch" in path else "blank" if "blank" in path else "menu"
        return f"""<button aria-label="Menu" style="color:#333;background:#fff;border:0;padding:6px"><img id="pic"
width="24" height="24" alt=""></button>{veil}<script>document.getElementById('pic').src = location.protocol
+ '//localhost:' + location.port + '/{name}.svg';</script>"""
    if path in ("/caption", "/caption-veiled"):  # white words over a dark picture, under a closed shadow root's veil
        picture = ("data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='400' height='120'%3E"
                   "%3Crect width='400' height='120' fill='%23123'/%3E%3C/svg%3E")
        veil = "" if path == "/caption" else closed_veil(paint=SHADOW_PAINT)
        return f"""<div style="position:relative;width:400px"><img src="{picture}" alt="">
<a href="#" style="position:absolute;left:20px;top:40px;color:#fff;font-size:24px">Summer sale</a></div>{veil}"""
    if path in ("/card-before", "/card-after"):  # a dark card's pseudo-element: behind its words (::before), or over
        which = path.removeprefix("/card-")
        return f"""<style>.card::{which} {{ content: ""; position: absolute; inset: 0; background: #111827 }}</style>
<div class="card" style="position:relative;padding:24px;width:300px"><p style="position:relative;color:#e5e7eb;
margin:0"><button>Synced</button></p></div>"""
    if path == "/crop-scroll":  # a crop taller than the reveal left in view: its fit scrolls the page again
        return """<div style="height:1200px">Above</div><div id="box" style="height:640px;border:1px solid #ccc;
padding:10px"><p>A list</p><button style="margin-top:500px">Shown</button></div><div style="height:900px"></div>"""
    if path == "/state-layer":  # a button's state layer over its word: clear at rest, or painting white (::after)
        return """<style>.layer { position: absolute; inset: 0 } .white::after { content: ''; position: absolute;
inset: 0; background: #fff }</style><p><button style="position:relative;background:#6200ee;color:#fff;border:0;
padding:8px 16px"><span>Keep</span><span class="layer"></span></button> <button style="position:relative;
background:#6200ee;color:#fff;border:0;padding:8px 16px"><span>Drop</span><span class="layer white"></span></button>"""
    if path in ("/label-badge", "/badge-veiled"):  # a quoted "Language" veiled, its "New" badge beside it shown; or
        # the other way round
        veil = closed_veil(".95", "position:absolute;top:0;bottom:0;width:80px;"
                           + ("left:0" if path == "/label-badge" else "left:80px"), SHADOW_PAINT)
        return f"""<ul><li style="position:relative;width:300px">Language <span style="background:#e33;color:#fff;
padding:0 4px">New</span>{veil}</li></ul><button>Pay</button>"""
    if path in ("/label-below", "/label-below-crop"):  # a quoted "Total due" under an 80% veil, below the first
        # screen; with a "Pay" button above it, or beside it in a box (to crop)
        veil = closed_veil(".8", "position:absolute;inset:0", SHADOW_PAINT)
        label = f"""<div style="position:relative;width:300px"><p>Total due</p>{veil}</div>"""
        if path == "/label-below":
            return f"""<button>Pay</button><div style="height:1500px"></div>{label}"""
        return f"""<div style="height:1500px"></div><div id="box" style="width:320px"><button>Pay</button>
<div style="height:1200px"></div>{label}</div>"""
    if path in ("/label-below-banner", "/label-below-fixed", "/label-below-component", "/label-below-notice"):
        # a quoted "Total due" 1,500 px below a "Pay" button: under a dark banner with words of its own, letting
        # clicks through (drawn by a component's open shadow root, inside the line's box: those words are not the
        # line's), a small panel with words fixed to the viewport's middle; or clear, while a big one is fixed there
        # (on the first screen of a full-page shot)
        banner = ('<div style="position:absolute;inset:0;background:#111;color:#fff;font:16px/1.1 sans-serif;'
                  'overflow:hidden;pointer-events:none">' + "We use cookies. " * 30 + "</div>")
        fixed = ('<div style="position:fixed;left:0;right:0;top:30%;height:40%;background:#135;color:#fff;'
                 'font:20px sans-serif">Chat with us! Chat with us!</div>')
        over = {"/label-below-banner": banner, "/label-below-component": "<x-notice></x-notice>"}.get(path, "")
        if path == "/label-below-notice":  # the line clear; a notice at the top that goes on the page's first scroll
            return """<p id="notice">Maintenance tonight.</p><button>Pay</button><div style="height:1500px"></div>
<p>Total due</p><div style="height:600px"></div><script>
addEventListener('scroll', () => document.getElementById('notice').remove(), {once: true});</script>"""
        return f"""<button>Pay</button><div style="height:1500px"></div><div style="position:relative;width:300px">
<p>Total due</p>{over}</div>{fixed if path.endswith("fixed") else fixed.replace("30%", "45%").replace("40%", "10%")}
<div style="height:600px"></div><script>const notice = document.querySelector('x-notice');
if (notice) notice.attachShadow({{mode: 'open'}}).innerHTML = '{banner}';</script>"""
    if path in ("/label-veiled", "/label-misted", "/label-twice"):  # a quoted label under a closed shadow root's
        # veil, heavy or light; or heavy, and the same label shown again below
        veil = closed_veil(".3" if path == "/label-misted" else ".95", "position:absolute;inset:0", SHADOW_PAINT)
        again = "<p>Total due</p>" if path == "/label-twice" else ""
        return f"""<div style="position:relative;width:300px"><p>Total due</p>{veil}</div><button>Pay</button>{again}"""
    if path in ("/closed-pseudo", "/closed-picture", "/closed-saved-text", "/open-banner-words", "/frame-over",
                "/wrap-after", "/clear-shape", "/picture-letterboxed"):
        # over a card's title (its only words, high above its middle): a closed shadow root's dark ::before, or its
        # dark SVG, letting clicks through; a clear layer over the whole page whose only words sit in its corner; an
        # open banner that takes clicks, over the title and clear of the card's middle; a frame letting clicks through,
        # over it; a band its wrapper draws with ::after over it; a chart's clear hover shape over it (covers nothing)
        layer = {
            "/closed-pseudo": '<style>.l { position: fixed; left: 0; right: 0; top: 110px; height: 70px; pointer-events: '
                              'none } .l::before { content: \\"Please wait\\"; position: absolute; inset: 0; '
                              'background: #222; color: #fff }</style><div class=\\"l\\"></div>',
            "/closed-picture": '<svg style=\\"position:fixed;left:0;top:110px;width:100%;height:70px;pointer-events:'
                               'none\\"><rect width=\\"100%\\" height=\\"100%\\" fill=\\"#222\\"/></svg>',
            # a narrow dark picture drawn at the right end of a band over the title (object-fit: contain)
            "/picture-letterboxed": '<img src=\\"' + STRIP_PICTURE + '\\" style=\\"position:fixed;left:0;top:110px;'
                                    'width:100%;height:70px;object-fit:contain;object-position:right center;'
                                    'pointer-events:none\\">',
            "/clear-shape": '<svg style=\\"position:fixed;left:0;top:110px;width:100%;height:70px;pointer-events:'
                            'none\\"><rect width=\\"100%\\" height=\\"100%\\" fill=\\"transparent\\"/></svg>',
            "/closed-saved-text": '<div style=\\"position:fixed;inset:0;pointer-events:none;padding:6px;font-size:12px;'
                                  'color:#555\\">Saved</div>',
        }.get(path, "")
        banner = ('<div style="position:fixed;left:0;right:0;top:110px;height:70px;background:#111;color:#fff;'
                  'font:16px/1.1 sans-serif;overflow:hidden">' + "We use cookies. " * 60 + "</div>"
                  if path == "/open-banner-words" else "")
        if path == "/frame-over":
            banner = ('<iframe srcdoc="<body style=\'margin:0;background:#fff\'>Please wait while we update your '
                      'account.</body>" style="position:fixed;left:0;top:110px;width:100%;height:70px;border:0;'
                      'pointer-events:none"></iframe>')
        wrap = ('<style>.wrap { position: relative } .wrap::after { content: "Loading…"; position: absolute; left: 0; '
                'right: 0; top: 0; height: 70px; background: #fff }</style>') if path == "/wrap-after" else ""
        return f"""{wrap}<div class="wrap"><div id="card" tabindex="0" style="margin-top:20px;width:400px;height:300px;
border:1px solid #888;padding:10px;font-size:20px">Order summary</div></div>{banner}<x-layer></x-layer><script>
document.querySelector('x-layer').attachShadow({{mode: 'closed'}}).innerHTML = "{layer}";</script>"""
    if path == "/foreign-picture":  # over the card's title, a closed shadow root's picture from another origin (the
        # same server, named localhost: its pixels cannot be read), drawing words of its own, letting clicks through
        return """<div id="card" tabindex="0" style="margin-top:20px;width:400px;height:300px;border:1px solid #888;
padding:10px;font-size:20px">Order summary</div><x-layer></x-layer><script>
const img = document.createElement('img');
img.src = location.protocol + '//localhost:' + location.port + '/please-wait.svg';
img.style.cssText = 'position:fixed;left:0;top:110px;width:100%;height:70px;pointer-events:none';
document.querySelector('x-layer').attachShadow({mode: 'closed'}).append(img);</script>"""
    if path in ("/foreign-dot", "/foreign-in-nav"):  # pictures from another origin (the same server, named localhost):
        # a 32 px one, clear but for a dot in its corner, its box over the middle of a name's word; an opaque one over
        # a menu's only word, inside the menu (a picture of words: its ink passes the pixel check)
        other = "location.protocol + '//localhost:' + location.port"
        if path == "/foreign-dot":
            return f"""<span id="name" style="font-size:20px">Ada</span><img id="dot" style="pointer-events:none;
margin-left:-22px;vertical-align:middle"><script>document.getElementById('dot').src = {other} + '/dot.svg';</script>"""
        return f"""<button>Go</button><nav style="position:relative;display:inline-block;padding:8px;
font:18px sans-serif">Deals<img id="block" style="pointer-events:none;position:absolute;left:0;top:0;
width:120px;height:60px"></nav><script>document.getElementById('block').src = {other} + '/opaque.svg';</script>"""
    if path == "/nested-slot":  # a button component built from another one, its label a span slotted through both
        return """<x-button id="save"><span>Save</span></x-button><script>
customElements.define('x-native', class extends HTMLElement { constructor() { super(); this.attachShadow({mode: 'open'})
  .innerHTML = '<button style="background:#6a1b9a;color:#fff;padding:8px 16px;border:0"><slot></slot></button>'; } });
customElements.define('x-button', class extends HTMLElement { constructor() { super(); this.attachShadow({mode: 'open'})
  .innerHTML = '<x-native><slot></slot></x-native>'; } });</script>"""
    if path == "/closed-own":  # a control drawn by its own closed shadow root: what it draws there is its own
        return """<p>Your draft.</p><x-send style="display:inline-block"></x-send><script>
document.querySelector('x-send').attachShadow({mode: 'closed'}).innerHTML =
  '<span style="display:inline-block;background:#1a73e8;color:#fff;padding:8px 16px">Send</span>';</script>"""
    if path in ("/label-bannered", "/label-bannered-going"):  # a quoted label under a dark banner with words of its
        # own, in a closed shadow root, letting clicks through (or one that goes after 1.5 s); the button, clear of it
        banner = ('<div style="position:absolute;inset:0;background:#111;color:#fff;font:16px/1.1 sans-serif;'
                  'overflow:hidden">' + "We use cookies. " * 30 + "</div>")
        going = "setTimeout(() => document.querySelector('x-layer').remove(), 1500);" if "going" in path else ""
        return f"""<div style="position:relative;width:300px"><p>Total due</p><x-layer style="position:absolute;inset:0;
pointer-events:none"></x-layer></div><button>Pay</button><script>
document.querySelector('x-layer').attachShadow({{mode: 'closed'}}).innerHTML = '{banner}'; {going}</script>"""
    if path in ("/closed-veil", "/closed-veil-field"):  # a veil in a closed shadow root: no page script sees it
        field = '<input aria-label="Name" placeholder="Your full name">' if path == "/closed-veil-field" else ""
        return field + "<button>Veiled</button>" + closed_veil(paint=SHADOW_PAINT)
    if path in ("/closed-banner", "/closed-banner-going", "/closed-saving", "/closed-clear"):
        # what a closed shadow root draws over the button, letting clicks through: a dark banner with words of its
        # own (or one that goes after 0.6 s), a white "saving" layer with a spinner at its middle; or, over the whole
        # page, a clear layer holding a toast far from the button
        inside = {
            "/closed-banner": '<div style="position:fixed;left:0;right:0;top:0;height:160px;background:#111;'
                              'color:#fff;padding:20px;font:16px/1.1 sans-serif;pointer-events:none">' + "We use cookies. " * 80 + "</div>",
            "/closed-saving": '<div style="position:absolute;inset:0;background:rgba(255,255,255,.95);display:flex;'
                              'align-items:center;justify-content:center"><div style="width:18px;height:18px;'
                              'border:3px solid #2563eb;border-right-color:transparent;border-radius:50%"></div></div>',
            "/closed-clear": '<div style="position:fixed;inset:0;pointer-events:none"><p style="position:absolute;'
                             'right:20px;bottom:20px;background:#333;color:#fff;padding:10px">Saved.</p></div>',
        }[path.replace("-going", "")]
        going = "setTimeout(() => document.querySelector('x-layer').remove(), 600);" if "going" in path else ""
        place = "position:absolute;inset:0;pointer-events:none" if path == "/closed-saving" else ""
        return f"""<div style="position:relative;display:inline-block;margin:40px"><button style="font-size:18px;
padding:10px 24px">Send</button><x-layer style="{place}"></x-layer></div><script>
document.querySelector('x-layer').attachShadow({{mode: 'closed'}}).innerHTML = '{inside}'; {going}</script>"""
    if path in ("/fading-veil", "/fading-clear"):  # a list faded to white at its foot, over its last row
        top = "560px" if path == "/fading-veil" else "40px"
        name = "Veiled" if path == "/fading-veil" else "Shown"
        return f"""<div style="position:relative;height:600px;width:400px;border:1px solid #ccc">
<p>Rows</p><button style="position:absolute;left:20px;top:{top}">{name}</button>
<div style="position:absolute;inset:0;pointer-events:none;background:linear-gradient(to bottom, transparent 0%, \
transparent 70%, rgba(255, 255, 255, .97) 90%)"></div></div>"""
    if path in ("/gradient-veil", "/gradient-shine"):  # a veil painted with a gradient, white or clear
        paint = ("linear-gradient(#fff, #fff)" if path == "/gradient-veil"
                 else "linear-gradient(rgba(255, 255, 255, 0.3), transparent)")
        return f"""<button>Veiled</button><div id="veil" style="position:fixed;inset:0;background-image:{paint};
pointer-events:none"><p style="margin:200px auto;width:200px">Loading…</p></div>"""
    if path in ("/slotted-veil", "/card-ring"):  # a card's shadow root over its slotted button
        over = ('<div style="position:absolute;inset:0;background:#fff;pointer-events:none">Loading…</div>'
                if path == "/slotted-veil" else
                '<div style="position:absolute;inset:0;border:2px solid #99c;pointer-events:none"></div>')
        under = '' if path == "/slotted-veil" else \
            '<div style="position:absolute;inset:0;background:#eef;pointer-events:none"></div>'
        name = "Veiled" if path == "/slotted-veil" else "Shown"
        return f"""<x-card><button type="button">{name}</button></x-card><script>
document.querySelector('x-card').attachShadow({{mode: 'open'}}).innerHTML = '<div style="position:relative;\
width:400px;padding:20px">{under}<div style="position:relative"><p>Card</p><slot></slot></div>{over}</div>';
</script>"""
    if path == "/shell":  # a component's page background (behind) and its toast layer (over, clear)
        return """<form style="width:400px;padding:20px"><button type="button">Shown</button></form><x-shell></x-shell>
<script>document.querySelector('x-shell').attachShadow({mode: 'open'}).innerHTML = '<div style="position:fixed;\
inset:0;background:#f4f4f8;pointer-events:none;z-index:-1"></div><div style="position:absolute;inset:0;\
pointer-events:none"><div style="position:absolute;right:8px;bottom:8px;background:#333;color:#fff">Saved</div></div>';
</script>"""
    if path in ("/underline", "/gradient-text"):  # gradients that paint a line, or text, over the form
        paint = ("background:linear-gradient(#06c,#06c) no-repeat left bottom/100% 3px" if path == "/underline"
                 else "font:bold 40px sans-serif;text-align:right;background:linear-gradient(90deg,#f06,#60f);"
                      "-webkit-background-clip:text;background-clip:text;color:transparent")
        return f"""<form style="position:relative;width:400px;padding:20px"><button type="button">Shown</button>
<div style="position:absolute;inset:0;pointer-events:none;{paint}">New!</div></form>"""
    if path == "/faded-component":  # a button in the shadow root of a component drawn at opacity 0
        return """<x-faded style="opacity:0"></x-faded><script>document.querySelector('x-faded')
.attachShadow({mode: 'open'}).innerHTML = '<button>Faded</button>';</script>"""
    if path == "/glass":  # a button under a page-wide layer at opacity 0: it takes the clicks, it shows nothing
        return """<button>Under glass</button><div id="glass" style="position:fixed;inset:0;opacity:0;
background:#fff"></div>"""
    if path == "/decor":  # what lets clicks through and does not hide the button: behind it, or clear
        return """<div style="position:relative"><div style="position:absolute;inset:0;background:#fde68a;
pointer-events:none"></div><button style="position:relative">Decorated</button></div>
<div id="toasts" style="position:fixed;inset:0;pointer-events:none"></div>"""
    if path == "/saving":  # a form its ::after veils while it saves, left on; a link with a small ::after dot
        return """<style>.saving { position: relative } .saving::after { content: 'Saving…'; position: absolute;
inset: 0; background: #fff; pointer-events: none } .dot { position: relative; display: inline-block }
.dot::after { content: ''; position: absolute; top: -4px; right: -8px; width: 8px; height: 8px; background: red }
</style><form class="saving" style="width:300px;padding:20px;border:1px solid #999"><button type="button">Send
</button></form><p><a class="dot" href="/saving">Inbox</a></p>"""
    if path == "/shadow":  # a button inside a custom element's open shadow root, in view low on a long page
        return """<div style="height:600px"></div><x-bar></x-bar><div style="height:2000px"></div><script>
customElements.define('x-bar', class extends HTMLElement {
  constructor() { super(); this.attachShadow({mode: 'open'}).innerHTML = '<button>Shadowed</button>'; } });
</script>"""
    if path in ("/words-light", "/words-shadow"):  # words just above the button, in the page or in a component
        words = '<p style="margin:0 0 2px 0;font-size:18px">Keep these words readable, please</p>'
        if path == "/words-light":
            return f'<div>{words}</div><button style="margin-left:30px">Target</button>'
        return f"""<x-words style="display:block"></x-words><button style="margin-left:30px">Target</button><script>
document.querySelector('x-words').attachShadow({{mode: 'open'}}).innerHTML = '{words}';</script>"""
    if path == "/faint-placeholder":  # a search field with a faint hint: the field shows by its border
        return """<style>input::placeholder { color: #f4f4f4 }</style><input aria-label="Search" placeholder="Type to
search" style="border:2px solid #333;padding:6px;font-size:16px">"""
    if path in ("/white-on-white", "/white-outlined"):  # a button's words in its own background's colour (a theme's
        # slip); or the same words outlined by a dark shadow, which a reader reads
        outline = "text-shadow:0 0 2px #000,0 0 1px #000;" if path == "/white-outlined" else ""
        return f"""<p>Your draft.</p><button style="color:#fff;background:#fff;border:1px solid #ccc;font-size:18px;
{outline}padding:8px 16px">Delete</button>"""
    if path == "/smooth":  # a page that scrolls smoothly, its button far down
        return """<style>html { scroll-behavior: smooth }</style><div style="height:2000px">A long page.</div>
<button>Smoothly below</button><div style="height:400px"></div>"""
    if path == "/filled":  # a search field whose placeholder went once it was filled
        return '<label>Find <input placeholder="Search" value="cats"></label> <button>Go</button>'
    if path == "/effects":  # a clear canvas over the whole page, for effects, that lets clicks through
        return """<button>Under effects</button><canvas width="100" height="100"
style="position:fixed;inset:0;width:100%;height:100%;pointer-events:none"></canvas>"""
    if path == "/far":
        return '<div style="height:2000px">A long page.</div><button>Far below</button><div style="height:400px"></div>'
    if path == "/form":
        return """<label for="c">Colour</label> <select id="c"><option>Red</option><option>Green</option></select>"""
    if path == "/icons":  # words the DOM holds and no reader sees, and words split over children
        return f"""<p><button aria-label="Settings">⚙</button>
<button><svg width="16" height="16"><circle cx="8" cy="8" r="6"/></svg><span style="{SR_ONLY}">Edit</span></button>
<a href="/icons"><b>Pri</b>nt</a></p>
<div style="padding:10px;border:1px solid #999;width:200px"><span style="display:none">Archive</span></div>
<p><button class="btn" style="color:transparent">Clear</button>
<a href="/icons" class="btn" style="display:inline-block;width:20px;text-indent:-9999px;overflow:hidden">Home</a>
<button class="btn" style="font-size:0">Close</button> <span style="color:#fff">Secret</span>
<span style="color:#fff;background:#1e3a8a;padding:4px">Contact</span>
<button style="width:70px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap">Publish everything</button>
<span style="color:oklch(0.21 0.006 285.885)">Modern</span> <span style="color:oklch(1 0 0)">Faint</span></p>
<p><button style="position:relative">Save<span style="position:absolute;inset:0;background:#fff">Saving…</span></button>
<button>Send <span style="background:#e11;color:#fff;padding:0 4px">3</span></button>
<button style="position:relative">Apply<span style="position:absolute;inset:0;background:#fff;pointer-events:none">
</span></button> <button style="position:relative">Undo<span style="position:absolute;inset:0;background:#fff;
opacity:0"></span></button> <style>.state::before {{ content: ''; position: absolute; inset: 0;
background: rgba(255, 255, 255, .08) }}</style><button class="state" style="position:relative;background:#6200ee;
color:#fff"><span>Open</span></button></p>"""
    if path == "/labels":
        return f'<button>{w["publish"]}</button> <button>{w["preview"]}</button>'
    if path == "/switch":
        return '<button role="switch" aria-checked="false">Notify</button>'
    if path == "/menu":
        return f"""<button onclick="document.getElementById('menu').hidden = false">{w["settings"]}</button>
<ul id="menu" hidden><li><a href="/labels?lang={lang}">{w["language"]}</a></li>
<li><a href="/labels?lang={lang}">{w["password"]}</a></li></ul>"""
    return "<p>Nothing here.</p>"


FADED_RGB = (0, 160, 60)


class _Handler(BaseHTTPRequestHandler):
    #: how many times ``/rev`` was opened: each visit gets another revision id in its URL
    revisions = 0

    def log_message(self, *_args: Any) -> None:
        pass

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        if parts.path == "/rev":
            type(self).revisions += 1
            self.send_response(302)
            self.send_header("Location", f"/revision?oldid={type(self).revisions}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if parts.path in PICTURES:
            send_body(self, PICTURES[parts.path], "image/svg+xml")
            return
        lang = (parse_qs(parts.query).get("lang") or ["en"])[0]
        lang = lang if lang in WORDS else "en"
        page = f"""<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>Tiny</title><style>
body {{ font: 16px sans-serif; margin: 0; padding: 20px }} .btn {{ padding: 8px 14px; background: #2563eb;
color: #fff; border: 0; border-radius: 4px }}</style></head>
<body><h1>Tiny page</h1>{_body(parts.path, lang)}</body></html>"""
        send_body(self, page)


def tiny_visibility() -> AbstractContextManager[str]:
    """Serve the site on a free 127.0.0.1 port for the duration of the block; yields its base URL."""
    return serving(_Handler)
