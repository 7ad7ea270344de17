/* Helpwright search page: queries the language's Pagefind index and lists pages with
   their title, the matching passage and a thumbnail. Everything shown is built with
   DOM text nodes: no result text is ever parsed as HTML except Pagefind's excerpt,
   whose only markup is <mark> (it is re-built here from text, not trusted). */
(function () {
  "use strict";
  var params = new URLSearchParams(window.location.search);
  var query = (params.get("q") || "").trim();
  var input = document.getElementById("hw-search-input");
  var status = document.getElementById("hw-search-status");
  var list = document.getElementById("hw-search-results");
  if (!input || !status || !list) return;
  input.value = query;
  var sidebar = document.querySelector("input.sidebar-search");
  if (sidebar) sidebar.value = query;
  if (!query) return;

  function say(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return key in values ? values[key] : ""; });
  }

  function excerpt(node, html) {
    // Pagefind marks the matching words with <mark>; keep them, drop every other tag.
    var parts = html.split(/(<mark>|<\/mark>)/);
    var mark = null;
    parts.forEach(function (part) {
      if (part === "<mark>") { mark = document.createElement("mark"); return; }
      if (part === "</mark>") { if (mark) node.appendChild(mark); mark = null; return; }
      var text = document.createElement("textarea");
      text.innerHTML = part.replace(/<[^>]*>/g, "");
      (mark || node).appendChild(document.createTextNode(text.value));
    });
  }

  var base = new URL(".", window.location.href);
  status.textContent = status.dataset.loading;
  if (window.location.protocol === "file:") {
    status.textContent = status.dataset.unavailable;
    return;
  }
  var stopwords = (status.dataset.stopwords || "").split(/\s+/).filter(Boolean);

  function words(text) {
    return text.toLowerCase().split(/[\s'’"«»“”?!.,;:()]+/).filter(function (w) {
      return w.length > 1 && stopwords.indexOf(w) < 0;
    });
  }

  // Pagefind finds the pages holding every word (stemmed, accents folded). People type
  // questions: the meaningful words are searched first ("comment changer ma photo" is
  // "changer photo"), and when that finds fewer than a handful, the pages holding most of
  // them follow, ranked by how many words they hold, then by Pagefind's score.
  function rank(pagefind) {
    var terms = words(query);
    return pagefind.search(terms.length ? terms.join(" ") : query).then(function (all) {
      var ranked = all.results.map(function (r) { return { r: r, n: 1000, score: r.score }; });
      // One meaningful word counts too: "how do I sign in" holds no page with every word.
      if (ranked.length >= 5 || !terms.length) return ranked;
      return Promise.all(terms.map(function (t) { return pagefind.search(t); })).then(function (each) {
        var byId = {};
        ranked.forEach(function (e) { byId[e.r.id] = e; });
        each.forEach(function (search) {
          search.results.forEach(function (r) {
            var entry = byId[r.id];
            if (!entry) { entry = byId[r.id] = { r: r, n: 0, score: 0 }; ranked.push(entry); }
            if (entry.n < 1000) { entry.n += 1; entry.score += r.score; }
          });
        });
        return ranked.sort(function (a, b) { return (b.n - a.n) || (b.score - a.score); });
      });
    });
  }

  import(new URL("pagefind/pagefind.js", base).href).then(function (pagefind) {
    return pagefind.options({ baseUrl: base.pathname }).then(function () {
      return rank(pagefind);
    }).then(function (ranked) {
      return Promise.all(ranked.slice(0, 10).map(function (e) { return e.r.data(); }));
    });
  }).then(function (results) {
    list.textContent = "";
    if (!results.length) {
      status.textContent = say(status.dataset.none, { query: query });
      return;
    }
    status.textContent = say(status.dataset.count, { count: results.length, query: query });
    results.forEach(function (page) {
      var item = document.createElement("li");
      item.className = "hw-search-result";
      var link = document.createElement("a");
      link.href = page.url;
      link.className = "hw-search-title";
      link.textContent = (page.meta && page.meta.title) || page.url;
      var text = document.createElement("p");
      text.className = "hw-search-excerpt";
      var sub = (page.sub_results || []).find(function (s) { return s.url !== page.url; });
      excerpt(text, (sub || page).excerpt || page.excerpt || "");
      if (page.meta && page.meta.image) {
        var img = document.createElement("img");
        // Pagefind keeps the image path as the page wrote it: relative to that page.
        img.src = new URL(page.meta.image, new URL(page.url, window.location.href)).href;
        img.alt = "";
        img.loading = "lazy";
        img.className = "hw-search-thumb";
        item.appendChild(img);
      }
      var body = document.createElement("div");
      body.appendChild(link);
      body.appendChild(text);
      item.appendChild(body);
      list.appendChild(item);
    });
  }).catch(function () {
    status.textContent = status.dataset.unavailable;
  });
})();
