// ActionBridge web console: talks to the JSON API of the same bundle and follows its event stream.
// Plain JavaScript, no build step. Data from the server is only ever put into the page as text.
'use strict';
(function () {
  // from the origin, never from location.href: a page opened as http://user:pass@host/ must not
  // put credentials into request URLs (fetch refuses them); the browser resends its cached login
  const API = location.origin + '/actionbridge/api/';
  const MAX_LOG = 200;
  const things = new Map();   // id -> thing JSON
  const cards = new Map();    // id -> card element
  let mayWrite = false;
  let stream = null;

  const $ = (selector, root) => (root || document).querySelector(selector);
  const $$ = (selector, root) => Array.from((root || document).querySelectorAll(selector));

  // ---- HTTP ---------------------------------------------------------------------------------------

  async function api(path, options) {
    let response;
    try {
      response = await fetch(API + path, Object.assign({ credentials: 'same-origin', headers: { Accept: 'application/json' } }, options || {}));
    } catch (e) {
      throw new Error('ActionBridge cannot be reached (' + e.message + ')');
    }
    const text = await response.text();
    let body = null;
    try { body = text ? JSON.parse(text) : null; } catch (e) { body = null; }
    if (!response.ok && !(body && typeof body.ok === 'boolean')) {
      const error = new Error(body && body.message ? body.message : response.status + ' ' + response.statusText);
      error.status = response.status;
      throw error;
    }
    return body;
  }

  function post(path, object) {
    return api(path, {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: object === undefined ? '' : JSON.stringify(object)
    });
  }

  // ---- errors -------------------------------------------------------------------------------------

  function showError(message) {
    const box = document.createElement('div');
    box.className = 'error';
    const text = document.createElement('span');
    text.textContent = message;
    const close = document.createElement('button');
    close.type = 'button';
    close.setAttribute('aria-label', 'Dismiss');
    close.textContent = '×';
    close.addEventListener('click', () => box.remove());
    box.append(text, close);
    const errors = $('#errors');
    errors.prepend(box);
    while (errors.children.length > 4) errors.lastElementChild.remove();
    setTimeout(() => box.remove(), 15000);
  }

  // ---- things -------------------------------------------------------------------------------------

  async function loadThings() {
    try {
      const list = await api('things');
      const seen = new Set();
      for (const thing of list) {
        seen.add(thing.id);
        things.set(thing.id, thing);
        render(thing);
      }
      for (const id of Array.from(things.keys())) {
        if (!seen.has(id)) {
          things.delete(id);
          const card = cards.get(id);
          if (card) card.remove();
          cards.delete(id);
        }
      }
      $('#empty').hidden = list.length > 0;
    } catch (e) {
      showError('Could not load the phones: ' + e.message);
    }
  }

  function onOff(value) { return value === 'ON'; }

  function render(thing) {
    let card = cards.get(thing.id);
    if (!card) {
      card = createCard(thing.id);
      cards.set(thing.id, card);
      const sorted = Array.from(cards.keys()).sort();
      const next = sorted[sorted.indexOf(thing.id) + 1];
      $('#cards').insertBefore(card, next ? cards.get(next) : null);
    }
    const s = thing.states || {};
    $('.label', card).textContent = thing.label || thing.id;
    $('.thing-id', card).textContent = thing.id;
    $('.thing-type', card).textContent = thing.type;
    $('.address', card).textContent = thing.ipAddress || thing.host || 'no address';
    const status = $('.status', card);
    status.textContent = thing.status;
    status.className = 'status badge ' + thing.status;
    const message = $('.status-message', card);
    message.textContent = thing.statusMessage || '';
    message.hidden = !thing.statusMessage;

    const callState = s['call-state'] || 'IDLE';
    const stateEl = $('.call-state', card);
    stateEl.textContent = callState;
    stateEl.className = 'call-state ' + callState;
    const number = s['remote-number'] || '';
    const name = s['remote-name'] || '';
    const inCall = callState !== 'IDLE';
    const arrow = s['call-direction'] === 'INCOMING' ? '← ' : s['call-direction'] === 'OUTGOING' ? '→ ' : '';
    $('.remote', card).textContent = inCall && (number || name) ? arrow + (name && name !== number ? name + ' (' + number + ')' : number || name) : '';

    chip(card, 'registration', s.registration ? 'SIP ' + s.registration.toLowerCase() : '', s.registration === 'FAILED' ? 'alert' : '');
    // a state the phone has not reported yet is shown as unknown, never as a guess
    chip(card, 'dnd', !s.dnd ? 'DND unknown' : onOff(s.dnd) ? 'Do not disturb' : 'DND off', onOff(s.dnd) ? 'on' : '');
    chip(card, 'mute', onOff(s.mute) ? 'Muted' : '', 'on');
    chip(card, 'hold', onOff(s.hold) ? 'On hold' : '', 'on');
    chip(card, 'door', thing.type === 'intercom' ? 'Door ' + (s.door || 'unknown').toLowerCase() : '', s.door === 'OPEN' ? 'on' : '');
    chip(card, 'missed-calls', s['missed-calls'] && s['missed-calls'] !== '0' ? s['missed-calls'] + ' missed' : '', 'alert');

    // the buttons that matter now stand out: answer while ringing, hang up during a call
    $('[data-command="answer"]', card).classList.toggle('good', callState === 'RINGING');
    $('[data-command="hangup"]', card).classList.toggle('bad', inCall);
    pressed(card, 'dnd', onOff(s.dnd));
    pressed(card, 'mute', onOff(s.mute));
    pressed(card, 'hold', onOff(s.hold) || callState === 'HELD');
    for (const button of $$('[data-command]', card)) {
      const supported = (thing.commands || []).includes(button.dataset.command);
      button.hidden = !supported;
      button.disabled = !mayWrite || button.classList.contains('busy');
      button.title = mayWrite ? '' : 'Needs the admin role';
    }
    for (const control of $$('.dial button, .dial input, .keys button, .keys input', card)) {
      control.disabled = !mayWrite;
    }

    const body = $('.states tbody', card);
    body.replaceChildren();
    for (const [channel, value] of Object.entries(s)) {
      const row = document.createElement('tr');
      const th = document.createElement('th');
      th.textContent = channel;
      const td = document.createElement('td');
      td.textContent = value;
      row.append(th, td);
      body.append(row);
    }
  }

  function chip(card, name, text, cls) {
    const el = $('[data-chip="' + name + '"]', card);
    el.textContent = text;
    el.className = text ? cls || '' : '';
  }

  function pressed(card, command, value) {
    const button = $('[data-command="' + command + '"]', card);
    if (button) button.setAttribute('aria-pressed', value ? 'true' : 'false');
  }

  function createCard(id) {
    const card = $('#card-template').content.firstElementChild.cloneNode(true);
    card.dataset.thing = id;
    for (const button of $$('[data-command]', card)) {
      button.addEventListener('click', () => onCommandButton(id, button));
    }
    const dial = $('.dial', card);
    const number = $('input[name="number"]', dial);
    for (const key of $$('[data-key]', dial)) {
      key.addEventListener('click', () => { number.value += key.dataset.key; number.focus(); });
    }
    $('[data-role="backspace"]', dial).addEventListener('click', () => { number.value = number.value.slice(0, -1); });
    dial.addEventListener('submit', (event) => {
      event.preventDefault();
      if (!number.value.trim()) { showError('Type a number to dial.'); return; }
      command(id, 'dial', number.value.trim(), card);
    });
    $('[data-role="press-digits"]', dial).addEventListener('click', () => {
      if (!number.value.trim()) { showError('Type the digits to press.'); return; }
      command(id, 'key', number.value.trim().split('').join(';'), card);
    });
    const keys = $('.keys', card);
    keys.addEventListener('submit', (event) => {
      event.preventDefault();
      const value = $('input', keys).value.trim();
      if (!value) { showError('Type a key sequence such as SPEAKER;0000;ENTER.'); return; }
      command(id, 'key', value, card);
    });
    $('[data-role="load-urls"]', card).addEventListener('click', () => loadActionUrls(id, card));
    return card;
  }

  function onCommandButton(id, button) {
    const thing = things.get(id) || { states: {} };
    const name = button.dataset.command;
    let value = '';
    if (name === 'dnd') value = onOff(thing.states.dnd) ? 'OFF' : 'ON';
    if (name === 'mute' || name === 'hold') value = 'TOGGLE';
    if (name === 'open-door') {
      const code = window.prompt('Door code for ' + (thing.label || id) + ':');
      if (code === null) return;
      if (!code.trim()) { showError('Opening the door needs its code.'); return; }
      value = code.trim();
    }
    command(id, name, value, button.closest('.card'), button);
  }

  async function command(id, name, value, card, button) {
    const out = $('.result', card);
    if (button) { button.classList.add('busy'); button.disabled = true; }
    out.className = 'result';
    out.textContent = name + '…';
    try {
      const result = await post('things/' + encodeURIComponent(id) + '/commands', { command: name, value: value });
      const shown = name === 'open-door' ? 'open-door' : name + (value && value !== 'TOGGLE' ? ' ' + value : '');
      if (result.ok) {
        out.textContent = shown + ': done' + (result.transport ? ' (' + result.transport + ', ' + result.durationMs + ' ms)' : '');
      } else {
        out.className = 'result fail';
        out.textContent = shown + ' failed: ' + (result.message || result.error);
        showError((things.get(id) || {}).label + ': ' + name + ' failed — ' + (result.message || result.error));
      }
    } catch (e) {
      out.className = 'result fail';
      out.textContent = name + ' failed: ' + e.message;
      showError(name + ' failed: ' + e.message);
    } finally {
      if (button) { button.classList.remove('busy'); button.disabled = !mayWrite; }
    }
  }

  async function loadActionUrls(id, card) {
    const list = $('.url-list', card);
    try {
      const data = await api('things/' + encodeURIComponent(id) + '/action-urls');
      list.replaceChildren();
      for (const line of data.lines) {
        const item = document.createElement('li');
        const label = document.createElement('span');
        label.className = 'event';
        label.textContent = line.label;
        const code = document.createElement('code');
        code.textContent = line.url;
        const copyButton = document.createElement('button');
        copyButton.type = 'button';
        copyButton.className = 'btn';
        copyButton.textContent = 'Copy';
        copyButton.addEventListener('click', () => copy(line.url, copyButton));
        item.append(label, code, copyButton);
        list.append(item);
      }
    } catch (e) {
      showError('Could not load the Action URLs: ' + e.message);
    }
  }

  async function copy(text, button) {
    try {
      if (navigator.clipboard && window.isSecureContext) {
        await navigator.clipboard.writeText(text);
      } else {
        // plain http on a LAN address is no secure context: the old way still works there
        const area = document.createElement('textarea');
        area.value = text;
        area.setAttribute('readonly', '');
        area.style.position = 'fixed';
        area.style.opacity = '0';
        document.body.append(area);
        area.select();
        const ok = document.execCommand('copy');
        area.remove();
        if (!ok) throw new Error('the browser refused');
      }
      button.textContent = 'Copied';
      setTimeout(() => { button.textContent = 'Copy'; }, 1500);
    } catch (e) {
      showError('Could not copy: ' + e.message + '. Select the URL and copy it by hand.');
    }
  }

  // ---- event log ----------------------------------------------------------------------------------

  function log(thingId, text, failed) {
    const list = $('#log');
    const item = document.createElement('li');
    const time = document.createElement('time');
    const now = new Date();
    time.dateTime = now.toISOString();
    time.textContent = now.toLocaleTimeString();
    const who = document.createElement('span');
    who.className = 'who';
    who.textContent = thingId || '—';
    const what = document.createElement('span');
    what.className = 'what' + (failed ? ' fail' : '');
    what.textContent = text;
    item.append(time, who, what);
    list.prepend(item);
    while (list.children.length > MAX_LOG) list.lastElementChild.remove();
    $('#log-empty').hidden = true;
  }

  function describeVars(vars) {
    const parts = [];
    const number = vars.remote_number || vars.remote;
    if (number) parts.push(number);
    if (vars.remote_displayname || vars.display_remote) parts.push(vars.remote_displayname || vars.display_remote);
    if (vars.duration) parts.push(vars.duration + ' s');
    return parts.length ? ' (' + parts.join(', ') + ')' : '';
  }

  // ---- live updates -------------------------------------------------------------------------------

  function setLive(on, text) {
    const live = $('#live');
    live.textContent = text || (on ? 'live' : 'reconnecting…');
    live.className = 'live ' + (on ? 'on' : 'off');
  }

  function connect() {
    if (stream) stream.close();
    stream = new EventSource(API + 'events');
    stream.addEventListener('open', () => {
      setLive(true);
      loadThings(); // whatever changed while the stream was down
    });
    stream.addEventListener('error', () => {
      if (stream.readyState === EventSource.CLOSED) {
        setLive(false, 'offline');
        setTimeout(connect, 5000);
      } else {
        setLive(false);
      }
    });
    stream.addEventListener('state', (event) => {
      const data = JSON.parse(event.data);
      const thing = things.get(data.thing);
      if (!thing) return;
      thing.states = thing.states || {};
      thing.states[data.channel] = data.value;
      render(thing);
    });
    stream.addEventListener('status', (event) => {
      const data = JSON.parse(event.data);
      const thing = things.get(data.thing);
      if (thing) {
        thing.status = data.status;
        thing.statusDetail = data.detail;
        thing.statusMessage = data.message;
        render(thing);
      }
      log(data.thing, 'status ' + data.status + (data.message ? ': ' + data.message : ''), data.status === 'OFFLINE');
    });
    stream.addEventListener('trigger', (event) => {
      const data = JSON.parse(event.data);
      log(data.thing, data.event + describeVars(data.vars || {}));
    });
    stream.addEventListener('result', (event) => {
      const data = JSON.parse(event.data);
      const what = 'command ' + data.command + (data.command === 'open-door' || !data.value ? '' : ' ' + data.value);
      log(data.thing, what + (data.ok ? ' ok' : ' failed: ' + (data.message || data.error)) + (data.source ? ' [' + data.source + ']' : ''), !data.ok);
    });
    stream.addEventListener('thing', (event) => {
      const data = JSON.parse(event.data);
      log(data.thing, 'thing ' + data.change.toLowerCase());
      loadThings();
      loadInbox();
    });
  }

  // ---- discovery inbox ----------------------------------------------------------------------------

  async function loadInbox() {
    const box = $('#inbox');
    let entries;
    try {
      entries = await api('inbox');
    } catch (e) {
      box.replaceChildren(paragraph('The inbox is not available: ' + e.message));
      return;
    }
    box.replaceChildren();
    if (!entries.length) {
      box.append(paragraph('No unknown phones have called. Phones that send Action URLs with the right token but have no configuration appear here.'));
      return;
    }
    for (const entry of entries) {
      const item = document.createElement('div');
      item.className = 'inbox-entry';
      const title = document.createElement('strong');
      title.textContent = (entry.mac ? formatMac(entry.mac) : entry.ip) + (entry.model ? ' · ' + entry.model : '');
      const info = document.createElement('div');
      info.className = 'muted';
      info.textContent = 'from ' + entry.ip + ', last ' + entry.lastEvent + ' at ' + new Date(entry.lastSeen).toLocaleString()
        + ' (' + entry.requests + ' requests)';
      const form = document.createElement('form');
      const input = document.createElement('input');
      input.placeholder = 'thing id (optional)';
      input.setAttribute('aria-label', 'Thing id for ' + entry.key);
      input.maxLength = 64;
      const button = document.createElement('button');
      button.type = 'submit';
      button.className = 'btn good';
      button.textContent = 'Approve';
      button.disabled = !mayWrite;
      form.append(input, button);
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        try {
          const result = await post('inbox/' + encodeURIComponent(entry.key) + '/approve', input.value.trim() ? { id: input.value.trim() } : undefined);
          log(result.id, 'approved from the inbox');
          loadInbox();
          loadThings();
        } catch (e) {
          showError('Approve failed: ' + e.message);
        }
      });
      item.append(title, info, form);
      box.append(item);
    }
  }

  function formatMac(mac) {
    return mac.match(/.{1,2}/g).join(':');
  }

  function paragraph(text) {
    const p = document.createElement('p');
    p.className = 'muted';
    p.textContent = text;
    return p;
  }

  // ---- start --------------------------------------------------------------------------------------

  async function start() {
    $('#clear-log').addEventListener('click', () => { $('#log').replaceChildren(); $('#log-empty').hidden = false; });
    $('#refresh-inbox').addEventListener('click', loadInbox);
    try {
      const me = await api('me');
      mayWrite = me.mayWrite;
      $('#user').textContent = me.user + (mayWrite ? '' : ' (read only)');
    } catch (e) {
      showError('Not logged in: ' + e.message + '. Reload the page to log in again.');
      setLive(false, 'logged out');
      return;
    }
    await loadThings();
    loadInbox();
    connect();
    setInterval(loadInbox, 30000);
  }

  start();
}());
