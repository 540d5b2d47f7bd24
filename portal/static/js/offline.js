// The page side of the program without network: starts the service worker (program-sw.js), offers to keep the program
// on this phone, asks the worker to send the training days it kept, and says how many wait or were refused. It also
// gives each training-day form a new idempotency key when it is sent, so the worker's retries of that one sending
// log it once, while a new sending of the form is a new day. Pages work without it.
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || !("serviceWorker" in navigator)) {
    return;
  }
  var workerUrl = script.getAttribute("data-worker");

  function newKey() {
    if (window.crypto && window.crypto.randomUUID) {
      return window.crypto.randomUUID();
    }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map
      .call(bytes, function (byte) {
        return (byte < 16 ? "0" : "") + byte.toString(16);
      })
      .join("");
  }

  function tell(message) {
    return navigator.serviceWorker.ready.then(function (registration) {
      if (registration.active) {
        registration.active.postMessage(message);
      }
    });
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return name in values ? values[name] : whole;
    });
  }

  function fieldOf(fields, name) {
    for (var i = 0; i < fields.length; i += 1) {
      if (fields[i][0] === name) {
        return fields[i][1];
      }
    }
    return "";
  }

  function showQueue(message) {
    document.querySelectorAll("[data-offline-queue]").forEach(function (box) {
      var text = box.querySelector(".offline-queue-text");
      var list = box.querySelector(".offline-refused");
      var clear = box.querySelector("[data-offline-clear-refused]");
      var lines = [];
      if (message.waiting === 1) {
        lines.push(box.getAttribute("data-waiting-one"));
      } else if (message.waiting > 1) {
        lines.push(fill(box.getAttribute("data-waiting-many"), { count: message.waiting }));
      } else if (message.sent) {
        lines.push(box.getAttribute("data-sent"));
      }
      if (message.refused && message.refused.length) {
        lines.push(box.getAttribute("data-refused"));
      }
      text.textContent = lines.join(" ");
      list.textContent = "";
      (message.refused || []).forEach(function (fields) {
        var item = document.createElement("li");
        var day = [fieldOf(fields, "day-day"), fieldOf(fields, "day-month"), fieldOf(fields, "day-year")];
        item.textContent = fill(box.getAttribute("data-refused-row"), {
          date: day[0] ? day.join(".") : "",
          effort: fieldOf(fields, "effort"),
          pain: fieldOf(fields, "pain"),
        });
        list.appendChild(item);
      });
      list.hidden = !(message.refused && message.refused.length);
      clear.parentNode.hidden = list.hidden;
      box.hidden = lines.length === 0;
    });
  }

  function showKept(message) {
    var box = document.querySelector("[data-offline]");
    if (!box) {
      return;
    }
    var line = box.querySelector("[data-offline-status]");
    if (message.done) {
      line.textContent = box.getAttribute("data-" + message.done) || "";
    } else if (message.kept) {
      line.textContent = box.getAttribute("data-kept");
    }
    box.querySelector("[data-offline-forget]").hidden = !message.kept && message.done !== "kept";
  }

  function offerKeeping() {
    var box = document.querySelector("[data-offline]");
    if (!box) {
      return;
    }
    box.hidden = false;
    var urls = JSON.parse(box.getAttribute("data-urls") || "[]");
    box.querySelector("[data-offline-keep]").addEventListener("click", function () {
      tell({ type: "keep", urls: urls });
    });
    box.querySelector("[data-offline-forget]").addEventListener("click", function () {
      tell({ type: "forget" });
    });
  }

  function newKeyOnEachSending() {
    document.querySelectorAll("form").forEach(function (form) {
      var key = form.querySelector('input[name="idempotency_key"]');
      if (!key) {
        return;
      }
      form.addEventListener("submit", function () {
        key.value = newKey();
      });
    });
  }

  // A phone says it is online a moment before its connection carries anything: a sending that met no network is
  // tried again, a little later each time, while the phone still says it is online.
  var RETRY_SECONDS = [1, 2, 4, 8, 16, 30];
  var retries = 0;
  var retryTimer = null;

  function sendAgainSoon(message) {
    if (!message.unreachable || !navigator.onLine) {
      retries = 0;
      return;
    }
    if (retryTimer || retries >= RETRY_SECONDS.length) {
      return;
    }
    retryTimer = window.setTimeout(function () {
      retryTimer = null;
      tell({ type: "send" });
    }, RETRY_SECONDS[retries] * 1000);
    retries += 1;
  }

  document.addEventListener("DOMContentLoaded", function () {
    newKeyOnEachSending();
    navigator.serviceWorker.register(workerUrl, { scope: "/" }).catch(function () {});
    navigator.serviceWorker.addEventListener("message", function (event) {
      var message = event.data || {};
      if (message.type === "status") {
        showQueue(message);
        showKept(message);
        sendAgainSoon(message);
      }
    });
    offerKeeping();
    document.querySelectorAll("[data-offline-clear-refused]").forEach(function (button) {
      button.addEventListener("click", function () {
        tell({ type: "clear-refused" });
      });
    });
    // Every program page opened online sends what the phone kept.
    tell(navigator.onLine ? { type: "send" } : { type: "status" });
    window.addEventListener("online", function () {
      retries = 0;
      tell({ type: "send" });
    });
  });
})();
