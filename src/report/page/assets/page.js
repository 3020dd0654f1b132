// The live verdict page. Plain browser JavaScript, no build step and no dependency: it polls
// exchanges?after=N once a second and renders with textContent only (message text is untrusted).
'use strict';
(function () {
  const list = document.getElementById('exchanges');
  const empty = document.getElementById('empty');
  const status = document.getElementById('status');
  const detail = document.getElementById('detail');
  let last = 0;
  let selected = 0;

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function verdictClass(c) {
    return c === null ? 'not-judged' : c ? 'conformant' : 'not-conformant';
  }
  function verdictWord(c) {
    return c === null ? 'not judged' : c ? 'conformant' : 'not conformant';
  }

  function item(x) {
    const li = el('li', 'new');
    li.dataset.id = String(x.id);
    li.dataset.conformant = String(x.conformant);
    li.setAttribute('role', 'button');
    li.tabIndex = 0;
    li.append(el('span', 'badge ' + verdictClass(x.conformant), verdictWord(x.conformant)), ' ');
    li.append(el('span', 'status', String(x.status)), ' ', el('span', 'method', x.method), ' ', el('span', 'path', x.path));
    li.append(el('div', 'summary', x.summary));
    li.append(el('div', 'time', x.time));
    li.addEventListener('click', () => open(x.id));
    li.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') open(x.id);
    });
    return li;
  }

  async function poll() {
    try {
      const r = await fetch('exchanges?after=' + last, { cache: 'no-store' });
      if (!r.ok) throw new Error('HTTP ' + r.status);
      const xs = await r.json();
      // Newest first from the server; insert oldest first at the top so the order holds.
      for (const x of xs.slice().reverse()) {
        list.prepend(item(x));
        last = Math.max(last, x.id);
      }
      while (list.children.length > 200) list.lastElementChild.remove();
      empty.hidden = list.children.length > 0;
      status.textContent = 'live: updated ' + new Date().toLocaleTimeString();
    } catch (e) {
      status.textContent = 'not connected (' + e.message + '); retrying';
    }
    setTimeout(poll, 1000);
  }

  function renderBody(m) {
    const box = el('div', 'body');
    box.setAttribute('aria-label', m.label + ' body');
    const lines = m.body.split('\n');
    const marks = new Map();
    const violations = (m.verdict && m.verdict.violations) || [];
    violations.forEach((v, i) => {
      if (!v.mark) return;
      if (!marks.has(v.mark.line)) marks.set(v.mark.line, []);
      marks.get(v.mark.line).push({ v, i });
    });
    lines.forEach((text, n) => {
      const lineNo = n + 1;
      const row = el('div', 'line');
      row.dataset.line = String(lineNo);
      row.append(el('span', 'no', String(lineNo)));
      const code = el('span', 'code');
      const here = (marks.get(lineNo) || []).slice().sort((a, b) => a.v.mark.column - b.v.mark.column);
      let at = 0;
      for (const { v, i } of here) {
        const col = Math.min(v.mark.column - 1, text.length);
        if (col < at) continue; // two violations at one place: the first mark carries both notes
        code.append(text.slice(at, col));
        const span = el('mark', 'mark ' + v.severity, text.slice(col, col + 1) || ' ');
        span.id = m.label + '-v' + i;
        span.dataset.rule = v.rule;
        span.dataset.line = String(v.mark.line);
        span.dataset.column = String(v.mark.column);
        span.title = v.rule + ': ' + v.message;
        code.append(span);
        at = col + 1;
      }
      code.append(text.slice(at));
      row.append(code);
      if (here.length) {
        row.classList.add('has-mark');
        for (const { v } of here) row.append(el('div', 'mark-note ' + v.severity, '▲ ' + v.rule + ' (col ' + v.mark.column + '): ' + v.message));
      }
      box.append(row);
    });
    return box;
  }

  function renderViolations(m, ruleInfo) {
    const ol = el('ol', 'violations');
    m.verdict.violations.forEach((v, i) => {
      const li = el('li', v.severity);
      li.dataset.rule = v.rule;
      const where = v.line !== null ? ' at line ' + v.line + ', column ' + v.column : '';
      li.append(el('span', 'rule', v.rule + ' (' + v.severity + ')'), ' ', el('span', 'message', v.message + where + (v.path ? ' (' + v.path + ')' : '')));
      const info = ruleInfo[v.rule];
      if (info) {
        li.append(el('span', 'statement', info.statement));
        li.append(el('span', 'hint', v.hint || info.hint));
        if (info.consequence) li.append(el('span', 'consequence', info.consequence));
      }
      if (v.mark) {
        const a = el('a', 'goto', 'show in the message');
        a.href = '#' + m.label + '-v' + i;
        li.append(' ', a);
      }
      ol.append(li);
    });
    return ol;
  }

  async function open(id) {
    selected = id;
    for (const li of list.children) li.setAttribute('aria-selected', String(li.dataset.id === String(id)));
    const r = await fetch('exchanges/' + id, { cache: 'no-store' });
    if (selected !== id) return;
    detail.hidden = false;
    detail.replaceChildren();
    if (!r.ok) {
      detail.append(el('p', 'note', 'This exchange is no longer kept (only the most recent ones are).'));
      return;
    }
    const x = await r.json();
    detail.dataset.id = String(id);
    detail.append(el('h2', verdictClass(x.conformant), x.method + ' ' + x.path + ' → ' + x.status + ': ' + verdictWord(x.conformant)));
    detail.append(el('p', 'summary', x.summary));
    for (const m of x.messages) {
      const sec = el('section', 'message');
      sec.dataset.label = m.label;
      sec.append(el('h3', m.verdict ? verdictClass(m.verdict.conformant) : 'not-judged', m.label + ': ' + (m.verdict ? verdictWord(m.verdict.conformant) + (m.verdict.outcome ? ' (' + m.verdict.outcome + ')' : '') : 'not judged')));
      if (m.note) sec.append(el('p', 'note', m.note));
      if (m.verdict && m.verdict.violations.length) sec.append(renderViolations(m, x.ruleInfo));
      sec.append(el('pre', 'head', m.head));
      if (m.omittedBytes === -1) sec.append(el('p', 'note', 'The body is no longer kept (memory bound); the verdict above still stands.'));
      else if (m.body === '') sec.append(el('p', 'note', '(empty body)'));
      else sec.append(renderBody(m));
      if (m.omittedBytes > 0) sec.append(el('p', 'note', m.omittedBytes + ' more characters not shown.'));
      detail.append(sec);
    }
  }

  poll();
})();
