// A small app as a client team would write it: the mock runs in msw's service worker, and the page
// calls the API with fetch as it would in production. `?as=ROLE` picks who signs in, `?fixture=` the world;
// `?flow=mfa` sets TOTP up for Jane and signs her in with it instead.
import { setupWorker } from 'msw/browser'
import { createFlashbackMock, Roles, type OrgRoleName } from '../../src/index.js'
import { worldOf } from '../../src/public/create-flashback-mock.js'
import { unhandledOption } from '../support/msw-major.js'

const API = 'https://backend.flashback.tech'
const params = new URLSearchParams(location.search)
const fixture = (params.get('fixture') ?? 'default') as 'default' | 'large'
const mock = createFlashbackMock({ baseUrl: API, onUnhandledRequest: 'bypass', fixture })
const worker = setupWorker(...mock.handlers)

/** Jane sets GOOGLE_AUTH up and signs in in two steps, every call through the service worker. */
async function signInWithTotp(): Promise<string> {
  const jane = 'jane.smith@acme.com'
  const post = async (path: string, body: object, token?: string) => {
    const headers: Record<string, string> = { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) }
    return (await fetch(`${API}${path}`, { method: 'POST', headers, body: JSON.stringify(body) })).json()
  }
  const test = mock.tokenFor(jane)
  await post('/mfa/setup', { mfaType: 'GOOGLE_AUTH' }, test)
  await post('/mfa/verify-setup', { mfaType: 'GOOGLE_AUTH', code: mock.totp(jane) }, test)
  await post('/mfa/enable', { mfaType: 'GOOGLE_AUTH' }, test)
  const login = await post('/user/login', { email: jane, password: 'Password123!' })
  const verified = await post('/mfa/verify-login', { mfaType: 'GOOGLE_AUTH', code: mock.totp(jane) }, login.accessToken)
  return `mfaRequired ${login.mfaRequired}, then ${verified.message}`
}

async function main() {
  await worker.start({ serviceWorker: { url: '/mockServiceWorker.js' }, quiet: true, ...unhandledOption('bypass') })
  await mock.ready()
  if (params.get('flow') === 'mfa') {
    document.querySelector('#out')!.innerHTML = `<p id="mfa">${await signInWithTotp()}</p>`
    document.body.dataset.done = 'true'
    return
  }
  const role = (params.get('as') ?? 'WORKSPACES') as OrgRoleName
  const token = mock.tokenFor(worldOf(mock).userWithRole(Roles[role]))
  const response = await fetch(`${API}/organization/users`, { headers: { Authorization: `Bearer ${token}` } })
  const body = await response.json()
  const out = document.querySelector('#out')!
  if (response.ok) {
    out.innerHTML = `<ul>${body.data.map((u: { name: string; lastName: string }) => `<li>${u.name} ${u.lastName}</li>`).join('')}</ul>`
  } else {
    out.innerHTML = `<p class="error">${response.status}: you may not list the users of this organization</p>`
  }
  document.body.dataset.done = 'true'
}

main().catch((error) => {
  document.querySelector('#out')!.textContent = `failed: ${error}`
  document.body.dataset.done = 'true'
})
