// Rewind's dashboard. Every text that comes from the API reaches the page through textContent (the el() helper
// below), never as HTML. The token lives in this tab's sessionStorage and leaves only in an Authorization header;
// the event stream is read with fetch for that reason (EventSource cannot send a header, and a token in its URL
// would be logged).
(function () {
  'use strict';

  var TOKEN_KEY = 'rewind.token';
  var LIVE = ['running', 'pausing', 'paused', 'awaiting_approval'];
  var STATUS_TEXT = {
    running: 'running', pausing: 'pausing after this step', paused: 'paused', awaiting_approval: 'awaiting approval', success: 'success',
    success_unverified: 'rolled back, unverified', failed: 'failed', escalated: 'escalated', aborted: 'aborted', dry_run: 'dry run'
  };
  var METRIC_TEXT = {
    error_rate: ['Error rate', '%'], p50_latency_ms: ['p50 latency', 'ms'], p95_latency_ms: ['p95 latency', 'ms'],
    p99_latency_ms: ['p99 latency', 'ms'], memory_usage_percent: ['Memory', '%'], cpu_usage_percent: ['CPU', '%'],
    request_rate: ['Request rate', 'req/s'], db_connection_errors: ['DB connection errors', ''], health_check_failures: ['Health check failures', '']
  };
  var MARKER_COLOR = { deploy: '#3b5bdb', detection: '#e8590c', rollback: '#7048e8', restored: '#0c8599', recovery: '#2f9e44' };

  var state = {
    token: null, who: null, offsetMs: 0, streamCtrl: null, retryMs: 1000, timers: {},
    rollbacks: [], progress: {}, incidents: [], releases: [], selected: null, charts: [], confirm: null, busy: {},
    asked: {}
  };

  /**
   * A numbered request of one kind: answers can arrive out of order under load, and an older answer must never draw
   * over a newer one (a list of one rollback over the list of two).
   */
  function ask(kind) {
    var n = (state.asked[kind] || 0) + 1;
    state.asked[kind] = n;
    return function () { return state.asked[kind] === n; };
  }

  // ---- DOM helpers: text only ----

  function el(tag, attrs) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        var v = attrs[k];
        if (v === null || v === undefined || v === false) return;
        if (k === 'text') node.textContent = String(v);
        else if (k === 'className') node.className = v;
        else if (k === 'onclick') node.addEventListener('click', v);
        else if (k === 'oninput') node.addEventListener('input', v);
        else node.setAttribute(k, v === true ? '' : String(v));
      });
    }
    for (var i = 2; i < arguments.length; i++) append(node, arguments[i]);
    return node;
  }

  function append(node, child) {
    if (child === null || child === undefined || child === false) return;
    if (Array.isArray(child)) { child.forEach(function (c) { append(node, c); }); return; }
    node.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }

  function $(id) { return document.getElementById(id); }

  function replace(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    for (var i = 1; i < arguments.length; i++) append(node, arguments[i]);
  }

  // ---- time: the server's, so a page on a skewed clock (or a test's manual clock) shows the right elapsed time ----

  function serverNow() { return Date.now() + state.offsetMs; }

  function learnTime(iso) {
    var t = Date.parse(iso);
    if (!isNaN(t)) state.offsetMs = t - Date.now();
  }

  function duration(sec) {
    if (sec === null || sec === undefined) return '–';
    sec = Math.max(0, Math.round(sec));
    if (sec < 60) return sec + 's';
    if (sec < 3600) return Math.floor(sec / 60) + 'm ' + (sec % 60 ? (sec % 60) + 's' : '').trim();
    return Math.floor(sec / 3600) + 'h ' + Math.floor((sec % 3600) / 60) + 'm';
  }

  function utc(iso) {
    if (!iso) return '–';
    var d = new Date(iso);
    if (isNaN(d)) return '–';
    return d.toISOString().replace('T', ' ').slice(0, 19);
  }

  function pct(v) { return v === null || v === undefined ? '–' : v + '%'; }

  // ---- the API ----

  function api(method, path, body) {
    var opts = { method: method, headers: { Authorization: 'Bearer ' + state.token, Accept: 'application/json' }, cache: 'no-store' };
    if (body !== undefined) {
      opts.headers['Content-Type'] = 'application/json';
      opts.body = JSON.stringify(body);
    }
    return fetch(path, opts).then(function (res) {
      return res.text().then(function (text) {
        var json = null;
        try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
        if (res.status === 401) { signOut('The token was refused; sign in again.'); throw new Error('unauthorized'); }
        if (!res.ok) {
          var msg = json && json.error && json.error.message ? json.error.message : 'HTTP ' + res.status;
          throw new Error(msg);
        }
        return json;
      });
    });
  }

  // ---- sign in / out ----

  function showSignIn(message) {
    $('dashboard').hidden = true;
    $('sign-in').hidden = false;
    $('who').hidden = true;
    $('sign-out').hidden = true;
    var err = $('sign-in-error');
    err.hidden = !message;
    err.textContent = message || '';
    $('token-input').focus();
  }

  function signOut(message) {
    sessionStorage.removeItem(TOKEN_KEY);
    state.token = null;
    state.who = null;
    if (state.streamCtrl) state.streamCtrl.abort();
    state.streamCtrl = null;
    setStream('offline');
    clearPage();
    showSignIn(message);
  }

  /** Nothing one person saw stays on the page for the next one. */
  function clearPage() {
    destroyCharts();
    state.rollbacks = []; state.progress = {}; state.incidents = []; state.releases = []; state.selected = null; state.confirm = null;
    ['tiles', 'live-rollbacks', 'incidents', 'charts', 'legend', 'release-meta', 'causes', 'insights', 'savings', 'release-select'].forEach(function (id) { replace($(id)); });
    document.querySelectorAll('#history tbody, #by-service tbody').forEach(function (n) { replace(n); });
    document.body.removeAttribute('data-role');
  }

  function start(token) {
    state.token = token;
    return api('GET', '/api/v1/whoami').then(function (who) {
      sessionStorage.setItem(TOKEN_KEY, token);
      state.who = who;
      learnTime(who.now);
      $('sign-in').hidden = true;
      $('dashboard').hidden = false;
      document.body.setAttribute('data-role', who.role);
      var badge = $('who');
      replace(badge, el('span', { className: 'who-name', text: who.name }), el('span', { className: 'role role-' + who.role, text: who.role }));
      badge.hidden = false;
      $('sign-out').hidden = false;
      refreshAll();
      connect();
    });
  }

  // ---- the event stream, read with fetch so the token rides in a header ----

  function setStream(s) {
    var pill = $('stream-state');
    pill.textContent = s;
    pill.className = 'pill ' + (s === 'live' ? 'pill-live' : s === 'offline' ? 'pill-off' : 'pill-wait');
    document.body.setAttribute('data-stream', s);
  }

  function connect() {
    if (!state.token) return;
    var ctrl = new AbortController();
    state.streamCtrl = ctrl;
    setStream('connecting');
    fetch('/api/v1/events', { headers: { Authorization: 'Bearer ' + state.token, Accept: 'text/event-stream' }, cache: 'no-store', signal: ctrl.signal })
      .then(function (res) {
        if (res.status === 401) { signOut('The token was refused; sign in again.'); return null; }
        if (!res.ok || !res.body) throw new Error('HTTP ' + res.status);
        state.retryMs = 1000;
        setStream('live');
        refreshAll(); // whatever happened while the stream was down
        return read(res.body.getReader(), new TextDecoder());
      })
      .catch(function () { /* reconnect below */ })
      .then(function () {
        if (ctrl.signal.aborted || !state.token) return;
        setStream('reconnecting');
        setTimeout(connect, state.retryMs);
        state.retryMs = Math.min(state.retryMs * 2, 15000);
      });
  }

  function read(reader, decoder) {
    var buffer = '';
    function pump() {
      return reader.read().then(function (chunk) {
        if (chunk.done) return;
        buffer += decoder.decode(chunk.value, { stream: true }).replace(/\r\n/g, '\n');
        var end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          frame(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
        return pump();
      });
    }
    return pump();
  }

  function frame(text) {
    var type = 'message', data = [];
    text.split('\n').forEach(function (line) {
      if (!line || line.charAt(0) === ':') return;
      var colon = line.indexOf(':');
      var field = colon < 0 ? line : line.slice(0, colon);
      var value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') type = value;
      else if (field === 'data') data.push(value);
    });
    if (!data.length) return;
    var body;
    try { body = JSON.parse(data.join('\n')); } catch (e) { return; }
    onEvent(type, body);
  }

  function onEvent(type, body) {
    if (body && body.at) learnTime(body.at);
    document.body.setAttribute('data-last-event', type);
    if (type === 'check') {
      if (state.selected && body.environment === state.selected.environment && body.version === state.selected.version) later('chart', 5000, loadChart);
      return;
    }
    if (type === 'hello') return;
    later('live', 150, refreshLive);
    if (type === 'rollback' || type === 'incident' || type === 'release' || type === 'stable' || type === 'traffic') {
      later('history', 600, refreshHistory);
      later('releases', 600, refreshReleases);
      if (state.selected) later('chart', 1500, loadChart);
    }
  }

  /** Runs fn once after ms, however many events ask for it meanwhile. */
  function later(key, ms, fn) {
    if (state.timers[key]) return;
    state.timers[key] = setTimeout(function () { state.timers[key] = null; fn(); }, ms);
  }

  // ---- loading ----

  function refreshAll() {
    refreshLive();
    refreshHistory();
    refreshReleases();
  }

  function refreshLive() {
    if (!state.token) return;
    var latest = ask('live');
    Promise.all([api('GET', '/api/v1/rollbacks?limit=100'), api('GET', '/api/v1/incidents?status=open&limit=50')]).then(function (r) {
      if (!latest()) return;
      state.rollbacks = r[0].rollbacks || [];
      state.incidents = r[1].incidents || [];
      var live = state.rollbacks.filter(function (x) { return LIVE.indexOf(x.status) >= 0; });
      return Promise.all(live.map(function (x) {
        return api('GET', '/api/v1/rollbacks/' + encodeURIComponent(x.id) + '/progress').then(function (p) {
          state.progress[x.id] = p;
          learnTime(p.now);
        }).catch(function () { /* drawn without progress */ });
      })).then(function () { if (latest()) { renderLive(); renderIncidents(); renderHistoryTable(); } });
    }).catch(function (e) { if (e.message !== 'unauthorized') toast('Could not load rollbacks: ' + e.message); });
  }

  function refreshHistory() {
    if (!state.token) return;
    var latest = ask('history');
    Promise.all([api('GET', '/api/v1/stats'), api('GET', '/api/v1/insights')]).then(function (r) {
      if (!latest()) return;
      renderTiles(r[0]);
      renderCauses(r[0], r[1]);
      renderServices(r[0]);
    }).catch(function (e) { if (e.message !== 'unauthorized') toast('Could not load statistics: ' + e.message); });
  }

  function refreshReleases() {
    if (!state.token) return;
    var latest = ask('releases');
    api('GET', '/api/v1/releases?limit=50').then(function (r) {
      if (!latest()) return;
      state.releases = (r.releases || []).filter(function (x) { return x.previous; })
        .sort(function (a, b) { return Date.parse(b.deployed_at) - Date.parse(a.deployed_at); });
      renderReleaseSelect();
    }).catch(function () { /* shown on the next event */ });
  }

  // ---- tiles ----

  function tile(label, value, sub, tone) {
    return el('div', { className: 'tile' + (tone ? ' tile-' + tone : '') },
      el('div', { className: 'tile-label', text: label }),
      el('div', { className: 'tile-value', text: value }),
      el('div', { className: 'tile-sub', text: sub || '' }));
  }

  function renderTiles(s) {
    $('window-label').textContent = 'last ' + s.window_days + ' days';
    replace($('tiles'),
      tile('Deployments', s.deployments, 'last ' + s.window_days + ' days'),
      tile('Auto-rollbacks', s.auto_rollbacks, s.auto_rollback_percent === null ? '' : pct(s.auto_rollback_percent) + ' of deploys'),
      tile('Manual rollbacks', s.manual_rollbacks, s.manual_rollback_percent === null ? '' : pct(s.manual_rollback_percent) + ' of deploys'),
      tile('Success rate', pct(s.success_rate_percent), 'deploys kept', s.success_rate_percent !== null && s.success_rate_percent < 90 ? 'warn' : null),
      tile('Avg rollback time', duration(s.average_rollback_sec), 'vs ' + duration(s.manual_rollback_estimate_sec) + ' by hand'),
      tile('Time saved', duration(s.time_saved_sec), s.time_saved_per_rollback_sec === null ? '' : duration(s.time_saved_per_rollback_sec) + ' per rollback', 'good'),
      tile('SLA compliance', pct(s.sla_compliance_percent), s.sla_measured + ' measured',
        s.sla_compliance_percent !== null && s.sla_compliance_percent < 100 ? 'warn' : null));
  }

  // ---- live rollbacks ----

  function renderLive() {
    var live = state.rollbacks.filter(function (x) { return LIVE.indexOf(x.status) >= 0; });
    $('live-count').textContent = live.length;
    var box = $('live-rollbacks');
    if (!live.length) { replace(box, el('p', { className: 'empty', text: 'No rollback is running or waiting for approval.' })); return; }
    var typing = document.activeElement && document.activeElement.closest && document.activeElement.closest('.confirm');
    replace(box, live.map(rollbackCard));
    if (typing && state.confirm) { // an event redrew the cards while someone typed a reason: keep their place
      var input = box.querySelector('.confirm input');
      if (input) { input.focus(); input.setSelectionRange(input.value.length, input.value.length); }
    }
    tick();
  }

  function rollbackCard(r) {
    var p = state.progress[r.id] || {};
    var card = el('article', { className: 'rb rb-' + r.status, 'data-rollback-id': r.id, 'data-status': r.status },
      el('div', { className: 'rb-head' },
        el('div', {},
          el('div', { className: 'rb-title' }, el('strong', { text: r.service }), ' ', el('span', { className: 'muted', text: r.environment })),
          el('div', { className: 'rb-versions' }, el('code', { text: r.from || '?' }), ' → ', el('code', { text: r.to || '?' }))),
        badge(r.status)),
      el('div', { className: 'rb-reason', text: r.reason || r.trigger || '' }),
      r.status === 'awaiting_approval' ? approvalLine(r, p) : slaLine(r, p),
      phases(p),
      actions(r),
      el('div', { className: 'rb-foot' },
        el('span', { className: 'muted small', text: r.id }),
        el('button', { className: 'link', type: 'button', text: 'Charts', onclick: function () { selectRelease(r.environment, r.from); } })));
    return card;
  }

  function badge(status) {
    return el('span', { className: 'badge badge-' + status, 'data-badge': status, text: STATUS_TEXT[status] || status });
  }

  function approvalLine(r, p) {
    var expires = r.approval && r.approval.expires_at;
    return el('div', { className: 'sla' },
      el('div', { className: 'sla-text' }, el('span', { text: 'Waiting for a decision' }),
        el('span', { className: 'tick muted', 'data-expires': expires || '', text: '' })),
      el('div', { className: 'bar' }, el('div', { className: 'bar-fill bar-wait', 'data-expires': expires || '', 'data-requested': (r.approval && r.approval.requested_at) || '' })));
  }

  function slaLine(r, p) {
    var since = p.acting_since || r.started_at;
    return el('div', { className: 'sla' },
      el('div', { className: 'sla-text' },
        el('span', { className: 'tick', 'data-since': since || '', 'data-sla': p.sla_sec || '', text: '' }),
        el('span', { className: 'muted', text: 'SLA ' + duration(p.sla_sec) + (p.sla_source === 'default' ? ' (default)' : '') })),
      el('div', { className: 'bar' }, el('div', { className: 'bar-fill', 'data-since': since || '', 'data-sla': p.sla_sec || '' })));
  }

  function phases(p) {
    if (!p.phases || !p.phases.length) return null;
    var done = p.steps_done || 0, total = p.steps_total || 0;
    return el('div', { className: 'phases' },
      el('div', { className: 'phase-count muted small', text: done + ' of ' + total + ' steps done' }),
      el('ol', { className: 'phase-list' }, p.phases.map(function (ph) {
        return el('li', { className: 'phase phase-' + ph.state, title: ph.steps.map(function (s) { return s.description + ': ' + s.state; }).join('\n') },
          el('span', { className: 'phase-dot' }), el('span', { text: ph.name }));
      })));
  }

  function actions(r) {
    if (!state.who || !state.who.may_operate) {
      return el('div', { className: 'actions readonly muted small', text: 'Read-only: your role (' + (state.who ? state.who.role : '') + ') cannot act.' });
    }
    if (state.confirm && state.confirm.id === r.id) return confirmBox(r);
    var buttons = [];
    if (r.status === 'awaiting_approval') {
      buttons.push(button('approve', 'Approve', 'btn-primary', r), button('deny', 'Deny', 'btn-secondary', r));
    } else if (r.status === 'running') {
      buttons.push(button('pause', 'Pause', 'btn-secondary', r));
    } else if (r.status === 'paused' || r.status === 'pausing') {
      buttons.push(button('resume', 'Resume', 'btn-primary', r));
    }
    buttons.push(button('abort', 'Abort', 'btn-danger', r));
    return el('div', { className: 'actions' }, buttons);
  }

  function button(action, label, style, r) {
    return el('button', {
      className: 'btn ' + style, type: 'button', 'data-action': action, disabled: !!state.busy[r.id], text: label,
      onclick: function () {
        if (action === 'pause' || action === 'resume') { act(r, action, null); return; }
        state.confirm = { id: r.id, action: action, reason: '' };
        renderLive();
        var input = document.querySelector('[data-rollback-id="' + CSS.escape(r.id) + '"] .confirm input');
        if (input) input.focus();
      }
    });
  }

  function confirmBox(r) {
    var c = state.confirm;
    var verb = { approve: 'Approve the rollback', deny: 'Deny the rollback', abort: 'Abort the rollback' }[c.action];
    return el('div', { className: 'confirm' },
      el('label', { text: verb + ' — reason (goes into the audit trail)' }),
      el('input', { type: 'text', maxlength: '2000', value: c.reason, placeholder: 'optional', oninput: function (e) { c.reason = e.target.value; } }),
      el('div', { className: 'actions' },
        el('button', { className: 'btn ' + (c.action === 'approve' ? 'btn-primary' : 'btn-danger'), type: 'button', 'data-confirm': c.action,
          text: 'Confirm ' + c.action, onclick: function () { state.confirm = null; act(r, c.action, c.reason); } }),
        el('button', { className: 'btn btn-ghost', type: 'button', text: 'Cancel', onclick: function () { state.confirm = null; renderLive(); } })));
  }

  function act(r, action, reason) {
    state.busy[r.id] = true;
    renderLive();
    var body = reason ? { reason: reason } : {};
    api('POST', '/api/v1/rollbacks/' + encodeURIComponent(r.id) + '/' + action, body)
      .then(function () { toast(action + ': ' + r.service + ' ' + r.from + ' → ' + r.to + ' requested'); })
      .catch(function (e) { if (e.message !== 'unauthorized') toast(action + ' failed: ' + e.message, true); })
      .then(function () { delete state.busy[r.id]; refreshLive(); later('history', 300, refreshHistory); });
  }

  /** Elapsed time against the SLA, and approval countdowns, every second on the server's clock. */
  function tick() {
    var now = serverNow();
    document.querySelectorAll('[data-since]').forEach(function (node) {
      var since = Date.parse(node.getAttribute('data-since'));
      var sla = Number(node.getAttribute('data-sla'));
      if (isNaN(since)) return;
      var sec = (now - since) / 1000;
      if (node.classList.contains('bar-fill')) {
        var share = sla ? Math.min(1, sec / sla) : 0;
        node.style.width = (share * 100).toFixed(1) + '%';
        node.classList.toggle('bar-late', !!sla && sec > sla);
        node.classList.toggle('bar-close', !!sla && sec > 0.8 * sla && sec <= sla);
      } else {
        node.textContent = duration(sec) + ' elapsed' + (sla && sec > sla ? ' — over SLA' : '');
      }
    });
    document.querySelectorAll('[data-expires]').forEach(function (node) {
      var exp = Date.parse(node.getAttribute('data-expires'));
      if (isNaN(exp)) return;
      var left = (exp - now) / 1000;
      if (node.classList.contains('bar-fill')) {
        var req = Date.parse(node.getAttribute('data-requested'));
        var whole = isNaN(req) ? 0 : (exp - req) / 1000;
        node.style.width = (whole > 0 ? Math.max(0, Math.min(1, 1 - left / whole)) * 100 : 0).toFixed(1) + '%';
      } else {
        node.textContent = left > 0 ? 'expires in ' + duration(left) : 'approval time is up';
      }
    });
  }

  // ---- incidents ----

  function renderIncidents() {
    $('incident-count').textContent = state.incidents.length;
    var box = $('incidents');
    if (!state.incidents.length) { replace(box, el('p', { className: 'empty', text: 'No open incident.' })); return; }
    replace(box, state.incidents.map(function (i) {
      var f = (i.findings || [])[0] || {};
      var rb = i.rollback_id ? state.rollbacks.find(function (x) { return x.id === i.rollback_id; }) : null;
      return el('article', { className: 'incident', 'data-incident-id': i.id },
        el('div', { className: 'rb-head' },
          el('div', {}, el('div', { className: 'rb-title' }, el('strong', { text: i.service }), ' ', el('span', { className: 'muted', text: i.environment }),
            ' ', el('code', { text: i.version })),
            el('div', { className: 'muted small', text: 'opened ' + utc(i.opened_at) + ' UTC · ' + (i.findings || []).length + ' finding(s)' })),
          el('span', { className: 'badge badge-decision', text: (i.decision || '').replace(/_/g, ' ') })),
        f.trigger ? el('div', { className: 'finding' },
          el('span', { className: 'sev sev-' + (f.severity || 'info'), text: f.severity || '' }), ' ',
          el('span', { text: (f.reason || f.trigger) })) : null,
        el('div', { className: 'rb-foot' }, el('span', { className: 'muted small' }, i.id, rb ? ' · rollback ' : '', rb ? badge(rb.status) : null),
          el('button', { className: 'link', type: 'button', text: 'Charts', onclick: function () { selectRelease(i.environment, i.version); } })));
    }));
  }

  // ---- history ----

  function renderHistoryTable() {
    var body = document.querySelector('#history tbody');
    var rows = state.rollbacks.slice(0, 25);
    if (!rows.length) { replace(body, el('tr', {}, el('td', { colspan: '8', className: 'empty', text: 'No rollback yet.' }))); return; }
    replace(body, rows.map(function (r) {
      var p = state.progress[r.id];
      var secs = r.finished_at && r.started_at ? (Date.parse(r.finished_at) - Date.parse((r.approval && r.approval.decided_at) || r.started_at)) / 1000 : null;
      var sla = p ? p.sla_sec : null;
      return el('tr', { 'data-rollback-id': r.id, 'data-status': r.status },
        el('td', { text: utc(r.started_at) }),
        el('td', {}, el('strong', { text: r.service }), ' ', el('span', { className: 'muted', text: r.environment })),
        el('td', {}, el('code', { text: r.from || '?' }), ' → ', el('code', { text: r.to || '?' })),
        el('td', { text: r.trigger === 'manual' ? 'manual' : (r.trigger || '') }),
        el('td', {}, badge(r.status)),
        el('td', { className: 'num', text: secs === null || secs < 0 ? '–' : duration(secs) }),
        el('td', { text: secs === null || !sla ? '' : secs <= sla ? 'met' : 'missed', className: secs !== null && sla && secs > sla ? 'late' : '' }),
        el('td', {}, el('button', { className: 'link', type: 'button', text: 'Charts', onclick: function () { selectRelease(r.environment, r.from); } })));
    }));
  }

  function renderCauses(stats, insights) {
    var causes = insights.rollback_causes || {};
    var keys = Object.keys(causes);
    var max = keys.reduce(function (m, k) { return Math.max(m, causes[k]); }, 0);
    replace($('causes'), keys.length ? keys.map(function (k) {
      return el('div', { className: 'cause', 'data-cause': k },
        el('span', { className: 'cause-name', text: k.replace(/_/g, ' ') }),
        el('span', { className: 'cause-bar' }, el('span', { className: 'cause-fill cause-' + k, 'data-share': causes[k] / max })),
        el('span', { className: 'cause-count', text: causes[k] }));
    }) : el('p', { className: 'empty', text: 'No rollback in this window.' }));
    document.querySelectorAll('.cause-fill').forEach(function (n) { n.style.width = (Number(n.getAttribute('data-share')) * 100) + '%'; });
    var list = insights.insights || [];
    replace($('insights'), list.length ? list.map(function (t) { return el('li', { text: t }); }) : el('li', { className: 'empty', text: 'Nothing to learn yet.' }));
  }

  function renderServices(s) {
    var body = document.querySelector('#by-service tbody');
    var rows = s.by_service || [];
    replace(body, rows.length ? rows.map(function (f) {
      return el('tr', {}, el('td', {}, el('strong', { text: f.service })), el('td', { className: 'num', text: f.deployments }),
        el('td', { className: 'num', text: f.rollbacks }), el('td', { className: 'num', text: pct(f.rollback_percent) }),
        el('td', { className: 'num', text: duration(f.average_rollback_sec) }), el('td', { className: 'num', text: pct(f.sla_compliance_percent) }));
    }) : el('tr', {}, el('td', { colspan: '6', className: 'empty', text: 'No deploy in this window.' })));
    replace($('savings'),
      el('div', {}, el('span', { className: 'muted', text: 'Downtime with auto-rollback ' }), el('strong', { text: duration(s.downtime_sec) }),
        el('span', { className: 'muted', text: ' · estimated without ' }), el('strong', { text: duration(s.downtime_without_auto_rollback_estimate_sec) }),
        s.downtime_reduction_percent === null ? null : el('span', { className: 'good', text: ' · ' + s.downtime_reduction_percent + '% less' })),
      el('div', { className: 'muted small', text: 'Estimates from seed 001: 25 min per rollback by hand, 55 min of downtime per bad deploy without auto-rollback.' }));
  }

  // ---- charts ----

  function renderReleaseSelect() {
    var select = $('release-select');
    var keep = state.selected;
    replace(select, state.releases.length ? state.releases.map(function (r) {
      var key = r.environment + '\u0000' + r.version;
      // a canary (below 100% of the traffic) is checked against its control: said in the picker
      var canary = r.traffic_percent < 100 ? ', canary ' + r.traffic_percent + '%' : '';
      return el('option', { value: key, text: r.service + ' ' + r.version + ' (' + r.environment + ', ' + r.status.replace(/_/g, ' ') + canary + ')' });
    }) : el('option', { value: '', text: 'no release registered yet' }));
    if (!state.releases.length) { state.selected = null; replace($('charts'), el('p', { className: 'empty', text: 'Register a release to see its metrics here.' })); return; }
    if (!keep || !state.releases.some(function (r) { return r.environment === keep.environment && r.version === keep.version; })) {
      // the release something is happening to, else the last one rolled back, else the newest
      var busy = state.incidents.map(function (i) { return i.environment + '\u0000' + i.version; });
      var pick = state.releases.find(function (r) { return busy.indexOf(r.environment + '\u0000' + r.version) >= 0; })
        || state.releases.find(function (r) { return r.status === 'rolled_back'; }) || state.releases[0];
      state.selected = { environment: pick.environment, version: pick.version };
      select.value = pick.environment + '\u0000' + pick.version;
      loadChart();
    } else {
      select.value = keep.environment + '\u0000' + keep.version;
    }
  }

  function selectRelease(environment, version) {
    if (!environment || !version) return;
    state.selected = { environment: environment, version: version };
    $('release-select').value = environment + '\u0000' + version;
    loadChart();
    $('charts').scrollIntoView({ behavior: 'smooth', block: 'start' });
  }

  function loadChart() {
    var sel = state.selected;
    if (!sel || !state.token) return;
    var latest = ask('chart');
    api('GET', '/api/v1/releases/series?environment=' + encodeURIComponent(sel.environment) + '&version=' + encodeURIComponent(sel.version))
      .then(function (s) { if (state.selected === sel && latest()) drawCharts(s); })
      .catch(function (e) { if (e.message !== 'unauthorized') replace($('charts'), el('p', { className: 'empty', text: 'Metrics could not be loaded: ' + e.message })); });
  }

  function destroyCharts() {
    state.charts.forEach(function (c) { c.destroy(); });
    state.charts = [];
  }

  function drawCharts(s) {
    destroyCharts();
    replace($('release-meta'),
      el('strong', { text: s.service + ' ' + s.version }), ' ', el('span', { className: 'muted', text: 'against ' + (s.previous || 'no baseline') + ' · ' + s.environment + ' · times in UTC' }),
      ' ', el('span', { className: 'badge badge-plain', text: (s.status || '').replace(/_/g, ' ') }),
      s.rollback_id ? el('span', { className: 'muted small', text: ' · rollback ' + s.rollback_id }) : null);
    replace($('legend'),
      el('span', { className: 'key key-series', text: 'what users saw' }), el('span', { className: 'key key-baseline', text: 'baseline (' + (s.previous || '–') + ')' }),
      el('span', { className: 'key key-threshold', text: 'trigger threshold' }),
      (s.markers || []).map(function (m) { return el('span', { className: 'key key-marker key-' + m.kind, text: m.label + ' ' + utc(m.at).slice(11) }); }));
    var box = $('charts');
    if (!s.metrics || !s.metrics.length) { replace(box, el('p', { className: 'empty', text: s.note || 'No samples for this release yet.' })); return; }
    replace(box);
    if (typeof uPlot === 'undefined') { replace(box, el('p', { className: 'empty', text: 'The chart library did not load.' })); return; }
    var markers = (s.markers || []).map(function (m) { return { kind: m.kind, label: m.label, x: Date.parse(m.at) / 1000 }; });
    var xmin = Date.parse(s.from) / 1000, xmax = Date.parse(s.to) / 1000;
    // the metrics whose trigger fired first: they tell the story; the rest show what stayed normal
    var ordered = s.metrics.slice().sort(function (a, b) { return (b.fired ? 1 : 0) - (a.fired ? 1 : 0); });
    ordered.forEach(function (m) {
      var text = METRIC_TEXT[m.metric] || [m.metric, ''];
      var holder = el('div', { className: 'chart', 'data-metric': m.metric },
        el('div', { className: 'chart-title' }, el('span', { text: text[0] }), el('span', { className: 'muted small', text: text[1] ? ' (' + text[1] + ')' : '' }),
          m.baseline === null || m.baseline === undefined ? null : el('span', { className: 'muted small', text: ' · baseline ' + round(m.baseline) }),
          m.fired ? el('span', { className: 'fired', text: 'fired' }) : null));
      box.appendChild(holder);
      var xs = m.points.map(function (p) { return p[0]; });
      var ys = m.points.map(function (p) { return p[1]; });
      var data = [xs, ys, xs.map(function () { return m.baseline === undefined ? null : m.baseline; }),
        xs.map(function () { return m.threshold === undefined ? null : m.threshold; })];
      var width = Math.max(280, holder.clientWidth - 16);
      var chart = new uPlot({
        width: width, height: 190, legend: { show: false }, cursor: { drag: { x: false, y: false } },
        tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'); },
        scales: { x: { time: true, min: xmin, max: xmax }, y: { range: function (u, lo, hi) { return [Math.min(0, lo), hi > 0 ? hi * 1.15 : 1]; } } },
        axes: [{ stroke: '#64748b', grid: { stroke: '#eef1f5' }, ticks: { stroke: '#e2e8f0' }, values: hhmm },
          { stroke: '#64748b', grid: { stroke: '#eef1f5' }, ticks: { stroke: '#e2e8f0' }, size: 52 }],
        series: [{}, { label: text[0], stroke: '#3b5bdb', width: 2, fill: 'rgba(59,91,219,0.08)', points: { show: false } },
          { label: 'baseline', stroke: '#94a3b8', width: 1.5, dash: [6, 4], points: { show: false } },
          { label: 'threshold', stroke: '#e03131', width: 1, dash: [3, 3], points: { show: false } }],
        plugins: [markerPlugin(markers)]
      }, data, holder);
      state.charts.push(chart);
    });
  }

  /** Time axis labels in UTC, like every other time on the page. */
  function hhmm(u, splits) {
    return splits.map(function (x) { return new Date(x * 1000).toISOString().slice(11, 16); });
  }

  function round(v) { return Math.abs(v) >= 100 ? Math.round(v) : Math.round(v * 100) / 100; }

  /** Vertical lines for deploy, detection, rollback and recovery, drawn on the canvas. */
  function markerPlugin(markers) {
    return {
      hooks: {
        draw: [function (u) {
          var ctx = u.ctx;
          ctx.save();
          markers.forEach(function (m, i) {
            if (m.x < u.scales.x.min || m.x > u.scales.x.max) return;
            var x = Math.round(u.valToPos(m.x, 'x', true));
            ctx.strokeStyle = MARKER_COLOR[m.kind] || '#334155';
            ctx.lineWidth = 1.5 * devicePixelRatio;
            ctx.setLineDash([]);
            ctx.beginPath();
            ctx.moveTo(x, u.bbox.top);
            ctx.lineTo(x, u.bbox.top + u.bbox.height);
            ctx.stroke();
            ctx.fillStyle = MARKER_COLOR[m.kind] || '#334155';
            ctx.font = (10 * devicePixelRatio) + 'px system-ui, sans-serif';
            ctx.fillText(m.kind, x + 3 * devicePixelRatio, u.bbox.top + (10 + (i % 3) * 11) * devicePixelRatio);
          });
          ctx.restore();
        }]
      }
    };
  }

  // ---- toast ----

  function toast(text, bad) {
    var t = $('toast');
    t.textContent = text;
    t.className = 'toast' + (bad ? ' toast-bad' : '');
    t.hidden = false;
    clearTimeout(state.timers.toast);
    state.timers.toast = setTimeout(function () { t.hidden = true; }, 6000);
  }

  // ---- start ----

  document.addEventListener('DOMContentLoaded', function () {
    $('sign-in-form').addEventListener('submit', function (e) {
      e.preventDefault();
      var token = $('token-input').value.trim();
      if (!token) return;
      $('sign-in-button').disabled = true;
      start(token).then(function () { $('token-input').value = ''; }).catch(function (err) {
        sessionStorage.removeItem(TOKEN_KEY);
        state.token = null;
        showSignIn(err.message === 'unauthorized' ? 'That token was refused.' : 'Could not reach the server: ' + err.message);
      }).then(function () { $('sign-in-button').disabled = false; });
    });
    $('sign-out').addEventListener('click', function () { signOut(''); });
    $('release-select').addEventListener('change', function (e) {
      var parts = e.target.value.split('\u0000');
      if (parts.length === 2) { state.selected = { environment: parts[0], version: parts[1] }; loadChart(); }
    });
    setInterval(tick, 1000);
    var saved = sessionStorage.getItem(TOKEN_KEY);
    if (saved) start(saved).catch(function () { showSignIn(''); });
    else showSignIn('');
  });
})();
