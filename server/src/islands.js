// Loads the app's JS and wasm once the page has been shown, then wakes every island on it.
// Added by the server only to pages that hold an island; until it runs, the page works as plain
// HTML (every form posts to the server).
(function (js, wasm) {
  function start() {
    import(js).then(function (mod) {
      return mod.default({ module_or_path: wasm }).then(function () {
        mod.hydrate();
        document.querySelectorAll("leptos-island").forEach(function (el) {
          var island = mod[el.dataset.component];
          if (island) island(el);
        });
      });
    });
  }
  function soon() {
    if ("requestIdleCallback" in window) requestIdleCallback(start, { timeout: 500 });
    else setTimeout(start, 0);
  }
  if (document.readyState === "complete") soon();
  else addEventListener("load", soon);
})
