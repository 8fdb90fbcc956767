// A small app as a client team would write it: the mock runs in msw's service worker, and the page
// calls the API with fetch as it would in production. `?as=ROLE` picks who signs in, `?fixture=` the world.
import { setupWorker } from 'msw/browser'
import { createFlashbackMock, Roles, type OrgRoleName } from '../../src/index.js'
import { worldOf } from '../../src/public/create-flashback-mock.js'
import { unhandledOption } from '../support/msw-major.js'

const API = 'https://backend.flashback.tech'
const params = new URLSearchParams(location.search)
const fixture = (params.get('fixture') ?? 'default') as 'default' | 'large'
const mock = createFlashbackMock({ baseUrl: API, onUnhandledRequest: 'bypass', fixture })
const worker = setupWorker(...mock.handlers)

async function main() {
  await worker.start({ serviceWorker: { url: '/mockServiceWorker.js' }, quiet: true, ...unhandledOption('bypass') })
  await mock.ready()
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
