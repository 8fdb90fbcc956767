// The console at /__mock/: a page that shows one world of the mock and steers it. Everything it does is a call
// of the documented control API (openapi/control.openapi.json), so a script can do the same. Preact with htm:
// components without a build step, served by the mock itself (decisions/029).
import { h, render } from './vendor/preact.mjs'
import { useCallback, useEffect, useMemo, useRef, useState } from './vendor/hooks.mjs'
import htm from './vendor/htm.mjs'

const html = htm.bind(h)

const OPERATIONS = JSON.parse(document.getElementById('operations').textContent)
const ROLE_NAMES = { 0: 'USER', 1: 'BILLING', 2: 'WORKSPACES', 254: 'ADMINISTRATORS', 255: 'OWNER' }
const TOKEN_KEY = 'flashback-mock.control-token'
const APP_URL_KEY = 'flashback-mock.app-url'
const SHOWN_USERS = 50
const KEPT_ENTRIES = 500
const WORLDS_EVERY_MS = 5000

const roleName = (role) => (role === null || role === undefined ? 'no organization' : ROLE_NAMES[role] ?? String(role))

/** The world the page opened on: `?world=NAME`, else the world cookie of this browser, else `default`. */
function initialWorld() {
  const fromQuery = new URLSearchParams(location.search).get('world')
  if (fromQuery) return fromQuery
  const cookie = document.cookie.split(';').map((part) => part.trim()).find((part) => part.startsWith('flashback_mock_world='))
  return cookie ? decodeURIComponent(cookie.slice('flashback_mock_world='.length)) : 'default'
}

class ControlError extends Error {
  constructor(status, body) {
    super(body?.message ?? `The control API answered ${status}`)
    this.status = status
    this.body = body
  }
}

const isWorldGone = (error) => error instanceof ControlError && error.status === 404 && /^World ".*" does not exist any more/.test(error.message)

/**
 * The headers of every control call: the world the page shows, and for a named world the request to act only on
 * one that exists (a dropped world is a 404, never made afresh behind the user's back). The control token is
 * sent as a header, never in a URL.
 */
function controlHeaders(world, token) {
  const headers = { 'x-mock-world': world }
  if (world !== 'default') headers['x-mock-existing-world'] = 'true'
  if (token) headers['X-Control-Token'] = token
  return headers
}

