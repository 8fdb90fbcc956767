// Renders one story of the README's Storybook recipe as Storybook would: the story's msw handlers in the
// service worker, and the page calling the API with the story's token. `?story=NAME` picks the story.
import { setupWorker } from 'msw/browser'
import type { HttpHandler } from 'msw'
// The README's `MembersPage.stories.ts` block, as written (see serve-page.ts).
import * as stories from 'readme:MembersPage.stories.ts'

type Story = { parameters: { msw: { handlers: HttpHandler[] } }; args: { token: string } }

async function main() {
  const name = new URLSearchParams(location.search).get('story')!
  const story = (stories as unknown as Record<string, Story>)[name]!
  const worker = setupWorker(...story.parameters.msw.handlers)
  await worker.start({ serviceWorker: { url: '/mockServiceWorker.js' }, quiet: true })
  const started = performance.now()
  const response = await fetch('https://backend.flashback.tech/organization/users', { headers: { Authorization: `Bearer ${story.args.token}` } })
  const body = await response.json()
  document.body.dataset.elapsed = String(Math.round(performance.now() - started))
  const out = document.querySelector('#out')!
  out.innerHTML = response.ok
    ? `<ul>${body.data.map((u: { name: string; lastName: string }) => `<li>${u.name} ${u.lastName}</li>`).join('')}</ul>`
    : `<p class="error">${response.status}</p>`
  document.body.dataset.done = 'true'
}

main().catch((error) => {
  document.querySelector('#out')!.textContent = `failed: ${error}`
  document.body.dataset.done = 'true'
})
