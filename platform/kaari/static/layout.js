// Small improvements to the page layout; everything works without them.
// - The staff menu: on a phone its headings fold behind a Menu button (without the
//   script they are simply shown stacked); an open heading closes on Escape (focus goes
//   back to it), on a click outside and when the focus leaves it, and its links open to
//   the left where they would run out of the window.
// - A wide table (macros/tables.html) shows its "scroll sideways" hint exactly when it
//   does not fit, instead of on every narrow screen.
(function () {
  const nav = document.querySelector(".staff-nav");
  const toggle = nav && nav.querySelector(".menu-toggle");
  if (toggle) {
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      toggle.setAttribute("aria-expanded", String(toggle.getAttribute("aria-expanded") !== "true"));
    });
    const closeAll = function (except) {
      nav.querySelectorAll("details[open]").forEach(function (details) {
        if (details !== except) details.open = false;
      });
    };
    nav.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") return;
      const open = event.target.closest("details[open]");
      if (open) {
        open.open = false;
        open.querySelector("summary").focus();
      } else if (toggle.getAttribute("aria-expanded") === "true" && toggle.offsetParent) {
        toggle.setAttribute("aria-expanded", "false");
        toggle.focus();
      }
    });
    document.addEventListener("click", function (event) {
      closeAll(event.target.closest && event.target.closest(".staff-nav details"));
    });
    // A heading's links open below it, from its left edge; where they would run out
    // of the window (the last headings, or a row that wrapped) they open to the left.
    nav.querySelectorAll("details").forEach(function (details) {
      details.addEventListener("toggle", function () {
        const links = details.querySelector(".nav-links");
        if (!details.open || getComputedStyle(links).position !== "absolute") return;
        links.classList.remove("to-left");
        if (links.getBoundingClientRect().right > document.documentElement.clientWidth) {
          links.classList.add("to-left");
        }
      });
    });
    nav.addEventListener("focusout", function (event) {
      const details = event.target.closest("details[open]");
      if (details && event.relatedTarget && !details.contains(event.relatedTarget)) {
        details.open = false;
      }
    });
  }

  const wide = document.querySelectorAll(".wide-table");
  if (wide.length && "ResizeObserver" in window) {
    const observer = new ResizeObserver(function (entries) {
      entries.forEach(function (entry) {
        const region = entry.target;
        const overflows = region.scrollWidth > region.clientWidth + 1;
        region.parentElement.classList.toggle("overflows", overflows);
        region.parentElement.classList.toggle("fits", !overflows);
      });
    });
    wide.forEach(function (table) {
      observer.observe(table.querySelector(".table-scroll"));
    });
  }
})();
