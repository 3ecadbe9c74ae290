/* Staff console: explain a reply, batch test, review. Text is placed with textContent only. */
(function () {
  "use strict";

  function $(id) { return document.getElementById(id); }

  function cell(row, text, className) {
    var td = document.createElement("td");
    td.textContent = text === null || text === undefined ? "" : String(text);
    if (className) td.className = className;
    row.appendChild(td);
    return td;
  }

  function fillTable(body, rows, columns, empty) {
    body.textContent = "";
    if (!rows.length) {
      var row = body.insertRow();
      cell(row, empty).colSpan = columns.length;
      return;
    }
    rows.forEach(function (item) {
      var row = body.insertRow();
      columns.forEach(function (column) { cell(row, column(item)); });
    });
  }

  function fillFacts(list, pairs) {
    list.textContent = "";
    pairs.forEach(function (pair) {
      var dt = document.createElement("dt");
      var dd = document.createElement("dd");
      dt.textContent = pair[0];
      dd.textContent = pair[1] === null || pair[1] === undefined || pair[1] === "" ? "none" : String(pair[1]);
      list.appendChild(dt);
      list.appendChild(dd);
    });
  }

  function percent(value) { return (100 * Number(value || 0)).toFixed(1) + "%"; }

  function api(path, options) {
    return fetch(path, Object.assign({ credentials: "same-origin" }, options)).then(function (reply) {
      if (reply.status === 401) { location.assign("/staff/login"); throw new Error("Please log in again."); }
      return reply.json().then(function (data) {
        if (!reply.ok) throw new Error(data.error || ("HTTP " + reply.status));
        return data;
      });
    });
  }

  // ---------------------------------------------------------------- explain a reply
  function showExplanation(data) {
    var reply = $("explain-reply");
    reply.textContent = "";
    data.reply.forEach(function (message) {
      var block = document.createElement("div");
      block.className = "reply-message" + (message.tier ? " tier-" + message.tier : "");
      var name = document.createElement("p");
      name.className = "code";
      name.textContent = message.response || "(no response name)";
      var text = document.createElement("p");
      text.className = "reply-text";
      text.textContent = message.text;
      block.appendChild(name);
      block.appendChild(text);
      if (message.buttons && message.buttons.length) {
        var buttons = document.createElement("p");
        buttons.textContent = "Buttons: " + message.buttons.map(function (b) { return b.title + " → " + b.payload; }).join(", ");
        block.appendChild(buttons);
      }
      reply.appendChild(block);
    });
    $("explain-intent").textContent = data.intent.name || "none";
    $("explain-confidence").textContent = percent(data.intent.confidence);
    fillTable($("explain-ranking"), data.intent_ranking.slice(0, 8),
      [function (r) { return r.name; }, function (r) { return percent(r.confidence); }], "No ranking");
    fillTable($("explain-entities"), data.entities,
      [function (e) { return e.entity; }, function (e) { return e.value; }, function (e) { return e.extractor; }], "No entities");
    var safety = data.safety || {};
    fillFacts($("explain-safety"), [
      ["Tier", data.tier],
      ["Red flags", (safety.flags || []).map(function (f) { return f.flag + " (" + f.tier + ", " + f.context + ")"; }).join("; ")],
      ["Escalation", safety.escalation],
      ["Decided by", safety.decided_by],
      ["Classifier intent", safety.classifier_intent ? safety.classifier_intent.name + " (" + percent(safety.classifier_intent.confidence) + ")" : ""],
      ["Corrections", JSON.stringify(safety.corrections || [])],
      ["Set aside", JSON.stringify(safety.set_aside || [])]
    ]);
    var answer = data.answer;
    var escalation = data.escalation;
    var facts = [["Answer id", data.answer_id]];
    if (answer) {
      facts.push(["Label", answer.label], ["Article section", answer.section],
        ["Reviewed by", answer.review.reviewer], ["Review date", answer.review.date], ["Review version", answer.review.version]);
    }
    if (escalation) {
      facts.push(["Escalation message", escalation.id + " (" + escalation.tier + ")"],
        ["Escalation sources", escalation.sources.map(function (s) { return s.title; }).join("; ")],
        ["Escalation review", escalation.review.reviewer + ", " + escalation.review.date + ", v" + escalation.review.version]);
    }
    fillFacts($("explain-answer"), facts);
    var quotes = $("explain-quotes");
    quotes.textContent = "";
    if (answer) {
      var heading = document.createElement("h4");
      heading.textContent = "Source quotes from the article";
      quotes.appendChild(heading);
      answer.quotes.forEach(function (quote) {
        var block = document.createElement("blockquote");
        block.className = "source-quote";
        block.textContent = quote;
        quotes.appendChild(block);
      });
    }
    $("explain-result").hidden = false;
  }

  $("explain-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var message = $("explain-message").value.trim();
    if (!message) return;
    $("explain-status").textContent = "Explaining…";
    api("/staff/api/explain", { method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ message: message }) })
      .then(function (data) { showExplanation(data); $("explain-status").textContent = "Explained."; })
      .catch(function (error) { $("explain-status").textContent = "Could not explain: " + error.message; });
  });

  // ---------------------------------------------------------------- batch test
  var downloadUrl = null;

  function showBatch(data) {
    var summary = data.pass_rate === null
      ? "No row had an expectation to check (" + data.results.length + " messages)."
      : data.passed + " of " + data.checked + " passed (" + percent(data.pass_rate) + ").";
    $("batch-summary").textContent = summary;
    var body = $("batch-rows");
    body.textContent = "";
    data.results.forEach(function (r) {
      var row = body.insertRow();
      row.className = "result-" + r.result.replace(/\s+/g, "-");
      cell(row, r.result, "result");
      [r.message, r.expected_topic, r.expected_tier, r.intent, r.confidence, r.answer_id, r.tier]
        .forEach(function (value) { cell(row, value); });
    });
    if (downloadUrl) URL.revokeObjectURL(downloadUrl);
    downloadUrl = URL.createObjectURL(new Blob([data.csv], { type: "text/csv" }));
    $("batch-download").href = downloadUrl;
    $("batch-result").hidden = false;
  }

  $("batch-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var file = $("batch-file").files[0];
    if (!file) return;
    $("batch-status").textContent = "Running…";
    file.text()
      .then(function (text) {
        return api("/staff/api/batch", { method: "POST", headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ csv: text }) });
      })
      .then(function (data) { showBatch(data); $("batch-status").textContent = "Done: " + data.results.length + " messages."; })
      .catch(function (error) { $("batch-status").textContent = "Could not run the batch: " + error.message; });
  });

  // ---------------------------------------------------------------- log out
  // A JSON POST like every staff call; the server deletes the session, so the cookie is dead.
  $("logout-form").addEventListener("submit", function (event) {
    event.preventDefault();
    fetch("/staff/logout", { method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json" }, body: "{}" })
      .then(function () { location.assign("/staff/login"); });
  });

  // ---------------------------------------------------------------- review
  function loadReview() {
    $("review-status").textContent = "Loading…";
    api("/staff/api/review")
      .then(function (data) {
        fillTable($("review-escalations"), data.escalations, [
          function (e) { return e.created_at; }, function (e) { return e.tier; }, function (e) { return e.escalation; },
          function (e) { return e.flags.join(", "); }, function (e) { return e.message; },
          function (e) { return e.notified ? "yes" : "no"; }], "No escalations yet");
        fillTable($("review-feedback"), data.feedback.per_answer, [
          function (f) { return f.answer_id; }, function (f) { return f.helpful; }, function (f) { return f.not_helpful; }],
          "No feedback yet");
        fillTable($("review-comments"), data.feedback.recent_comments, [
          function (c) { return c.created_at; }, function (c) { return c.answer_id; },
          function (c) { return c.helpful ? "yes" : "no"; }, function (c) { return c.comment; }], "No comments yet");
        $("review-status").textContent = "Updated.";
      })
      .catch(function (error) { $("review-status").textContent = "Could not load the review: " + error.message; });
  }

  $("review-refresh").addEventListener("click", loadReview);
  loadReview();
})();