async function callControl(world, token, method, path, body) {
  const headers = controlHeaders(world, token)
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  const response = await fetch(`/__mock/${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
  const data = await response.json().catch(() => null)
  if (!response.ok) throw new ControlError(response.status, data)
  return data
}

/** Reads a server-sent event stream from a fetch response, calling `onEvent(name, data)` for each event. */
async function readEvents(response, onEvent) {
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader()
  let buffer = ''
  for (;;) {
    const { value, done } = await reader.read()
    if (done) return
    buffer += value
    let end
    while ((end = buffer.indexOf('\n\n')) !== -1) {
      const block = buffer.slice(0, end)
      buffer = buffer.slice(end + 2)
      const name = /^event: (.*)$/m.exec(block)?.[1]
      const data = /^data: (.*)$/m.exec(block)?.[1]
      if (name !== undefined) onEvent(name, data === undefined ? null : JSON.parse(data))
    }
  }
}

function copy(text, say) {
  navigator.clipboard.writeText(text).then(
    () => say('Copied to the clipboard'),
    () => say('The browser refused the clipboard: select the text and copy it'),
  )
}

function formatOffset(ms) {
  if (ms === 0) return 'real time'
  const sign = ms > 0 ? 'ahead of' : 'behind'
  let left = Math.abs(Math.round(ms / 1000))
  const parts = []
  for (const [unit, size] of [['d', 86400], ['h', 3600], ['m', 60], ['s', 1]]) {
    if (left >= size) parts.push(`${Math.floor(left / size)}${unit}`)
    left %= size
  }
  return `${parts.join(' ') || '0s'} ${sign} real time`
}

function TokenForm({ onToken, refused }) {
  const [value, setValue] = useState('')
  const input = useRef(null)
  useEffect(() => input.current?.focus(), [])
  const submit = (event) => {
    event.preventDefault()
    onToken(value)
  }
  return html`<section class="alert" aria-labelledby="token-title">
    <h2 id="token-title">Control token</h2>
    <p>This server runs with <code>--control-token</code>: give the token to use the console. It is kept in this tab only (sessionStorage) and sent as the <code>X-Control-Token</code> header.</p>
    ${refused && html`<p class="bad" role="alert">The server refused that token.</p>`}
    <form class="row" onSubmit=${submit}>
      <div class="field"><label for="control-token">Control token</label><input id="control-token" ref=${input} type="password" autocomplete="off" value=${value} onInput=${(e) => setValue(e.currentTarget.value)} /></div>
      <button type="submit">Use the token</button>
    </form>
  </section>`
}

function GoneBanner({ world, act, chooseWorld }) {
  const banner = useRef(null)
  useEffect(() => banner.current?.focus(), [])
  return html`<section class="alert" role="alert" tabindex="-1" ref=${banner} aria-labelledby="gone-title">
    <h2 id="gone-title">World "${world}" is gone</h2>
    <p>It does not exist any more: it was dropped (idle past <code>--world-ttl</code>, beyond <code>--max-worlds</code>, or deleted). Nothing was made again behind your back.</p>
    <div class="row">
      <button type="button" onClick=${() => act('POST', 'worlds', { name: world }, `World "${world}" made again from the fixture`, { anyWorld: true })}>Make "${world}" again</button>
      <button type="button" class="plain" onClick=${() => chooseWorld('default')}>Show the default world</button>
    </div>
  </section>`
}

const METHOD_NAMES = { GOOGLE_AUTH: 'TOTP', MAGIC_LINK: 'magic link', PASSKEY: 'passkey' }

/** A user's MFA methods, whether sign-in takes two steps, and the code an authenticator app would show now. */
function MfaCell({ user, call, say }) {
  const { enabledMethods, primaryMethod, twoStepSignIn, totp } = user.mfa
  const showCode = async () => {
    try {
      const { code } = await call('GET', `totp?user=${encodeURIComponent(user.email)}`)
      say(`TOTP code of ${user.email} now: ${code}`)
    } catch (error) {
      say(`Refused: ${error.message}`)
    }
  }
  return html`${enabledMethods.length === 0
      ? html`<span class="muted">none</span>`
      : enabledMethods.map((m) => (m === primaryMethod ? `${METHOD_NAMES[m]} (primary)` : METHOD_NAMES[m])).join(', ')}
    ${twoStepSignIn && html` <span class="tag">two-step sign-in</span>`}
    ${totp && html` <button type="button" class="plain" onClick=${showCode} aria-label=${`Show the TOTP code of ${user.email}`}>Code</button>`}`
}

function WorldPanel({ world, worlds, chooseWorld, users, organizations, act, call, signIn, say }) {
  const [filter, setFilter] = useState('')
  const wanted = filter.trim().toLowerCase()
  const shown = users.filter((u) => !wanted || `${u.name} ${u.lastName} ${u.email}`.toLowerCase().includes(wanted))
  const groups = [...organizations.map((o) => ({ id: o.id, title: o.deletedAt ? `${o.name} (deleted)` : o.name })), { id: null, title: 'No organization' }]
    .map((group) => ({ ...group, users: shown.filter((u) => u.orgId === group.id) }))
    .filter((group) => group.users.length > 0)
  return html`<section class="wide" id="world" aria-labelledby="world-title">
    <h2 id="world-title">World</h2>
    <div class="row">
      ${worlds.length > 1
        ? html`<div class="field"><label for="world-shown">World shown</label><select id="world-shown" value=${world} onChange=${(e) => chooseWorld(e.currentTarget.value)}>
            ${worlds.map((w) => html`<option value=${w.name}>${w.name} (${w.users} users, ${w.requests} requests)</option>`)}
          </select></div>`
        : html`<p>World <strong>${world}</strong>: the only one on this server.</p>`}
      <div class="field"><label for="find-a-user">Find a user</label><input id="find-a-user" type="search" value=${filter} onInput=${(e) => setFilter(e.currentTarget.value)} placeholder="name or e-mail" /></div>
    </div>
    <p class="muted">${organizations.length} organizations, ${users.length} users, ${users.filter((u) => u.deletedAt).length} deleted.</p>
    <div class="scroll">
      ${groups.map(
        (group) => html`<table>
          <caption>${group.title}</caption>
          <thead><tr><th scope="col">Name</th><th scope="col">E-mail</th><th scope="col">Role</th><th scope="col">Status</th><th scope="col">MFA</th><th scope="col">Actions</th></tr></thead>
          <tbody>
            ${group.users.slice(0, SHOWN_USERS).map(
              (u) => html`<tr>
                <td>${u.name} ${u.lastName}</td>
                <td>${u.email}</td>
                <td>${roleName(u.orgRole)}</td>
                <td>${u.deletedAt ? html`<span class="tag bad">deleted</span>` : 'active'}</td>
                <td><${MfaCell} user=${u} call=${call} say=${say} /></td>
                <td class="actions">
                  <button type="button" disabled=${Boolean(u.deletedAt)} onClick=${() => signIn(u)} aria-label=${`Sign in as ${u.email}`}>Sign in</button>${' '}
                  <button type="button" class="plain" onClick=${() => copy(u.token, say)} aria-label=${`Copy the test token of ${u.email}`}>Copy test token</button>${' '}
                  <button type="button" class="plain" onClick=${() => act('POST', 'tokens/expire', { user: u.email }, (r) => `${r.expired} access tokens of ${u.email} expired`)} aria-label=${`Expire the access tokens of ${u.email}`}>Expire tokens</button>
                </td>
              </tr>`,
            )}
          </tbody>
        </table>
        ${group.users.length > SHOWN_USERS && html`<p class="muted">${group.users.length - SHOWN_USERS} more: narrow the search.</p>`}`,
      )}
    </div>
  </section>`
}

/** Where "open the app signed in" goes: the app's URL with the session in its fragment, which no server sees. */
function appLink(appUrl, session, world) {
  const fragment = new URLSearchParams({
    access_token: session.accessToken,
    refresh_token: session.refreshToken,
    expires_at: String(session.expiresAt),
    token_id: session.tokenId,
    email: session.user.email,
    world,
  })
  return `${appUrl}#${fragment}`
}

function SignInPanel({ session, world, say }) {
  const [appUrl, setAppUrl] = useState(() => localStorage.getItem(APP_URL_KEY) ?? 'http://localhost:5173/')
  const keep = (value) => {
    setAppUrl(value)
    localStorage.setItem(APP_URL_KEY, value)
  }
  return html`<section id="sign-in" aria-labelledby="sign-in-title">
    <h2 id="sign-in-title">Sign in as a user</h2>
    ${session
      ? html`<p>Signed in as <strong>${session.user.email}</strong> (${roleName(session.user.orgRole)}); the access token expires at <time>${new Date(session.expiresAt).toISOString()}</time> by the mock's clock.</p>
          <div class="field"><label for="access-token">Access token</label><textarea id="access-token" readonly rows="3" value=${session.accessToken}></textarea></div>
          <div class="row">
            <button type="button" onClick=${() => copy(session.accessToken, say)}>Copy the access token</button>
            <button type="button" class="plain" onClick=${() => copy(session.refreshToken, say)}>Copy the refresh token</button>
          </div>
          <div class="row">
            <div class="field"><label for="app-url">Your app's sign-in path</label><input id="app-url" type="url" value=${appUrl} onInput=${(e) => keep(e.currentTarget.value)} /></div>
            <a href=${appLink(appUrl, session, world)} target="_blank" rel="noopener noreferrer">Open the app signed in</a>
          </div>
          <p class="muted">The app gets <code>#access_token=…&refresh_token=…&expires_at=…&token_id=…&email=…&world=…</code> in its URL's fragment (never sent to a server): read it with <code>new URLSearchParams(location.hash.slice(1))</code>.</p>`
      : html`<p>Choose <strong>Sign in</strong> beside a user in the world: the mock starts a session for that user (no password needed), as <code>POST /user/login</code> would.</p>`}
  </section>`
}

function describeFault(fault) {
  if (fault.kind === 'status') return `answers ${fault.status}`
  if (fault.kind === 'delay') return `waits ${fault.delayMs === 'real' ? 'a realistic time' : `${fault.delayMs} ms`}`
  return fault.kind === 'network-error' ? 'drops the connection' : 'never answers'
}

function FaultsPanel({ faults, act }) {
  const [operationId, setOperationId] = useState('listOrganizationUsers')
  const [kind, setKind] = useState('status')
  const [status, setStatus] = useState('500')
  const [delayMs, setDelayMs] = useState('')
  const [times, setTimes] = useState('')
  const submit = (event) => {
    event.preventDefault()
    const spec = { operationId }
    if (kind === 'status') spec.status = Number(status)
    if (kind === 'network-error') spec.networkError = true
    if (kind === 'no-response') spec.noResponse = true
    if (delayMs !== '') spec.delayMs = delayMs === 'real' ? 'real' : Number(delayMs)
    if (times !== '') spec.times = Number(times)
    act('POST', 'faults', spec, `Fault added for ${operationId}`)
  }
  return html`<section id="faults" aria-labelledby="faults-title">
    <h2 id="faults-title">Faults and delays</h2>
    <form onSubmit=${submit}>
      <div class="row">
        <div class="field"><label for="fault-operation">Operation</label><select id="fault-operation" value=${operationId} onChange=${(e) => setOperationId(e.currentTarget.value)}>
          <option value="*">* every operation</option>
          ${OPERATIONS.map((o) => html`<option value=${o.id}>${o.id} (${o.method} ${o.path})</option>`)}
        </select></div>
        <div class="field"><label for="fault-kind">Fault</label><select id="fault-kind" value=${kind} onChange=${(e) => setKind(e.currentTarget.value)}>
          <option value="status">an error status</option>
          <option value="network-error">a network error</option>
          <option value="no-response">no answer at all</option>
          <option value="delay">only a delay</option>
        </select></div>
        ${kind === 'status' && html`<div class="field"><label for="fault-status">Status</label><input id="fault-status" type="number" min="400" max="599" required value=${status} onInput=${(e) => setStatus(e.currentTarget.value)} /></div>`}
        <div class="field"><label for="fault-delay">Delay (ms or "real")</label><input id="fault-delay" value=${delayMs} inputmode="numeric" placeholder="none" required=${kind === 'delay'} onInput=${(e) => setDelayMs(e.currentTarget.value)} /></div>
        <div class="field"><label for="fault-times">Times</label><input id="fault-times" type="number" min="1" value=${times} placeholder="always" onInput=${(e) => setTimes(e.currentTarget.value)} /></div>
        <button type="submit">Add the fault</button>
      </div>
    </form>
    <p class="hint">React's StrictMode runs every effect twice in development, so a page fetches twice: a fault with <strong>times 1</strong> is spent on the request React throws away, and the page shows the normal answer. Give <strong>times 2</strong> (or leave it empty) to see the fault there.</p>
    ${faults.length === 0
      ? html`<p class="muted">No fault or delay is active.</p>`
      : html`<table>
          <caption>Active, oldest first</caption>
          <thead><tr><th scope="col">Operation</th><th scope="col">What</th><th scope="col">Times left</th><th scope="col"><span class="muted">Remove</span></th></tr></thead>
          <tbody>
            ${faults.map(
              (f) => html`<tr>
                <td>${f.operationId}</td><td>${describeFault(f)}</td><td>${f.timesLeft ?? 'always'}</td>
                <td><button type="button" class="plain" onClick=${() => act('DELETE', `faults/${f.id}`, undefined, `Fault ${f.id} removed`)} aria-label=${`Remove fault ${f.id}: ${f.operationId} ${describeFault(f)}`}>Remove</button></td>
              </tr>`,
            )}
          </tbody>
        </table>
        <button type="button" class="plain" onClick=${() => act('DELETE', 'faults', undefined, 'Every fault and delay cleared')}>Clear every fault</button>`}
  </section>`
}

function ClockPanel({ clock, users, act }) {
  const [advance, setAdvance] = useState('61m')
  const [setTo, setSetTo] = useState('')
  const [user, setUser] = useState('')
  const [, tick] = useState(0)
  useEffect(() => {
    const timer = setInterval(() => tick((n) => n + 1), 1000)
    return () => clearInterval(timer)
  }, [])
  const now = clock ? new Date(Date.now() + clock.offsetMs) : null
  const moved = (r) => `The mock's clock is now ${r.now}`
  const active = users.filter((u) => !u.deletedAt)
  return html`<section id="clock" aria-labelledby="clock-title">
    <h2 id="clock-title">Clock</h2>
    <p>The mock's time: <strong><time>${now ? now.toISOString().replace(/\.\d+Z$/, 'Z') : '…'}</time></strong> <span class="muted">(${clock ? formatOffset(clock.offsetMs) : '…'})</span>. Access tokens from a sign-in expire after an hour of it.</p>
    <form class="row" onSubmit=${(e) => (e.preventDefault(), act('POST', 'clock', { advance }, moved))}>
      <div class="field"><label for="advance-by">Advance by</label><input id="advance-by" value=${advance} required pattern="\\d+(\\.\\d+)?(ms|s|m|h|d)" title="a number with ms, s, m, h or d, e.g. 61m" onInput=${(e) => setAdvance(e.currentTarget.value)} /></div>
      <button type="submit">Advance the clock</button>
    </form>
    <form class="row" onSubmit=${(e) => (e.preventDefault(), act('POST', 'clock', { set: new Date(setTo).toISOString() }, moved))}>
      <div class="field"><label for="clock-set">Set to (your local time)</label><input id="clock-set" type="datetime-local" step="1" required value=${setTo} onInput=${(e) => setSetTo(e.currentTarget.value)} /></div>
      <button type="submit">Set the clock</button>
      <button type="button" class="plain" onClick=${() => act('POST', 'clock', { set: Date.now() }, moved)}>Back to real time</button>
    </form>
    <form class="row" onSubmit=${(e) => (e.preventDefault(), act('POST', 'tokens/expire', user ? { user } : {}, (r) => `${r.expired} access tokens expired`))}>
      <div class="field"><label for="expire-user">Expire the access tokens of</label><select id="expire-user" value=${user} onChange=${(e) => setUser(e.currentTarget.value)}>
        <option value="">every signed-in user</option>
        ${active.slice(0, 500).map((u) => html`<option value=${u.email}>${u.email}</option>`)}
      </select></div>
      <button type="submit">Expire now</button>
    </form>
  </section>`
}

