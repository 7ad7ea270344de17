/* Helpwright's SCORM 1.2 lessons: finds the LMS's API the way the standard says, steps through
   a lesson or scores the quiz, and reports cmi.core.lesson_status and cmi.core.score.raw.
   Without an LMS the pages still work and say that progress is not recorded. */
(function () {
  "use strict";

  /* SCORM 1.2 run-time environment, API discovery: the API is an object named `API` on a
     parent frame; look up the parent chain (bounded, as the standard's own algorithm), then
     the chain of the window that opened this one. A frame of another origin stops the walk. */
  var MAX_PARENTS = 7;
  function findAPI(win) {
    var tries = 0;
    try {
      while (win && win.API == null && win.parent != null && win.parent !== win) {
        tries += 1;
        if (tries > MAX_PARENTS) { return null; }
        win = win.parent;
      }
      return win && win.API != null ? win.API : null;
    } catch (e) {
      return null;
    }
  }
  function getAPI() {
    var api = findAPI(window);
    if (api == null) {
      try { if (window.opener != null) { api = findAPI(window.opener); } } catch (e) { api = null; }
    }
    return api;
  }

  var api = null;
  var started = false;
  var finished = false;
  var lms = {
    start: function () {
      api = getAPI();
      started = api != null && String(api.LMSInitialize("")) === "true";
      return started;
    },
    get: function (name) { return started && !finished ? String(api.LMSGetValue(name)) : ""; },
    set: function (name, value) { if (started && !finished) { api.LMSSetValue(name, String(value)); } },
    commit: function () { if (started && !finished) { api.LMSCommit(""); } },
    finish: function () {
      if (started && !finished) { api.LMSCommit(""); finished = true; api.LMSFinish(""); }
    }
  };
  window.HelpwrightLMS = lms;

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : all;
    });
  }

  function lesson() {
    var steps = Array.prototype.slice.call(document.querySelectorAll(".hw-step"));
    var prev = document.querySelector("[data-hw=prev]");
    var next = document.querySelector("[data-hw=next]");
    var done = document.querySelector("[data-hw=finish]");
    var current = 0;
    function show(index) {
      current = Math.max(0, Math.min(steps.length - 1, index));
      steps.forEach(function (s, i) { s.hidden = i !== current; });
      prev.disabled = current === 0;
      next.hidden = current === steps.length - 1;
      done.hidden = current !== steps.length - 1;
      lms.set("cmi.core.lesson_location", String(current + 1));
      if (current === steps.length - 1) {
        /* every step has been shown: the lesson is complete */
        lms.set("cmi.core.lesson_status", "completed");
      }
      lms.commit();
    }
    var status = lms.get("cmi.core.lesson_status");
    if (status === "" || status === "not attempted") { lms.set("cmi.core.lesson_status", "incomplete"); }
    var resume = parseInt(lms.get("cmi.core.lesson_location"), 10);
    prev.addEventListener("click", function () { show(current - 1); });
    next.addEventListener("click", function () { show(current + 1); });
    done.addEventListener("click", function () {
      document.querySelector(".hw-done").hidden = false;
      lms.finish();
    });
    document.addEventListener("keydown", function (event) {
      if (event.target && /^(INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName)) { return; }
      if (event.key === "ArrowRight" || event.key === "PageDown") { show(current + 1); }
      if (event.key === "ArrowLeft" || event.key === "PageUp") { show(current - 1); }
    });
    show(resume > 0 ? resume - 1 : 0);
  }

  function quiz() {
    var body = document.body;
    var form = document.querySelector(".hw-questions");
    var result = document.querySelector(".hw-result");
    var mastery = parseInt(body.getAttribute("data-mastery"), 10);
    var status = lms.get("cmi.core.lesson_status");
    if (status === "" || status === "not attempted") { lms.set("cmi.core.lesson_status", "incomplete"); }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var scored = Array.prototype.slice.call(form.querySelectorAll("fieldset[data-correct]"));
      var missing = scored.filter(function (q) { return !q.querySelector("input:checked"); });
      if (missing.length) {
        result.textContent = fill(body.getAttribute("data-unanswered"), {count: missing.length});
        missing[0].querySelector("input").focus();
        return;
      }
      var right = 0;
      scored.forEach(function (q) {
        var ok = q.querySelector("input:checked").value === q.getAttribute("data-correct");
        var verdict = q.querySelector(".hw-verdict");
        verdict.textContent = body.getAttribute(ok ? "data-right" : "data-wrong");
        verdict.className = "hw-verdict " + (ok ? "right" : "wrong");
        if (ok) { right += 1; }
      });
      if (!scored.length) {
        lms.set("cmi.core.lesson_status", "completed");
        result.textContent = body.getAttribute("data-passed");
        lms.finish();
        return;
      }
      var score = Math.round(100 * right / scored.length);
      var passed = score >= mastery;
      lms.set("cmi.core.score.min", "0");
      lms.set("cmi.core.score.max", "100");
      lms.set("cmi.core.score.raw", String(score));
      lms.set("cmi.core.lesson_status", passed ? "passed" : "failed");
      lms.commit();
      result.textContent = fill(body.getAttribute("data-score"), {score: score, right: right, total: scored.length})
        + " " + body.getAttribute(passed ? "data-passed" : "data-failed");
      if (passed) { lms.finish(); }
    });
  }

  function start() {
    if (!lms.start()) { document.querySelector(".hw-nolms").hidden = false; }
    if (document.body.getAttribute("data-hw-kind") === "quiz") { quiz(); } else { lesson(); }
    /* leaving the page ends the session, as SCORM asks of every SCO */
    window.addEventListener("pagehide", lms.finish);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
}());
