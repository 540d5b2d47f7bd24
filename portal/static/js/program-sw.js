// The training program on a phone without network: a service worker of ours, served from the root by the portal
// (/traeningsprogram-sw.js) so it sees the program pages and the logout. It acts on nothing else.
//
// - The portal's own stylesheets and scripts are kept at install, for pages shown offline; online, files come from
//   the network as ever.
// - When the citizen chooses "Gem på denne telefon", the program's pages and drawings are kept here, and from then on
//   refreshed whenever they are opened online. Offline, they are shown from here. "Fjern" and logging out forget them.
// - A training day logged while offline (the log form, or the two questions at the end of "Træn nu") is kept in
//   IndexedDB with everything the form held, and the phone is shown a page saying so. When the phone is online again
//   (a sync event, or any program page that is opened) each kept day is sent again with a fresh form token. The form
//   carries its own idempotency key, so a day sent twice, because the answer to the first was lost, is logged once.
// - A day the portal refuses (a wrong date) is kept, marked, and shown on the program page, so no answer is lost.
"use strict";

var PAGES = "traeningsprogram-sider-v1";
var FILES = "traeningsprogram-filer-v1";
var SCOPE = "/mit-traeningsprogram/";
var OFFLINE_PAGE = SCOPE + "offline";
var SAVED_PAGE = SCOPE + "gemt-paa-telefonen";
var SHELL = [
  OFFLINE_PAGE,
  SAVED_PAGE,
  "/static/dkfds/css/dkfds-borgerdk.min.css",
  "/static/dkfds/js/dkfds.min.js",
  "/static/css/portal.css",
  "/static/css/train.css",
  "/static/js/portal.js",
  "/static/js/train.js",
  "/static/js/offline.js",
  "/static/manifest.json",
  "/static/icons/program.svg",
];
// The forms whose answers are a training day.
var DAY_FORMS = [/^\/mit-traeningsprogram\/\d+\/registrer$/, /^\/mit-traeningsprogram\/\d+\/traen\/slut$/];
var SYNC_TAG = "send-training-days";

// --- the kept days, in IndexedDB ---

function database() {
  return new Promise(function (resolve, reject) {
    var opening = indexedDB.open("traeningsportalen", 1);
    opening.onupgradeneeded = function () {
      opening.result.createObjectStore("days", { keyPath: "id", autoIncrement: true });
    };
    opening.onsuccess = function () {
      resolve(opening.result);
    };
    opening.onerror = function () {
      reject(opening.error);
    };
  });
}

function withDays(mode, work) {
  return database().then(function (db) {
    return new Promise(function (resolve, reject) {
      var transaction = db.transaction("days", mode);
      var result = work(transaction.objectStore("days"));
      transaction.oncomplete = function () {
        resolve(result && "result" in result ? result.result : undefined);
      };
      transaction.onerror = function () {
        reject(transaction.error);
      };
    });
  });
}

function allDays() {
  return withDays("readonly", function (store) {
    return store.getAll();
  });
}

function keepDay(day) {
  return withDays("readwrite", function (store) {
    return store.add(day);
  });
}

function dropDay(id) {
  return withDays("readwrite", function (store) {
    return store.delete(id);
  });
}

function markRefused(day) {
  day.state = "refused";
  return withDays("readwrite", function (store) {
    return store.put(day);
  });
}

function dropRefused() {
  return allDays().then(function (days) {
    return Promise.all(
      days
        .filter(function (day) {
          return day.state === "refused";
        })
        .map(function (day) {
          return dropDay(day.id);
        })
    );
  });
}

// --- telling the open pages ---

function status() {
  return Promise.all([allDays(), caches.open(PAGES).then(function (cache) {
    return cache.keys();
  })]).then(function (found) {
    var days = found[0];
    return {
      type: "status",
      kept: found[1].length > 0,
      waiting: days.filter(function (day) {
        return day.state !== "refused";
      }).length,
      refused: days
        .filter(function (day) {
          return day.state === "refused";
        })
        .map(function (day) {
          return day.fields;
        }),
    };
  });
}

function tellPages(extra) {
  return status().then(function (message) {
    Object.assign(message, extra || {});
    return self.clients.matchAll({ type: "window" }).then(function (pages) {
      pages.forEach(function (page) {
        page.postMessage(message);
      });
    });
  });
}

// --- sending the kept days ---

var sending = null;

function formToken(html) {
  var found = /name="csrf_token"[^>]*value="([^"]+)"/.exec(html);
  return found ? found[1] : null;
}

function sendOne(day) {
  // A fresh form token from the form's own page: the one kept may belong to a session that has ended since.
  return fetch(day.url, { credentials: "same-origin", redirect: "manual", cache: "no-store" })
    .then(function (form) {
      if (form.status !== 200) {
        return "later";
      }
      return form.text().then(function (html) {
        var token = formToken(html);
        var body = new URLSearchParams();
        day.fields.forEach(function (field) {
          body.append(field[0], field[0] === "csrf_token" && token ? token : field[1]);
        });
        return fetch(day.url, { method: "POST", body: body, credentials: "same-origin", redirect: "manual" });
      });
    })
    .then(function (answer) {
      if (answer === "later") {
        return "later";
      }
      // Logged: the portal answers a logged day by sending the browser on.
      if (answer.type === "opaqueredirect" || (answer.status >= 300 && answer.status < 400)) {
        return dropDay(day.id).then(function () {
          return "sent";
        });
      }
      // The form came back with an error next to a field: the portal will not take it as it is.
      if (answer.status === 200) {
        return markRefused(day).then(function () {
          return "refused";
        });
      }
      return "later";
    });
}

