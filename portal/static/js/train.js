// "Træn nu", made better with JavaScript. Every page works without it: the countdowns are text, each set is a form
// post. With it: the countdowns tick, end with a sound and a visible change, a set is sent without leaving the page
// (so the sound may play: browsers only let a page make sound after a tap on it), the instruction can be read aloud
// with the device's own Danish voice, and the screen stays on while the person trains.
(function () {
  "use strict";

  var audio = null;

  // Browsers start sound only after a tap or a key on the page, so the sound is made ready at the first one.
  function unlockSound() {
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) {
      return;
    }
    if (!audio) {
      audio = new Context();
    }
    if (audio.state === "suspended") {
      audio.resume();
    }
  }

  // Three short, clear tones made on the spot: no sound file, nothing fetched.
  function chime() {
    if (!audio || audio.state !== "running") {
      return;
    }
    var start = audio.currentTime + 0.05;
    [0, 0.35, 0.7].forEach(function (offset, index) {
      var tone = audio.createOscillator();
      var volume = audio.createGain();
      var at = start + offset;
      tone.type = "sine";
      tone.frequency.value = index === 2 ? 1046 : 784;
      volume.gain.setValueAtTime(0.0001, at);
      volume.gain.exponentialRampToValueAtTime(0.5, at + 0.02);
      volume.gain.exponentialRampToValueAtTime(0.0001, at + 0.3);
      tone.connect(volume);
      volume.connect(audio.destination);
      tone.start(at);
      tone.stop(at + 0.32);
    });
  }

  function clockText(seconds) {
    var minutes = Math.floor(seconds / 60);
    var rest = seconds % 60;
    return minutes + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function runCountdown(box) {
    var seconds = parseInt(box.getAttribute("data-seconds"), 10) || 0;
    var clock = box.querySelector("[data-clock]");
    var done = box.querySelector("[data-when-done]");
    var endsAt = Date.now() + seconds * 1000;
    box.classList.remove("is-done");
    if (done) {
      done.textContent = "";
    }
    clock.hidden = false;
    clock.textContent = clockText(seconds);
    var timer = window.setInterval(function () {
      var left = Math.max(0, Math.round((endsAt - Date.now()) / 1000));
      clock.textContent = clockText(left);
      if (left > 0) {
        return;
      }
      window.clearInterval(timer);
      box.classList.add("is-done");
      if (done) {
        done.textContent = box.getAttribute("data-done-text") || "";
      }
      chime();
      var next = document.querySelector("[data-set-form] button");
      if (next && box.getAttribute("data-countdown") === "hold") {
        next.focus();
      }
    }, 250);
  }

  function startCountdowns(root) {
    root.querySelectorAll("[data-countdown]").forEach(function (box) {
      var button = box.querySelector("[data-start-clock]");
      if (box.getAttribute("data-countdown") === "rest") {
        runCountdown(box);
      } else if (button) {
        button.hidden = false;
        button.addEventListener("click", function () {
          unlockSound();
          runCountdown(box);
        });
      }
    });
  }

  // A set is sent in the background and the step is drawn anew in place, so the rest countdown that follows can
  // end with a sound. Anything unexpected falls back to the plain form post.
  function sendSetsInPlace(root) {
    var form = root.querySelector("[data-set-form]");
    if (!form || !window.fetch || !window.DOMParser) {
      return;
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      unlockSound();
      var button = form.querySelector("button");
      button.disabled = true;
      window
        .fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("not sent");
          }
          return response.text().then(function (html) {
            var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("[data-train-step]");
            if (!fresh) {
              throw new Error("not a step");
            }
            root.replaceWith(fresh);
            if (response.url) {
              window.history.replaceState(null, "", response.url);
            }
            setUp(fresh);
            var focus = fresh.querySelector("[data-countdown='rest'], .train-finished, [data-set-form] button");
            if (focus) {
              focus.setAttribute("tabindex", "-1");
              focus.focus();
            }
          });
        })
        .catch(function () {
          button.disabled = false;
          form.submit();
        });
    });
  }

  function danishVoice(language) {
    var voices = window.speechSynthesis.getVoices();
    var wanted = language.toLowerCase();
    for (var i = 0; i < voices.length; i += 1) {
      if (voices[i].lang && voices[i].lang.toLowerCase().indexOf(wanted) === 0) {
        return voices[i];
      }
    }
    return null;
  }

  // The browser's own speech synthesis, only where the device has a voice in the page's language.
  function offerReadingAloud(root) {
    var button = root.querySelector("[data-read-aloud]");
    if (!button || !("speechSynthesis" in window) || !window.SpeechSynthesisUtterance) {
      return;
    }
    var language = document.documentElement.lang || "da";
    var label = button.textContent;
    function show() {
      if (danishVoice(language)) {
        button.hidden = false;
      }
    }
    show();
    window.speechSynthesis.addEventListener("voiceschanged", show);
    button.addEventListener("click", function () {
      if (window.speechSynthesis.speaking) {
        window.speechSynthesis.cancel();
        button.textContent = label;
        return;
      }
      var text = Array.prototype.map
        .call(root.querySelectorAll("[data-read-aloud-text]"), function (part) {
          return part.textContent.trim();
        })
        .join(". ");
      var utterance = new window.SpeechSynthesisUtterance(text);
      var voice = danishVoice(language);
      try {
        utterance.voice = voice;
      } catch (error) {
        // A voice object the browser will not take: the language alone picks its voice.
      }
      utterance.lang = voice ? voice.lang : language;
      utterance.rate = 0.9;
      utterance.onend = function () {
        button.textContent = label;
      };
      button.textContent = button.getAttribute("data-stop-label") || label;
      window.speechSynthesis.speak(utterance);
    });
  }

  function keepScreenOn() {
    if (!navigator.wakeLock) {
      return;
    }
    var lock = function () {
      navigator.wakeLock.request("screen").catch(function () {});
    };
    lock();
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible") {
        lock();
      }
    });
  }

  function setUp(root) {
    startCountdowns(root);
    sendSetsInPlace(root);
    offerReadingAloud(root);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.addEventListener("pointerdown", unlockSound, { once: true });
    document.addEventListener("keydown", unlockSound, { once: true });
    var step = document.querySelector("[data-train-step]");
    if (step) {
      setUp(step);
      keepScreenOn();
    }
  });
})();