function FixturePanel({ act }) {
  const [fixture, setFixture] = useState('default')
  const [seed, setSeed] = useState('1')
  const load = (event) => {
    event.preventDefault()
    act('POST', 'fixture', { fixture, ...(seed === '' ? {} : { seed: Number(seed) }) }, (r) => r.message)
  }
  return html`<section id="fixture" aria-labelledby="fixture-title">
    <h2 id="fixture-title">Fixture and reset</h2>
    <form class="row" onSubmit=${load}>
      <div class="field"><label for="fixture-name">Fixture</label><select id="fixture-name" value=${fixture} onChange=${(e) => setFixture(e.currentTarget.value)}>
        <option value="default">default</option><option value="empty">empty</option><option value="large">large</option>
      </select></div>
      <div class="field"><label for="seed">Seed</label><input id="seed" type="number" step="1" value=${seed} onInput=${(e) => setSeed(e.currentTarget.value)} /></div>
      <button type="submit">Load the fixture</button>
    </form>
    <p>A reset brings back the fixture's data and real time, and clears faults, sessions (and with them devices) and the journal.</p>
    <button type="button" onClick=${() => act('POST', 'reset', undefined, 'The world is reset to its fixture')}>Reset the world</button>
  </section>`
}

const KIND_NAMES = { verification: 'verification', invitation: 'invitation', 'password-reset': 'password reset', 'magic-link': 'magic link' }

