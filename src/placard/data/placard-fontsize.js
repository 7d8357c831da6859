/* placard: the font-size switch (适老化). The chosen size is kept in localStorage and set on <html>
   before the page is drawn (a one-line script in the head); this file handles the buttons. */
(function () {
  var root = document.documentElement;
  function mark() {
    var current = root.getAttribute("data-pl-font") || "m";
    document.querySelectorAll(".pl-fontsize button").forEach(function (b) {
      b.setAttribute("aria-pressed", b.getAttribute("data-pl-size") === current ? "true" : "false");
    });
  }
  document.addEventListener("click", function (e) {
    var b = e.target.closest && e.target.closest(".pl-fontsize button");
    if (!b) return;
    var size = b.getAttribute("data-pl-size");
    if (size === "m") root.removeAttribute("data-pl-font");
    else root.setAttribute("data-pl-font", size);
    try { localStorage.setItem("placard-font", size); } catch (err) { /* private mode: this page only */ }
    mark();
  });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mark);
  else mark();
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(mark); /* instant navigation */
})();
/* Printing (a staff list page is that list's binder section): folded records print unfolded. */
window.addEventListener("beforeprint", function () {
  document.querySelectorAll("details:not([open])").forEach(function (d) {
    d.setAttribute("open", ""); d.setAttribute("data-pl-print-opened", "");
  });
});
window.addEventListener("afterprint", function () {
  document.querySelectorAll("details[data-pl-print-opened]").forEach(function (d) {
    d.removeAttribute("open"); d.removeAttribute("data-pl-print-opened");
  });
});
