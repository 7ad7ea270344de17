/* Helpwright in-app tours: include this file in the platform's pages, next to its tours.
 *
 *   <script src="/help-tours/helpwright-tour.js" defer></script>
 *   helpwrightTour.start("write-blog-post")            // or open a page with ?helpwright-tour=write-blog-post
 *
 * It loads the vendored Driver.js (driver.js.iife.js, driver.css) from its own folder, reads
 * <lang>/<scenario>.json in the page's language (<html lang>), and points each step at the element
 * capture recorded: the selector is resolved by the same script capture checked it with. A tour that
 * spans pages carries on after each navigation (the step and tour are kept in sessionStorage).
 * Texts arrive escaped from the build: nothing here turns data into markup.
 */
(function () {
  'use strict';
  if (window.helpwrightTour) return;
  var script = document.currentScript;
  var base = (window.HELPWRIGHT_TOURS_BASE || (script && script.src ? new URL('.', script.src).href : '/'));
  var KEY = 'helpwright-tour';
  var resolve = /*@RESOLVE_SELECTOR@*/;

  function pageLang() {
    return (document.documentElement.getAttribute('lang') || '').toLowerCase().split('-')[0];
  }

  function load(tag, attrs) {
    return new Promise(function (done, fail) {
      var el = document.createElement(tag);
      Object.keys(attrs).forEach(function (k) { el.setAttribute(k, attrs[k]); });
      el.onload = done;
      el.onerror = function () { fail(new Error('Helpwright tours: cannot load ' + (attrs.src || attrs.href))); };
      document.head.appendChild(el);
    });
  }

  function driverReady() {
    if (window.driver && window.driver.js) return Promise.resolve();
    return Promise.all([
      load('link', {rel: 'stylesheet', href: base + 'driver.css'}),
      load('script', {src: base + 'driver.js.iife.js'})
    ]);
  }

  function fetchTour(id, lang) {
    return fetch(base + 'index.json').then(function (r) { return r.json(); }).then(function (index) {
      var langs = index.languages || [];
      var chosen = langs.indexOf(lang) >= 0 ? lang : langs[0];
      return fetch(base + chosen + '/' + encodeURIComponent(id) + '.json');
    }).then(function (r) {
      if (!r.ok) throw new Error('Helpwright tours: no tour ' + id);
      return r.json();
    });
  }

  // The one element the selector finds; none (Driver.js then centres the popover) when the page
  // shows it twice or not at all, or the selector is not valid here.
  function find(selector) {
    var found;
    try { found = resolve(selector); } catch (e) { return undefined; }
    return found.length === 1 ? found[0] : undefined;
  }

  function onPage(step) {
    return new URL(step.url, location.href).pathname === location.pathname;
  }

  function save(state) { sessionStorage.setItem(KEY, JSON.stringify(state)); }
  function clear() { sessionStorage.removeItem(KEY); }

  // Shows the tour from step `index`; a step on another page is reached by navigating there.
  function run(tour, index) {
    if (!tour.steps.length) return clear();
    if (!onPage(tour.steps[index])) {
      save({id: tour.scenario, lang: tour.lang, index: index});
      location.assign(tour.steps[index].url);
      return;
    }
    var go = function (d, to) {
      if (to < 0) return;
      if (to >= tour.steps.length) { clear(); d.destroy(); return; }
      save({id: tour.scenario, lang: tour.lang, index: to});
      if (!onPage(tour.steps[to])) { d.destroy(); location.assign(tour.steps[to].url); return; }
      d.moveTo(to);
    };
    var d = window.driver.js.driver({
      showProgress: true,
      animate: false,
      nextBtnText: tour.labels.next,
      prevBtnText: tour.labels.previous,
      doneBtnText: tour.labels.done,
      progressText: tour.labels.progress,
      steps: tour.steps.map(function (step) {
        return {element: function () { return find(step.selector); },
                popover: {title: step.title, description: step.description}};
      }),
      // Driver.js names its close button in English: the page's language instead (an attribute: plain text).
      onPopoverRender: function (popover) { popover.closeButton.setAttribute('aria-label', tour.close); },
      onNextClick: function () { go(d, d.getActiveIndex() + 1); },
      onPrevClick: function () { go(d, d.getActiveIndex() - 1); },
      onCloseClick: function () { clear(); d.destroy(); }
    });
    save({id: tour.scenario, lang: tour.lang, index: index});
    window.helpwrightTour.active = d;
    d.drive(index);
  }

  function start(id, index) {
    return Promise.all([driverReady(), fetchTour(id, pageLang())]).then(function (res) {
      run(res[1], index || 0);
    });
  }

  // After a navigation: carry on at the saved step, or at the first later one on this page
  // (the reader clicked the highlighted link instead of "next").
  function resume() {
    var state;
    try { state = JSON.parse(sessionStorage.getItem(KEY) || 'null'); } catch (e) { state = null; }
    var asked = new URLSearchParams(location.search).get('helpwright-tour');
    if (asked) return start(asked, 0);
    if (!state) return Promise.resolve();
    return Promise.all([driverReady(), fetchTour(state.id, pageLang())]).then(function (res) {
      var tour = res[1];
      for (var i = state.index; i < tour.steps.length; i++) {
        if (onPage(tour.steps[i])) return run(tour, i);
      }
      clear();
    });
  }

  window.helpwrightTour = {start: start, resolve: resolve, ready: null};
  var begin = function () { window.helpwrightTour.ready = resume(); };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', begin);
  else begin();
})();
