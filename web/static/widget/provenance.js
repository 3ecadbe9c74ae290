/*
 * "Where is this from?": the provenance disclosure under each answer and escalation.
 *
 * Loaded by widget.js from the same folder (so the page's CSP needs nothing new), it adds
 * window.IsobotProvenance.disclosure(provenance, strings), which widget.js calls for every
 * bot message that carries custom.provenance (isobot/provenance.py; payload in docs/web.md).
 *
 * A native <details>/<summary>: closed by default, opened with Enter or Space as well as the
 * mouse, and announced by screen readers as a collapsed or expanded disclosure with no script
 * of ours. Every string comes from content/widget.yml (provenance_* keys); server text is only
 * ever placed with textContent, and a source link only gets an http(s) address.
 */
(function () {
  "use strict";

  var SCRIPT = document.currentScript;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  // "2026-11-25" -> "25 November 2026", month names from content/widget.yml.
  function formatDate(iso, strings) {
    var match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(iso || ""));
    var months = String(strings.provenance_months || "").split(/\s+/);
    if (!match || months.length !== 12) return String(iso || "");
    return Number(match[3]) + " " + months[Number(match[2]) - 1] + " " + match[1];
  }

  function fill(template, values) {
    return String(template).replace(/\{(by|on)\}/g, function (_, name) { return values[name] || ""; });
  }

  function safeUrl(url) {
    try {
      var parsed = new URL(String(url));
      return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : null;
    } catch (e) {
      return null;
    }
  }

  function addRow(list, term, value) {
    if (value === undefined || value === null || value === "") return;
    list.appendChild(el("dt", "isobot-provenance-term", term));
    list.appendChild(el("dd", "isobot-provenance-value", value));
  }

  function quotes(body, provenance, strings) {
    var items = Array.isArray(provenance.quotes) ? provenance.quotes : [];
    if (!items.length) return;
    body.appendChild(el("p", "isobot-provenance-heading", strings.provenance_quote_heading));
    var quote = el("blockquote", "isobot-provenance-quote");
    items.forEach(function (text) { quote.appendChild(el("p", null, text)); });
    body.appendChild(quote);
  }

  function sources(body, provenance, strings) {
    var items = Array.isArray(provenance.sources) ? provenance.sources : [];
    if (!items.length) return;
    body.appendChild(el("p", "isobot-provenance-heading", strings.provenance_sources_heading));
    var list = el("ul", "isobot-provenance-sources");
    items.forEach(function (source) {
      var item = el("li");
      var href = safeUrl(source && source.url);
      if (href) {
        var link = el("a", "isobot-provenance-link", source.title);
        link.href = href;
        link.target = "_blank";
        link.rel = "noopener noreferrer";
        var hint = el("span", "isobot-sr-only", " " + strings.provenance_new_tab);
        link.appendChild(hint);
        item.appendChild(link);
      } else {
        item.appendChild(document.createTextNode(String((source && source.title) || "")));
      }
      if (source && source.section) item.appendChild(el("span", "isobot-provenance-section", source.section));
      list.appendChild(item);
    });
    body.appendChild(list);
  }

  function signOff(provenance, strings) {
    var sign = provenance.sign_off;
    if (!sign) return null;
    if (sign.status === "signed") return fill(strings.provenance_sign_off_signed, { by: sign.by, on: formatDate(sign.on, strings) });
    return strings.provenance_sign_off_pending;
  }

  function disclosure(provenance, strings) {
    if (!provenance || typeof provenance !== "object") return null;
    var details = el("details", "isobot-provenance");
    details.dataset.provenanceKind = String(provenance.kind || "");
    details.dataset.provenanceId = String(provenance.id || "");
    var summary = el("summary", "isobot-provenance-summary", strings.provenance_summary);
    var body = el("div", "isobot-provenance-body");
    details.appendChild(summary);
    details.appendChild(body);

    quotes(body, provenance, strings);
    sources(body, provenance, strings);
    var facts = el("dl", "isobot-provenance-facts");
    if (provenance.kind === "answer") {
      addRow(facts, strings.provenance_article, provenance.article_title);
      addRow(facts, strings.provenance_section, provenance.section);
    }
    // The status and the dates before the reviewer's long credit, so they fit the first screen.
    addRow(facts, strings.provenance_sign_off, signOff(provenance, strings));
    // A translated text says so: its own sign-off (by a clinician who reads the language) is pending.
    if (provenance.translation) addRow(facts, strings.provenance_translation, strings.provenance_translation_pending);
    addRow(facts, strings.provenance_reviewed_on, formatDate(provenance.reviewed_on, strings));
    addRow(facts, strings.provenance_next_due,
      provenance.next_review_due ? formatDate(provenance.next_review_due, strings) : strings.provenance_next_due_unset);
    addRow(facts, strings.provenance_reviewer, provenance.reviewer);
    addRow(facts, strings.provenance_version, provenance.version);
    body.appendChild(facts);
    return details;
  }

  // Its own stylesheet, beside this file (widget.js does the same for widget.css).
  if (SCRIPT && SCRIPT.src) {
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = new URL("provenance.css", SCRIPT.src).href;
    document.head.appendChild(link);
  }

  window.IsobotProvenance = { disclosure: disclosure, formatDate: formatDate };
})();
