// Aan Tafel page script: passkeys, and on professionals' pages the session guard, copy buttons
// and the plain-language hint.
// Every text comes from the page (the server writes it in the reader's language); this script
// has none of its own. Without it, every form still works; only passkeys need it.
(function () {
  "use strict";
  if (window.aanTafelScript) return;
  window.aanTafelScript = true;

  // --- Talking to the server -------------------------------------------------------------
  // Server functions take a form body and answer JSON; an error carries its plain message in
  // the x-message header.
  function call(name, fields) {
    return fetch("/api/" + name, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
      body: new URLSearchParams(fields || {}),
      credentials: "same-origin",
    }).then(function (res) {
      if (res.ok) return res.text().then(function (t) { return t ? JSON.parse(t) : null; });
      var message = res.headers.get("x-message");
      var err = new Error(message ? decodeURIComponent(message.replace(/\+/g, " ")) : "");
      err.status = res.status;
      err.fromServer = true;
      throw err;
    });
  }

  // --- Passkeys ----------------------------------------------------------------------------
  function fromB64u(s) {
    var b = atob(s.replace(/-/g, "+").replace(/_/g, "/"));
    var out = new Uint8Array(b.length);
    for (var i = 0; i < b.length; i++) out[i] = b.charCodeAt(i);
    return out.buffer;
  }
  function toB64u(buf) {
    var bytes = new Uint8Array(buf), s = "";
    for (var i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
    return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }
  function clean(o) {
    // Drops empty members: the browser refuses null where it expects a list or a dictionary.
    Object.keys(o).forEach(function (k) { if (o[k] === null) delete o[k]; });
    return o;
  }
  function creationOptions(json) {
    var pk = clean(JSON.parse(json).publicKey);
    pk.challenge = fromB64u(pk.challenge);
    pk.user.id = fromB64u(pk.user.id);
    (pk.excludeCredentials || []).forEach(function (c) { c.id = fromB64u(c.id); });
    if (pk.authenticatorSelection) clean(pk.authenticatorSelection);
    return { publicKey: pk };
  }
  function requestOptions(json) {
    var pk = clean(JSON.parse(json).publicKey);
    pk.challenge = fromB64u(pk.challenge);
    (pk.allowCredentials || []).forEach(function (c) { c.id = fromB64u(c.id); });
    return { publicKey: pk };
  }
  function answer(cred) {
    var r = cred.response, out = {
      id: cred.id, rawId: toB64u(cred.rawId), type: cred.type,
      clientExtensionResults: cred.getClientExtensionResults ? cred.getClientExtensionResults() : {},
      response: { clientDataJSON: toB64u(r.clientDataJSON) },
    };
    if (r.attestationObject) {
      out.response.attestationObject = toB64u(r.attestationObject);
      if (r.getTransports) out.response.transports = r.getTransports();
    } else {
      out.response.authenticatorData = toB64u(r.authenticatorData);
      out.response.signature = toB64u(r.signature);
      if (r.userHandle) out.response.userHandle = toB64u(r.userHandle);
    }
    return JSON.stringify(out);
  }
  var canPasskey = !!(window.PublicKeyCredential && navigator.credentials);

  function signInWithPasskey(email, samePerson) {
    return call("passkey_sign_in_start", { email: email }).then(function (c) {
      return navigator.credentials.get(requestOptions(c.options)).then(function (cred) {
        var fields = { ceremony: c.id, credential: answer(cred) };
        if (samePerson) fields.same_person = samePerson;
        return call("passkey_sign_in_finish", fields);
      });
    });
  }
  function addPasskey(name) {
    return call("passkey_add_start", { name: name }).then(function (c) {
      return navigator.credentials.create(creationOptions(c.options)).then(function (cred) {
        return call("passkey_add_finish", { ceremony: c.id, credential: answer(cred), name: name });
      });
    });
  }
  function show(el, err) {
    // Only the server's plain messages are shown. A cancelled browser prompt gets the page's
    // own "did not work" text (data-failed); no connection gets data-offline.
    if (!el) return;
    if (err && err.fromServer && err.message) el.textContent = err.message;
    else if (err instanceof TypeError) el.textContent = el.getAttribute("data-offline") || "";
    else el.textContent = el.getAttribute("data-failed") || "";
  }

  function init() {
    document.querySelectorAll("[data-passkey-button]").forEach(function (b) { b.hidden = !canPasskey; });
    document.querySelectorAll("[data-passkey-missing]").forEach(function (p) { p.hidden = canPasskey; });

    var signIn = document.getElementById("passkey-sign-in");
    if (signIn) signIn.addEventListener("click", function () {
      var email = document.getElementById("email"), msg = document.getElementById("passkey-message");
      msg.textContent = "";
      signInWithPasskey(email ? email.value : "").then(function () {
        window.location.assign("/");
      }, function (err) { show(msg, err); });
    });

    var add = document.getElementById("passkey-add");
    if (add) add.addEventListener("submit", function (e) {
      e.preventDefault();
      var msg = document.getElementById("passkey-message");
      msg.textContent = "";
      addPasskey(document.getElementById("passkey-name").value).then(function () {
        window.location.assign("/security");
      }, function (err) { show(msg, err); });
    });

    copyButtons();
    plainHints();
    guard();
  }

  // --- Copy buttons ------------------------------------------------------------------------
  // Hidden in the page (a dead button without JavaScript); shown here where copying works.
  function copyButtons() {
    if (!navigator.clipboard) return;
    document.querySelectorAll("button[data-copy]").forEach(function (b) {
      b.hidden = false;
      b.addEventListener("click", function () {
        navigator.clipboard.writeText(b.getAttribute("data-copy")).then(function () {
          b.textContent = b.getAttribute("data-done");
        }, function () {});
      });
    });
  }

  // --- Plain-language hint -----------------------------------------------------------------
  // Under a field written for families: a moment after typing stops, the server checks the text
  // again and the hint shows its answer, in the same shape the page was sent with.
  function plainHints() {
    document.querySelectorAll("[data-plain-for]").forEach(function (hint) {
      var field = document.getElementById(hint.getAttribute("data-plain-for"));
      var body = hint.querySelector(".hint-body");
      if (!field || !body) return;
      var timer = null, asked = 0;
      field.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(function () {
          var n = ++asked;
          call("plain_hint", pagePerson({ text: field.value })).then(function (h) {
            if (n === asked) showHint(body, h);
          }, function () {});
        }, 300);
      });
      hint.setAttribute("data-live", "");
    });
  }
  // Adds the page's person (from the session guard) to a call, so the server refuses it when
  // someone else has signed in since the page was made.
  function pagePerson(fields) {
    var g = document.getElementById("session-guard");
    var person = g && g.getAttribute("data-person");
    if (person) fields.person = person;
    return fields;
  }
  function showHint(body, h) {
    body.textContent = "";
    if (!h || !h.level) return;
    var p = document.createElement("p"), strong = document.createElement("strong"), ul = document.createElement("ul");
    p.className = "level level-" + h.level;
    strong.textContent = h.label;
    p.appendChild(strong);
    p.appendChild(document.createTextNode(h.ease));
    h.points.forEach(function (text) {
      var li = document.createElement("li");
      li.textContent = text;
      ul.appendChild(li);
    });
    body.appendChild(p);
    body.appendChild(ul);
  }

  // --- Session guard -----------------------------------------------------------------------
  function guard() {
    var g = document.getElementById("session-guard");
    if (!g) return;
    var warnBefore = Number(g.getAttribute("data-warn")) || 300;
    var person = g.getAttribute("data-person");
    // Asked with the page's person: someone else signed in since counts as signed out here.
    var mine = pagePerson({});
    var timer = null, over = false, waiting = null, passing = false, made = false;
    // When the server last said this session was alive (page time).
    var alive = Date.now();

    // The dialogs join the page only when one is needed.
    function el(id) {
      if (!made) { made = true; document.body.appendChild(g.content.cloneNode(true)); wire(); }
      return document.getElementById(id);
    }
    function schedule(left) {
      clearTimeout(timer);
      over = false;
      timer = setTimeout(check, Math.max(1, left - warnBefore) * 1000);
    }
    function check() {
      call("session_left", mine).then(function (r) {
        if (r.seconds <= 0) return signedOut(null);
        alive = Date.now();
        if (r.seconds > warnBefore + 5) return schedule(r.seconds);
        var w = el("session-warning");
        if (!w.open) w.showModal();
        clearTimeout(timer);
        timer = setTimeout(check, Math.max(1, r.seconds) * 1000);
      }, function (err) {
        if (err.status === 401) signedOut(null);
        else schedule(60 + warnBefore);
      });
    }
    // While signed out, the page behind the dialog is hidden (what was typed stays in it).
    function cover(on) {
      var main = document.getElementById("main");
      if (main) { main.inert = on; main.hidden = on; }
    }
    function signedOut(pending) {
      clearTimeout(timer);
      over = true;
      if (pending) waiting = pending;
      var w = el("session-warning"), e = el("session-ended");
      if (w.open) w.close();
      cover(true);
      if (!e.open) e.showModal();
    }
    function back() {
      over = false;
      alive = Date.now();
      el("session-ended").close();
      cover(false);
      var p = waiting;
      waiting = null;
      call("session_left", mine).then(function (r) { schedule(r.seconds); }, function () {});
      if (p) { passing = true; p.form.requestSubmit(p.submitter || undefined); passing = false; }
    }
    function wire() {
      var form = document.getElementById("session-sign-in");
      var msg = document.getElementById("session-message");
      document.querySelectorAll("#session-passkey").forEach(function (b) { b.hidden = !canPasskey; });
      document.getElementById("session-ended").addEventListener("cancel", function (e) { e.preventDefault(); });
      document.getElementById("session-keep").addEventListener("click", function () {
        call("keep_signed_in", mine).then(function (r) {
          alive = Date.now();
          el("session-warning").close();
          schedule(r.seconds);
        }, function (err) { if (err.status === 401) signedOut(null); });
      });
      form.addEventListener("submit", function (e) {
        e.preventDefault();
        msg.textContent = "";
        var fields = { email: form.email.value, password: form.password.value };
        if (person) fields.same_person = person;
        call("sign_in", fields).then(function () {
          form.password.value = "";
          back();
        }, function (err) { show(msg, err); });
      });
      var pk = document.getElementById("session-passkey");
      if (pk) pk.addEventListener("click", function () {
        msg.textContent = "";
        signInWithPasskey(form.email.value, person).then(back, function (err) { show(msg, err); });
      });
    }

    // A form sent after the session ended would lose what was typed. After a minute or more
    // without news from the server, check first; when signed out, keep the form on the page
    // and send it after signing in again. (Within a minute, forms go out at once.)
    document.addEventListener("submit", function (e) {
      var f = e.target;
      if (passing || f.id === "session-sign-in" || !f.action || !/\/api\//.test(f.action) || /sign_out/.test(f.action)) return;
      if (!over && Date.now() - alive < 60000) return;
      if (f.getAttribute("data-checked") === "1") { f.removeAttribute("data-checked"); return; }
      e.preventDefault();
      var pending = { form: f, submitter: e.submitter };
      if (over) return signedOut(pending);
      call("session_left", mine).then(function () {
        alive = Date.now();
        f.setAttribute("data-checked", "1");
        f.requestSubmit(pending.submitter || undefined);
      }, function (err) {
        if (err.status === 401) signedOut(pending);
        else { f.setAttribute("data-checked", "1"); f.requestSubmit(pending.submitter || undefined); }
      });
    }, true);

    schedule(Number(g.getAttribute("data-left")) || 0);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
