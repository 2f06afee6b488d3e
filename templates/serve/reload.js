// Injected by `diglot serve` into every served HTML page: live reload and the error overlay.
(() => {
  const key = "diglot-scroll:" + location.pathname;
  const saved = sessionStorage.getItem(key);
  if (saved !== null) { sessionStorage.removeItem(key); addEventListener("load", () => scrollTo(0, +saved)); }
  const served = document.currentScript ? Number(document.currentScript.dataset.build) : NaN;
  let seen = null;
  const overlay = (text) => {
    let box = document.getElementById("diglot-error");
    if (!text) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("pre");
      box.id = "diglot-error";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;margin:0;" +
        "padding:1rem 1.25rem;background:#3b0a0a;color:#fff;font:14px/1.5 monospace;" +
        "white-space:pre-wrap;z-index:2147483647;border-top:4px solid #e5484d";
      document.body.append(box);
    }
    box.textContent = "diglot: the last rebuild failed; showing the last good build\n\n" + text;
  };
  const source = new EventSource("/_diglot/events");
  const reload = () => { sessionStorage.setItem(key, String(scrollY)); location.reload(); };
  source.addEventListener("hello", (e) => {
    seen = JSON.parse(e.data).build;
    if (seen > served) reload();  // rebuilt between serving this page and this hello
  });
  source.addEventListener("reload", (e) => {
    const build = JSON.parse(e.data).build;
    if (seen !== null && build === seen) return;
    reload();
  });
  source.addEventListener("error", (e) => { if (e.data) overlay(JSON.parse(e.data).message); });
  source.addEventListener("ok", () => overlay(""));
})();
