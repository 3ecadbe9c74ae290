// Shows the "wrong password" notice after a failed login (?failed=1); no inline script under our CSP.
if (new URLSearchParams(location.search).has("failed")) {
  document.getElementById("login-failed").hidden = false;
}
document.getElementById("password").focus();
