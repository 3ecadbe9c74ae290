// The staff login: the password goes as JSON (every staff POST is JSON, for the CSRF check),
// and the answer decides which notice shows. No inline script under our CSP.
(function () {
  "use strict";
  var notices = ["login-failed", "login-throttled", "login-error"];

  function show(id) {
    notices.forEach(function (other) { document.getElementById(other).hidden = other !== id; });
  }

  document.getElementById("login-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var password = document.getElementById("password");
    fetch("/staff/login", {
      method: "POST", credentials: "same-origin", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ password: password.value })
    }).then(function (reply) {
      return reply.json().then(function (data) {
        if (reply.ok) { location.assign(data.next || "/staff"); return; }
        if (reply.status === 429) {
          document.getElementById("login-wait").textContent = String(data.retry_after || "");
          show("login-throttled");
        } else if (reply.status === 401) {
          show("login-failed");
        } else {
          show("login-error");
        }
        password.value = "";
        password.focus();
      });
    }).catch(function () { show("login-error"); });
  });

  document.getElementById("password").focus();
})();
