/*
 * Isobot widget: "Save or print this conversation". Loaded by widget.js.
 *
 * The summary is made here, in the browser, from what the widget showed (its in-memory
 * transcript): nothing is sent or stored anywhere. It opens as a full-page view over the site;
 * "Print or save as PDF" calls window.print(), and the print stylesheet (widget.css,
 * @media print) leaves only this view on paper. Escalation advice comes first and prominent,
 * then each question with its answers and their source lines, the date and the disclaimer.
 * Text is only ever placed with textContent (through widget.js's safe markdown).
 */
(function () {
  "use strict";

  var ROOT_CLASS = "isobot-summary-root";
  var PRINTING = "isobot-printing";

  // The questions and what the assistant said after each (before the first question: nothing).
  function exchanges(transcript) {
    var list = [];
    transcript.forEach(function (entry) {
      if (entry.role === "user") list.push({ question: entry, replies: [] });
      else if (list.length) list[list.length - 1].replies.push(entry);
    });
    return list;
  }

  function sourceLine(entry) {
    var provenance = entry.provenance;
    return provenance && typeof provenance.source_line === "string" && provenance.source_line ? provenance.source_line : null;
  }

  // In the summary's language (the conversation's), not the browser's.
  function formatDate(when, lang) {
    return when.toLocaleDateString(lang ? [lang] : [], { year: "numeric", month: "long", day: "numeric" });
  }

  // Each message keeps the language it was said in, for screen readers (as in the widget).
  function spoken(node, entry) {
    if (entry.lang) node.setAttribute("lang", entry.lang);
    return node;
  }

  function close(root, opener) {
    root.remove();
    document.body.classList.remove(PRINTING);
    if (opener && document.body.contains(opener)) opener.focus();
  }

  function open(widget, tools) {
    var el = tools.el;
    var t = widget.t;
    var phone = widget.content.emergency_number;
    var existing = document.querySelector("." + ROOT_CLASS);
    if (existing) existing.remove();

    var root = el("div", { className: "isobot-widget " + ROOT_CLASS });
    if (widget.lang) root.setAttribute("lang", widget.lang);
    var view = el("div", { className: "isobot-summary", role: "dialog", "aria-modal": "true",
      "aria-labelledby": "isobot-summary-title" });
    root.appendChild(view);

    var actions = el("div", { className: "isobot-summary-actions" });
    var print = el("button", { type: "button", className: "isobot-summary-print" }, t.summary_print);
    var shut = el("button", { type: "button", className: "isobot-summary-close" }, t.summary_close);
    actions.appendChild(print);
    actions.appendChild(shut);
    view.appendChild(actions);

    view.appendChild(el("h2", { id: "isobot-summary-title", className: "isobot-summary-title" }, t.summary_title));
    view.appendChild(el("p", { className: "isobot-summary-intro" }, t.summary_intro));
    var now = new Date();
    var date = el("p", { className: "isobot-summary-date" });
    var parts = t.summary_date.split("{date}");
    date.appendChild(document.createTextNode(parts[0]));
    date.appendChild(el("time", { datetime: now.toISOString().slice(0, 10) }, formatDate(now, widget.lang)));
    date.appendChild(document.createTextNode(parts.slice(1).join("")));
    view.appendChild(date);

    var transcript = widget.transcript;
    var advice = transcript.filter(function (entry) { return entry.role === "bot" && entry.tier; });
    if (advice.length) {
      var urgent = el("section", { className: "isobot-summary-advice", "aria-labelledby": "isobot-summary-advice" });
      urgent.appendChild(el("h3", { id: "isobot-summary-advice" }, t.summary_advice_heading));
      advice.forEach(function (entry) {
        var item = spoken(el("div", { className: "isobot-summary-advice-item isobot-tier-" + entry.tier }), entry);
        if (entry.tier === "emergency") item.appendChild(el("p", { className: "isobot-badge" }, t.emergency_badge));
        item.appendChild(tools.renderMarkdown(entry.text, phone));
        var line = sourceLine(entry);
        if (line) item.appendChild(el("p", { className: "isobot-summary-source" }, line));
        urgent.appendChild(item);
      });
      view.appendChild(urgent);
    }

    var questions = el("section", { className: "isobot-summary-questions", "aria-labelledby": "isobot-summary-qa" });
    questions.appendChild(el("h3", { id: "isobot-summary-qa" }, t.summary_questions_heading));
    var list = exchanges(transcript);
    if (!list.length) questions.appendChild(el("p", {}, t.summary_empty));
    list.forEach(function (exchange) {
      var block = el("div", { className: "isobot-summary-exchange" });
      var asked = el("p", { className: "isobot-summary-question" });
      asked.appendChild(el("strong", {}, t.summary_question + ": "));
      asked.appendChild(spoken(el("span", {}, exchange.question.text), exchange.question));
      block.appendChild(asked);
      exchange.replies.forEach(function (entry) {
        var answer = el("div", { className: "isobot-summary-answer" + (entry.tier ? " isobot-tier-" + entry.tier : "") });
        answer.appendChild(el("p", { className: "isobot-summary-answer-label" }, t.summary_answer + ":"));
        answer.appendChild(spoken(el("div", {}, null), entry)).appendChild(tools.renderMarkdown(entry.text, phone));
        var line = sourceLine(entry);
        if (line) answer.appendChild(el("p", { className: "isobot-summary-source" }, line));
        block.appendChild(answer);
      });
      questions.appendChild(block);
    });
    view.appendChild(questions);

    var note = el("section", { className: "isobot-summary-disclaimer", "aria-labelledby": "isobot-summary-note" });
    note.appendChild(el("h3", { id: "isobot-summary-note" }, t.summary_disclaimer_heading));
    note.appendChild(tools.renderMarkdown(t.disclaimer, phone));
    note.appendChild(el("p", { className: "isobot-summary-private" }, t.summary_private));
    view.appendChild(note);

    print.addEventListener("click", function () { window.print(); });
    shut.addEventListener("click", function () { close(root, tools.opener); });
    view.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { event.preventDefault(); close(root, tools.opener); }
      // aria-modal: Tab stays inside the summary, as it covers the whole page.
      if (event.key === "Tab") {
        var focusable = view.querySelectorAll("button, a[href]");
        var first = focusable[0];
        var last = focusable[focusable.length - 1];
        if (event.shiftKey && document.activeElement === first) { event.preventDefault(); last.focus(); }
        else if (!event.shiftKey && document.activeElement === last) { event.preventDefault(); first.focus(); }
      }
    });
    document.body.appendChild(root);
    document.body.classList.add(PRINTING);
    print.focus();
    return root;
  }

  window.IsobotSummary = { open: open };
})();
