// Reference badges on an initiative page (<details class="ref">) open without JavaScript; with it, one
// is open at a time, and Escape or a click elsewhere closes it (focus goes back to its badge).
(function () {
  const open = () => Array.from(document.querySelectorAll("details.ref[open]"));
  document.addEventListener("toggle", (event) => {
    const opened = event.target;
    if (!(opened instanceof HTMLDetailsElement) || !opened.classList.contains("ref") || !opened.open) return;
    open().forEach((other) => { if (other !== opened) other.open = false; });
  }, true);
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    open().forEach((details) => {
      details.open = false;
      if (details.contains(document.activeElement)) details.querySelector("summary").focus();
    });
  });
  document.addEventListener("click", (event) => {
    open().forEach((details) => { if (!details.contains(event.target)) details.open = false; });
  });
})();
