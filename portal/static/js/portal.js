// Starts the DKFDS components. Pages work without this; it only adds polish (focus on the error summary etc.).
document.addEventListener("DOMContentLoaded", function () {
  if (window.DKFDS) {
    window.DKFDS.init();
  }
  // A result shown below the form (a preview) takes focus, so a screen reader announces it. Errors come first.
  var result = document.querySelector("[data-focus-on-load]");
  if (result && !document.querySelector(".alert-error")) {
    result.focus();
  }
});
