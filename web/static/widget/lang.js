/*
 * Isobot widget: which language the widget speaks. Loaded by widget.js from the same folder.
 *
 * The conversation decides: each bot message carries `custom.lang` when it is a translated
 * variation (scripts/build_domain.py mark_languages); English replies carry none. Before any
 * reply, the widget starts in the language the embedding page asks for (data-lang on the script
 * tag or IsobotWidgetConfig.lang), else the page's own <html lang>, else the browser's, else
 * English: always one /widget/config serves (content/widget.yml `languages`).
 */
(function () {
  "use strict";

  var DEFAULT = "en";

  // "es-MX" -> "es" when the widget has Spanish strings; anything it has no strings for -> null.
  function supported(tag, languages) {
    var code = String(tag || "").trim().toLowerCase().split(/[-_]/)[0];
    return code && Object.prototype.hasOwnProperty.call(languages, code) ? code : null;
  }

  // The first of the candidates (most specific first) the widget has strings for.
  function initial(candidates, languages) {
    for (var i = 0; i < candidates.length; i++) {
      var code = supported(candidates[i], languages);
      if (code) return code;
    }
    return DEFAULT;
  }

  // What the page and the browser ask for, in order: the remembered conversation's language,
  // the embed's own setting, the page's language, then the browser's preferences.
  function candidates(remembered, configured) {
    var list = [remembered, configured, document.documentElement.getAttribute("lang")];
    return list.concat(navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language]);
  }

  // A bot message's language: "en" unless the response says otherwise (even in a language the
  // widget has no strings for: the attribute still tells a screen reader how to read it).
  function ofMessage(message) {
    var lang = message && message.custom && message.custom.lang;
    return typeof lang === "string" && /^[a-z]{2}$/.test(lang) ? lang : DEFAULT;
  }

  // The strings, starters and summary commands for `code`, English for what it lacks.
  function pack(content, code) {
    var languages = content.languages || {};
    var english = languages[DEFAULT] || content;
    var chosen = languages[code] || english;
    return {
      strings: Object.assign({}, english.strings, chosen.strings),
      starters: chosen.starters || english.starters || [],
      summary_commands: chosen.summary_commands || english.summary_commands || []
    };
  }

  // Typed alone, any language's summary command opens the summary: a patient who writes
  // "imprimir" in a conversation still in English means the same thing.
  function summaryCommands(content) {
    var languages = content.languages || {};
    var all = (content.summary_commands || []).slice();
    Object.keys(languages).forEach(function (code) { all = all.concat(languages[code].summary_commands || []); });
    return all;
  }

  window.IsobotLang = {
    DEFAULT: DEFAULT,
    supported: supported,
    initial: function (remembered, configured, languages) { return initial(candidates(remembered, configured), languages); },
    ofMessage: ofMessage,
    pack: pack,
    summaryCommands: summaryCommands
  };
})();