function OutboxPanel({ messages, act, say }) {
  const [to, setTo] = useState('')
  const wanted = to.trim().toLowerCase()
  const shown = messages.filter((m) => wanted === '' || m.to.toLowerCase().includes(wanted)).reverse()
  return html`<section id="outbox" aria-labelledby="outbox-title">
    <h2 id="outbox-title">Outbox</h2>
    <p class="hint">No e-mail leaves the mock: the verification, invitation, password reset and magic-link e-mails the backend would send are kept here, newest first, with the token their link carries.</p>
    <div class="field"><label for="outbox-to">Recipient</label><input id="outbox-to" type="search" value=${to} placeholder="any" onInput=${(e) => setTo(e.currentTarget.value)} /></div>
    ${shown.length === 0
      ? html`<p class="muted">No e-mail${wanted ? ' to this recipient' : ''}.</p>`
      : html`<table>
          <caption>E-mails sent</caption>
          <thead><tr><th scope="col">To</th><th scope="col">Kind</th><th scope="col">Subject</th><th scope="col">Sent</th><th scope="col">Link</th><th scope="col"><span class="muted">Token</span></th></tr></thead>
          <tbody>
            ${shown.map(
              (m) => html`<tr>
                <td>${m.to}</td><td>${KIND_NAMES[m.kind] ?? m.kind}</td><td>${m.subject}</td><td>${m.sentAt}</td>
                <td><a href=${m.link} target="_blank" rel="noopener noreferrer">Open the link</a></td>
                <td><button type="button" class="plain" onClick=${() => copy(m.token, say)} aria-label=${`Copy the token of the ${KIND_NAMES[m.kind] ?? m.kind} e-mail to ${m.to}`}>Copy the token</button></td>
              </tr>`,
            )}
          </tbody>
        </table>`}
    <button type="button" class="plain" onClick=${() => act('DELETE', 'outbox', undefined, 'The outbox is empty (the tokens keep working)')}>Clear the outbox</button>
  </section>`
}

