/* Staff console, Content tab: the table of `make content-report`, read-only. textContent only. */
(function () {
  "use strict";

  function $(id) { return document.getElementById(id); }

  function show(column, row) {
    var value = row[column];
    if (column === "review in (days)" && row.overdue) return "OVERDUE by " + (-value) + " days";
    if ((column === "ease" || column === "grade") && !row.meets_targets) return value + " (misses target)";
    return value === null || value === undefined ? "-" : String(value);
  }

  function render(data) {
    var head = $("content-columns");
    head.textContent = "";
    data.columns.forEach(function (column) {
      var th = document.createElement("th");
      th.scope = "col";
      th.textContent = column;
      head.appendChild(th);
    });
    var body = $("content-rows");
    body.textContent = "";
    data.rows.forEach(function (item) {
      var row = body.insertRow();
      if (item.overdue) row.className = "overdue";
      else if (item.status !== "approved") row.className = "unserved";
      data.columns.forEach(function (column) {
        var td = row.insertCell();
        td.textContent = show(column, item);
      });
    });
    var banner = $("content-overdue");
    banner.hidden = !data.overdue;
    banner.textContent = data.overdue ? data.overdue + " entries are OVERDUE for review (still served)." : "";
  }

  function load() {
    $("content-status").textContent = "Loading content…";
    fetch("/staff/api/content", { credentials: "same-origin" })
      .then(function (reply) {
        if (reply.status === 401) { location.assign("/staff/login"); throw new Error("Please log in again."); }
        if (!reply.ok) throw new Error("HTTP " + reply.status);
        return reply.json();
      })
      .then(function (data) { render(data); $("content-status").textContent = "Content: " + data.rows.length + " entries."; })
      .catch(function (error) { $("content-status").textContent = "Could not load the content: " + error.message; });
  }

  $("content-refresh").addEventListener("click", load);
  load();
})();
