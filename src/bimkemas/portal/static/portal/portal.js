/* Bimkemas client portal: service worker, offline queue of check-ins, photo downscale, location.
   Without JavaScript the check-in form posts normally; with it the form goes to the JSON API with an
   idempotency key made when the form opens, and waits on the phone while there is no signal. */
(function () {
  'use strict';
  var body = document.body;
  var T = (document.getElementById('t') || {dataset: {}}).dataset;
  var API = body.dataset.api || '/api/v1/portal/';
  var CLIENT = body.dataset.client || '';
  var QKEY = 'bimkemas.queue';
  var sentNow = {};
  var needLogin = false;

  function $(id) { return document.getElementById(id); }
  function show(el, on) { if (el) el.hidden = !on; }

  if ('serviceWorker' in navigator && body.dataset.sw) {
    navigator.serviceWorker.register(body.dataset.sw, {scope: body.dataset.scope}).then(function () {
      if (CLIENT) {
        navigator.serviceWorker.ready.then(function (reg) { if (reg.active) reg.active.postMessage('warm'); });
      }
    }).catch(function () {});
  }
  var logout = $('logout');
  if (logout) {
    logout.addEventListener('submit', function () {
      var sw = navigator.serviceWorker && navigator.serviceWorker.controller;
      if (sw) sw.postMessage('forget');  // a shared phone keeps no copy of the client's pages
    });
  }

  function uuid4() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }
  function csrf() {
    var m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : '';
  }
  function load() { try { return JSON.parse(localStorage.getItem(QKEY)) || []; } catch (e) { return []; } }
  function save(q) { try { localStorage.setItem(QKEY, JSON.stringify(q)); return true; } catch (e) { return false; } }
  function update(key, change) {
    save(load().map(function (i) { return i.key === key ? Object.assign(i, change) : i; }));
  }
  function drop(key) { save(load().filter(function (i) { return i.key !== key; })); }

  function post(data) {
    return fetch(API + 'checkins', {
      method: 'POST', credentials: 'same-origin',
      headers: {'Content-Type': 'application/json', 'X-CSRFToken': csrf()},
      body: JSON.stringify(data)
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (d) { return {status: r.status, data: d}; });
    });
  }

  // --- the queue on this phone ------------------------------------------------------------------------
  function when(iso) {
    try { return new Date(iso).toLocaleString(document.documentElement.lang, {dateStyle: 'medium', timeStyle: 'short'}); }
    catch (e) { return iso; }
  }
  function render() {
    var list = $('queue');
    if (!list) return;
    var mine = load().filter(function (i) { return i.client === CLIENT; });
    var rows = mine.map(function (i) { return {key: i.key, made: i.body.client_time, state: i.state, detail: i.detail}; });
    Object.keys(sentNow).forEach(function (k) { rows.push({key: k, made: sentNow[k], state: 'sent'}); });
    list.textContent = '';
    rows.forEach(function (r) {
      var li = document.createElement('li');
      li.className = 'q-' + r.state;
      li.setAttribute('data-key', r.key);
      var tag = document.createElement('span');
      tag.className = 'tag';
      tag.textContent = r.state === 'sent' ? T.sent : r.state === 'refused' ? T.refused : T.waiting;
      li.appendChild(document.createTextNode((T.made || '') + ' ' + when(r.made) + ' '));
      li.appendChild(tag);
      if (r.detail) li.appendChild(document.createTextNode(' ' + r.detail));
      list.appendChild(li);
    });
    if (needLogin) {
      var li = document.createElement('li');
      li.textContent = T.relogin;
      list.appendChild(li);
    }
    show($('queue-box'), rows.length > 0);
    // A refusal is shown once, then forgotten.
    mine.forEach(function (i) { if (i.state === 'refused' && i.shown) drop(i.key); else if (i.state === 'refused') update(i.key, {shown: true}); });
  }

  var flushing = false;
  function flush() {
    if (flushing || !CLIENT || !navigator.onLine) return Promise.resolve();
    var pending = load().filter(function (i) { return i.client === CLIENT && i.state === 'waiting'; });
    if (!pending.length) return Promise.resolve();
    flushing = true;
    return pending.reduce(function (p, item) {
      return p.then(function () {
        return post(item.body).then(function (res) {
          if (res.status === 200 || res.status === 201) { drop(item.key); sentNow[item.key] = item.body.client_time; needLogin = false; }
          else if (res.status === 400 || res.status === 422) update(item.key, {state: 'refused', detail: res.data.detail || ''});
          else if (res.status === 401 || res.status === 403) needLogin = true;
        }, function () { /* still no signal: it stays queued */ });
      });
    }, Promise.resolve()).then(function () { flushing = false; render(); }, function () { flushing = false; render(); });
  }
  function enqueue(data) {
    var q = load();
    if (!q.some(function (i) { return i.key === data.key; })) q.push({key: data.key, client: CLIENT, body: data, state: 'waiting'});
    if (!save(q) && data.photo) {  // storage full: keep the report, drop the photo
      data.photo = null;
      q[q.length - 1].body = data;
      save(q);
    }
    render();
  }

  function online(on) { show($('offline'), !on); if (on) flush(); }
  window.addEventListener('online', function () { online(true); });
  window.addEventListener('offline', function () { online(false); });
  if (!navigator.onLine) show($('offline'), true);
  setInterval(flush, 30000);
  render();
  flush();

  // --- the check-in form ------------------------------------------------------------------------------
  var form = $('checkin');
  if (!form) return;
  form.key.value = uuid4();  // a new key each time the form opens (the page may come from the offline cache)
  var photoData = null;
  var photoWork = Promise.resolve();

  function choice(name) { var c = form.querySelector('input[name="' + name + '"]:checked'); return c ? c.value : ''; }
  function yn(v) { return v === 'yes' ? true : v === 'no' ? false : null; }
  function toggle() {
    show($('f-new_address'), choice('address_same') === 'no');
    show($('f-workplace'), choice('working') === 'yes');
  }
  form.addEventListener('change', toggle);
  toggle();

  if (navigator.geolocation) {
    show($('f-location'), true);
    $('locate').addEventListener('click', function () {
      var status = $('location-status');
      status.textContent = T.locating;
      navigator.geolocation.getCurrentPosition(function (pos) {
        form.latitude.value = pos.coords.latitude.toFixed(6);
        form.longitude.value = pos.coords.longitude.toFixed(6);
        status.textContent = T.located;
      }, function () { status.textContent = T.noLocation; },
      {enableHighAccuracy: false, timeout: 15000, maximumAge: 600000});
    });
  }

  function downscale(file) {
    return new Promise(function (resolve, reject) {
      var url = URL.createObjectURL(file);
      var img = new Image();
      img.onload = function () {
        var max = 1280, q = 0.8, data = '';
        for (var i = 0; i < 8; i++) {
          var s = Math.min(1, max / Math.max(img.naturalWidth, img.naturalHeight));
          var c = document.createElement('canvas');
          c.width = Math.max(1, Math.round(img.naturalWidth * s));
          c.height = Math.max(1, Math.round(img.naturalHeight * s));
          c.getContext('2d').drawImage(img, 0, 0, c.width, c.height);
          data = c.toDataURL('image/jpeg', q);
          if (data.length * 0.75 <= 200 * 1024) break;  // at most 200 KB on the wire
          max = Math.round(max * 0.75); q = Math.max(0.5, q - 0.1);
        }
        URL.revokeObjectURL(url);
        resolve(data);
      };
      img.onerror = function () { URL.revokeObjectURL(url); reject(new Error('image')); };
      img.src = url;
    });
  }
  form.photo.addEventListener('change', function () {
    var file = form.photo.files[0];
    photoData = null;
    $('err-photo').textContent = '';
    show($('preview'), false);
    if (!file) return;
    photoWork = downscale(file).then(function (data) {
      photoData = data;
      $('preview').src = data;
      show($('preview'), true);
    }, function () { $('err-photo').textContent = T.photoFail; form.photo.value = ''; });
  });

  function clearErrors() {
    Array.prototype.forEach.call(form.querySelectorAll('.err'), function (e) { e.textContent = ''; });
  }
  function showErrors(errors) {
    var first = null;
    Object.keys(errors || {}).forEach(function (field) {
      var box = $('err-' + field) || $('err-form');
      box.textContent = (box.textContent ? box.textContent + ' ' : '') + [].concat(errors[field]).join(' ');
      first = first || box;
    });
    if (first) { first.scrollIntoView({block: 'center'}); var f = first.closest('fieldset,.field'); var input = f && f.querySelector('input,textarea'); if (input) input.focus(); }
  }
  function precheck(data) {
    var e = {};
    if (data.address_same === null) e.address_same = T.needAddressSame;
    else if (data.address_same === false && !data.new_address.trim()) e.new_address = T.needNewAddress;
    if (data.working === null) e.working = T.needWorking;
    else if (data.working && !data.workplace.trim()) e.workplace = T.needWorkplace;
    return e;
  }
  function finish(message) {
    $('result').textContent = message;
    show(form, false);
    show($('again'), true);
    render();
  }

  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    clearErrors();
    var send = $('send');
    send.disabled = true;
    photoWork.then(function () {
      var data = {
        key: form.key.value,
        client_time: new Date().toISOString(),
        address_same: yn(choice('address_same')),
        new_address: form.new_address.value,
        working: yn(choice('working')),
        workplace: form.workplace.value,
        problem: form.problem.value,
        latitude: form.latitude.value || null,
        longitude: form.longitude.value || null,
        photo: photoData
      };
      var errors = precheck(data);
      if (Object.keys(errors).length) { showErrors(errors); send.disabled = false; return; }
      if (!navigator.onLine) { enqueue(data); finish(T.queuedOk); return; }
      $('result').textContent = T.sending;
      return post(data).then(function (res) {
        if (res.status === 200 || res.status === 201) { sentNow[data.key] = data.client_time; finish(T.sentOk); }
        else if (res.status === 400 || res.status === 422) {
          $('result').textContent = '';
          showErrors(res.data.errors && Object.keys(res.data.errors).length ? res.data.errors : {form: res.data.detail});
          send.disabled = false;
        } else {
          if (res.status === 401 || res.status === 403) needLogin = true;
          enqueue(data);
          finish(res.status >= 500 ? T.serverError : T.queuedOk);
        }
      }, function () { enqueue(data); finish(T.queuedOk); });
    });
  });
})();