const DEVICE_TYPES = { DESKTOP: 'desktop', MOBILE: 'phone', TABLET: 'tablet' }

function SessionsPanel({ sessions }) {
  return html`<section id="sessions" aria-labelledby="sessions-title">
    <h2 id="sessions-title">Sessions and devices</h2>
    <p class="hint">Every live sign-in of the world, oldest first, with the device it came from: what each user's GET /sessions and GET /devices show. A session started here has no device.</p>
    ${sessions.length === 0
      ? html`<p class="muted">No live session.</p>`
      : html`<div class="scroll" tabindex="0" role="region" aria-label="Live sessions, scrollable"><table>
          <caption>Live sessions</caption>
          <thead><tr><th scope="col">User</th><th scope="col">Device</th><th scope="col">Trusted</th><th scope="col">Signed in by</th><th scope="col">Started</th><th scope="col">Last activity</th><th scope="col">Address</th></tr></thead>
          <tbody>
            ${sessions.map(
              (s) => html`<tr>
                <td>${s.email}</td>
                <td>${s.device ? `${s.device.deviceName} (${DEVICE_TYPES[s.device.deviceType] ?? s.device.deviceType})` : html`<span class="muted">none</span>`}</td>
                <td>${s.device?.isTrusted ? html`<span class="tag good">trusted until ${s.device.trustExpiresAt}</span>` : html`<span class="muted">no</span>`}</td>
                <td>${s.loginMethod}</td><td>${s.startedAt}</td><td>${s.lastActivity}</td><td>${s.ipAddress ?? ''}</td>
              </tr>`,
            )}
          </tbody>
        </table></div>`}
  </section>`
}

