/*
 * Isobot chat widget: one script tag, no dependencies.
 *
 *   <script>window.IsobotWidgetConfig = {server: "https://bot.example", region: "UK"};</script>
 *   <script src="https://bot.example/widget/widget.js" defer></script>
 *
 * or, without an inline script, data attributes on the tag itself:
 *   <script src=".../widget/widget.js" data-region="UK" data-lang="es" data-title="..." data-primary="#0b5cad" defer></script>
 *
 * Every string shown to a patient comes from the server (content/widget.yml via /widget/config),
 * in the conversation's language (lang.js chooses it). The printable summary lives in summary.js,
 * loaded from the same server.
 * Server and user text is only ever placed with textContent: never innerHTML.
 */
(function () {
  "use strict";

  var SCRIPT = document.currentScript || document.querySelector("script[src*='/widget/widget.js']");
  var STORAGE_PREFIX = "isobot-widget:";

  // ------------------------------------------------------------------ configuration
  function readConfig() {
    var fromPage = window.IsobotWidgetConfig || {};
    var data = (SCRIPT && SCRIPT.dataset) || {};
    var colors = Object.assign({}, fromPage.colors || {});
    if (data.primary) colors.primary = data.primary;
    if (data.onPrimary) colors.onPrimary = data.onPrimary;
    var server = data.server || fromPage.server || (SCRIPT ? new URL(SCRIPT.src, location.href).origin : location.origin);
    return {
      server: server.replace(/\/+$/, ""),
      title: data.title || fromPage.title || null,
      region: data.region || fromPage.region || "",
      lang: data.lang || fromPage.lang || null,
      colors: colors,
      open: data.open === "true" || fromPage.open === true
    };
  }

  // ------------------------------------------------------------------ small DOM helpers
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "className") node.className = attrs[name];
      else node.setAttribute(name, attrs[name]);
    });
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  // An SVG icon rather than an emoji: emoji fonts are missing on some systems.
  var THUMB_PATH = "M1 21h4V9H1v12zm22-11c0-1.1-.9-2-2-2h-6.31l.95-4.57.03-.32c0-.41-.17-.79-.44-1.06" +
    "L14.17 1 7.59 7.59C7.22 7.95 7 8.45 7 9v10c0 1.1.9 2 2 2h9c.83 0 1.54-.5 1.84-1.22l3.02-7.05" +
    "c.09-.23.14-.47.14-.73v-2z";

  function thumbIcon(down) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    svg.setAttribute("class", "isobot-thumb-icon");
    var path = document.createElementNS(ns, "path");
    path.setAttribute("d", THUMB_PATH);
    if (down) path.setAttribute("transform", "rotate(180 12 12)");
    svg.appendChild(path);
    return svg;
  }

  function closeIcon() {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    svg.setAttribute("class", "isobot-close-icon");
    var path = document.createElementNS(ns, "path");
    path.setAttribute("d", "M5 5l14 14M19 5L5 19");
    svg.appendChild(path);
    return svg;
  }

  // "<emoji> Yes" from a platform-style button title: the emoji becomes an SVG, the rest text.
  var THUMB_TITLE = /^\s*(\ud83d\udc4d|\ud83d\udc4e)\ufe0f?\s*/;

  function buttonLabel(button, title) {
    var match = THUMB_TITLE.exec(title);
    if (match) button.appendChild(thumbIcon(match[1] === "\ud83d\udc4e"));
    button.appendChild(document.createTextNode(match ? title.slice(match[0].length) : title));
  }

  // Just after its message (not inside: the message's own text stays what was said).
  function timeOf(seconds, side) {
    var when = new Date(typeof seconds === "number" ? seconds * 1000 : Date.now());
    return el("time", { className: "isobot-time " + side, datetime: when.toISOString() },
      when.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }));
  }

  function srOnly(text) {
    return el("span", { className: "isobot-sr-only" }, text);
  }

  // ------------------------------------------------------------------ safe markdown
  // Bold (**x**), links ([label](url) and bare https:// addresses), bullet lists ("- " or "* "
  // lines) and paragraphs. Everything else is text.
  function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }

  function appendInline(parent, text, phone) {
    text.split(/(\*\*[^*]+\*\*)/).forEach(function (part) {
      if (!part) return;
      if (/^\*\*[^*]+\*\*$/.test(part)) {
        var strong = el("strong");
        appendLinks(strong, part.slice(2, -2), phone);
        parent.appendChild(strong);
      } else {
        appendLinks(parent, part, phone);
      }
    });
  }

  // Only these schemes become links: a javascript: or data: address stays plain text.
  var SAFE_LINK = /^(https?:\/\/[^\s<>"]+|tel:\+?[0-9][0-9 ()-]*|mailto:[^\s<>"@]+@[^\s<>"]+)$/i;
  var LINK = /\[([^\]\n]+)\]\(([^)\s]+)\)|(https?:\/\/[^\s<>"]*[^\s<>".,;:!?)])/;

  function safeLink(href, label) {
    if (!SAFE_LINK.test(href)) return null;
    var link = el("a", { href: href, rel: "noopener noreferrer" }, label);
    if (/^https?:/i.test(href)) link.setAttribute("target", "_blank");
    return link;
  }

  function appendLinks(parent, text, phone) {
    var rest = text;
    var match;
    while ((match = LINK.exec(rest))) {
      var link = match[1] ? safeLink(match[2], match[1]) : safeLink(match[3], match[3]);
      appendPhoneLinks(parent, rest.slice(0, match.index) + (link ? "" : match[0]), phone);
      if (link) parent.appendChild(link);
      rest = rest.slice(match.index + match[0].length);
    }
    if (rest) appendPhoneLinks(parent, rest, phone);
  }

  // The emergency number becomes a tel: link wherever it appears as a whole number.
  function appendPhoneLinks(parent, text, phone) {
    if (!phone) {
      parent.appendChild(document.createTextNode(text));
      return;
    }
    var pattern = new RegExp("(^|[^0-9])(" + escapeRegExp(phone) + ")(?![0-9])");
    var rest = text;
    var match;
    while ((match = pattern.exec(rest))) {
      var start = match.index + match[1].length;
      parent.appendChild(document.createTextNode(rest.slice(0, start)));
      parent.appendChild(el("a", { href: "tel:" + phone.replace(/[^0-9+]/g, ""), className: "isobot-tel" }, phone));
      rest = rest.slice(start + phone.length);
    }
    if (rest) parent.appendChild(document.createTextNode(rest));
  }

  function renderMarkdown(text, phone) {
    var fragment = document.createDocumentFragment();
    String(text).split(/\n\s*\n/).forEach(function (block) {
      var list = null;
      var paragraph = null;
      block.split("\n").forEach(function (line) {
        var bullet = /^\s*[-*]\s+(.*)$/.exec(line);
        if (bullet) {
          if (!list) { list = el("ul"); fragment.appendChild(list); }
          paragraph = null;
          var item = el("li");
          appendInline(item, bullet[1], phone);
          list.appendChild(item);
        } else if (line.trim()) {
          list = null;
          if (paragraph) paragraph.appendChild(el("br"));
          else { paragraph = el("p"); fragment.appendChild(paragraph); }
          appendInline(paragraph, line.trim(), phone);
        }
      });
    });
    return fragment;
  }

  // ------------------------------------------------------------------ panel state
  // Only whether the panel was open, whether the disclaimer was acknowledged and the
  // conversation's language. The conversation itself is the server's HttpOnly cookie: this
  // script never sees or sends a conversation id, and keeps no copy of what was said.
  function Store(server) {
    var key = STORAGE_PREFIX + server;
    function read() {
      try { return JSON.parse(localStorage.getItem(key)) || {}; } catch (e) { return {}; }
    }
    function write(state) {
      try { localStorage.setItem(key, JSON.stringify(state)); } catch (e) { /* private mode: no persistence */ }
    }
    return {
      isOpen: function () { return read().open === true; },
      setOpen: function (open) { var state = read(); state.open = open; write(state); },
      acknowledged: function () { return read().disclaimer_ok === true; },
      acknowledge: function () { var state = read(); state.disclaimer_ok = true; write(state); },
      // The conversation's language, so a reload starts in it before the history arrives.
      language: function () { return read().lang || null; },
      setLanguage: function (lang) { var state = read(); state.lang = lang; write(state); },
      // "Forget me": nothing of this conversation's visit stays in the browser either.
      clear: function () { try { localStorage.removeItem(key); } catch (e) { /* nothing stored */ } }
    };
  }

  // ------------------------------------------------------------------ the widget
  // Without lang.js (it failed to load) the widget speaks English and marks nothing.
  var ENGLISH_ONLY = {
    DEFAULT: "en",
    supported: function () { return null; },
    initial: function () { return "en"; },
    ofMessage: function () { return null; },
    pack: function (content) { return content; },
    summaryCommands: function (content) { return content.summary_commands || []; }
  };

  function Widget(config, content) {
    this.config = config;
    this.content = content;
    this.i18n = window.IsobotLang || ENGLISH_ONLY;
    this.store = new Store(config.server);
    this.lang = this.i18n.initial(this.store.language(), config.lang, content.languages || {});
    this.useLanguage(this.lang);
    this.awaitingReply = []; // the patient's bubbles of this turn, marked with the reply's language
    this.busy = false;
    this.transcript = []; // what the printable summary is made of (in memory only)
    this.unread = { count: 0, emergency: false };
    this.build();
    this.syncTabs();
  }

  Widget.prototype.build = function () {
    var self = this;
    var root = el("div", { className: "isobot-widget" });
    if (this.config.colors.primary) root.style.setProperty("--isobot-primary", this.config.colors.primary);
    if (this.config.colors.onPrimary) root.style.setProperty("--isobot-on-primary", this.config.colors.onPrimary);

    // The visible text starts the accessible name (WCAG 2.5.3), the spoken hint follows.
    this.launcher = el("button", { type: "button", className: "isobot-launcher", "aria-expanded": "false",
      "aria-controls": "isobot-panel" });
    this.launcherText = document.createTextNode("");
    this.launcherHint = srOnly("");
    this.launcher.appendChild(this.launcherText);
    this.launcher.appendChild(this.launcherHint);
    this.badge = el("span", { className: "isobot-launcher-badge" });
    this.badge.hidden = true;
    this.launcher.appendChild(this.badge);

    this.panel = el("section", { id: "isobot-panel", className: "isobot-panel", role: "dialog",
      "aria-labelledby": "isobot-title" });
    this.panel.hidden = true;

    var header = el("div", { className: "isobot-header" });
    this.title = el("h2", { id: "isobot-title", className: "isobot-title" });
    header.appendChild(this.title);
    this.closeButton = el("button", { type: "button", className: "isobot-close" });
    this.closeButton.appendChild(closeIcon());
    header.appendChild(this.closeButton);
    // Its own row: at 360 px the title and three 44 px buttons do not fit on one line.
    var toolbar = el("div", { className: "isobot-toolbar" });
    // The visible text starts the accessible name (WCAG 2.5.3).
    this.summaryButton = el("button", { type: "button", className: "isobot-summary-button",
      "aria-haspopup": "dialog" });
    this.restartButton = el("button", { type: "button", className: "isobot-restart", "aria-haspopup": "dialog" });
    toolbar.appendChild(this.summaryButton);
    toolbar.appendChild(this.restartButton);

    this.log = el("div", { className: "isobot-log", role: "log", "aria-live": "polite", "aria-relevant": "additions",
      tabindex: "0" });

    this.typing = el("div", { className: "isobot-typing", role: "status" });
    this.typingText = el("span", { className: "isobot-typing-text" });
    this.typing.appendChild(el("span", { className: "isobot-dots", "aria-hidden": "true" }));
    this.typing.appendChild(this.typingText);

    this.form = el("form", { className: "isobot-form" });
    this.inputLabel = el("label", { for: "isobot-input", className: "isobot-sr-only" });
    this.input = el("input", { id: "isobot-input", type: "text", autocomplete: "off", maxlength: "1000",
      className: "isobot-input" });
    this.sendButton = el("button", { type: "submit", className: "isobot-send" });
    this.form.appendChild(this.inputLabel);
    this.form.appendChild(this.input);
    this.form.appendChild(this.sendButton);

    this.panel.appendChild(header);
    this.panel.appendChild(toolbar);
    this.panel.appendChild(this.log);
    this.panel.appendChild(this.typing);
    this.panel.appendChild(this.form);
    root.appendChild(this.panel);
    root.appendChild(this.launcher);
    document.body.appendChild(root);
    this.root = root;
    this.relabel();

    this.launcher.addEventListener("click", function () { self.toggle(); });
    this.closeButton.addEventListener("click", function () { self.close(); });
    this.restartButton.addEventListener("click", function () { self.askStartOver(); });
    this.summaryButton.addEventListener("click", function () { self.openSummary(); });
    this.form.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = self.input.value.trim();
      if (!text || self.busy) return;
      self.input.value = "";
      // "print" and the like open the summary here: it is made in the browser, not by the bot.
      if (self.isSummaryCommand(text)) { self.openSummary(); return; }
      self.send(text, text);
    });
    this.panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { event.preventDefault(); self.close(); }
    });
    // The on-screen keyboard shrinks the visual viewport: keep the panel inside it and the
    // latest message (an emergency card above all) in view.
    var viewport = window.visualViewport;
    var refit = function () { self.fitViewport(); };
    if (viewport) viewport.addEventListener("resize", refit);
    window.addEventListener("resize", refit);
  };

  // ------------------------------------------------------------------ language
  // The strings, starters and summary commands of `lang` (lang.js; English for what it lacks).
  Widget.prototype.useLanguage = function (lang) {
    this.lang = lang;
    this.pack = this.i18n.pack(this.content, lang);
    this.t = this.pack.strings;
  };

  // The widget's own words, in the current language. Messages keep theirs: each carries its lang.
  Widget.prototype.relabel = function () {
    var t = this.t;
    if (this.i18n !== ENGLISH_ONLY) this.root.setAttribute("lang", this.lang);
    this.launcherText.textContent = t.launcher_text;
    this.launcherHint.textContent = " " + t.open_label;
    // A title set by the embedding page is the page's own words, in whatever language it chose.
    this.title.textContent = this.config.title || t.title;
    this.closeButton.setAttribute("aria-label", t.close_label);
    this.summaryButton.textContent = t.summary_button;
    this.summaryButton.setAttribute("aria-label", t.summary_button_label);
    this.restartButton.textContent = t.start_over;
    this.log.setAttribute("aria-label", t.conversation_label);
    this.inputLabel.textContent = t.input_label;
    this.input.setAttribute("placeholder", t.placeholder);
    this.sendButton.textContent = t.send;
    if (this.busy) this.typingText.textContent = t.typing;
    this.showBadge();
  };

  // A bot message in another language: the widget follows the conversation there (and
  // remembers it, so a reload starts in it). A language with no strings here changes nothing.
  Widget.prototype.followLanguage = function (lang) {
    if (!lang || lang === this.lang || !this.i18n.supported(lang, this.content.languages || {})) return;
    this.useLanguage(lang);
    this.store.setLanguage(lang);
    this.relabel();
    this.redrawFirstScreen();
  };

  Widget.prototype.isSummaryCommand = function (text) {
    var said = text.toLowerCase().replace(/[\s.!?]+$/, "").replace(/\s+/g, " ").trim();
    return this.i18n.summaryCommands(this.content).indexOf(said) !== -1;
  };

  Widget.prototype.openSummary = function () {
    var self = this;
    var opener = document.activeElement;
    window.IsobotSummaryReady.then(function (summary) {
      summary.open(self, { el: el, renderMarkdown: renderMarkdown, opener: opener });
    });
  };

  Widget.prototype.fitViewport = function () {
    var viewport = window.visualViewport;
    var small = window.matchMedia && window.matchMedia("(max-width: 480px)").matches;
    var fit = viewport && small;
    this.panel.style.height = fit ? Math.max(200, Math.floor(viewport.height) - 16) + "px" : "";
    this.panel.style.top = fit ? Math.floor(viewport.offsetTop) + 8 + "px" : "";
    this.panel.style.bottom = fit ? "auto" : "";
    if (!this.panel.hidden) this.scrollToEnd();
  };

  Widget.prototype.toggle = function () {
    if (this.panel.hidden) this.open(); else this.close();
  };

  Widget.prototype.open = function () {
    this.panel.hidden = false;
    this.launcher.setAttribute("aria-expanded", "true");
    this.root.classList.add("isobot-is-open");
    this.store.setOpen(true);
    this.unread = { count: 0, emergency: false };
    this.showBadge();
    this.fitViewport();
    this.input.focus();
    this.scrollToEnd();
  };

  Widget.prototype.close = function () {
    this.panel.hidden = true;
    this.launcher.setAttribute("aria-expanded", "false");
    this.root.classList.remove("isobot-is-open");
    this.store.setOpen(false);
    this.launcher.focus();
  };

  // The end of the conversation, unless the latest reply is taller than the log: then its
  // start (an emergency's instruction comes first), so it is read from the top.
  Widget.prototype.scrollToEnd = function () {
    var messages = this.log.querySelectorAll(".isobot-msg");
    var latest = messages.length ? messages[messages.length - 1] : null;
    if (!latest) {
      this.log.scrollTop = 0; // the first screen: the welcome and the disclaimer come first
    } else if (latest && latest.classList.contains("isobot-bot") && latest.offsetHeight > this.log.clientHeight) {
      this.log.scrollTop = latest.offsetTop - 8; // the log is the offset parent (position: relative)
    } else {
      this.log.scrollTop = this.log.scrollHeight;
    }
  };

  Widget.prototype.setBusy = function (busy) {
    this.busy = busy;
    this.sendButton.disabled = busy;
    this.typing.classList.toggle("isobot-is-typing", busy);
    this.typingText.textContent = busy ? this.t.typing : "";
  };

  // The first screen: a welcome, the disclaimer (with an OK tapped once), the privacy line and
  // where "forget me" is; the starter buttons until the first message.
  Widget.prototype.showDisclaimer = function () {
    this.welcome = this.welcomeBlock();
    this.log.appendChild(this.welcome);
    this.showStarters();
    // Last: the starters should show without scrolling on a laptop screen.
    this.privacy = this.privacyLine();
    this.log.appendChild(this.privacy);
  };

  // The conversation changed language while the first screen shows: it says the same in that one.
  Widget.prototype.redrawFirstScreen = function () {
    if (!this.welcome || !this.log.contains(this.welcome)) return;
    var welcome = this.welcomeBlock();
    this.welcome.replaceWith(welcome);
    this.welcome = welcome;
    var starters = this.log.querySelector(".isobot-starters");
    var fresh = starters && this.startersBlock();
    if (fresh) starters.replaceWith(fresh);
    if (this.privacy && this.log.contains(this.privacy)) {
      var privacy = this.privacyLine();
      this.privacy.replaceWith(privacy);
      this.privacy = privacy;
    }
  };

  Widget.prototype.privacyLine = function () {
    return el("p", { className: "isobot-privacy" }, this.t.privacy_notice + " " + this.t.forget_me_hint);
  };

  Widget.prototype.welcomeBlock = function () {
    var self = this;
    var t = this.t;
    var welcome = el("div", { className: "isobot-welcome" });
    welcome.appendChild(el("p", { className: "isobot-welcome-text" }, t.welcome));
    var box = el("div", { className: "isobot-disclaimer" });
    box.appendChild(el("p", { className: "isobot-disclaimer-heading" }, t.disclaimer_heading));
    box.appendChild(renderMarkdown(t.disclaimer, this.content.emergency_number));
    if (!this.store.acknowledged()) {
      var ok = el("button", { type: "button", className: "isobot-disclaimer-ok" }, t.disclaimer_ok);
      ok.addEventListener("click", function () {
        self.store.acknowledge();
        box.classList.add("isobot-disclaimer-acknowledged");
        ok.remove();
        self.input.focus();
      });
      box.appendChild(ok);
    } else {
      box.classList.add("isobot-disclaimer-acknowledged");
    }
    welcome.appendChild(box);
    return welcome;
  };

  Widget.prototype.showStarters = function () {
    var group = this.startersBlock();
    if (group) this.log.appendChild(group);
  };

  Widget.prototype.startersBlock = function () {
    var self = this;
    var starters = this.pack.starters || [];
    if (!starters.length) return null;
    var group = el("div", { className: "isobot-starters", role: "group", "aria-labelledby": "isobot-starters-label" });
    group.appendChild(el("p", { id: "isobot-starters-label", className: "isobot-starters-label" }, this.t.starters_label));
    starters.forEach(function (spec) {
      var button = el("button", { type: "button", className: "isobot-starter" }, spec.title);
      button.addEventListener("click", function () {
        if (self.busy) return;
        self.send(spec.message, spec.message);
      });
      group.appendChild(button);
    });
    return group;
  };

  Widget.prototype.clearStarters = function () {
    Array.prototype.forEach.call(this.log.querySelectorAll(".isobot-starters"), function (group) { group.remove(); });
  };

  // The patient's message, in the conversation's language until the reply says which it is
  // (a Spanish message in an English conversation gets a Spanish reply: lang="es" then).
  Widget.prototype.addUser = function (text, time) {
    this.clearStarters();
    var bubble = el("div", { className: "isobot-msg isobot-user" });
    var lang = this.i18n === ENGLISH_ONLY ? null : this.lang;
    if (lang) bubble.setAttribute("lang", lang);
    bubble.appendChild(srOnly(this.t.you + ": "));
    bubble.appendChild(document.createTextNode(text));
    var stamp = timeOf(time, "isobot-time-user");
    this.log.appendChild(bubble);
    this.log.appendChild(stamp);
    var entry = { role: "user", text: text, lang: lang, time: stamp.getAttribute("datetime") };
    this.transcript.push(entry);
    this.awaitingReply.push({ bubble: bubble, entry: entry });
  };

  Widget.prototype.isFeedbackPayload = function (text) {
    var payloads = this.content.feedback_payloads;
    return text === payloads.helpful || text === payloads.not_helpful;
  };

  // One bot message. `live` is false when replaying history (no alerts, no stale buttons).
  Widget.prototype.addBot = function (message, live, isLast) {
    if (message.kind === "feedback") return; // shown as thumbs on the answer itself
    this.clearStarters();
    var lang = this.i18n.ofMessage(message);
    // "Please slow down" is the service's own line, not the conversation changing language.
    var conversational = message.kind !== "slow_down";
    if (conversational) this.followLanguage(lang);
    // Its badge, spoken prefix, call button, disclosure and thumbs in the message's own language.
    var t = lang === this.lang ? this.t : this.i18n.pack(this.content, lang).strings;
    var bubble = el("div", { className: "isobot-msg isobot-bot" });
    if (lang) bubble.setAttribute("lang", lang);
    if (conversational) {
      if (lang) this.awaitingReply.forEach(function (asked) { asked.bubble.setAttribute("lang", lang); asked.entry.lang = lang; });
      this.awaitingReply = [];
    }
    var emergency = message.tier === "emergency";
    if (message.tier) bubble.classList.add("isobot-tier-" + message.tier);
    if (emergency) {
      // Announced at once by screen readers; replayed history is not re-announced.
      if (live) bubble.setAttribute("role", "alert");
      bubble.appendChild(el("p", { className: "isobot-badge" }, t.emergency_badge));
    }
    bubble.appendChild(srOnly(t.assistant + ": "));
    bubble.appendChild(renderMarkdown(message.text, this.content.emergency_number));
    if (emergency) {
      var phone = this.content.emergency_number;
      bubble.appendChild(el("a", { className: "isobot-call", href: "tel:" + phone.replace(/[^0-9+]/g, "") },
        t.call_emergency));
    }
    // "Where is this from?" under every answer and escalation (provenance.js).
    var provenance = message.custom && message.custom.provenance;
    if (provenance && window.IsobotProvenance) bubble.appendChild(window.IsobotProvenance.disclosure(provenance, t));
    if (message.answer_id) {
      bubble.dataset.answerId = message.answer_id;
      this.removeUnusedThumbs();
      bubble.appendChild(this.thumbs(t));
    }
    var stamp = timeOf(message.time, "isobot-time-bot");
    this.log.appendChild(bubble);
    this.log.appendChild(stamp);
    this.transcript.push({ role: "bot", text: message.text, lang: lang, tier: message.tier || null,
      answer_id: message.answer_id || null, time: stamp.getAttribute("datetime"),
      provenance: message.provenance || (message.custom && message.custom.provenance) || null });
    if (live && this.panel.hidden) this.markUnread(emergency);
    if (message.buttons && message.buttons.length && (live || isLast)) this.addQuickReplies(message.buttons);
  };

  Widget.prototype.thumbs = function (t) {
    var self = this;
    var group = el("div", { className: "isobot-thumbs", role: "group", "aria-label": t.feedback_question });
    group.appendChild(el("span", { className: "isobot-thumbs-label", "aria-hidden": "true" }, t.feedback_question));
    // Yes and No wrap together, never No alone on a line of its own.
    var pair = el("span", { className: "isobot-thumb-pair" });
    group.appendChild(pair);
    [["helpful", t.feedback_yes, t.feedback_helpful, false], ["not_helpful", t.feedback_no, t.feedback_not_helpful, true]]
      .forEach(function (spec) {
        var button = el("button", { type: "button", className: "isobot-thumb", "aria-label": spec[2],
          "aria-pressed": "false", "data-feedback": spec[0] });
        button.appendChild(thumbIcon(spec[3]));
        button.appendChild(el("span", {}, spec[1]));
        button.addEventListener("click", function () {
          if (self.busy) return;
          self.markFeedback(group, spec[0]);
          self.send(self.content.feedback_payloads[spec[0]], null);
        });
        pair.appendChild(button);
      });
    return group;
  };

  Widget.prototype.markFeedback = function (group, which) {
    group.classList.add("isobot-thumbs-done");
    Array.prototype.forEach.call(group.querySelectorAll("button"), function (button) {
      button.setAttribute("aria-pressed", String(button.dataset.feedback === which));
      button.disabled = true;
    });
  };

  // Feedback is recorded against the latest answer, so only the latest answer keeps its thumbs.
  Widget.prototype.removeUnusedThumbs = function () {
    Array.prototype.forEach.call(this.log.querySelectorAll(".isobot-thumbs:not(.isobot-thumbs-done)"),
      function (group) { group.remove(); });
  };

  Widget.prototype.addQuickReplies = function (buttons) {
    var self = this;
    var group = el("div", { className: "isobot-quick-replies" });
    buttons.forEach(function (spec) {
      var button = el("button", { type: "button", className: "isobot-quick-reply" });
      buttonLabel(button, spec.title);
      button.addEventListener("click", function () {
        if (self.busy) return;
        self.send(spec.payload, spec.title);
      });
      group.appendChild(button);
    });
    this.log.appendChild(group);
  };

  Widget.prototype.clearQuickReplies = function () {
    Array.prototype.forEach.call(this.log.querySelectorAll(".isobot-quick-replies"), function (group) { group.remove(); });
  };

  Widget.prototype.showError = function () {
    this.log.appendChild(el("p", { className: "isobot-error", role: "alert" }, this.t.connection_error));
  };

  Widget.prototype.request = function (path, options) {
    // "include": the conversation cookie also travels when the widget is embedded on another
    // origin of the same site (listed in WIDGET_ORIGINS); SameSite=Strict keeps it off other sites.
    return fetch(this.config.server + path, Object.assign({ credentials: "include" }, options)).then(function (reply) {
      // 429 (too many messages) carries the assistant's own "please slow down": shown like any reply.
      if (!reply.ok && reply.status !== 429) throw new Error("HTTP " + reply.status);
      return reply.json();
    });
  };

  // Send a message; `shown` is what the patient sees as their bubble (null: no bubble).
  Widget.prototype.send = function (message, shown) {
    var self = this;
    var wasFocused = document.activeElement;
    this.clearQuickReplies();
    if (shown !== null) this.addUser(shown);
    this.setBusy(true);
    this.scrollToEnd();
    // After "Start over", the first message waits for the new conversation's cookie.
    return Promise.resolve(this.restarted).then(function () {
      return self.request("/api/chat", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ message: message })
      });
    }).then(function (data) {
      var bots = data.messages.filter(function (item) { return item.role === "bot"; });
      // "Forget me" confirmed: the erased conversation leaves the screen; the confirmation stays.
      var erased = bots.some(function (item) { return item.kind === "erased"; });
      if (erased) self.clearConversation(true);
      bots.forEach(function (item) { self.addBot(item, true, false); });
      if (erased) self.showStarters(); // a fresh start, as on the first screen
      self.tellOtherTabs();
    }).catch(function () {
      self.showError();
    }).then(function () {
      self.setBusy(false);
      self.scrollToEnd();
      // A clicked button is gone now; keep keyboard users in the conversation.
      if (!document.body.contains(wasFocused) || wasFocused === document.body || wasFocused.disabled) self.input.focus();
    });
  };

  Widget.prototype.replay = function (messages) {
    var self = this;
    var lastBot = -1;
    messages.forEach(function (m, i) { if (m.role === "bot" && m.kind !== "feedback") lastBot = i; });
    messages.forEach(function (message, index) {
      if (message.role === "user") {
        var payload = message.payload || "";
        if (self.isFeedbackPayload(payload)) {
          var open = self.log.querySelector(".isobot-thumbs:not(.isobot-thumbs-done)");
          if (open) self.markFeedback(open, payload === self.content.feedback_payloads.helpful ? "helpful" : "not_helpful");
          return;
        }
        if (payload && message.text === payload) return; // an intent payload with no button title to show
        self.addUser(message.text, message.time);
      } else {
        self.addBot(message, false, index === lastBot);
      }
    });
  };

  Widget.prototype.start = function () {
    var self = this;
    this.showDisclaimer();
    if (this.config.open || this.store.isOpen()) this.open();
    return this.request("/api/history").then(function (data) {
      self.replay(data.messages || []);
      self.scrollToEnd();
    }).catch(function () { /* a new conversation: nothing to show */ });
  };

  // The screen back to its first state. `erased`: nothing of the visit stays in storage either.
  Widget.prototype.clearConversation = function (erased) {
    if (erased) { this.store.clear(); this.store.setOpen(!this.panel.hidden); }
    this.log.textContent = "";
    this.transcript = [];
    this.awaitingReply = [];
    this.showDisclaimer();
  };

  // "Start over" asks first, and offers to erase the old conversation as "forget me" does.
  Widget.prototype.askStartOver = function () {
    var self = this;
    var t = this.t;
    if (this.confirmBox) { this.confirmBox.querySelector("button").focus(); return; }
    var box = el("div", { className: "isobot-confirm", role: "alertdialog", "aria-modal": "false",
      "aria-labelledby": "isobot-confirm-question" });
    box.appendChild(el("p", { id: "isobot-confirm-question", className: "isobot-confirm-question" }, t.start_over_question));
    var actions = el("div", { className: "isobot-confirm-actions" });
    var done = function () { box.remove(); self.confirmBox = null; };
    [[t.start_over_keep, false], [t.start_over_erase, true]].forEach(function (spec) {
      var button = el("button", { type: "button", className: "isobot-confirm-yes" }, spec[0]);
      button.addEventListener("click", function () { done(); self.startOver(spec[1]); });
      actions.appendChild(button);
    });
    var cancel = el("button", { type: "button", className: "isobot-confirm-cancel" }, t.start_over_cancel);
    cancel.addEventListener("click", function () { done(); self.restartButton.focus(); });
    actions.appendChild(cancel);
    box.appendChild(actions);
    box.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { event.preventDefault(); event.stopPropagation(); cancel.click(); }
    });
    this.panel.insertBefore(box, this.log);
    this.confirmBox = box;
    actions.firstChild.focus();
  };

  Widget.prototype.startOver = function (erase) {
    var self = this;
    // The server gives this browser a new conversation cookie (after erasing the old one, when
    // asked); the old conversation is gone from here. If the erasure fails, nothing changes.
    var restarted = this.request("/api/restart", { method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ erase: erase === true }) });
    this.restarted = restarted.catch(function () { /* shown below */ });
    var clear = function () {
      self.clearConversation(erase === true);
      self.setBusy(false);
      self.input.value = "";
      self.input.focus();
    };
    if (!erase) {
      clear();
      restarted.then(function () { self.tellOtherTabs(); }, function () { self.showError(); });
      return restarted;
    }
    this.setBusy(true);
    return restarted.then(function () {
      clear();
      self.tellOtherTabs();
    }, function () {
      self.setBusy(false);
      self.showError();
      self.scrollToEnd();
    });
  };

  // ------------------------------------------------------------------ launcher badge
  Widget.prototype.markUnread = function (emergency) {
    this.unread.count += 1;
    this.unread.emergency = this.unread.emergency || emergency;
    this.showBadge();
  };

  Widget.prototype.showBadge = function () {
    var t = this.t;
    var unread = this.unread;
    this.badge.hidden = unread.count === 0;
    this.badge.classList.toggle("isobot-badge-emergency", unread.emergency);
    this.badge.textContent = "";
    if (!unread.count) return;
    this.badge.appendChild(el("span", { "aria-hidden": "true" },
      unread.emergency ? t.emergency_badge : unread.count + " " + t.unread_badge));
    this.badge.appendChild(srOnly(" " + (unread.emergency ? t.emergency_badge + ". " : "") +
      t.unread_label.replace("{count}", String(unread.count))));
  };

  // ------------------------------------------------------------------ open tabs
  // Tabs of this site share the conversation cookie; when one changes the conversation, the
  // others read it again from the server (only "changed" travels between tabs, never text).
  Widget.prototype.syncTabs = function () {
    var self = this;
    if (!window.BroadcastChannel) return;
    this.channel = new BroadcastChannel(STORAGE_PREFIX + this.config.server);
    this.channel.onmessage = function () { self.reload(); };
  };

  Widget.prototype.tellOtherTabs = function () {
    if (this.channel) this.channel.postMessage("changed");
  };

  Widget.prototype.reload = function () {
    var self = this;
    return this.request("/api/history").then(function (data) {
      var before = self.transcript.filter(function (m) { return m.role === "bot"; }).length;
      self.log.textContent = "";
      self.transcript = [];
      self.awaitingReply = [];
      self.showDisclaimer();
      self.replay(data.messages || []);
      var bots = self.transcript.filter(function (m) { return m.role === "bot"; });
      if (self.panel.hidden) {
        bots.slice(before).forEach(function (m) { self.markUnread(m.tier === "emergency"); });
      }
      self.scrollToEnd();
    }).catch(function () { /* the next message shows any problem */ });
  };

  // ------------------------------------------------------------------ boot
  function boot() {
    var config = readConfig();
    var stylesheet = el("link", { rel: "stylesheet", href: config.server + "/widget/widget.css" });
    document.head.appendChild(stylesheet);
    // The provenance disclosure and the language choice live in their own files; the widget
    // starts whether they load or not (in English without lang.js).
    var helpers = Promise.all(["provenance.js", "lang.js"].map(function (name) {
      return new Promise(function (resolve) {
        var script = el("script", { src: config.server + "/widget/" + name });
        script.onload = script.onerror = resolve;
        document.head.appendChild(script);
      });
    }));
    // The printable summary is its own file (web/static/widget/summary.js).
    window.IsobotSummaryReady = new Promise(function (resolve, reject) {
      var script = el("script", { src: config.server + "/widget/summary.js", defer: "" });
      script.addEventListener("load", function () { resolve(window.IsobotSummary); });
      script.addEventListener("error", reject);
      document.head.appendChild(script);
    });
    var query = config.region ? "?region=" + encodeURIComponent(config.region) : "";
    fetch(config.server + "/widget/config" + query, { credentials: "omit" })
      .then(function (reply) {
        if (!reply.ok) throw new Error("HTTP " + reply.status);
        return reply.json();
      })
      .then(function (content) { return helpers.then(function () { return content; }); })
      .then(function (content) {
        var widget = new Widget(config, content);
        window.IsobotWidget = widget;
        return widget.start();
      })
      .catch(function (error) {
        if (window.console) console.error("Isobot widget could not start:", error);
      });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot);
  else boot();
})();
