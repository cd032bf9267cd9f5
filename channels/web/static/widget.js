/*
 * Prospect assistant: the website chat widget. Embed with one tag:
 *   <script src="https://assistant.example.com/widget.js" defer></script>
 * Options (data-* attributes on that tag): data-title, data-lang (fr|en), data-open="true",
 * data-tracking="on|off|ask" (ask: wait for ProspectWidget.setTrackingConsent(true)).
 * Everything untrusted is rendered as text; only http(s) links become links.
 * Identity: the server issues the visitor id and a signed token (POST /api/chat/session); the
 * token is kept in localStorage and sent in the X-Visitor-Token header and the socket's first
 * frame, never in a URL or the page.
 * docs/widget.md describes the protocol, the options and the JavaScript API.
 */
(function () {
  "use strict";
  if (window.ProspectWidget) return; // embedded twice: keep the first

  var script = document.currentScript;
  var attr = function (name, fallback) {
    var v = script && script.getAttribute("data-" + name);
    return v === null || v === undefined || v === "" ? fallback : v;
  };
  var SERVER = attr("server", script ? new URL(script.src, location.href).origin : location.origin);
  var STORE = "prospect-widget:";
  var MAX_CHARS = 2000;

  var pageLang = (attr("lang", document.documentElement.lang || navigator.language || "en") || "en")
    .slice(0, 2).toLowerCase();
  var LANG = pageLang === "fr" ? "fr" : "en";
  var T = {
    en: {
      title: "Chat with us", open: "Open the chat", close: "Close the chat",
      unread: function (n) { return n + (n === 1 ? " unread message" : " unread messages"); },
      input: "Your message", send: "Send", typing: "The assistant is typing…",
      log: "Conversation", replies: "Suggested replies", you: "You", bot: "Assistant",
      offline: "Connection lost, retrying…", tooLong: "That message is too long.",
      failed: "Not sent. Check your connection and try again.",
      greeting: "Hello! Ask me anything about our product, pricing or customers."
    },
    fr: {
      title: "Discutons", open: "Ouvrir la discussion", close: "Fermer la discussion",
      unread: function (n) { return n + (n === 1 ? " message non lu" : " messages non lus"); },
      input: "Votre message", send: "Envoyer", typing: "L'assistant écrit…",
      log: "Conversation", replies: "Réponses suggérées", you: "Vous", bot: "Assistant",
      offline: "Connexion perdue, nouvelle tentative…", tooLong: "Ce message est trop long.",
      failed: "Non envoyé. Vérifiez votre connexion et réessayez.",
      greeting: "Bonjour ! Posez-moi vos questions sur notre produit, nos tarifs ou nos clients."
    }
  }[LANG];

  function storage(key, value) {
    try {
      if (value === undefined) return localStorage.getItem(STORE + key);
      localStorage.setItem(STORE + key, value);
    } catch (e) { /* private mode: the visitor is new on every page */ }
    return null;
  }
  function timeZone() {
    try { return Intl.DateTimeFormat().resolvedOptions().timeZone || null; } catch (e) { return null; }
  }

  function newId() {  // client-side message ids (echoed back), not credentials
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var words = new Uint32Array(4);
    crypto.getRandomValues(words);
    return Array.prototype.map.call(words, function (w) { return w.toString(16); }).join("-");
  }
  // The visitor's id and token, issued by the server (POST /api/chat/session).
  var visitor = storage("visitor-id");
  var token = storage("token");
  try { localStorage.removeItem(STORE + "visitor"); } catch (e) { /* an old id: no proof */ }

  /* ---------- rendering: text only, http(s) links only ---------- */
  var URL_RE = /\bhttps?:\/\/[^\s<>"'`]+/gi;
  function safeHref(raw) {
    try {
      var u = new URL(raw);
      return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
    } catch (e) { return null; }
  }
  function renderText(node, text) {
    var last = 0;
    text.replace(URL_RE, function (match, offset) {
      var url = match.replace(/[.,;:!?)\]»”]+$/, "");
      node.appendChild(document.createTextNode(text.slice(last, offset)));
      var href = safeHref(url);
      if (href) {
        var a = document.createElement("a");
        a.href = href; a.target = "_blank"; a.rel = "noopener noreferrer nofollow";
        a.textContent = url;
        node.appendChild(a);
      } else {
        node.appendChild(document.createTextNode(url));
      }
      last = offset + url.length;
      return match;
    });
    node.appendChild(document.createTextNode(text.slice(last)));
  }

  var CSS = [
    ":host{all:initial}",
    "*{box-sizing:border-box;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}",
    ".launcher{position:fixed;right:20px;bottom:20px;width:60px;height:60px;border-radius:50%;",
    "border:0;background:#1d4ed8;color:#fff;cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.25);",
    "z-index:2147483000;display:flex;align-items:center;justify-content:center}",
    ".launcher:focus-visible,button:focus-visible,input:focus-visible,a:focus-visible{",
    "outline:3px solid #f59e0b;outline-offset:2px}",
    ".badge{position:absolute;top:-4px;right:-4px;min-width:22px;height:22px;padding:0 6px;",
    "border-radius:11px;background:#b91c1c;color:#fff;font-size:13px;font-weight:700;",
    "line-height:22px;text-align:center}",
    ".panel{position:fixed;right:20px;bottom:92px;width:370px;max-width:calc(100vw - 40px);",
    "height:560px;max-height:calc(100vh - 120px);background:#fff;color:#111827;border-radius:14px;",
    "box-shadow:0 10px 40px rgba(0,0,0,.3);display:flex;flex-direction:column;overflow:hidden;",
    "z-index:2147483000}",
    ".panel[hidden]{display:none}",
    "header{background:#1d4ed8;color:#fff;padding:12px 14px;display:flex;align-items:center;",
    "justify-content:space-between}",
    "h2{font-size:16px;margin:0;font-weight:600}",
    ".close{background:transparent;border:0;color:#fff;font-size:24px;line-height:1;cursor:pointer;",
    "width:36px;height:36px;border-radius:6px}",
    ".log{list-style:none;margin:0;padding:12px;flex:1;overflow-y:auto;display:flex;",
    "flex-direction:column;gap:8px;font-size:15px;line-height:1.4}",
    ".msg{max-width:85%;padding:8px 12px;border-radius:12px;white-space:pre-wrap;",
    "overflow-wrap:anywhere}",
    ".msg.prospect{align-self:flex-end;background:#1d4ed8;color:#fff}",
    ".msg.prospect a{color:#fff}",
    ".msg.bot,.msg.system{align-self:flex-start;background:#f3f4f6;color:#111827}",
    ".msg.rep{align-self:flex-start;background:#ecfdf5;color:#064e3b;border:1px solid #6ee7b7}",
    ".msg a{color:#1e40af}",
    ".who{display:block;font-size:12px;font-weight:600;margin-bottom:2px}",
    ".msg.pending{opacity:.7}",
    ".msg.failed{background:#fee2e2;color:#7f1d1d}",
    ".replies{display:flex;flex-wrap:wrap;gap:6px;align-self:flex-start}",
    ".replies button{border:1px solid #1d4ed8;background:#fff;color:#1d4ed8;border-radius:16px;",
    "padding:6px 12px;font-size:14px;cursor:pointer}",
    ".replies button:hover{background:#eff6ff}",
    ".status{min-height:22px;padding:0 14px;font-size:13px;color:#4b5563}",
    "form{display:flex;gap:8px;padding:10px;border-top:1px solid #e5e7eb}",
    "input{flex:1;font-size:16px;padding:9px 10px;border:1px solid #6b7280;border-radius:8px;",
    "color:#111827;background:#fff}",
    ".send{background:#1d4ed8;color:#fff;border:0;border-radius:8px;padding:0 14px;font-size:15px;",
    "cursor:pointer}",
    ".sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);",
    "white-space:nowrap}",
    "@media (max-width:480px){.panel{right:0;bottom:0;width:100vw;max-width:100vw;height:100%;",
    "max-height:100%;border-radius:0}}",
    "@media (prefers-reduced-motion:no-preference){.msg{animation:in .15s ease-out}",
    "@keyframes in{from{opacity:0;transform:translateY(4px)}to{opacity:1}}}"
  ].join("");

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* ---------- the DOM, in a shadow root so the host page's styles stay out ---------- */
  var host = el("div", { id: "prospect-widget" });
  var root = host.attachShadow({ mode: "open" });
  var style = el("style"); style.textContent = CSS; root.appendChild(style);

  var launcher = el("button", {
    "class": "launcher", type: "button", "aria-expanded": "false", "aria-controls": "pw-panel",
    "aria-label": T.open
  });
  launcher.innerHTML = '<svg width="28" height="28" viewBox="0 0 24 24" aria-hidden="true" ' +
    'fill="currentColor"><path d="M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H8l-5 4V5a2 2 0 0 1 1-2z"/></svg>';
  var badge = el("span", { "class": "badge", hidden: "", "aria-hidden": "true" });
  launcher.appendChild(badge);

  var panel = el("section", {
    "class": "panel", id: "pw-panel", role: "dialog", "aria-labelledby": "pw-title", hidden: ""
  });
  var header = el("header");
  header.appendChild(el("h2", { id: "pw-title" }, attr("title", T.title)));
  var closeBtn = el("button", { "class": "close", type: "button", "aria-label": T.close }, "×");
  header.appendChild(closeBtn);
  var log = el("ol", { "class": "log", role: "log", "aria-live": "polite", "aria-label": T.log });
  var status = el("div", { "class": "status", role: "status", "aria-live": "polite" });
  var form = el("form", { autocomplete: "off" });
  var label = el("label", { "for": "pw-input", "class": "sr" }, T.input);
  var input = el("input", {
    id: "pw-input", type: "text", maxlength: String(MAX_CHARS), placeholder: T.input,
    "aria-label": T.input
  });
  var sendBtn = el("button", { "class": "send", type: "submit" }, T.send);
  form.appendChild(label); form.appendChild(input); form.appendChild(sendBtn);
  panel.appendChild(header); panel.appendChild(log); panel.appendChild(status);
  panel.appendChild(form);
  root.appendChild(launcher); root.appendChild(panel);

  /* ---------- state ---------- */
  var cursor = 0;              // highest message id rendered
  var pending = {};            // client_id -> <li> of a message not yet confirmed
  var unread = 0;
  // The highest message id the visitor has had in front of them, kept across visits: a
  // returning visitor's badge counts what came while they were away (a follow-up the
  // assistant sent, a rep's reply), not the whole history again.
  var seen = Number(storage("seen")) || 0;
  function markSeen() {
    if (cursor > seen) { seen = cursor; storage("seen", String(seen)); }
  }
  var isOpen = false;
  var typingTimer = null;
  var greeted = false;

  function setUnread(n) {
    unread = n;
    badge.textContent = String(n);
    if (n > 0) badge.removeAttribute("hidden"); else badge.setAttribute("hidden", "");
    launcher.setAttribute("aria-label", n > 0 ? T.open + ", " + T.unread(n) : T.open);
  }
  function setTyping(on) {
    clearTimeout(typingTimer);
    status.textContent = on ? T.typing : "";
    status.classList.toggle("typing", !!on);
    if (on) typingTimer = setTimeout(function () { setTyping(false); }, 30000);
  }
  function scrollDown() { log.scrollTop = log.scrollHeight; }
  function clearReplies() {
    Array.prototype.forEach.call(log.querySelectorAll(".replies"), function (n) { n.remove(); });
  }

  function bubble(author, text, name) {
    var li = el("li", { "class": "msg " + author });
    if (author === "rep" || author === "bot" || author === "system") {
      var who = author === "rep" ? (name || "Sales") : T.bot;
      li.appendChild(el("span", { "class": "who" }, who));
    } else {
      li.appendChild(el("span", { "class": "sr" }, T.you + ": "));
    }
    var body = el("span", { "class": "text" });
    renderText(body, String(text || ""));
    li.appendChild(body);
    log.appendChild(li);
    return li;
  }

  function renderReplies(buttons) {
    clearReplies();
    if (!buttons || !buttons.length) return;
    var group = el("li", { "class": "replies", role: "group", "aria-label": T.replies });
    buttons.forEach(function (b) {
      var btn = el("button", { type: "button" }, String(b.title || ""));
      btn.addEventListener("click", function () {
        clearReplies();
        send(String(b.payload || b.title || ""), String(b.title || ""));
      });
      group.appendChild(btn);
    });
    log.appendChild(group);
  }

  function receive(messages) {
    messages.forEach(function (m) {
      if (typeof m.id !== "number" || m.id <= cursor) return;
      cursor = m.id;
      if (m.client_id && pending[m.client_id]) {
        pending[m.client_id].classList.remove("pending");
        delete pending[m.client_id];
        return;
      }
      var author = ["prospect", "bot", "rep", "system"].indexOf(m.author) >= 0 ? m.author : "bot";
      bubble(author, m.text, m.author_name);
      if (author !== "prospect") {
        setTyping(false);
        renderReplies(m.buttons);
        if (!isOpen && m.id > seen) setUnread(unread + 1);
      } else {
        clearReplies();
      }
    });
    if (messages.length) { dropGreeting(); scrollDown(); }
    if (isOpen) markSeen();
  }

  var greetingNode = null;
  function showGreeting() {
    if (greeted || cursor > 0) return;
    greeted = true;
    greetingNode = bubble("bot", T.greeting);
  }
  function dropGreeting() {
    if (greetingNode) { greetingNode.remove(); greetingNode = null; }
  }

  /* ---------- transport: WebSocket, HTTP as the fallback ---------- */
  var ws = null, wsOpen = false, wsFailures = 0, reconnectTimer = null, pollTimer = null;
  var outbox = [];  // frames waiting for a connection

  function request(method, path, body, withToken) {
    var opts = { method: method, headers: {}, credentials: "omit" };
    if (withToken) opts.headers["X-Visitor-Token"] = token;
    if (body !== undefined) {
      opts.headers["Content-Type"] = "application/json";
      opts.body = JSON.stringify(body);
    }
    return fetch(SERVER + path, opts).then(function (r) {
      if (!r.ok) return r.json().catch(function () { return {}; }).then(function (j) {
        var err = new Error(j.error || j.detail || ("HTTP " + r.status));
        err.status = r.status; throw err;
      });
      return r.json();
    });
  }
  var sessionRequest = null;
  function session() {  // resolves once the widget holds a token the server issued
    if (token) return Promise.resolve(token);
    if (!sessionRequest) {
      sessionRequest = request("POST", "/api/chat/session").then(function (s) {
        visitor = s.visitor; token = s.token;
        storage("visitor-id", visitor); storage("token", token);
        return token;
      }).then(function (t) { sessionRequest = null; return t; },
              function (err) { sessionRequest = null; throw err; });
    }
    return sessionRequest;
  }
  function forgetSession() {
    token = null; visitor = null; cursor = 0; seen = 0;
    try {
      localStorage.removeItem(STORE + "token"); localStorage.removeItem(STORE + "visitor-id");
      localStorage.removeItem(STORE + "seen");
    } catch (e) { /* private mode */ }
  }
  // A visitor's request: with the token; a refused token (401) means a new session.
  function http(method, path, body) {
    return session().then(function () { return request(method, path, body, true); })
      .catch(function (err) {
        if (err.status !== 401) throw err;
        forgetSession();
        return session().then(function () { return request(method, path, body, true); });
      });
  }
  function fetchHistory() {
    return http("GET", "/api/chat/history?after=" + cursor).then(receive);
  }

  function connect() {
    if (!window.WebSocket) { startPolling(); return; }
    clearTimeout(reconnectTimer);
    if (!token) { session().then(connect, scheduleReconnect); return; }
    var url = SERVER.replace(/^http/, "ws") + "/api/chat/socket";
    try { ws = new WebSocket(url); } catch (e) { scheduleReconnect(); return; }
    ws.onopen = function () {
      ws.send(JSON.stringify({ type: "auth", token: token, after: cursor }));
      wsOpen = true; wsFailures = 0; status.textContent = "";
      stopPolling();
      while (outbox.length) ws.send(JSON.stringify(outbox.shift()));
    };
    ws.onmessage = function (event) {
      var frame;
      try { frame = JSON.parse(event.data); } catch (e) { return; }
      if (frame.type === "messages") receive(frame.messages || []);
      else if (frame.type === "typing") setTyping(true);
      else if (frame.type === "error") { setTyping(false); status.textContent = String(frame.error); }
    };
    ws.onclose = function (event) {
      var was = wsOpen; wsOpen = false; ws = null;
      if (event.code === 1008 && /token/.test(event.reason || "")) {
        forgetSession();  // refused: a new visitor session, and what was in flight failed
        Object.keys(pending).forEach(function (id) {
          pending[id].classList.remove("pending"); pending[id].classList.add("failed");
          delete pending[id];
        });
        status.textContent = T.failed;
        session().then(connect, scheduleReconnect);
        return;
      }
      if (!was) wsFailures += 1;
      if (wsFailures >= 2) startPolling();   // sockets blocked here: HTTP keeps working
      else if (was && isOpen) status.textContent = T.offline;
      scheduleReconnect();
    };
  }
  function scheduleReconnect() {
    clearTimeout(reconnectTimer);
    var delay = Math.min(30000, 1000 * Math.pow(2, Math.min(wsFailures, 5)));
    reconnectTimer = setTimeout(connect, delay + Math.random() * 500);
  }
  function startPolling() {
    if (pollTimer) return;
    pollTimer = setInterval(function () { fetchHistory().catch(function () {}); }, 4000);
  }
  function stopPolling() { clearInterval(pollTimer); pollTimer = null; }

  function send(text, shown) {
    text = String(text || "").trim();
    if (!text) return;
    if (text.length > MAX_CHARS) { status.textContent = T.tooLong; return; }
    var clientId = newId();
    var li = bubble("prospect", shown || text);
    li.classList.add("pending");
    pending[clientId] = li;
    dropGreeting();
    scrollDown();
    var metadata = { client_id: clientId, language: LANG, page: location.pathname };
    var zone = timeZone();
    if (zone) metadata.time_zone = zone; // slots are offered in the visitor's zone
    if (shown && shown !== text) metadata.button_title = shown;
    if (wsOpen && ws) {
      ws.send(JSON.stringify({ type: "message", text: text, metadata: metadata }));
      return;
    }
    setTyping(true);
    http("POST", "/api/chat", { text: text, metadata: metadata })
      .then(fetchHistory)
      .catch(function (err) {
        setTyping(false);
        li.classList.remove("pending"); li.classList.add("failed");
        delete pending[clientId];
        status.textContent = err.status === 429 || err.status === 413 ? err.message : T.failed;
      });
  }

  /* ---------- opening, closing, keyboard ---------- */
  function open() {
    isOpen = true;
    panel.removeAttribute("hidden");
    launcher.setAttribute("aria-expanded", "true");
    setUnread(0);
    markSeen();
    showGreeting();
    scrollDown();
    input.focus();
  }
  function close() {
    isOpen = false;
    panel.setAttribute("hidden", "");
    launcher.setAttribute("aria-expanded", "false");
    launcher.focus();
  }
  launcher.addEventListener("click", function () { if (isOpen) close(); else open(); });
  closeBtn.addEventListener("click", close);
  panel.addEventListener("keydown", function (e) { if (e.key === "Escape") close(); });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var text = input.value;
    input.value = "";
    send(text);
  });

  /* ---------- behaviour tracking: page views, with consent, never under Do-Not-Track ---------- */
  var trackingMode = attr("tracking", "on");
  var dnt = navigator.doNotTrack === "1" || window.doNotTrack === "1" || navigator.doNotTrack === "yes";
  var pageLoad = newId();
  var tracked = false;
  function trackingAllowed() {
    if (dnt || trackingMode === "off") return false;
    if (trackingMode === "ask") return storage("tracking") === "granted";
    return storage("tracking") !== "denied";
  }
  function trackPageView() {
    if (tracked || !trackingAllowed()) return;
    tracked = true;
    http("POST", "/api/events", {
      type: "page_view", idempotency_key: "pv-" + pageLoad,
      properties: { path: location.pathname, title: document.title.slice(0, 300),
                    referrer: document.referrer.slice(0, 500) }
    }).catch(function () { tracked = false; });
  }

  window.ProspectWidget = {
    open: open,
    close: close,
    send: function (text) { open(); send(text); },
    visitorId: function () { return visitor; },  // not a secret, and not a credential
    // A "Continue on Telegram" link for this visitor: a short-lived code from the server.
    telegramLink: function (botUsername) {
      return http("POST", "/api/chat/link-code").then(function (r) {
        return "https://t.me/" + encodeURIComponent(String(botUsername).replace(/^@/, "")) +
          "?start=" + encodeURIComponent(r.code);
      });
    },
    setTrackingConsent: function (granted) {
      storage("tracking", granted ? "granted" : "denied");
      if (granted) trackPageView();
    },
    trackingAllowed: trackingAllowed
  };

  function start() {
    document.body.appendChild(host);
    session().then(fetchHistory).catch(function () {}).then(function () {
      connect();
      if (attr("open", "false") === "true") open();
    });
    trackPageView();
    host.setAttribute("data-ready", "true");
  }
  if (document.body) start(); else document.addEventListener("DOMContentLoaded", start);
})();