function statusClass(status) {
  return status >= 400 ? 'bad' : 'good'
}

function JournalRow({ entry, load }) {
  const [bodies, setBodies] = useState(null)
  const show = async () => setBodies(bodies ? null : await load(entry.seq))
  const caller = entry.caller ? `${entry.caller.email} (${roleName(entry.caller.orgRole)})` : '-'
  return html`<tr>
      <td><time datetime=${entry.at}>${entry.at.slice(11, 19)}</time></td>
      <td><code>${entry.method} ${entry.path}</code></td>
      <td>${entry.operationId ?? html`<span class="muted">no operation</span>`}</td>
      <td><span class=${statusClass(entry.status)}>${entry.status}</span>${entry.violation && html` <span class="tag bad" title="The request broke the contract">violation: ${entry.violation}</span>`}</td>
      <td>${caller}</td>
      <td><button type="button" class="plain" aria-expanded=${bodies ? 'true' : 'false'} onClick=${show} aria-label=${`${bodies ? 'Hide' : 'Show'} the bodies of request ${entry.seq}`}>${bodies ? 'Hide' : 'Body'}</button></td>
    </tr>
    ${bodies &&
    html`<tr><td colspan="6">
      <h3>Request body</h3><pre>${bodies.requestBody ?? '(none)'}</pre>
      <h3>Response body</h3><pre>${bodies.error ?? JSON.stringify(bodies.responseBody, null, 2)}</pre>
    </td></tr>`}`
}

