/* Footbridge web tracker: records page views with a first-party anonymous id, and who arrived through a
   Footbridge link. Honours Global Privacy Control. Call footbridge.page() after in-page navigation. */
(function () {
  var script = document.currentScript, site = script && script.getAttribute('data-site');
  if (!site || navigator.globalPrivacyControl) return;
  var base = script.src.replace(/\/t\.js(\?.*)?$/, ''), key = 'fb_aid', aid = null;
  function id() {
    return window.crypto && crypto.randomUUID ? crypto.randomUUID()
      : Date.now().toString(16) + '-' + Math.random().toString(16).slice(2, 14);
  }
  try { aid = localStorage.getItem(key); } catch (e) { /* storage blocked */ }
  if (!aid) { var m = document.cookie.match(/(?:^|; )fb_aid=([A-Za-z0-9-]{8,64})/); aid = m && m[1]; }
  if (!aid) aid = id();
  try { localStorage.setItem(key, aid); } catch (e) { /* storage blocked */ }
  document.cookie = key + '=' + aid + '; path=/; max-age=63072000; SameSite=Lax'
    + (location.protocol === 'https:' ? '; Secure' : '');
  var url = new URL(location.href), link = url.searchParams.get('fb_t');
  if (link) {
    url.searchParams.delete('fb_t');
    try { history.replaceState(history.state, '', url.toString()); } catch (e) { /* keep the address */ }
  }
  function send() {
    var body = JSON.stringify({ site: site, aid: aid, eid: id(), url: url.toString(), title: document.title,
      referrer: document.referrer || null, link: link });
    link = null;
    if (navigator.sendBeacon && navigator.sendBeacon(base + '/t/collect', new Blob([body], { type: 'text/plain' }))) return;
    fetch(base + '/t/collect', { method: 'POST', body: body, keepalive: true, mode: 'no-cors',
      headers: { 'Content-Type': 'text/plain' } });
  }
  send();
  window.footbridge = { page: function () { url = new URL(location.href); send(); } };
})();