function sendDays() {
  if (sending) {
    return sending;
  }
  sending = allDays()
    .then(function (days) {
      var sent = 0;
      var chain = Promise.resolve();
      days
        .filter(function (day) {
          return day.state !== "refused";
        })
        .forEach(function (day) {
          chain = chain.then(function (outcome) {
            if (outcome === "offline") {
              return "offline";
            }
            return sendOne(day).then(
              function (result) {
                if (result === "sent") {
                  sent += 1;
                }
              },
              function () {
                return "offline";
              }
            );
          });
        });
      return chain.then(function (outcome) {
        // "unreachable": the network failed under the sending. A phone that has just come online often has no
        // working connection for a moment yet, so the page asks again shortly (offline.js).
        return tellPages({ sent: sent, unreachable: outcome === "offline" }).then(function () {
          return outcome;
        });
      });
    })
    .finally(function () {
      sending = null;
    });
  return sending;
}

// --- answering the browser ---

function keepOrSend(request) {
  var copy = request.clone();
  return fetch(request).catch(function () {
    return copy
      .formData()
      .then(function (data) {
        var fields = [];
        data.forEach(function (value, name) {
          if (typeof value === "string") {
            fields.push([name, value]);
          }
        });
        return keepDay({ url: request.url, fields: fields, keptAt: Date.now(), state: "waiting" });
      })
      .then(function () {
        if (self.registration.sync) {
          return self.registration.sync.register(SYNC_TAG).catch(function () {});
        }
      })
      .then(function () {
        return Response.redirect(new URL(SAVED_PAGE, self.location.origin).href, 303);
      });
  });
}

function offlinePage() {
  return caches.match(OFFLINE_PAGE).then(function (page) {
    return page || Response.error();
  });
}

function pageFirstFromNetwork(request) {
  return fetch(request)
    .then(function (response) {
      if (response.status !== 200 || response.type !== "basic") {
        return response;
      }
      // Only pages the citizen chose to keep are refreshed; nothing else is stored on the phone.
      return caches.open(PAGES).then(function (cache) {
        return cache.match(request, { ignoreSearch: true }).then(function (kept) {
          if (kept) {
            cache.put(request.url.split("?")[0], response.clone());
          }
          return response;
        });
      });
    })
    .catch(function () {
      return caches.match(request, { ignoreSearch: true }).then(function (kept) {
        return kept || offlinePage();
      });
    });
}

// Files from the network first, so a new stylesheet or script after an update is used at once; the copies the worker
// keeps (the shell, a kept program's drawings) are used when the phone is offline.
function fileFromNetworkFirst(request) {
  return fetch(request).catch(function () {
    return caches.match(request).then(function (kept) {
      return kept || Response.error();
    });
  });
}

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches
      .open(FILES)
      .then(function (cache) {
        return cache.addAll(SHELL);
      })
      .then(function () {
        return self.skipWaiting();
      })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches
      .keys()
      .then(function (names) {
        return Promise.all(
          names
            .filter(function (name) {
              return name !== PAGES && name !== FILES;
            })
            .map(function (name) {
              return caches.delete(name);
            })
        );
      })
      .then(function () {
        return self.clients.claim();
      })
  );
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (request.method === "POST") {
    if (url.pathname === "/log-ud") {
      // Logging out forgets the kept pages; the logout itself goes on as ever.
      event.waitUntil(caches.delete(PAGES));
      return;
    }
    if (DAY_FORMS.some(function (form) {
      return form.test(url.pathname);
    })) {
      event.respondWith(keepOrSend(request));
      return;
    }
    if (url.pathname.indexOf(SCOPE) === 0) {
      event.respondWith(fetch(request).catch(offlinePage));
    }
    return;
  }
  if (request.method !== "GET") {
    return;
  }
  if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(fileFromNetworkFirst(request));
  } else if (request.mode === "navigate" && url.pathname.indexOf(SCOPE) === 0) {
    event.respondWith(pageFirstFromNetwork(request));
  }
});

self.addEventListener("sync", function (event) {
  if (event.tag === SYNC_TAG) {
    // The browser may fire the sync while the phone's connection is not yet up; failing it makes the browser try
    // the sync again later, instead of taking it as done.
    event.waitUntil(
      sendDays().then(function (outcome) {
        if (outcome === "offline") {
          throw new Error("no network yet");
        }
      })
    );
  }
});

function keepPages(urls) {
  return caches.open(PAGES).then(function (cache) {
    return Promise.all(
      urls.map(function (url) {
        return fetch(url, { credentials: "same-origin", redirect: "manual" }).then(function (response) {
          if (response.status === 200) {
            return cache.put(url, response);
          }
          throw new Error("not kept: " + url);
        });
      })
    );
  });
}

self.addEventListener("message", function (event) {
  var message = event.data || {};
  var work;
  if (message.type === "keep" && Array.isArray(message.urls)) {
    work = keepPages(message.urls).then(
      function () {
        return tellPages({ done: "kept" });
      },
      function () {
        return caches.delete(PAGES).then(function () {
          return tellPages({ done: "failed" });
        });
      }
    );
  } else if (message.type === "forget") {
    work = caches.delete(PAGES).then(function () {
      return tellPages({ done: "forgotten" });
    });
  } else if (message.type === "clear-refused") {
    work = dropRefused().then(function () {
      return tellPages();
    });
  } else if (message.type === "send") {
    work = sendDays();
  } else {
    work = tellPages();
  }
  event.waitUntil(work);
});