function JournalPanel({ entries, live, call }) {
  const [operation, setOperation] = useState('')
  const [status, setStatus] = useState('')
  const [caller, setCaller] = useState('')
  const operations = useMemo(() => [...new Set(entries.map((e) => e.operationId ?? '(none)'))].sort(), [entries])
  const wantedCaller = caller.trim().toLowerCase()
  const shown = entries
    .filter((e) => !operation || (e.operationId ?? '(none)') === operation)
    .filter((e) => !status || (status === 'violation' ? Boolean(e.violation) : String(e.status)[0] === status[0]))
    .filter((e) => !wantedCaller || (e.caller?.email ?? '-').toLowerCase().includes(wantedCaller))
    .slice()
    .reverse()
  const load = async (seq) => {
    try {
      return await call('GET', `journal/${seq}`)
    } catch (error) {
      return { requestBody: null, error: error.message }
    }
  }
  return html`<section class="wide" id="journal" aria-labelledby="journal-title">
    <h2 id="journal-title">Journal <span class=${`tag ${live ? 'good' : 'bad'}`}>${live ? 'live' : 'not connected'}</span></h2>
    <div class="row">
      <div class="field"><label for="journal-operation">Operation</label><select id="journal-operation" value=${operation} onChange=${(e) => setOperation(e.currentTarget.value)}>
        <option value="">every operation</option>
        ${operations.map((o) => html`<option value=${o}>${o}</option>`)}
      </select></div>
      <div class="field"><label for="journal-status">Status</label><select id="journal-status" value=${status} onChange=${(e) => setStatus(e.currentTarget.value)}>
        <option value="">every status</option><option value="2xx">2xx</option><option value="4xx">4xx</option><option value="5xx">5xx</option><option value="violation">violations</option>
      </select></div>
      <div class="field"><label for="journal-caller">Caller</label><input id="journal-caller" type="search" value=${caller} placeholder="e-mail" onInput=${(e) => setCaller(e.currentTarget.value)} /></div>
      <span class="muted" aria-live="polite">${shown.length} of ${entries.length} requests</span>
    </div>
    <div class="scroll">
      <table>
        <caption>Newest first</caption>
        <thead><tr><th scope="col">Time</th><th scope="col">Request</th><th scope="col">Operation</th><th scope="col">Status</th><th scope="col">Caller</th><th scope="col"><span class="muted">Bodies</span></th></tr></thead>
        <tbody>${shown.map((entry) => html`<${JournalRow} key=${entry.seq} entry=${entry} load=${load} />`)}</tbody>
      </table>
    </div>
  </section>`
}

