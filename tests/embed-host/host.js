// Loads the backlog's embed scripts into a test host page. The pages are
// static files on their own origin, so the backlog's URL comes from the
// page's `site` parameter: frame.html?site=http://127.0.0.1:8490/
//
// Other parameters of the page:
//   css=hostile  adds hostile.css, the styles a widget must not inherit
//   widget=off   leaves the widget elements empty, to compare the host
//                page with and without a widget
(function () {
  'use strict';
  var params = new URLSearchParams(window.location.search);

  function siteUrl() {
    var value = params.get('site');
    if (!value) {
      throw new Error('host.js: the `site` parameter is missing from the page URL. Add ?site=http://127.0.0.1:PORT/');
    }
    var url = new URL(value);
    // The tests must never send traffic beyond this machine.
    if (url.protocol !== 'http:' || url.hostname !== '127.0.0.1' || !url.pathname.endsWith('/')) {
      throw new Error('host.js: invalid `site` parameter ' + value + '. Expected http://127.0.0.1:PORT/ or a folder below it');
    }
    return url;
  }

  function addHostileStyles() {
    var link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = 'hostile.css';
    link.addEventListener('load', function () {
      document.documentElement.setAttribute('data-hostile-css', 'loaded');
    });
    document.head.appendChild(link);
  }

  // The same tags a host copies from the backlog's /embed page, but added
  // by script, because a static page cannot know the site's port.
  function addFrameScript(site) {
    var script = document.createElement('script');
    script.src = new URL('embed.js', site).href;
    script.defer = true;
    document.body.appendChild(script);
  }

  function addWidgetScript(site) {
    var script = document.createElement('script');
    script.type = 'module';
    script.src = new URL('widget.js', site).href;
    document.body.appendChild(script);
  }

  if (params.get('css') === 'hostile') {
    addHostileStyles();
  }
  var site = siteUrl();
  if (document.querySelector('[data-dpg-backlog-frame]')) {
    addFrameScript(site);
  }
  if (document.querySelector('[data-dpg-backlog="widget"]') && params.get('widget') !== 'off') {
    addWidgetScript(site);
  }
})();
