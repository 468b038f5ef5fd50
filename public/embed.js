// Frames the Digital Public Goods Backlog into the elements of this page
// marked `data-dpg-backlog-frame`, and keeps each frame's height equal to
// its content's, so the frame never shows a scrollbar of its own.
//
//   <div data-dpg-backlog-frame data-tags="Health" data-show-tags="false"></div>
//   <script src="https://SITE/embed.js" defer></script>
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.src) {
    return;
  }
  var site = new URL(".", script.src);
  var OPTIONS = ["data-url", "tags", "search", "show-search", "show-tags", "max-entries", "theme", "lang"];
  var HEIGHT_MESSAGE = "dpg-backlog:height";

  function frameUrl(host) {
    var url = new URL(host.getAttribute("data-path") || "", site);
    url.searchParams.set("embed", "1");
    url.searchParams.set("parent-origin", window.location.origin);
    OPTIONS.forEach(function (name) {
      var value = host.getAttribute("data-" + name);
      if (value !== null) {
        url.searchParams.set(name, value);
      }
    });
    return url.href;
  }

  function embed(host) {
    if (host.querySelector("iframe")) {
      return;
    }
    var frame = document.createElement("iframe");
    frame.src = frameUrl(host);
    frame.title = host.getAttribute("data-title") || "Digital Public Goods Backlog";
    frame.setAttribute("scrolling", "no");
    frame.style.display = "block";
    frame.style.width = "100%";
    frame.style.height = "40em";
    frame.style.border = "0";
    frame.style.overflow = "hidden";
    host.appendChild(frame);
    // Only messages from this frame, sent by the backlog's own origin, may
    // set its height.
    window.addEventListener("message", function (event) {
      var data = event.data;
      if (event.origin !== site.origin || event.source !== frame.contentWindow) {
        return;
      }
      if (!data || data.type !== HEIGHT_MESSAGE || typeof data.height !== "number") {
        return;
      }
      if (data.height > 0 && data.height < 1e6) {
        frame.style.height = Math.ceil(data.height) + "px";
      }
    });
  }

  function embedAll() {
    document.querySelectorAll("[data-dpg-backlog-frame]").forEach(embed);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", embedAll);
  } else {
    embedAll();
  }
})();
