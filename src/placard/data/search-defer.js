/* placard: load the site search only when a resident opens it.
 *
 * Material starts its search worker and downloads the whole search index on every page
 * view, although most visitors (who scanned a poster's QR code) never search. This holds
 * both back until the search is opened (the magnifier, the search box, or a keyboard
 * shortcut), or at once when the address asks for search (?q=) or for highlights (?h=).
 * It runs before Material sets the search up (at DOMContentLoaded) and changes nothing
 * else: the index request and the worker are Material's own, started later.
 */
(function () {
  if (location.protocol === "file:" || !window.XMLHttpRequest || !window.EventTarget) return;
  var params = new URLSearchParams(location.search);
  if (params.has("q") || params.has("h")) return;

  var opened = false, waiting = [];
  function open() {
    if (opened) return;
    opened = true;
    var run = waiting; waiting = [];
    run.forEach(function (fn) { fn(); });
  }
  function later(fn) { if (opened) fn(); else waiting.push(fn); }

  document.addEventListener("change", function (ev) {
    if (ev.target && ev.target.id === "__search" && ev.target.checked) open();
  }, true);
  document.addEventListener("focusin", function (ev) {
    if (ev.target && ev.target.matches && ev.target.matches("input.md-search__input")) open();
  }, true);

  /* The index request: sent when search opens. */
  var xhrOpen = XMLHttpRequest.prototype.open, xhrSend = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.placardDefer = /\/search\/search_index\.json(\?|$)/.test(String(url));
    return xhrOpen.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var xhr = this, args = arguments;
    if (!xhr.placardDefer) return xhrSend.apply(xhr, args);
    later(function () { xhrSend.apply(xhr, args); });
  };

  /* The search worker: started at its first message (which needs the index). */
  var RealWorker = window.Worker;
  if (!RealWorker) return;
  window.Worker = function (url, options) {
    if (!/\/workers\/search\.[^/]*\.js(\?|$)/.test(String(url)))
      return new RealWorker(url, options);
    var stub = new EventTarget(), real = null;
    stub.postMessage = function (data) {
      if (!real) {
        real = new RealWorker(url, options);
        real.addEventListener("message", function (ev) {
          stub.dispatchEvent(new MessageEvent("message", { data: ev.data }));
        });
        real.addEventListener("error", function (ev) {
          stub.dispatchEvent(new ErrorEvent("error", { message: ev.message }));
        });
      }
      real.postMessage(data);
    };
    stub.terminate = function () { if (real) real.terminate(); };
    return stub;
  };
  window.Worker.prototype = RealWorker.prototype;
})();
