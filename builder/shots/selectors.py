"""The stable selectors manifests record, and the one script that resolves them in a page.

Capture records, for a step's target, a selector it proved matches exactly that element
(:mod:`builder.capture.selector`); outputs that point at the live platform (in-app tours)
hand the same selector to the same resolver, so what capture checked is what the reader's
browser finds. A selector is one of:

- plain CSS: ``#post-form``, ``[data-testid="join-button"]``, ``#groups [data-testid="join"]``;
- CSS scopes then an accessible role and name, joined by `` >> ``:
  ``main >> role=button[name="Publier"]`` (the name is a JSON string, compared exactly;
  :mod:`builder.capture.records` records a target's role and name with this script's own
  ``roleOf`` and ``nameOf``, so the two never disagree).

``RESOLVE_SELECTOR`` is a JavaScript expression: a function ``(selector) => Element[]``.
"""

from __future__ import annotations

#: the separator between the CSS scopes and the role part of a selector
SCOPE = " >> "

RESOLVE_SELECTOR = r"""
((selector) => {
  const text = (t) => (t || '').split(/\s+/).filter(Boolean).join(' ');
  const implicit = (e) => {
    const tag = e.tagName.toLowerCase();
    const type = (e.getAttribute('type') || 'text').toLowerCase();
    if (tag === 'a') return e.hasAttribute('href') ? 'link' : 'generic';
    if (tag === 'button') return 'button';
    if (tag === 'input') {
      if (['button', 'submit', 'reset', 'image', 'file'].includes(type)) return 'button';
      if (type === 'checkbox' || type === 'radio') return type;
      if (type === 'search') return 'searchbox';
      if (type === 'range') return 'slider';
      if (type === 'number') return 'spinbutton';
      return 'textbox';
    }
    if (tag === 'textarea') return 'textbox';
    if (tag === 'select') return e.multiple || e.size > 1 ? 'listbox' : 'combobox';
    if (/^h[1-6]$/.test(tag)) return 'heading';
    const map = {img: 'img', option: 'option', li: 'listitem', ul: 'list', ol: 'list', nav: 'navigation',
                 main: 'main', form: 'form', table: 'table', tr: 'row', td: 'cell', th: 'columnheader',
                 dialog: 'dialog', p: 'paragraph', label: 'label', summary: 'button', section: 'region',
                 header: 'banner', footer: 'contentinfo', aside: 'complementary', article: 'article'};
    return map[tag] || 'generic';
  };
  const name = (e) => {
    const ids = (e.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean);
    if (ids.length) return text(ids.map((id) => (document.getElementById(id) || {}).textContent).join(' '));
    if (e.getAttribute('aria-label')) return text(e.getAttribute('aria-label'));
    if (e.labels && e.labels.length) return text([...e.labels].map((l) => l.innerText).join(' '));
    const tag = e.tagName.toLowerCase();
    if (tag === 'input' && ['button', 'submit', 'reset'].includes((e.type || '').toLowerCase())) return text(e.value);
    if (tag === 'img') return text(e.getAttribute('alt'));
    if (['input', 'textarea', 'select'].includes(tag)) return text(e.getAttribute('placeholder') || e.getAttribute('title'));
    return text(e.innerText || e.textContent) || text(e.getAttribute('title'));
  };
  const role = (e) => e.getAttribute('role') || implicit(e);
  const resolve = (sel) => {
    let scope = [document];
    for (const part of sel.split(' >> ')) {
      const m = /^role=([a-z]+)\[name=(".*")\]$/.exec(part);
      const wanted = m ? JSON.parse(m[2]) : null;
      const next = new Set();
      for (const root of scope) {
        if (m) {
          for (const e of root.querySelectorAll('*')) if (role(e) === m[1] && name(e) === wanted) next.add(e);
        } else {
          for (const e of root.querySelectorAll(part)) next.add(e);
        }
      }
      scope = [...next];
    }
    return scope;
  };
  resolve.roleOf = role;
  resolve.nameOf = name;  // not `.name`: a function's own name is read-only
  return resolve;
})()
"""
