/* Helpwright help links: include this file in the platform's pages, next to its help maps.
 *
 *   <script src="/help-links/helpwright-help.js" defer></script>
 *
 * It reads <lang>/help-map.json in the page's language (<html lang>; the first language when there
 * is no map for it) and adds a "Help" link to the page: to the how-to written for this page when the
 * map has one, else to the help site's search, filled with the page's title. Words come from the map
 * (the catalogs), and every text is set as text, never as markup.
 */
(function () {
  'use strict';
  if (window.helpwrightHelp) return;
  var script = document.currentScript;
  var base = (window.HELPWRIGHT_HELP_BASE || (script && script.src ? new URL('.', script.src).href : '/'));

  function pageLang() {
    return (document.documentElement.getAttribute('lang') || '').toLowerCase().split('-')[0];
  }

  function getJson(url) {
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error('Helpwright help: cannot read ' + url);
      return r.json();
    });
  }

  function escapeRe(s) { return s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'); }

  // A route pattern (`/groups/*`, `/search?tab=people`) against this page's path and query.
  function matches(pattern, prefix) {
    var q = pattern.indexOf('?');
    var path = q < 0 ? pattern : pattern.slice(0, q);
    var here = location.pathname;
    if (prefix && (here === prefix || here.indexOf(prefix + '/') === 0)) here = here.slice(prefix.length) || '/';
    var re = new RegExp('^' + escapeRe(path).replace(/\*/g, '[^/]+') + '/?$');
    if (!re.test(here)) return false;
    if (q < 0) return true;
    var wanted = new URLSearchParams(pattern.slice(q + 1));
    var params = new URLSearchParams(location.search);
    var ok = true;
    wanted.forEach(function (value, key) { if (params.get(key) !== value) ok = false; });
    return ok;
  }

  function pageTitle() {
    var h1 = document.querySelector('h1');
    var text = (h1 && h1.textContent) || document.title || '';
    return text.split(/\s+/).filter(Boolean).join(' ');
  }

  function link(map) {
    var route = null;
    for (var i = 0; i < map.routes.length; i++) {
      if (map.routes[i].page && matches(map.routes[i].pattern, map.path_prefix)) { route = map.routes[i]; break; }
    }
    var a = document.createElement('a');
    a.className = 'helpwright-help-link';
    a.textContent = map.labels.link;
    a.target = '_blank';
    a.rel = 'noopener';
    if (route) {
      a.href = map.site + route.page;
      a.title = map.labels.link_title;
      a.setAttribute('data-helpwright-scenario', route.scenario);
    } else {
      var title = pageTitle();
      a.href = map.site + map.search + '?' + map.search_param + '=' + encodeURIComponent(title);
      a.title = map.labels.search_title.replace('{title}', title);
    }
    // Styles through the CSSOM: a platform's policy may refuse inline style attributes.
    var s = a.style;
    s.position = 'fixed'; s.right = '16px'; s.bottom = '16px'; s.zIndex = '9999';
    s.padding = '8px 14px'; s.borderRadius = '999px'; s.background = '#1e3a8a'; s.color = '#fff';
    s.font = '600 14px/1.2 system-ui, sans-serif'; s.textDecoration = 'none';
    s.boxShadow = '0 2px 8px rgba(0,0,0,.25)';
    document.body.appendChild(a);
    return a;
  }

  function start() {
    return getJson(base + 'index.json').then(function (index) {
      var lang = pageLang();
      var chosen = index.languages.indexOf(lang) >= 0 ? lang : index.languages[0];
      return getJson(base + chosen + '/help-map.json');
    }).then(link);
  }

  window.helpwrightHelp = {ready: null, matches: matches};
  var begin = function () { window.helpwrightHelp.ready = start(); };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', begin);
  else begin();
})();