function App() {
  const [world, setWorld] = useState(initialWorld)
  const [token, setToken] = useState(() => sessionStorage.getItem(TOKEN_KEY) ?? '')
  const [needToken, setNeedToken] = useState(false)
  const [tokenRefused, setTokenRefused] = useState(false)
  const [gone, setGone] = useState(false)
  const [message, setMessage] = useState('')
  const [worlds, setWorlds] = useState([])
  const [users, setUsers] = useState([])
  const [organizations, setOrganizations] = useState([])
  const [faults, setFaults] = useState([])
  const [outbox, setOutbox] = useState([])
  const [sessions, setSessions] = useState([])
  const [clock, setClock] = useState(null)
  const [entries, setEntries] = useState([])
  const [live, setLive] = useState(false)
  const [session, setSession] = useState(null)
  // Bumped by every action and every journal entry: the panels read the world again.
  const [generation, setGeneration] = useState(0)

  const call = useCallback(
    async (method, path, body, options = {}) => {
      try {
        return await callControl(options.anyWorld ? 'default' : world, token, method, path, body)
      } catch (error) {
        if (error instanceof ControlError && error.status === 401) {
          setTokenRefused(Boolean(token))
          setNeedToken(true)
        }
        if (isWorldGone(error)) setGone(true)
        throw error
      }
    },
    [world, token],
  )

  const act = useCallback(
    async (method, path, body, done, options) => {
      try {
        const result = await call(method, path, body, options)
        setMessage(typeof done === 'function' ? done(result) : done)
        if (path === 'worlds') setGone(false)
      } catch (error) {
        setMessage(`Refused: ${error.message}`)
      }
      setGeneration((n) => n + 1)
    },
    [call],
  )

  // The world, its faults and its clock, read again after every change.
  useEffect(() => {
    if (needToken || gone) return
    let current = true
    const reads = ['worlds', 'users', 'organizations', 'faults', 'clock', 'outbox', 'sessions'].map((path) => call('GET', path))
    Promise.all(reads).then(
      ([w, u, o, f, c, m, s]) => {
        if (!current) return
        setWorlds(w.worlds)
        setUsers(u.users)
        setOrganizations(o.organizations)
        setFaults(f.faults)
        setClock(c)
        setOutbox(m.messages)
        setSessions(s.sessions)
      },
      (error) => current && !isWorldGone(error) && error.status !== 401 && setMessage(`Could not read the world: ${error.message}`),
    )
    return () => void (current = false)
  }, [call, generation, needToken, gone])

  // The worlds list, now and then: it touches no world, and tells when the one shown was dropped.
  useEffect(() => {
    if (needToken || gone) return
    const timer = setInterval(async () => {
      try {
        const listed = (await call('GET', 'worlds')).worlds
        setWorlds(listed)
        if (!listed.some((w) => w.name === world)) setGone(true)
      } catch {
        // Said by the next action: the server may be restarting.
      }
    }, WORLDS_EVERY_MS)
    return () => clearInterval(timer)
  }, [call, world, needToken, gone])

  // The journal, live; connected again after a restart of the server.
  useEffect(() => {
    if (needToken || gone) return
    const abort = new AbortController()
    let retry
    let reread
    const connect = async () => {
      try {
        const response = await fetch('/__mock/journal/stream', { headers: controlHeaders(world, token), signal: abort.signal })
        if (!response.ok) {
          const body = await response.json().catch(() => null)
          const error = new ControlError(response.status, body)
          if (response.status === 401) setNeedToken(true)
          if (isWorldGone(error)) return setGone(true)
          throw error
        }
        setLive(true)
        await readEvents(response, (name, data) => {
          if (name === 'cleared') setEntries([])
          if (name === 'entry') setEntries((list) => [...list.slice(1 - KEPT_ENTRIES), data])
          // A request may spend a fault or sign a user in: the panels read the world again, at most twice a second.
          if (!reread) reread = setTimeout(() => ((reread = undefined), setGeneration((n) => n + 1)), 500)
        })
      } catch (error) {
        if (abort.signal.aborted) return
      }
      setLive(false)
      retry = setTimeout(connect, 2000)
    }
    connect()
    return () => {
      abort.abort()
      clearTimeout(retry)
      clearTimeout(reread)
    }
  }, [world, token, needToken, gone])

  const chooseWorld = (name) => {
    const url = new URL(location.href)
    url.searchParams.set('world', name)
    history.replaceState(null, '', url)
    setEntries([])
    setSession(null)
    setGone(false)
    setWorld(name)
  }

  const useToken = (value) => {
    sessionStorage.setItem(TOKEN_KEY, value)
    setToken(value)
    setTokenRefused(false)
    setNeedToken(false)
  }

  const signIn = async (user) => {
    try {
      setSession(await call('POST', 'sessions', { user: user.email }))
      setMessage(`Signed in as ${user.email}`)
      // A new session to list; a control call leaves no journal entry that would say so.
      setGeneration((n) => n + 1)
      document.getElementById('sign-in')?.scrollIntoView()
    } catch (error) {
      setMessage(`Refused: ${error.message}`)
    }
  }

  return html`
    <header>
      <h1>flashback-mock console</h1>
      <nav aria-label="Panels"><ul>
        <li><a href="#world">World</a></li><li><a href="#sign-in">Sign in</a></li><li><a href="#journal">Journal</a></li>
        <li><a href="#faults">Faults</a></li><li><a href="#clock">Clock</a></li><li><a href="#outbox">Outbox</a></li><li><a href="#fixture">Fixture</a></li><li><a href="#sessions">Sessions</a></li>
      </ul></nav>
      <p id="status" role="status" aria-live="polite">${message}</p>
    </header>
    <main id="main" tabindex="-1">
      ${needToken && html`<${TokenForm} onToken=${useToken} refused=${tokenRefused} />`}
      ${gone && html`<${GoneBanner} world=${world} act=${act} chooseWorld=${chooseWorld} />`}
      ${!needToken &&
      !gone &&
      html`
        <${WorldPanel} world=${world} worlds=${worlds} chooseWorld=${chooseWorld} users=${users} organizations=${organizations} act=${act} call=${call} signIn=${signIn} say=${setMessage} />
        <${SignInPanel} session=${session} world=${world} say=${setMessage} />
        <${FaultsPanel} faults=${faults} act=${act} />
        <${JournalPanel} entries=${entries} live=${live} call=${call} />
        <${ClockPanel} clock=${clock} users=${users} act=${act} />
        <${OutboxPanel} messages=${outbox} act=${act} say=${setMessage} />
        <${FixturePanel} act=${act} />
        <${SessionsPanel} sessions=${sessions} />
      `}
    </main>
  `
}

const root = document.getElementById('app')
// Its "Loading" text goes: Preact adds to a container's children rather than replacing them.
root.textContent = ''
render(html`<${App} />`, root)
