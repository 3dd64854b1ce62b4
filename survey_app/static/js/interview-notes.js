// Interview notes that survive a lost connection or a closed tab.
//
// Without this script the form posts as usual. With it, a note is first put in a queue in localStorage, then sent
// with fetch; a note that cannot be sent stays queued (and visible as "waiting") until the connection is back.
// The half-written note is kept too, so closing the tab mid-sentence loses nothing. Every queued note carries its
// own random key, so a note sent twice (a retry after a timeout) is stored once by the server.
(function () {
  "use strict";
  var form = document.getElementById("note-form");
  if (!form || !window.localStorage || !window.fetch) {
    return;
  }
  var session = form.getAttribute("data-session");
  var queueKey = "omtanke.notes.queue." + session;
  var draftKey = "omtanke.notes.draft." + session;
  var statusBox = document.getElementById("note-status");
  var queueBox = document.getElementById("note-queue");
  var savedList = document.getElementById("saved-notes");
  var savedCount = document.getElementById("saved-count");
  var text = form.elements["text"];
  var theme = form.elements["theme"];
  var sending = false;
  var shareable = form.elements["shareable"];  // offered only when one person takes part

  function checked(box) {
    return !!box && box.checked;
  }

  function read(key, fallback) {
    try {
      var value = window.localStorage.getItem(key);
      return value ? JSON.parse(value) : fallback;
    } catch (error) {
      return fallback;
    }
  }

  function write(key, value) {
    window.localStorage.setItem(key, JSON.stringify(value));
  }

  function newKey() {
    if (window.crypto && window.crypto.randomUUID) {
      return window.crypto.randomUUID().replace(/-/g, "");
    }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function say(message) {
    statusBox.textContent = message;
  }

  function themeTitle(value) {
    for (var i = 0; i < theme.options.length; i += 1) {
      if (theme.options[i].value === value) {
        return theme.options[i].text;
      }
    }
    return value;
  }

  function showQueue() {
    var queue = read(queueKey, []);
    var list = queueBox.querySelector("ul");
    list.textContent = "";
    queue.forEach(function (note) {
      var item = document.createElement("li");
      item.textContent = themeTitle(note.theme) + ": " + note.text;
      list.appendChild(item);
    });
    queueBox.hidden = queue.length === 0;
  }

  function showSaved(note) {
    var item = document.createElement("li");
    var tag = document.createElement("span");
    tag.className = "theme-tag";
    tag.textContent = themeTitle(note.theme);
    var body = document.createElement("p");
    body.textContent = note.text;
    item.appendChild(tag);
    item.appendChild(body);
    savedList.appendChild(item);
    savedCount.textContent = String(savedList.children.length);
  }

  function saveDraft() {
    write(draftKey, {
      theme: theme.value,
      text: text.value,
      quote: form.elements["quote"].checked,
      suggestion: form.elements["suggestion"].checked,
      shareable: checked(shareable)
    });
  }

  function restoreDraft() {
    var draft = read(draftKey, null);
    if (draft && draft.text && !text.value) {
      theme.value = draft.theme;
      text.value = draft.text;
      form.elements["quote"].checked = !!draft.quote;
      form.elements["suggestion"].checked = !!draft.suggestion;
      if (shareable) { shareable.checked = !!draft.shareable; }
      say(form.getAttribute("data-restored"));
    }
  }

  function freshToken() {
    // A page open for hours outlives its form token: fetch the page again for a new one.
    return window.fetch(window.location.pathname, { credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var found = /name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"/.exec(html);
        if (found) {
          form.elements["csrf_token"].value = found[1] || found[2];
        }
      });
  }

  function send(note, retried) {
    var body = new FormData();
    body.append("csrf_token", form.elements["csrf_token"].value);
    body.append("client_key", note.client_key);
    body.append("theme", note.theme);
    body.append("text", note.text);
    if (note.quote) { body.append("quote", "y"); }
    if (note.suggestion) { body.append("suggestion", "y"); }
    if (note.shareable) { body.append("shareable", "y"); }
    return window.fetch(form.action || window.location.pathname, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      if (response.status === 400 && !retried) {
        return freshToken().then(function () { return send(note, true); });
      }
      if (!response.ok) {
        throw new Error("status " + response.status);
      }
      return response.json();
    });
  }

  function flush() {
    if (sending) {
      return;
    }
    var queue = read(queueKey, []);
    if (!queue.length) {
      showQueue();
      return;
    }
    sending = true;
    var note = queue[0];
    send(note, false).then(function () {
      var rest = read(queueKey, []).filter(function (queued) { return queued.client_key !== note.client_key; });
      write(queueKey, rest);
      showSaved(note);
      say(form.getAttribute("data-sent"));
      sending = false;
      flush();
    }).catch(function () {
      sending = false;
      showQueue();
      say(form.getAttribute("data-offline"));
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (!text.value.trim()) {
      text.focus();
      return;
    }
    var queue = read(queueKey, []);
    queue.push({
      client_key: newKey(),
      theme: theme.value,
      text: text.value.trim(),
      quote: form.elements["quote"].checked,
      suggestion: form.elements["suggestion"].checked,
      shareable: checked(shareable)
    });
    write(queueKey, queue);
    window.localStorage.removeItem(draftKey);
    text.value = "";
    form.elements["quote"].checked = false;
    form.elements["suggestion"].checked = false;
    if (shareable) { shareable.checked = false; }
    showQueue();
    text.focus();
    flush();
  });

  form.addEventListener("input", saveDraft);
  form.addEventListener("change", saveDraft);
  window.addEventListener("online", flush);
  window.setInterval(flush, 10000);
  restoreDraft();
  showQueue();
  flush();
}());
