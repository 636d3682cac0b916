// tapir's one script: keyboard shortcuts. Every action it offers is also a plain link or form,
// so the pages work without it. Served from /static/ under CSP script-src 'self'; it never
// builds HTML from text (no innerHTML): it only moves focus and follows links.
//
//   /        focus the page's search or filter box   ([data-shortcut="search"])
//   j / k    next / previous item of the page's list  ([data-item])
//   Enter    open the focused item                    (its [data-open] link)
//   t        focus the tag box of the focused item, or of the page ([data-shortcut="tag"])
//   Escape   leave a text box
(function () {
  "use strict";

  function typing(el) {
    if (!el || !el.tagName) return false;
    var tag = el.tagName.toLowerCase();
    return tag === "input" || tag === "textarea" || tag === "select" || el.isContentEditable;
  }

  function items() {
    return Array.prototype.slice.call(document.querySelectorAll("[data-item]"));
  }

  function currentIndex(list) {
    var active = document.activeElement;
    for (var i = 0; i < list.length; i++) {
      if (list[i] === active || list[i].contains(active)) return i;
    }
    return -1;
  }

  function focusItem(item) {
    var target = item.querySelector("[data-open]") || item;
    if (target === item && !item.hasAttribute("tabindex")) item.setAttribute("tabindex", "-1");
    target.focus();
    item.scrollIntoView({ block: "nearest" });
  }

  function move(step) {
    var list = items();
    if (list.length === 0) return false;
    var i = currentIndex(list);
    if (i < 0) i = step > 0 ? 0 : list.length - 1;
    else i = Math.min(Math.max(i + step, 0), list.length - 1);
    focusItem(list[i]);
    return true;
  }

  function focusShortcut(name) {
    var list = items();
    var i = currentIndex(list);
    var scope = i >= 0 ? list[i] : document;
    var el = scope.querySelector('[data-shortcut="' + name + '"]') ||
      document.querySelector('[data-shortcut="' + name + '"]');
    if (!el) return false;
    el.focus();
    if (typeof el.select === "function") el.select();
    return true;
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    var target = event.target;
    if (typing(target)) {
      if (event.key === "Escape") target.blur();
      return;
    }
    var handled = false;
    switch (event.key) {
      case "/": handled = focusShortcut("search"); break;
      case "j": handled = move(1); break;
      case "k": handled = move(-1); break;
      case "t": handled = focusShortcut("tag"); break;
      case "Enter":
        if (target && target.hasAttribute && target.hasAttribute("data-item")) {
          var link = target.querySelector("[data-open]");
          if (link) { link.click(); handled = true; }
        }
        break;
    }
    if (handled) event.preventDefault();
  });
})();
