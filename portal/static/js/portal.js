// Starts the DKFDS components. Pages work without this; it only adds polish (focus on the error summary etc.).
document.addEventListener("DOMContentLoaded", function () {
  if (window.DKFDS) {
    window.DKFDS.init();
  }
});
